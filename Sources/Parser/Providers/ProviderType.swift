/// A kind of cloud immplan can talk to, as the configuration and the recorded state see it: the
/// schema of its `provider "TYPE"` block, and which of its settings locate objects (BRIEF §2, §6).
/// The types are data (``all``); the Executor registers one implementation per type name.
///
/// Adding a provider: an entry here (name, schema, location and binding settings) and its
/// implementation in the Executor (`ProviderFactory`).
public struct ProviderType: Sendable {
  /// `sim`, `aws`: the block's label and the `name` recorded with every object.
  public let name: String
  /// The settings of the block (the meta-argument `alias` is not among them).
  let schema: BlockSchema
  /// The block's settings by name and type, in schema order.
  public var settingTypes: [(name: String, type: ValueType)] { schema.attributes.map { ($0.name, $0.type) } }
  /// Settings that decide which cloud an object lives in: an object recorded with other values
  /// is replaced when planned (the region: BRIEF §2). Everything else reaches the same cloud
  /// another way (an endpoint, a profile, a directory).
  public let locationSettings: [String]
  /// How each recorded binding key (``ProviderBinding`` in the Planner) comes from a setting of
  /// the block, and whether every binding has it. What is needed to reach an object again after
  /// its block is gone; never a credential.
  public let bindingSettings: [BindingSetting]

  public struct BindingSetting: Sendable {
    /// The key in recorded bindings (`directory`).
    public let key: String
    /// The block's setting it comes from (`dir`).
    public let setting: String
    public let isRequired: Bool
  }

  /// Every binding key of every type, and the two every binding has: what a recorded binding
  /// may contain.
  public static var bindingKeys: [String] {
    ["alias", "name"] + Set(all.flatMap { $0.bindingSettings.map(\.key) }).sorted()
  }

  /// Every provider type, in the order a configuration without a `provider` argument prefers
  /// them: a declared cloud before the simulator.
  public static let all: [ProviderType] = [.aws, .sim]

  /// The type named `name`, if immplan knows it.
  public static func named(_ name: String) -> ProviderType? { all.first { $0.name == name } }

  /// The names, sorted (for "did you mean" and messages).
  static var names: [String] { all.map(\.name).sorted() }

  /// The type that serves a configuration with no provider block at all.
  public static let implicit = sim

  static let sim = ProviderType(
    name: "sim",
    schema: BlockSchema(
      type: "provider", labelNames: ["type"],
      attributes: [
        AttributeSchema(name: "dir", type: .string, defaultValue: .string(".immplan/sim")),
        AttributeSchema(name: "latency", type: .duration, defaultValue: .duration(.zero)),
        AttributeSchema(
          name: "fail", type: .map(.string), defaultValue: .map([:]), allowedValues: ["create", "destroy", "health"],
          keysAreResourceAddresses: true),
      ]),
    locationSettings: [], bindingSettings: [BindingSetting(key: "directory", setting: "dir", isRequired: true)])

  static let aws = ProviderType(
    name: "aws",
    schema: BlockSchema(
      type: "provider", labelNames: ["type"],
      attributes: [
        // The region reaches every cloud object: changing it replaces them (BRIEF §2).
        AttributeSchema(name: "region", type: .string),
        AttributeSchema(name: "endpoint", type: .string),
        AttributeSchema(name: "profile", type: .string),
      ]),
    locationSettings: ["region"],
    bindingSettings: [
      BindingSetting(key: "region", setting: "region", isRequired: true),
      BindingSetting(key: "endpoint", setting: "endpoint", isRequired: false),
      BindingSetting(key: "profile", setting: "profile", isRequired: false),
    ])
}
