/// An access key, its secret and an optional session token.
///
/// Invariant: the secret and the token never appear in `description`, `debugDescription` or any
/// error message, so printing a value (or a struct holding one) cannot leak them.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
  /// The access key ID (`AKIA…`), not secret on its own but still shown only in part.
  public var accessKeyID: String
  /// The secret access key; read only by the signer.
  public var secretAccessKey: String
  /// The session token of temporary credentials, sent as `x-amz-security-token`.
  public var sessionToken: String?

  public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
    self.accessKeyID = accessKeyID
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
  }

  /// `AWSCredentials(AKID…LE, secret: <redacted>)`: enough to tell keys apart, nothing to reuse.
  public var description: String {
    let shown = accessKeyID.count > 8 ? "\(accessKeyID.prefix(4))…\(accessKeyID.suffix(2))" : "…"
    let token = sessionToken == nil ? "" : ", session token: <redacted>"
    return "AWSCredentials(\(shown), secret: <redacted>\(token))"
  }

  public var debugDescription: String { description }
}
