extension ResourceKindDescription {
  /// `launch_template`: how a fleet's instances boot (image, instance type, user data).
  static let launchTemplate = ResourceKindDescription(
    schema: BlockSchema(
      type: "launch_template", labelNames: ["name"],
      attributes: [
        AttributeSchema(name: "image", type: .string, isRequired: true, isIdentity: true),
        AttributeSchema(name: "instance_type", type: .string, isRequired: true, isIdentity: true),
        AttributeSchema(name: "user_data", type: .string, isIdentity: true),
        AttributeSchema(name: "security_groups", type: .list(.string), defaultValue: .list([]), isIdentity: true),
        AttributeSchema(name: "key_name", type: .string, isIdentity: true),
        AttributeSchema(name: "tags", type: .map(.string), defaultValue: .map([:]), isIdentity: true),
        AttributeSchema(name: "description", type: .string),
      ],
      blocks: [Schema.lifecycle]),
    outputs: ["id", "name"],
    // Launch template names: up to 128 characters of letters, digits, `().-/_`.
    naming: CloudNameRule(maximumLength: 128, allowed: CloudNameRule.alphanumerics + "().-/_"))
}
