import ImmplanParser

/// The file walking of `fmt`: directories, files and standard input, with their outcomes.
struct FormatRun {
  var invocation: Invocation
  var check: Bool
  var diff: Bool
  var list: Bool
  /// A file had syntax errors or could not be read or written.
  var failed = false
  /// A file needed formatting.
  var changed = false
  /// Every diagnostic reported, for the summary line.
  var diagnostics: [Diagnostic] = []

  mutating func formatStandardInput() {
    var sources = SourceManager()
    let id = sources.add(path: "<stdin>", bytes: invocation.console.readStandardInput())
    let source = sources[id]
    let result = Formatter.format(source)
    guard let formatted = result.formatted else {
      refuse(result, sources: sources)
      return
    }
    if result.changes(source) { changed = true }
    if diff { invocation.console.out(diffText(source, formatted, name: "<stdin>")) }
    if !check && !diff { invocation.console.out(String(decoding: formatted, as: UTF8.self)) }
  }

  mutating func formatPath(_ path: String, isExplicit: Bool) {
    let fileSystem = invocation.fileSystem
    switch fileSystem.isDirectory(path) {
    case nil:
      report(FileSystemError(path: path, reason: "no such file or directory"))
    case true?:
      let names: [String]
      do {
        names = try fileSystem.contentsOfDirectory(path).sorted()
      } catch {
        report(error)
        return
      }
      for name in names where !name.hasPrefix(".") {
        let child = path == "." ? name : (path.hasSuffix("/") ? path + name : path + "/" + name)
        if fileSystem.isDirectory(child) == true {
          // Linked directories are not followed (a link to an ancestor would never end).
          if !fileSystem.isSymbolicLink(child) { formatPath(child, isExplicit: false) }
        } else if name.hasSuffix(".hcl") {
          formatFile(child)
        }
      }
    case false?:
      formatFile(path)
    }
  }

  private mutating func formatFile(_ path: String) {
    let bytes: [UInt8]
    do {
      bytes = try invocation.fileSystem.readFile(path)
    } catch {
      report(error)
      return
    }
    var sources = SourceManager()
    let id = sources.add(path: path, bytes: bytes)
    let source = sources[id]
    let result = Formatter.format(source)
    guard let formatted = result.formatted else {
      refuse(result, sources: sources)
      return
    }
    guard result.changes(source) else { return }
    changed = true
    if list { invocation.console.out(path + "\n") }
    if diff { invocation.console.out(diffText(source, formatted, name: path)) }
    if !check {
      do {
        try invocation.fileSystem.writeFile(path, formatted)
      } catch {
        failed = true
        diagnostics.append(.cannotWrite(error))
        invocation.report([.cannotWrite(error)], sources: SourceManager())
      }
    }
  }

  private func diffText(_ source: SourceFile, _ formatted: [UInt8], name: String) -> String {
    UnifiedDiff.diff(
      old: String(decoding: source.bytes, as: UTF8.self), new: String(decoding: formatted, as: UTF8.self),
      oldName: "old/" + name, newName: "new/" + name)
  }

  private mutating func refuse(_ result: FormatResult, sources: SourceManager) {
    failed = true
    diagnostics += result.diagnostics
    invocation.report(result.diagnostics, sources: sources)
  }

  private mutating func report(_ error: FileSystemError) {
    failed = true
    diagnostics.append(.cannotRead(error))
    invocation.report([.cannotRead(error)], sources: SourceManager())
  }
}
