/// The static references that name provider configurations: `provider = aws.eu` in a resource,
/// `providers = { aws = aws.eu }` in a module call. They are read from the syntax, never
/// evaluated (Terraform's rule: a provider configuration is not a value).
enum ProviderReference {
  /// `aws` or `aws.eu` written as a traversal, or as a quoted string (an object key
  /// `"aws.eu" = …`); nil for anything else.
  static func address(of expression: Expression) -> ProviderConfigAddress? {
    switch expression.kind {
    case .variable(let type):
      return AddressText.isIdentifier(type) ? ProviderConfigAddress(type: type) : nil
    case .getAttribute(let source, let alias, _):
      guard case .variable(let type) = source.kind, AddressText.isIdentifier(type), AddressText.isIdentifier(alias)
      else { return nil }
      return ProviderConfigAddress(type: type, alias: alias)
    case .template(let template):
      return template.literalText.flatMap(ProviderConfigAddress.init(parsing:))
    case .parenthesized(let inner):
      return address(of: inner)
    default:
      return nil
    }
  }
}
