/// The shared config file (`AWS_CONFIG_FILE`, else `~/.aws/config`) and shared credentials file
/// (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`), read once per set-up.
///
/// Section names follow botocore: in the config file `[default]` and `[profile NAME]` are
/// profiles (other sections, such as `[sso-session x]` or `[services x]`, are not); in the
/// credentials file every `[NAME]` is a profile. Keys are lower-cased; indented lines below a key
/// are nested settings (`s3 =` then `  addressing_style = path`) and are not profile keys.
struct AWSSharedFiles: Sendable, Hashable {
  var configPath: String
  var credentialsPath: String
  /// Profiles of the config file; nil when it cannot be read.
  var config: [String: [String: String]]?
  /// Profiles of the credentials file; nil when it cannot be read.
  var credentials: [String: [String: String]]?

  init(system: AWSSystem) {
    configPath = system.expandingHome(system.variable("AWS_CONFIG_FILE") ?? "~/.aws/config")
    credentialsPath = system.expandingHome(system.variable("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials")
    config = system.readFile(configPath).map { Self.parse($0, isConfigFile: true) }
    credentials = system.readFile(credentialsPath).map { Self.parse($0, isConfigFile: false) }
  }

  /// Both paths, for messages.
  var bothPaths: String { "\(configPath) or \(credentialsPath)" }

  /// Whether `name` is a profile of either file.
  func hasProfile(_ name: String) -> Bool { config?[name] != nil || credentials?[name] != nil }

  /// The settings of `name` from both files, the credentials file winning where both set a key
  /// (botocore's merged view, used for roles, web identity, processes and the region).
  func profile(_ name: String) -> [String: String] {
    var merged = config?[name] ?? [:]
    for (key, value) in credentials?[name] ?? [:] { merged[key] = value }
    return merged
  }

  /// INI text as profiles: `key = value` lines under `[section]` headers, `#` and `;` comment
  /// lines, values trimmed (an empty value stays empty).
  static func parse(_ text: String, isConfigFile: Bool) -> [String: [String: String]] {
    var profiles: [String: [String: String]] = [:]
    var current: String?
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
      if line.hasPrefix("[") && line.hasSuffix("]") {
        current = profileName(section: line.dropFirst().dropLast().trimmingCharacters(in: .whitespaces), isConfigFile)
        if let current, profiles[current] == nil { profiles[current] = [:] }
        continue
      }
      // A nested setting of the key above it, not a key of the profile.
      if rawLine.first == " " || rawLine.first == "\t" { continue }
      guard let current, let equals = line.firstIndex(of: "=") else { continue }
      let key = line[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
      let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
      profiles[current, default: [:]][key] = value
    }
    return profiles
  }

  /// The profile a section header names, or nil for a section that is not a profile.
  private static func profileName(section: String, _ isConfigFile: Bool) -> String? {
    guard isConfigFile else { return section }
    if section == "default" { return section }
    let words = section.split(separator: " ", omittingEmptySubsequences: true)
    guard words.count == 2, words[0] == "profile" else { return nil }
    return String(words[1])
  }
}
