import Foundation
import TestSupport
import Testing

@Suite struct FmtEndToEndTests {
  @Test func standardInputToStandardOutput() throws {
    let result = try BinaryRunner.run(["fmt", "-"], stdin: "a=1\nbbb   =  2\n")
    #expect(result.status == 0)
    #expect(result.stdout == "a   = 1\nbbb = 2\n")
    #expect(result.stderr.isEmpty)
  }

  @Test func checkOnStandardInput() throws {
    #expect(try BinaryRunner.run(["fmt", "-check", "-"], stdin: "a=1\n").status == 3)
    let clean = try BinaryRunner.run(["fmt", "-check", "-"], stdin: "a = 1\n")
    #expect(clean.status == 0)
    #expect(clean.stdout.isEmpty)
  }

  @Test func syntaxErrorIsRefusedWithDiagnostics() throws {
    let result = try BinaryRunner.run(["fmt", "-"], stdin: "a = \n")
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("error[E0208]"))
    #expect(result.stderr.contains("--> <stdin>:1:5"))
    #expect(result.stderr.hasSuffix("error: could not format: 1 error\n"))
  }

  @Test func rewritesFilesAndListsThem() throws {
    let directory = try TemporaryDirectory()
    try directory.write("main.imm.hcl", "a=1\n")
    try directory.write("ok.hcl", "b = 2\n")
    try directory.write("nested/deep.hcl", "c  =  3\n")
    try directory.write("notes.txt", "x=1\n")
    try directory.write(".hidden/skip.hcl", "d=4\n")
    let result = try BinaryRunner.run(["fmt"], in: directory.path)
    #expect(result.status == 0)
    #expect(result.stdout == "main.imm.hcl\nnested/deep.hcl\n")
    #expect(try directory.read("main.imm.hcl") == "a = 1\n")
    #expect(try directory.read("nested/deep.hcl") == "c = 3\n")
    #expect(try directory.read("notes.txt") == "x=1\n")
    #expect(try directory.read(".hidden/skip.hcl") == "d=4\n")
    // A second run is a fixed point.
    let again = try BinaryRunner.run(["fmt", "-check"], in: directory.path)
    #expect(again.status == 0)
    #expect(again.stdout.isEmpty)
  }

  @Test func checkChangesNothingAndExitsThree() throws {
    let directory = try TemporaryDirectory()
    try directory.write("a.hcl", "a=1\n")
    let result = try BinaryRunner.run(["fmt", "-check", "a.hcl"], in: directory.path)
    #expect(result.status == 3)
    #expect(result.stdout == "a.hcl\n")
    #expect(try directory.read("a.hcl") == "a=1\n")
  }

  @Test func diffPrintsAUnifiedDiff() throws {
    let directory = try TemporaryDirectory()
    try directory.write("a.hcl", "x = 1\ny=2\n")
    let result = try BinaryRunner.run(["fmt", "-check", "-diff", "-list=false", "a.hcl"], in: directory.path)
    #expect(result.status == 3)
    #expect(result.stdout == "--- old/a.hcl\n+++ new/a.hcl\n@@ -1,2 +1,2 @@\n x = 1\n-y=2\n+y = 2\n")
  }

  @Test func explicitFileOfAnyNameAndMissingPath() throws {
    let directory = try TemporaryDirectory()
    try directory.write("conf.txt", "a=1\n")
    #expect(try BinaryRunner.run(["fmt", "conf.txt"], in: directory.path).status == 0)
    #expect(try directory.read("conf.txt") == "a = 1\n")
    let missing = try BinaryRunner.run(["fmt", "nope.hcl"], in: directory.path)
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("error[E0709]: cannot read `nope.hcl`: no such file or directory"))
  }

  @Test func errorInOneFileStillFormatsTheOthers() throws {
    let directory = try TemporaryDirectory()
    try directory.write("bad.hcl", "a = \n")
    try directory.write("good.hcl", "b=1\n")
    let result = try BinaryRunner.run(["fmt", "."], in: directory.path)
    #expect(result.status == 1)
    #expect(try directory.read("good.hcl") == "b = 1\n")
    #expect(try directory.read("bad.hcl") == "a = \n")
  }

  @Test func keepsPermissionsAndWritesThroughLinksWithoutFollowingLinkedDirectories() throws {
    let directory = try TemporaryDirectory()
    try directory.write("real.hcl", "a=1\n")
    try directory.write("sub/b.hcl", "b=1\n")
    let manager = FileManager.default
    try manager.setAttributes([.posixPermissions: 0o640], ofItemAtPath: directory.path + "/real.hcl")
    try manager.createSymbolicLink(atPath: directory.path + "/sub/link.hcl", withDestinationPath: "../real.hcl")
    try manager.createSymbolicLink(atPath: directory.path + "/sub/up", withDestinationPath: "..")
    let result = try BinaryRunner.run(["fmt", "sub"], in: directory.path)
    #expect(result.status == 0)
    #expect(result.stdout == "sub/b.hcl\nsub/link.hcl\n")
    #expect(try directory.read("real.hcl") == "a = 1\n")
    let attributes = try manager.attributesOfItem(atPath: directory.path + "/real.hcl")
    #expect((attributes[.posixPermissions] as? Int) == 0o640)
    #expect(try manager.destinationOfSymbolicLink(atPath: directory.path + "/sub/link.hcl") == "../real.hcl")
    #expect(try manager.contentsOfDirectory(atPath: directory.path + "/sub").sorted() == ["b.hcl", "link.hcl", "up"])
  }
}
