/// The schema of BRIEF §2: which blocks and attributes exist, their types and defaults.
/// Attribute names and defaults are the contract with users; change them only with the brief.
struct AttributeSchema: Sendable {
  var name: String
  var type: ValueType
  var isRequired: Bool = false
  /// Used when the attribute is absent (after conversion nothing else is needed); nil → `null`.
  var defaultValue: Value? = nil
  /// Reaches the cloud object (part of the identity), as opposed to an immplan setting.
  var isIdentity: Bool = false
  /// Allowed string values, when the attribute is an enumeration.
  var allowedValues: [String]? = nil
  /// `replace_triggered_by`: a list of references, checked but never evaluated.
  var isReferenceList: Bool = false
  /// When absent, the value of this other attribute of the same block (a fleet's
  /// `desired_capacity` defaults to its `min_size`); it comes earlier in the schema.
  var defaultFrom: String? = nil
  /// A meta-argument naming provider configurations (`provider = aws.eu`, `providers = { aws =
  /// aws.eu }`): static references, checked and resolved by the binder, never evaluated.
  var isProviderReference: Bool = false
  /// A meta-argument of repetition (`count`, `for_each`): evaluated once per block at load time,
  /// never part of the identity.
  var isRepetition: Bool = false
  /// A map whose keys must be resource addresses (`fail = { "fleet.web" = "health" }`); with
  /// `allowedValues`, those apply to its values.
  var keysAreResourceAddresses: Bool = false
}

struct BlockSchema: Sendable {
  var type: String
  var labelNames: [String] = []
  var attributes: [AttributeSchema] = []
  var blocks: [BlockSchema] = []
  /// May appear more than once in its container (`validation`, `locals`).
  var isRepeatable: Bool = false
  /// `locals`: any attribute name is allowed.
  var allowsAnyAttribute: Bool = false

  // By index: only the names are read in place. (`first(where:)` copied every schema it passed,
  // and these arrays are shared by every resource on every core.)
  func attribute(_ name: String) -> AttributeSchema? {
    for index in attributes.indices where attributes[index].name == name { return attributes[index] }
    return nil
  }
  func block(_ type: String) -> BlockSchema? {
    for index in blocks.indices where blocks[index].type == type { return blocks[index] }
    return nil
  }
}

enum Schema {
  static let lifecycle = BlockSchema(
    type: "lifecycle",
    attributes: [
      AttributeSchema(name: "prevent_destroy", type: .bool, defaultValue: .bool(false)),
      AttributeSchema(name: "create_before_destroy", type: .bool, defaultValue: .bool(true)),
      AttributeSchema(name: "replace_triggered_by", type: .any, defaultValue: .list([]), isReferenceList: true),
      // OpenTofu 1.11: zero or one instance, without `[0]` in the address.
      AttributeSchema(name: "enabled", type: .bool, isRepetition: true),
    ])

  /// Meta-arguments every resource block takes besides its kind's attributes.
  static let resourceMetaArguments = [
    AttributeSchema(name: "count", type: .number, isRepetition: true),
    AttributeSchema(name: "for_each", type: .any, isRepetition: true),
    AttributeSchema(name: "provider", type: .any, isProviderReference: true),
  ]

  /// `module "NAME" { source = "./dir" … }`: any other attribute is an input of the module
  /// (checked against its variables once the module is loaded).
  static let module = BlockSchema(
    type: "module", labelNames: ["name"],
    attributes: [
      AttributeSchema(name: "source", type: .string, isRequired: true),
      AttributeSchema(name: "count", type: .number, isRepetition: true),
      AttributeSchema(name: "for_each", type: .any, isRepetition: true),
      AttributeSchema(name: "providers", type: .any, isProviderReference: true),
    ],
    blocks: [
      BlockSchema(type: "lifecycle", attributes: [AttributeSchema(name: "enabled", type: .bool, isRepetition: true)])
    ],
    allowsAnyAttribute: true)

  /// The meta-argument of every `provider` block, besides its type's settings.
  static let providerAlias = AttributeSchema(name: "alias", type: .string)

  static let healthCheck = BlockSchema(
    type: "health_check",
    attributes: [
      AttributeSchema(name: "type", type: .string, defaultValue: .string("ec2"), allowedValues: ["ec2", "elb"]),
      AttributeSchema(name: "grace_period", type: .duration, defaultValue: .duration(.zero)),
      AttributeSchema(name: "timeout", type: .duration, defaultValue: .duration(.seconds(600))),
    ])

  static let rollout = BlockSchema(
    type: "rollout",
    attributes: [
      AttributeSchema(
        name: "strategy", type: .string, defaultValue: .string("blue_green"), allowedValues: ["blue_green"]),
      AttributeSchema(name: "bake_time", type: .duration, defaultValue: .duration(.zero)),
    ])

  static let validation = BlockSchema(
    type: "validation",
    attributes: [
      AttributeSchema(name: "condition", type: .bool, isRequired: true),
      AttributeSchema(name: "error_message", type: .string, isRequired: true),
    ],
    isRepeatable: true)

  static let variable = BlockSchema(
    type: "variable", labelNames: ["name"],
    attributes: [
      AttributeSchema(name: "type", type: .any),
      AttributeSchema(name: "default", type: .any),
      AttributeSchema(name: "description", type: .string),
      AttributeSchema(name: "sensitive", type: .bool, defaultValue: .bool(false)),
    ],
    blocks: [validation])

  static let locals = BlockSchema(type: "locals", isRepeatable: true, allowsAnyAttribute: true)

  static let output = BlockSchema(
    type: "output", labelNames: ["name"],
    attributes: [
      AttributeSchema(name: "value", type: .any, isRequired: true),
      AttributeSchema(name: "description", type: .string),
      AttributeSchema(name: "sensitive", type: .bool, defaultValue: .bool(false)),
    ])

  static let localState = BlockSchema(
    type: "state", labelNames: ["type"],
    attributes: [AttributeSchema(name: "path", type: .string, defaultValue: .string("immplan.state.json"))])

  static let s3State = BlockSchema(
    type: "state", labelNames: ["type"],
    attributes: [
      AttributeSchema(name: "bucket", type: .string, isRequired: true),
      AttributeSchema(name: "key", type: .string, isRequired: true),
      AttributeSchema(name: "region", type: .string),
      AttributeSchema(name: "endpoint", type: .string),
      AttributeSchema(name: "profile", type: .string),
    ])

  static let stateTypes = ["local", "s3"]

  /// Top-level block types, for "did you mean".
  static let topLevelTypes =
    (ResourceKind.allCases.map(\.rawValue) + ["locals", "module", "output", "provider", "state", "variable"])
    .sorted()
}
