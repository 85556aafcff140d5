import ImmplanSupport
import Testing

@Suite struct Base64Tests {
  /// RFC 4648 §10.
  @Test(arguments: [
    ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
    ("foobar", "Zm9vYmFy"),
  ])
  func rfc4648(plain: String, encoded: String) {
    #expect(Base64.encode(Array(plain.utf8)) == encoded)
    #expect(Base64.decode(encoded) == Array(plain.utf8))
  }

  @Test func allByteValuesRoundTrip() {
    let bytes = (0...255).map { UInt8($0) }
    for length in 0...bytes.count {
      let slice = Array(bytes.prefix(length))
      #expect(Base64.decode(Base64.encode(slice)) == slice)
    }
  }

  @Test func usesStandardAlphabet() {
    #expect(Base64.encode([0xfb, 0xff, 0xbf]) == "+/+/")
    #expect(Base64.decode("+/+/") == [0xfb, 0xff, 0xbf])
    #expect(Base64.decode("-_-_") == nil)
  }

  @Test(arguments: [
    "Zg", "Zg=", "Zm9", "Z===", "====", "Zg==Zg==", "Zm=v", "Zg== ", " Zg==", "Zm9v\nYmFy", "Zm9v!", "Zh==",
    "Zm9=", "é===",
  ])
  func rejectsMalformedInput(_ text: String) {
    #expect(Base64.decode(text) == nil)
  }
}

@Suite struct HexTests {
  @Test func encodesLowercase() {
    #expect(Hex.encode([0x00, 0x01, 0xab, 0xff]) == "0001abff")
    #expect(Hex.encode([]) == "")
  }

  @Test func decodesEitherCase() {
    #expect(Hex.decode("0001abff") == [0x00, 0x01, 0xab, 0xff])
    #expect(Hex.decode("ABFF") == [0xab, 0xff])
    #expect(Hex.decode("") == [])
  }

  @Test(arguments: ["0", "abc", "0g", "0x00", " 00", "zz", "é0"])
  func rejectsMalformedInput(_ text: String) {
    #expect(Hex.decode(text) == nil)
  }
}

@Suite struct Base64GoCompatibilityTests {
  @Test func skipsLineBreaksAndIgnoresPaddingBits() {
    #expect(Base64.decodeLikeGo("Zm9v\nYmFy") == Array("foobar".utf8))
    #expect(Base64.decodeLikeGo("Zm9v\r\nYmFy\n") == Array("foobar".utf8))
    #expect(Base64.decodeLikeGo("Zh==") == Array("f".utf8))
    #expect(Base64.decodeLikeGo("Zm9=") == Array("fo".utf8))
  }

  @Test func stillRejectsEverythingElse() {
    for bad in ["Zg", " Zm9v", "Zm9v!", "Z===", "Zg==Zg==", "Zm\t9v"] {
      #expect(Base64.decodeLikeGo(bad) == nil, "\(bad)")
    }
  }
}
