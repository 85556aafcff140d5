/// Every instance of one resource block in one module instance (Terraform's `addrs.AbsResource`):
/// `fleet.web`, `module.svc["api"].fleet.web`.
public struct AbsoluteResource: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let module: ModuleInstancePath
  public let kind: ResourceKind
  public let name: String

  public init(module: ModuleInstancePath = .root, kind: ResourceKind, name: String) {
    self.module = module
    self.kind = kind
    self.name = name
  }

  /// The instance with `key` (nil: the resource does not repeat).
  public func instance(_ key: InstanceKey?) -> ResourceAddress {
    ResourceAddress(module: module, kind: kind, name: name, key: key)
  }

  /// Whether `address` is one of this resource's instances.
  public func contains(_ address: ResourceAddress) -> Bool {
    address.kind == kind && address.name == name && address.module == module
  }

  public var description: String {
    (module.isRoot ? "" : module.description + ".") + kind.rawValue + "." + name
  }

  public static func < (lhs: AbsoluteResource, rhs: AbsoluteResource) -> Bool {
    if lhs.module != rhs.module { return lhs.module < rhs.module }
    if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
    return lhs.name < rhs.name
  }
}

extension ResourceAddress {
  /// The resource block instance this address is an instance of.
  public var resource: AbsoluteResource { AbsoluteResource(module: module, kind: kind, name: name) }
}

/// What a `moved`, `removed` or `import` block, or `state mv`/`state rm`, names: a module call's
/// instances, every instance of a resource, or one resource instance.
///
/// - `.module(path)`: `module.a["x"]` names that instance and everything in it; when the last
///   step has no key (`module.a`), every instance of the call, keys kept.
/// - `.resource(resource)`: `fleet.web`: every instance of the block, keys kept.
/// - `.instance(address)`: `fleet.web[0]`, `fleet.web["a"]`: one instance.
public enum AddressTarget: Sendable, Hashable, Comparable, CustomStringConvertible {
  case module(ModuleInstancePath)
  case resource(AbsoluteResource)
  case instance(ResourceAddress)

  /// Parses the text ``description`` prints; `allowsBareKeys` as for command-line arguments.
  public init?(parsing text: String, allowsBareKeys: Bool = false) {
    guard let parts = AddressText.parse(text, allowsBareKeys: allowsBareKeys) else { return nil }
    let module = ModuleInstancePath(parts.modules)
    guard let resource = parts.resource else {
      guard !module.isRoot else { return nil }
      self = .module(module)
      return
    }
    if let key = resource.key {
      self = .instance(ResourceAddress(module: module, kind: resource.kind, name: resource.name, key: key))
    } else {
      self = .resource(AbsoluteResource(module: module, kind: resource.kind, name: resource.name))
    }
  }

  public var description: String {
    switch self {
    case .module(let path): path.description
    case .resource(let resource): resource.description
    case .instance(let address): address.description
    }
  }

  /// Whether `address` is named by this target (see the cases).
  public func contains(_ address: ResourceAddress) -> Bool {
    switch self {
    case .instance(let target): return target == address
    case .resource(let resource): return resource.contains(address)
    case .module(let path): return path.contains(address.module)
    }
  }

  /// By the text's order: module paths, then kind, name and key.
  public static func < (lhs: AddressTarget, rhs: AddressTarget) -> Bool { lhs.sortKey < rhs.sortKey }

  private var sortKey: ResourceAddress {
    switch self {
    case .module(let path): ResourceAddress(module: path, kind: .fleet, name: "")
    case .resource(let resource): resource.instance(nil)
    case .instance(let address): address
    }
  }
}

extension ModuleInstancePath {
  /// Whether `other` is this path or inside it. A last step without a key stands for every
  /// instance of that call.
  public func contains(_ other: ModuleInstancePath) -> Bool {
    guard other.steps.count >= steps.count else { return false }
    for (index, step) in steps.enumerated() {
      let candidate = other.steps[index]
      guard candidate.name == step.name else { return false }
      if index == steps.count - 1, step.key == nil { continue }
      guard candidate.key == step.key else { return false }
    }
    return true
  }
}
