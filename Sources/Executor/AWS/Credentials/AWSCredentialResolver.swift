import Foundation

/// Finds credentials and region the way the AWS CLI does, minus web identity and instance roles.
///
/// Credentials: a `profile` named by the provider block wins; otherwise `AWS_ACCESS_KEY_ID` +
/// `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`); otherwise the `AWS_PROFILE` profile (or `default`)
/// of the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`).
/// Region: the provider's, else `AWS_REGION`, else `AWS_DEFAULT_REGION`.
/// Environment and file reads are injected so tests never touch the real home directory.
struct AWSCredentialResolver: Sendable {
  var environment: [String: String]
  var readFile: @Sendable (String) -> String?

  init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    readFile: @escaping @Sendable (String) -> String? = { path in try? String(contentsOfFile: path, encoding: .utf8) }
  ) {
    self.environment = environment
    self.readFile = readFile
  }

  /// Credentials for `profile` (the provider block's), following the order above.
  func credentials(profile: String?) throws(AWSError) -> AWSCredentials {
    if let profile, !profile.isEmpty { return try fromProfile(profile) }
    if let key = nonEmpty("AWS_ACCESS_KEY_ID"), let secret = nonEmpty("AWS_SECRET_ACCESS_KEY") {
      return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: nonEmpty("AWS_SESSION_TOKEN"))
    }
    return try fromProfile(nonEmpty("AWS_PROFILE") ?? "default")
  }

  /// The region: `configured` (the provider block's), `AWS_REGION`, `AWS_DEFAULT_REGION`.
  func region(configured: String?) throws(AWSError) -> String {
    if let configured, !configured.isEmpty { return configured }
    if let region = nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION") { return region }
    throw .configuration(.missingRegion)
  }

  /// Where the shared credentials file is.
  var credentialsFilePath: String {
    if let path = nonEmpty("AWS_SHARED_CREDENTIALS_FILE") { return path }
    let home = nonEmpty("HOME") ?? NSHomeDirectory()
    return home + "/.aws/credentials"
  }

  private func fromProfile(_ name: String) throws(AWSError) -> AWSCredentials {
    let path = credentialsFilePath
    guard let text = readFile(path) else {
      throw .configuration(.missingCredentials(file: path, profile: name))
    }
    let profiles = Self.parseProfiles(text)
    guard let values = profiles[name] else {
      throw .configuration(.profileNotFound(profile: name, file: path))
    }
    guard let key = values["aws_access_key_id"], !key.isEmpty, let secret = values["aws_secret_access_key"],
      !secret.isEmpty
    else {
      throw .configuration(.incompleteProfile(profile: name, file: path))
    }
    let token = values["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
    return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
  }

  /// INI sections `[name]` (or `[profile name]`), `key = value` lines, `#`/`;` comments; keys lowercased.
  static func parseProfiles(_ text: String) -> [String: [String: String]] {
    var profiles: [String: [String: String]] = [:]
    var current: String?
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("[") && line.hasSuffix("]") {
        var name = line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("profile ") {
          name = String(name.dropFirst("profile ".count)).trimmingCharacters(in: .whitespaces)
        }
        current = name
        profiles[name, default: [:]] = profiles[name] ?? [:]
        continue
      }
      guard let current, let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      profiles[current, default: [:]][key] = value
    }
    return profiles
  }

  private func nonEmpty(_ name: String) -> String? {
    guard let value = environment[name], !value.isEmpty else { return nil }
    return value
  }
}
