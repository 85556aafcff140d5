extension ResourceKindDescription {
  /// `fleet`: an auto-scaling group of instances booted from a launch template. Created behind a
  /// health gate (`health_check`, `rollout`).
  static let fleet = ResourceKindDescription(
    schema: BlockSchema(
      type: "fleet", labelNames: ["name"],
      attributes: [
        AttributeSchema(name: "launch_template", type: .string, isRequired: true, isIdentity: true),
        AttributeSchema(name: "min_size", type: .number, isRequired: true, isIdentity: true),
        AttributeSchema(name: "max_size", type: .number, isRequired: true, isIdentity: true),
        AttributeSchema(name: "desired_capacity", type: .number, isIdentity: true, defaultFrom: "min_size"),
        AttributeSchema(name: "zones", type: .list(.string), isIdentity: true),
        AttributeSchema(name: "subnets", type: .list(.string), isIdentity: true),
        AttributeSchema(name: "target_groups", type: .list(.string), defaultValue: .list([]), isIdentity: true),
        AttributeSchema(name: "tags", type: .map(.string), defaultValue: .map([:]), isIdentity: true),
        AttributeSchema(name: "description", type: .string),
      ],
      blocks: [Schema.healthCheck, Schema.rollout, Schema.lifecycle]),
    outputs: ["id", "name", "arn"], hasHealthGate: true,
    // Auto Scaling group names may be 255 characters; the launch template's set keeps them plain.
    naming: CloudNameRule(maximumLength: 255, allowed: CloudNameRule.alphanumerics + "().-/_"))
}
