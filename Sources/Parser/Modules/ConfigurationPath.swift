/// Paths of configuration files, textually: the module loader names module directories with
/// them, and plan files embed files by their path relative to the configuration directory.
public enum ConfigurationPath {
  /// `a/./b/../c` → `a/c`; leading `..` kept; `.` for an empty path. Textual: symbolic links
  /// are not followed (the same directory reached two ways is loaded twice, which is harmless).
  /// A first component in angle brackets (`<plan>`, the virtual directory of a plan's embedded
  /// configuration) is a root that `..` does not remove: `<plan>/../x` stays as it is.
  public static func normalize(_ path: String) -> String {
    if path.hasPrefix("<"), let end = path.firstIndex(of: ">"),
      path[path.index(after: end)...].first.map({ $0 == "/" }) ?? true
    {
      let root = String(path[...end])
      let rest = normalize(String(path[path.index(after: end)...].drop(while: { $0 == "/" })))
      return rest == "." ? root : root + "/" + rest
    }
    let isAbsolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      switch part {
      case ".": continue
      case "..":
        if let last = parts.last, last != ".." {
          parts.removeLast()
        } else if !isAbsolute {
          parts.append(part)
        }
      default: parts.append(part)
      }
    }
    let joined = parts.joined(separator: "/")
    if isAbsolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  /// `path` relative to `directory` (both as given, normalized here): `modules/web/main.imm.hcl`,
  /// `../shared/x.imm.hcl`. A path that cannot be expressed relative to it (one absolute and
  /// the other not) is returned normalized.
  public static func relative(_ path: String, to directory: String) -> String {
    let target = normalize(path)
    let base = normalize(directory)
    guard target.hasPrefix("/") == base.hasPrefix("/") else { return target }
    let targetParts = target == "." ? [] : target.split(separator: "/")
    var baseParts = base == "." ? [] : base.split(separator: "/")
    // A base that itself climbs above its start cannot be climbed out of relatively.
    guard !baseParts.contains("..") else { return target }
    var common = 0
    while common < min(targetParts.count, baseParts.count), targetParts[common] == baseParts[common] { common += 1 }
    baseParts.removeFirst(common)
    let parts = Array(repeating: "..", count: baseParts.count) + targetParts[common...].map(String.init)
    return parts.isEmpty ? "." : parts.joined(separator: "/")
  }

  /// Whether `path` is a configuration file's path relative to its configuration directory:
  /// `NAME.imm.hcl` under it or under a directory above it, normalized (`..` only leading).
  public static func isRelativeConfigurationFile(_ path: String) -> Bool {
    guard path.hasSuffix(".imm.hcl"), !path.hasPrefix("/"), normalize(path) == path else { return false }
    return !path.split(separator: "/", omittingEmptySubsequences: false).contains { $0.isEmpty || $0 == "." }
  }
}
