/// Names one provider configuration: `aws`, or `aws.eu` for `provider "aws" { alias = "eu" }`.
public struct ProviderConfigAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var type: String
  public var alias: String?

  public init(type: String, alias: String? = nil) {
    self.type = type
    self.alias = alias
  }

  public var description: String { alias.map { "\(type).\($0)" } ?? type }

  /// Parses ``description``'s text; nil for anything else.
  public init?(parsing text: String) {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    guard (1...2).contains(parts.count), parts.allSatisfy(AddressText.isIdentifier) else { return nil }
    self.init(type: parts[0], alias: parts.count == 2 ? parts[1] : nil)
  }

  /// By type, the default configuration before its aliases.
  public static func < (lhs: ProviderConfigAddress, rhs: ProviderConfigAddress) -> Bool {
    if lhs.type != rhs.type { return lhs.type < rhs.type }
    return (lhs.alias ?? "") < (rhs.alias ?? "")
  }
}

/// One `provider "TYPE"` block, evaluated: a type name, an optional alias and its settings.
///
/// Settings are known at plan time, never sensitive (they are printed in plans and recorded),
/// converted to the type's schema with every default applied; absent optional settings are
/// missing from `settings`.
public struct ProviderConfiguration: Sendable, Hashable {
  public var address: ProviderConfigAddress
  public var settings: [String: Value]

  public init(address: ProviderConfigAddress, settings: [String: Value]) {
    self.address = address
    self.settings = settings
  }

  /// The configuration a type has when no block configures it (every setting's default).
  public init(defaultsOf type: ProviderType, alias: String? = nil) {
    var settings: [String: Value] = [:]
    for attribute in type.schema.attributes {
      if let value = attribute.defaultValue { settings[attribute.name] = value }
    }
    self.init(address: ProviderConfigAddress(type: type.name, alias: alias), settings: settings)
  }

  public var type: ProviderType? { ProviderType.named(address.type) }

  public func string(_ name: String) -> String? { settings[name]?.stringValue }
  public func duration(_ name: String) -> DurationValue? { settings[name]?.durationValue }
  /// A `map(string)` setting; empty when absent.
  public func stringMap(_ name: String) -> [String: String] {
    (settings[name]?.mapValue ?? [:]).compactMapValues(\.stringValue)
  }

  /// The values a binding records (``ProviderType/bindingSettings``), by binding key; settings
  /// without a value are left out.
  public var bindingValues: [String: String] {
    var values: [String: String] = [:]
    for binding in type?.bindingSettings ?? [] {
      if let value = string(binding.setting) { values[binding.key] = value }
    }
    return values
  }
}

extension ProviderConfigAddress {
  /// The configuration a resource uses when it names none, among the `declared` ones: the default
  /// (unaliased) configuration of the first type in ``ProviderType/all`` order with any declared
  /// configuration (it is implied, with the type's defaults, when only aliases are declared),
  /// else the implicit simulator's.
  public static func defaultConfiguration(among declared: some Sequence<ProviderConfigAddress>) -> ProviderConfigAddress
  {
    let types = Set(declared.map(\.type))
    for type in ProviderType.all where types.contains(type.name) { return ProviderConfigAddress(type: type.name) }
    return ProviderConfigAddress(type: ProviderType.implicit.name)
  }
}

extension [ProviderConfiguration] {
  /// These configurations, and the default one (``ProviderConfigAddress/defaultConfiguration(among:)``)
  /// with its type's defaults when it is not among them.
  public var withImplicitDefault: [ProviderConfiguration] {
    let address = ProviderConfigAddress.defaultConfiguration(among: map(\.address))
    guard !contains(where: { $0.address == address }), let type = ProviderType.named(address.type) else { return self }
    return self + [ProviderConfiguration(defaultsOf: type)]
  }
}

extension Graph {
  /// The configuration a resource uses when it names none.
  public var defaultProvider: ProviderConfigAddress {
    .defaultConfiguration(among: providers.map(\.address))
  }
}
