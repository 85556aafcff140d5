import Foundation

/// An access key, its secret, an optional session token and, for temporary credentials, when they
/// expire.
///
/// Invariant: the secret and the token never appear in `description`, `debugDescription` or any
/// error message, so printing a value (or a struct holding one) cannot leak them.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
  /// The access key ID (`AKIA…`, `ASIA…` for temporary ones), not secret on its own but still
  /// shown only in part.
  public var accessKeyID: String
  /// The secret access key; read only by the signer.
  public var secretAccessKey: String
  /// The session token of temporary credentials, sent as `x-amz-security-token`.
  public var sessionToken: String?
  /// When temporary credentials stop working; nil for long-term keys.
  public var expiration: Date?

  public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
    self.accessKeyID = accessKeyID
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
    self.expiration = expiration
  }

  /// `AWSCredentials(AKID…LE, secret: <redacted>)`: enough to tell keys apart, nothing to reuse.
  public var description: String {
    let shown = accessKeyID.count > 8 ? "\(accessKeyID.prefix(4))…\(accessKeyID.suffix(2))" : "…"
    let token = sessionToken == nil ? "" : ", session token: <redacted>"
    let expiry = expiration.map { ", expires \(AWSTimestampParser.format($0))" } ?? ""
    return "AWSCredentials(\(shown), secret: <redacted>\(token)\(expiry))"
  }

  public var debugDescription: String { description }
}

/// Where signed requests get their credentials. Temporary credentials expire during a long apply
/// (a health wait or bake can outlive a one-hour session), so every client asks its provider
/// before each signature instead of keeping a value captured once.
public protocol AWSCredentialProvider: Sendable {
  /// Credentials valid now (refreshed first when they are about to expire).
  func credentials() async throws(AWSError) -> AWSCredentials
}

/// Long-term keys (or temporary ones handed over as they are): always the same value, until an
/// `expiration` passes, after which asking is an error rather than a request AWS refuses.
struct StaticCredentials: AWSCredentialProvider {
  var value: AWSCredentials
  /// Where they came from, for the expiry error (`environment variables`).
  var source: String
  var now: @Sendable () -> Date = { Date() }

  func credentials() async throws(AWSError) -> AWSCredentials {
    if let expiration = value.expiration, expiration <= now() {
      throw .configuration(.expiredCredentials(source: source, at: AWSTimestampParser.format(expiration)))
    }
    return value
  }
}
