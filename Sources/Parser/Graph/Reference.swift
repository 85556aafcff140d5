/// A reference from an expression to a named value of the configuration.
///
/// Reference rule (decided with Terraform's behaviour): `var.NAME`, `local.NAME`, and
/// `KIND.NAME.ATTR` where ATTR is one of the kind's computed outputs (`id`, `name`, `digest`, `arn`)
/// or one of its arguments (identity attributes, as Terraform lets `aws_instance.x.ami` read an
/// argument back). A bare `KIND.NAME` is also a valid reference — the whole resource as an object
/// of its arguments and outputs — just as Terraform allows `aws_instance.x`; in
/// `replace_triggered_by` it names the resource itself. Settings (`description`, `retain`,
/// `lifecycle`, …) cannot be referenced.
enum Reference: Hashable, Sendable {
  case variable(String)
  case local(String)
  case resource(ResourceAddress, attribute: String?)

  /// The text as written, for messages and cycle paths (`local.a`, `image.web.id`).
  var text: String {
    switch self {
    case .variable(let name): "var.\(name)"
    case .local(let name): "local.\(name)"
    case .resource(let address, let attribute): attribute.map { "\(address).\($0)" } ?? address.description
    }
  }
}

/// The root names that start a reference.
let referenceRoots: Set<String> = Set(["var", "local"] + ResourceKind.allCases.map(\.rawValue))

extension Expression {
  /// The reference this expression *is* (the longest reference prefix ending exactly here), when
  /// its root is not shadowed by a for-expression variable. `image.web.id` matches at the outer
  /// `.id`; `image.web.id.x` does not match at `.x` (its source does).
  func matchReference(isShadowed: (String) -> Bool) -> Reference? {
    guard case .getAttribute(let source, let name, _) = kind else { return nil }
    switch source.kind {
    case .variable(let root) where !isShadowed(root):
      switch root {
      case "var": return .variable(name)
      case "local": return .local(name)
      default:
        if let kind = ResourceKind(rawValue: root) {
          return .resource(ResourceAddress(kind: kind, name: name), attribute: nil)
        }
        return nil
      }
    case .getAttribute(let inner, let resourceName, _):
      guard case .variable(let root) = inner.kind, !isShadowed(root), let kind = ResourceKind(rawValue: root) else {
        return nil
      }
      return .resource(ResourceAddress(kind: kind, name: resourceName), attribute: name)
    default:
      return nil
    }
  }
}

/// A node of the dependency graph among locals, resources and outputs.
enum GraphNode: Hashable, Sendable, Comparable, CustomStringConvertible {
  case local(String)
  case resource(ResourceAddress)
  case output(String)

  /// `local.a`, `image.web`, `output.x` — as written in cycle paths.
  var description: String {
    switch self {
    case .local(let name): "local.\(name)"
    case .resource(let address): address.description
    case .output(let name): "output.\(name)"
    }
  }

  /// The text before the dot of ``description`` (`fleet`, `local`, `output`, …). No prefix is a
  /// prefix of another, so comparing prefixes and then names gives the order of the text.
  private var prefix: String {
    switch self {
    case .resource(let address): address.kind.rawValue
    case .local: "local"
    case .output: "output"
    }
  }

  private var name: String {
    switch self {
    case .local(let name), .output(let name): name
    case .resource(let address): address.name
    }
  }

  static func < (lhs: GraphNode, rhs: GraphNode) -> Bool {
    let (a, b) = (lhs.prefix, rhs.prefix)
    return a != b ? a < b : lhs.name < rhs.name
  }
}
