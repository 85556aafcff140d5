import ImmplanParser
import ImmplanSupport

/// `immplan graph [DIR] [-format dot|mermaid]`: the resource dependency graph.
enum GraphCommand: Subcommand {
  static let spec = CommandSpec(
    name: "graph", abstract: "Print the resource dependency graph (Graphviz DOT or Mermaid).",
    flags: [
      .value(
        "format", "FORMAT", help: "Output format (default dot).",
        allowedValues: GraphExport.Format.allCases.map(\.rawValue)),
      .noColor,
    ],
    positionals: [.optional("DIR")])

  static func run(_ invocation: Invocation) -> ExitCode {
    let format = invocation.arguments.value("format").flatMap(GraphExport.Format.init(rawValue:)) ?? .dot
    let result = Frontend.load(
      invocation.loadOptions(directory: invocation.directory()), fileSystem: invocation.fileSystem)
    invocation.report(result.diagnostics, sources: result.sources)
    guard let graph = result.graph else {
      invocation.reportFailure("build the graph", result.diagnostics)
      return .failure
    }
    invocation.console.out(GraphExport.render(graph, as: format))
    return .success
  }
}
