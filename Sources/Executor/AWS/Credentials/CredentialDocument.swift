import Foundation

/// The JSON credential documents of the metadata services and of `credential_process`:
/// `AccessKeyId`, `SecretAccessKey`, a token (`Token` from the metadata services, `SessionToken`
/// from a process) and `Expiration`.
///
/// Errors name the missing or malformed field, never a value: the document holds the secret.
enum CredentialDocument {
  /// Credentials from `body`; `tokenKey` names the token field, `requiresExpiration` says whether
  /// an absent `Expiration` is an error (metadata services) or means "does not expire" (processes).
  static func credentials(_ body: [UInt8], tokenKey: String, requiresToken: Bool, requiresExpiration: Bool)
    -> Result<AWSCredentials, Problem>
  {
    guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
      return .failure(
        Problem("the answer is not a JSON object (\(body.count) bytes, not shown as they may hold credentials)"))
    }
    if let code = object["Code"] as? String, code != "Success" {
      let message = (object["Message"] as? String).map { ": \($0)" } ?? ""
      return .failure(Problem("the answer is an error, \(code)\(message)"))
    }
    guard let key = object["AccessKeyId"] as? String, !key.isEmpty else {
      return .failure(Problem(missing("AccessKeyId")))
    }
    guard let secret = object["SecretAccessKey"] as? String, !secret.isEmpty else {
      return .failure(Problem(missing("SecretAccessKey")))
    }
    let token = (object[tokenKey] as? String).flatMap { $0.isEmpty ? nil : $0 }
    if requiresToken && token == nil { return .failure(Problem(missing(tokenKey))) }
    var expiration: Date?
    if let text = object["Expiration"] as? String {
      guard let parsed = AWSTimestampParser.parse(text) else {
        return .failure(Problem("its `Expiration` is not an ISO 8601 time"))
      }
      expiration = parsed
    } else if requiresExpiration {
      return .failure(Problem(missing("Expiration")))
    }
    return .success(
      AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token, expiration: expiration))
  }

  /// Why a document is not credentials; never quotes a value.
  struct Problem: Error, Sendable, Hashable {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }

  private static func missing(_ field: String) -> String { "the answer has no `\(field)`" }
}
