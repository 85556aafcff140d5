// The one place the graph code calls the parser engineer's entry point.

/// Parses one source file into its syntax tree and syntax diagnostics.
func parseSyntax(_ file: SourceFile) -> (SyntaxFile, [Diagnostic]) {
  // Temporary until the parser lands: an empty body.
  (SyntaxFile(file: file.id, body: Body(items: [], range: SourceRange(file: file.id, start: 0, end: 0))), [])
}
