// Reading the configuration directory: E005x (the files-and-input area, E00xx; the parser's
// input codes use the low numbers).

extension DiagnosticCode {
  static let unreadableDirectory = DiagnosticCode("E0050")
  static let unreadableFile = DiagnosticCode("E0051")
  static let noConfigurationFiles = DiagnosticCode("E0052")
}

extension Diagnostic {
  static func noConfigurationFiles(_ directory: String) -> Diagnostic {
    .error(
      .noConfigurationFiles, "no configuration files in `\(directory)`", at: nil,
      help: "immplan reads every `*.imm.hcl` file of the directory")
  }

  static func unreadableDirectory(_ directory: String, reason: String) -> Diagnostic {
    .error(.unreadableDirectory, "cannot read directory `\(directory)`: \(reason)", at: nil)
  }

  static func unreadableFile(_ path: String, reason: String) -> Diagnostic {
    .error(.unreadableFile, "cannot read `\(path)`: \(reason)", at: nil)
  }
}
