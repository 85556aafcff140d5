/// A reference from an expression to a named value of the module it is written in.
///
/// Reference rule (decided with Terraform's behaviour): `var.NAME`, `local.NAME`, and
/// `KIND.NAME.ATTR` where ATTR is one of the kind's computed outputs (`id`, `name`, `digest`, `arn`)
/// or one of its arguments (identity attributes, as Terraform lets `aws_instance.x.ami` read an
/// argument back). A bare `KIND.NAME` is also a valid reference — the whole resource as an object
/// of its arguments and outputs, or for a repeated resource a map (`for_each`) or list (`count`) of
/// them — just as Terraform allows `aws_instance.x`; in `replace_triggered_by` it names the
/// resource itself. `KIND.NAME[KEY]` names one instance. `module.NAME.OUTPUT` reads a module's
/// output (`module.NAME[KEY].OUTPUT` one instance's); `each.key`, `each.value` and `count.index`
/// the instance being evaluated. Settings (`description`, `retain`, `lifecycle`, …) cannot be
/// referenced. Resource addresses here are relative to the module (no path, no key).
enum Reference: Hashable, Sendable {
  case variable(String)
  case local(String)
  case resource(ResourceAddress, attribute: String?)
  /// `KIND.NAME[KEY]` and `KIND.NAME[KEY].ATTR`; the key is evaluated where the reference is.
  case resourceInstance(ResourceAddress, key: Expression, attribute: String?)
  case module(String, output: String?)
  case moduleInstance(String, key: Expression, output: String?)
  case eachKey
  case eachValue
  case countIndex

  /// The text as written, for messages and cycle paths (`local.a`, `image.web.id`).
  var text: String {
    switch self {
    case .variable(let name): "var.\(name)"
    case .local(let name): "local.\(name)"
    case .resource(let address, let attribute): attribute.map { "\(address).\($0)" } ?? address.description
    case .resourceInstance(let address, _, let attribute): "\(address)[…]" + (attribute.map { ".\($0)" } ?? "")
    case .module(let name, let output): "module.\(name)" + (output.map { ".\($0)" } ?? "")
    case .moduleInstance(let name, _, let output): "module.\(name)[…]" + (output.map { ".\($0)" } ?? "")
    case .eachKey: "each.key"
    case .eachValue: "each.value"
    case .countIndex: "count.index"
    }
  }

  /// The key expression of an instance reference.
  var keyExpression: Expression? {
    switch self {
    case .resourceInstance(_, let key, _), .moduleInstance(_, let key, _): key
    default: nil
    }
  }
}

/// The root names that start a reference.
let referenceRoots: Set<String> = Set(
  ["var", "local", "module", "each", "count"] + ResourceKind.allCases.map(\.rawValue))

extension Expression {
  /// The reference this expression *is* (the longest reference prefix ending exactly here), when
  /// its root is not shadowed by a for-expression variable. `image.web.id` matches at the outer
  /// `.id`; `image.web.id.x` does not match at `.x` (its source does); `fleet.web["a"]` matches
  /// at the index and `fleet.web["a"].id` at the `.id`.
  func matchReference(isShadowed: (String) -> Bool) -> Reference? {
    switch kind {
    case .getAttribute(let source, let name, _):
      switch source.kind {
      case .variable(let root) where !isShadowed(root):
        switch root {
        case "var": return .variable(name)
        case "local": return .local(name)
        case "module": return .module(name, output: nil)
        case "each":
          switch name {
          case "key": return .eachKey
          case "value": return .eachValue
          default: return nil
          }
        case "count": return name == "index" ? .countIndex : nil
        default:
          guard let kind = ResourceKind(rawValue: root) else { return nil }
          return .resource(ResourceAddress(kind: kind, name: name), attribute: nil)
        }
      case .getAttribute(let inner, let resourceName, _):
        guard case .variable(let root) = inner.kind, !isShadowed(root) else { return nil }
        if root == "module" { return .module(resourceName, output: name) }
        guard let kind = ResourceKind(rawValue: root) else { return nil }
        return .resource(ResourceAddress(kind: kind, name: resourceName), attribute: name)
      case .index(let collection, let key, _):
        switch collection.instanceRoot(isShadowed: isShadowed) {
        case .resource(let address)?: return .resourceInstance(address, key: key, attribute: name)
        case .module(let call)?: return .moduleInstance(call, key: key, output: name)
        case nil: return nil
        }
      default:
        return nil
      }
    case .index(let collection, let key, _):
      switch collection.instanceRoot(isShadowed: isShadowed) {
      case .resource(let address)?: return .resourceInstance(address, key: key, attribute: nil)
      case .module(let call)?: return .moduleInstance(call, key: key, output: nil)
      case nil: return nil
      }
    default:
      return nil
    }
  }

  private enum InstanceRoot {
    case resource(ResourceAddress)
    case module(String)
  }

  /// `KIND.NAME` or `module.NAME`: what an index after this expression picks an instance of.
  private func instanceRoot(isShadowed: (String) -> Bool) -> InstanceRoot? {
    guard case .getAttribute(let source, let name, _) = kind, case .variable(let root) = source.kind,
      !isShadowed(root)
    else { return nil }
    if root == "module" { return .module(name) }
    return ResourceKind(rawValue: root).map { .resource(ResourceAddress(kind: $0, name: name)) }
  }
}

/// A node of one module's dependency graph: its locals, resources, outputs and module calls, and
/// the variables and `each.value` its expressions read (targets only: they have no edges of their
/// own in the module; what they depend on is in the calling module, or is the block's repetition).
enum GraphNode: Hashable, Sendable, Comparable, CustomStringConvertible {
  case local(String)
  case resource(ResourceAddress)
  case output(String)
  /// A `module` block: its inputs and its repetition.
  case moduleCall(String)
  case variable(String)
  case eachValue

  /// `local.a`, `image.web`, `output.x`, `module.m`, `var.v`, `each.value` — as written in cycle
  /// paths.
  var description: String {
    switch self {
    case .local(let name): "local.\(name)"
    case .resource(let address): address.description
    case .output(let name): "output.\(name)"
    case .moduleCall(let name): "module.\(name)"
    case .variable(let name): "var.\(name)"
    case .eachValue: "each.value"
    }
  }

  /// The text before the dot of ``description`` (`fleet`, `local`, `output`, …). No prefix is a
  /// prefix of another, so comparing prefixes and then names gives the order of the text.
  private var prefix: String {
    switch self {
    case .resource(let address): address.kind.rawValue
    case .local: "local"
    case .output: "output"
    case .moduleCall: "module"
    case .variable: "var"
    case .eachValue: "each"
    }
  }

  private var name: String {
    switch self {
    case .local(let name), .output(let name), .moduleCall(let name), .variable(let name): name
    case .resource(let address): address.name
    case .eachValue: "value"
    }
  }

  static func < (lhs: GraphNode, rhs: GraphNode) -> Bool {
    let (a, b) = (lhs.prefix, rhs.prefix)
    return a != b ? a < b : lhs.name < rhs.name
  }
}

/// One reference from a node to another, where it is written. An instance reference keeps its
/// key expression (`fleet.web[each.key]`), a module reference its output (`module.m.out`), so
/// that each instance can depend on exactly the instances it reads.
struct ReferenceEdge: Sendable {
  var node: GraphNode
  var range: SourceRange
  var key: Expression? = nil
  var output: String? = nil
}
