import TestSupport
import Testing

@testable import ImmplanParser

/// The front end's file errors, which no spec case can produce (a case is always a readable
/// directory of readable files): each is one diagnostic without a source span, and the rest of the
/// configuration is still read.
@Suite struct FrontendFileErrorTests {
  @Test func aMissingDirectoryIsReportedOnce() {
    let result = Frontend.load(LoadOptions(directory: "nowhere"), fileSystem: InMemoryFileSystem(files: [:]))
    #expect(result.graph == nil)
    #expect(result.codes == ["E0050"])
    #expect(result.diagnostics.first?.message == "cannot read directory `nowhere`: no such file or directory")
    #expect(result.diagnostics.first?.primary == nil)
  }

  @Test func anUnreadableFileIsReportedAndTheOthersAreRead() {
    var files = InMemoryFileSystem(
      directory: "config", files: ["a.imm.hcl": "image \"web\" {\n  source = \"debian-12\"\n}\n"])
    files.unreadable["config/b.imm.hcl"] = "permission denied"
    let result = Frontend.load(LoadOptions(directory: "config"), fileSystem: files)
    #expect(result.graph == nil)
    #expect(result.codes == ["E0051"])
    #expect(result.diagnostics.first?.message == "cannot read `config/b.imm.hcl`: permission denied")
    #expect(result.sources.files.map(\.path) == ["config/a.imm.hcl"])
  }
}
