import ImmplanSupport
import Testing

@testable import ImmplanParser

@Suite struct EncodingFunctionTests: FunctionTestCase {
  @Test func fileReadsRelativeToTheConfigurationDirectory() {
    #expect(value("file", s("hello.txt")) == s("hello\n"))
    #expect(value("file", s("scripts/boot.sh")) == s("#!/bin/sh\necho hi\n"))
    #expect(value("file", s("/etc/absolute.txt")) == s("absolute"))
  }

  @Test func fileErrors() {
    #expect(
      failure("file", s("missing.txt"))
        == .unreadableFile(function: "file", argument: 0, path: "missing.txt", reason: "no such file or directory"))
    #expect(failure("file", s("binary.bin"))?.testMessage.contains("not valid UTF-8") == true)
    #expect(failure("file", list())?.argument == 0)
    #expect(
      failure("file", .sensitive(s("missing.txt")))
        == .unreadableFile(function: "file", argument: 0, path: "(sensitive)", reason: "no such file or directory"))
  }

  @Test func fileWithoutFileAccessFails() {
    let noFiles = FunctionLibrary()
    guard case .failure(.unreadableFile) = noFiles.call("file", [s("hello.txt")]) else {
      Issue.record("expected an unreadable-file error")
      return
    }
  }

  @Test func filesha256HashesRawBytes() {
    #expect(
      value("filesha256", s("hello.txt")) == s("5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"))
    #expect(value("filesha256", s("binary.bin")) == s(Hex_sha256([0xff, 0xfe, 0x00])))
  }

  @Test func sha256HashesUTF8() {
    #expect(value("sha256", s("")) == s("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))
    #expect(value("sha256", s("abc")) == s("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
    #expect(value("sha256", n(1)) == value("sha256", s("1")))
    #expect(failure("sha256", list())?.testMessage == "a string is required, got list")
  }

  @Test func base64() {
    #expect(value("base64encode", s("Hello World")) == s("SGVsbG8gV29ybGQ="))
    #expect(value("base64decode", s("SGVsbG8gV29ybGQ=")) == s("Hello World"))
    #expect(value("base64encode", s("✓")) == s("4pyT"))
    #expect(value("base64decode", s("4pyT")) == s("✓"))
    #expect(failure("base64decode", s("not base64!"))?.argument == 0)
    #expect(failure("base64decode", s("//79"))?.testMessage == "the decoded bytes are not valid UTF-8")
  }

  @Test func jsonencode() {
    #expect(value("jsonencode", s("hi")) == s(#""hi""#))
    #expect(value("jsonencode", n("1.50")) == s("1.5"))
    #expect(value("jsonencode", n("1e3")) == s("1000"))
    #expect(value("jsonencode", .bool(true)) == s("true"))
    #expect(value("jsonencode", .null) == s("null"))
    #expect(value("jsonencode", list(n(1), s("a"), .null)) == s(#"[1,"a",null]"#))
    #expect(
      value("jsonencode", map(["b": n(2), "a": list(), "C": map([:])])) == s(#"{"C":{},"a":[],"b":2}"#))
    #expect(value("jsonencode", s("<a & b>")) == s(#""\u003ca \u0026 b\u003e""#))
    #expect(value("jsonencode", s("line\nbreak\t\"q\"\\")) == s(#""line\nbreak\t\"q\"\\""#))
    #expect(value("jsonencode", s("\u{01}\u{2028}é")) == s(#""\u0001\u2028é""#))
    #expect(value("jsonencode", .duration(DurationValue(milliseconds: 90_000))) == s(#""1m30s""#))
  }
}

private func Hex_sha256(_ bytes: [UInt8]) -> String {
  // Independent of the library's path: the support module's hash, hex-encoded by hand.
  let digits = Array("0123456789abcdef")
  return String(ImmplanSupport.SHA256.hash(bytes).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
}
