extension ResourceKindDescription {
  /// `image`: a machine image baked from `source` with `provision` and `files`. Content-addressed
  /// (its `digest`), and previous generations are retained for rollback.
  static let image = ResourceKindDescription(
    schema: BlockSchema(
      type: "image", labelNames: ["name"],
      attributes: [
        AttributeSchema(name: "source", type: .string, isRequired: true, isIdentity: true),
        AttributeSchema(name: "provision", type: .list(.string), defaultValue: .list([]), isIdentity: true),
        AttributeSchema(name: "files", type: .map(.string), defaultValue: .map([:]), isIdentity: true),
        AttributeSchema(name: "instance_type", type: .string, defaultValue: .string("t3.small"), isIdentity: true),
        AttributeSchema(name: "tags", type: .map(.string), defaultValue: .map([:]), isIdentity: true),
        AttributeSchema(name: "description", type: .string),
        AttributeSchema(name: "retain", type: .number, defaultValue: .number(Number(2))),
      ],
      blocks: [Schema.lifecycle]),
    outputs: ["id", "name", "digest"], retainsGenerations: true, hasContentDigest: true,
    // AMI names: 3–128 characters of letters, digits, `()[] ./'@_-`.
    naming: CloudNameRule(minimumLength: 3, maximumLength: 128, allowed: CloudNameRule.alphanumerics + "()[] ./'@_-"))
}
