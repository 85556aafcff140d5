/// ImmplanParser: source files, the lexer and parser for HCL native syntax, diagnostics, and the
/// typed graph of an immplan configuration.
///
/// This module imports only the standard library and ImmplanSupport; file and environment access
/// reach it through injected interfaces. See grammar.md for the language.
public enum ImmplanParserModule {}
