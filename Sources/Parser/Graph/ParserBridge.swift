import ImmplanSupport

// The one place the graph code calls the parser's entry point.

/// Parses one source file into its syntax tree and syntax diagnostics.
func parseSyntax(_ file: SourceFile, parallelism: Parallel) -> (SyntaxFile, [Diagnostic]) {
  let result = Parser.parse(file, parallelism: parallelism)
  return (result.file, result.diagnostics)
}
