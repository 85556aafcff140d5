import ImmplanSupport

/// `immplan version`: prints `immplan VERSION`.
enum VersionCommand: Subcommand {
  /// The version of this build. Bump on release.
  static let version = "0.1.0"

  static let spec = CommandSpec(name: "version", abstract: "Print the immplan version.")

  static func run(_ invocation: Invocation) -> ExitCode {
    invocation.console.out("immplan \(version)\n")
    return .success
  }
}
