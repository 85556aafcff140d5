import ImmplanSupport
import Testing

@Suite struct SHA256Tests {
  private func hex(_ text: String) -> String { Hex.encode(SHA256.hash(Array(text.utf8))) }

  // FIPS 180-4 examples (NIST CSRC "SHA256.pdf" and "SHA2_Additional.pdf").
  @Test func emptyMessage() {
    #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
  }

  @Test func abc() {
    #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func message448Bits() {
    #expect(
      hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
  }

  @Test func message896Bits() {
    let message =
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
    #expect(hex(message) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
  }

  @Test func oneMillionA() {
    let digest = SHA256.hash([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
    #expect(Hex.encode(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func oneMillionAFedByteByByteAsNonContiguousSequence() {
    // A lazy sequence has no contiguous storage: exercises the byte-at-a-time path.
    let digest = SHA256.hash(repeatElement(UInt8(ascii: "a"), count: 1_000_000).lazy.map { $0 })
    #expect(Hex.encode(digest) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func hashOfUTF8Text() {
    #expect(SHA256.hash(utf8: "abc") == SHA256.hash(Array("abc".utf8)))
    #expect(SHA256.hash(utf8: "héllo ✓") == SHA256.hash(Array("héllo ✓".utf8)))
  }

  /// Lengths around the padding boundaries (55, 56, 63, 64, 65 bytes) must agree between
  /// one-shot and every chunking.
  @Test(arguments: [1, 2, 3, 5, 7, 13, 31, 63, 64, 65, 127, 1000])
  func streamingEqualsOneShot(chunkSize: Int) {
    var generator = SplitMix(seed: UInt64(chunkSize))
    for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 4099] {
      let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      var hasher = SHA256.Hasher()
      var start = 0
      while start < message.count {
        let end = min(start + chunkSize, message.count)
        hasher.update(message[start..<end])
        start = end
      }
      #expect(hasher.finalize() == SHA256.hash(message), "length \(length) chunk \(chunkSize)")
    }
  }

  @Test func finalizeLeavesHasherUsable() {
    var hasher = SHA256.Hasher()
    hasher.update(Array("ab".utf8))
    #expect(Hex.encode(hasher.finalize()) == Hex.encode(SHA256.hash(Array("ab".utf8))))
    hasher.update(Array("c".utf8))
    #expect(Hex.encode(hasher.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test func copyForksTheComputation() {
    var first = SHA256.Hasher()
    first.update(Array("a".utf8))
    var second = first
    first.update(Array("bc".utf8))
    second.update(Array("x".utf8))
    #expect(first.finalize() == SHA256.hash(Array("abc".utf8)))
    #expect(second.finalize() == SHA256.hash(Array("ax".utf8)))
  }

  @Test func digestLength() {
    #expect(SHA256.hash([]).count == SHA256.digestByteCount)
  }
}

/// Deterministic pseudo-random bytes for tests (SplitMix64).
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
