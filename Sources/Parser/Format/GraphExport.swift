/// The resource graph as Graphviz DOT or Mermaid text, for `immplan graph`.
///
/// Nodes are resources in the graph's deterministic (topological, then address) order; an edge
/// points from a resource to each resource it depends on, as `terraform graph` draws them.
/// The output is identical byte for byte for the same graph.
public enum GraphExport {
  /// The `-format` values of `immplan graph`.
  public enum Format: String, Sendable, Hashable, CaseIterable {
    case dot
    case mermaid
  }

  /// The whole graph in `format`, ending with a newline.
  public static func render(_ graph: Graph, as format: Format) -> String {
    switch format {
    case .dot: dot(graph)
    case .mermaid: mermaid(graph)
    }
  }

  /// `digraph immplan { … }` with one box per resource, its kind as a DOT attribute.
  static func dot(_ graph: Graph) -> String {
    var text = "digraph immplan {\n  rankdir = \"RL\";\n  node [shape = box];\n"
    for resource in graph.resources {
      text += "  \(dotQuoted(resource.address.description));\n"
    }
    for resource in graph.resources {
      for dependency in resource.dependencies {
        text += "  \(dotQuoted(resource.address.description)) -> \(dotQuoted(dependency.description));\n"
      }
    }
    return text + "}\n"
  }

  /// `flowchart RL` with nodes `n0…` labelled by address (Mermaid ids must be plain words).
  static func mermaid(_ graph: Graph) -> String {
    var identifiers: [ResourceAddress: String] = [:]
    var text = "flowchart RL\n"
    for (index, resource) in graph.resources.enumerated() {
      let identifier = "n\(index)"
      identifiers[resource.address] = identifier
      text += "  \(identifier)[\"\(mermaidEscaped(resource.address.description))\"]\n"
    }
    for resource in graph.resources {
      guard let from = identifiers[resource.address] else { continue }
      for dependency in resource.dependencies {
        guard let to = identifiers[dependency] else { continue }
        text += "  \(from) --> \(to)\n"
      }
    }
    return text
  }

  static func dotQuoted(_ text: String) -> String {
    var out = "\""
    for character in text {
      switch character {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default: out.append(character)
      }
    }
    return out + "\""
  }

  /// Mermaid labels take HTML entities for characters that would end or break the label.
  static func mermaidEscaped(_ text: String) -> String {
    var out = ""
    for character in text {
      switch character {
      case "\"": out += "#quot;"
      case "<": out += "#lt;"
      case ">": out += "#gt;"
      case "\n": out += " "
      default: out.append(character)
      }
    }
    return out
  }
}
