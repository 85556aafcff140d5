import TestSupport
import Testing

@Suite struct ValidateEndToEndTests {
  @Test func missingDirectory() throws {
    let result = try BinaryRunner.run(["validate", "does-not-exist"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("does-not-exist"))
    #expect(result.stderr.hasSuffix("error: could not validate: 1 error\n"))
  }

  @Test func missingDirectoryAsJSON() throws {
    let result = try BinaryRunner.run(["validate", "-json", "does-not-exist"])
    #expect(result.status == 1)
    #expect(result.stdout.contains("\"valid\": false"))
    #expect(result.stdout.contains("\"error_count\": 1"))
    #expect(result.stderr.isEmpty)
  }
}
