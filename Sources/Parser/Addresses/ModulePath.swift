/// One call on a module instance path: `module.NAME`, or `module.NAME[KEY]` for one instance of a
/// call with `count` or `for_each`.
public struct ModuleInstanceStep: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var name: String
  public var key: InstanceKey?

  public init(name: String, key: InstanceKey? = nil) {
    self.name = name
    self.key = key
  }

  /// `module.svc` or `module.svc["api"]`.
  public var description: String {
    var text = "module." + name
    if let key { text += key.description }
    return text
  }

  public static func < (lhs: ModuleInstanceStep, rhs: ModuleInstanceStep) -> Bool {
    if lhs.name != rhs.name { return lhs.name < rhs.name }
    return Optional.isOrdered(lhs.key, before: rhs.key)
  }
}

/// Where a module instance sits: the module calls from the root, each with its instance key
/// (Terraform's `addrs.ModuleInstance`). Empty for the root module.
public struct ModuleInstancePath: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var steps: [ModuleInstanceStep]

  public init(_ steps: [ModuleInstanceStep] = []) { self.steps = steps }

  public static let root = ModuleInstancePath()

  public var isRoot: Bool { steps.isEmpty }

  /// The same calls without instance keys.
  public var configuration: ModulePath { ModulePath(steps.map(\.name)) }

  /// The path of a call made from this module instance.
  public func appending(_ step: ModuleInstanceStep) -> ModuleInstancePath { ModuleInstancePath(steps + [step]) }

  /// `module.a["x"].module.b`; empty for the root.
  public var description: String { steps.map(\.description).joined(separator: ".") }

  /// The root first; then step by step (a path before the paths that extend it).
  public static func < (lhs: ModuleInstancePath, rhs: ModuleInstancePath) -> Bool {
    for (a, b) in zip(lhs.steps, rhs.steps) where a != b { return a < b }
    return lhs.steps.count < rhs.steps.count
  }
}

/// A module of the configuration, by the names of the calls that reach it (Terraform's
/// `addrs.Module`): no instance keys. Empty for the root module.
public struct ModulePath: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var names: [String]

  public init(_ names: [String] = []) { self.names = names }

  public static let root = ModulePath()

  public var isRoot: Bool { names.isEmpty }

  public func appending(_ name: String) -> ModulePath { ModulePath(names + [name]) }

  /// `module.a.module.b`; empty for the root.
  public var description: String { names.map { "module." + $0 }.joined(separator: ".") }

  public static func < (lhs: ModulePath, rhs: ModulePath) -> Bool {
    for (a, b) in zip(lhs.names, rhs.names) where a != b { return a < b }
    return lhs.names.count < rhs.names.count
  }
}
