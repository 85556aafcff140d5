import ImmplanParser
import Testing

@Suite struct LineTableTests {
  /// Line starts found eight bytes at a time are exactly those of a byte-by-byte scan, for
  /// newlines at every position of a word, at both ends, and next to bytes ≥ 0x80.
  @Test func lineStartsMatchAByteScan() {
    var generator = SystemRandomNumberGenerator()
    var inputs: [[UInt8]] = [[], [0x0A], Array("a\nb\r\nc".utf8), Array("é\n€\n".utf8)]
    for length in 1...40 {
      for position in 0..<length {
        var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: length)
        bytes[position] = 0x0A
        inputs.append(bytes)
      }
    }
    for _ in 0..<200 {
      let length = Int.random(in: 0...300, using: &generator)
      inputs.append(
        (0..<length).map { _ in [0x0A, 0x0B, 0x09, 0x8A, 0xFF, 0x61][Int.random(in: 0..<6, using: &generator)] })
    }
    for bytes in inputs {
      var expected = [0]
      for (index, byte) in bytes.enumerated() where byte == 0x0A { expected.append(index + 1) }
      #expect(LineTable(bytes).starts == expected)
    }
  }

  /// A file large enough to be scanned in pieces on several cores (over 2 MB) gets the table a
  /// byte-by-byte scan gives, whatever the lines' lengths around the cut.
  @Test func largeFileMatchesAByteScan() {
    var generator = SystemRandomNumberGenerator()
    var bytes: [UInt8] = []
    bytes.reserveCapacity(3 << 20)
    while bytes.count < 3 << 20 {
      bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: Int.random(in: 0...120, using: &generator)))
      bytes.append(0x0A)
    }
    var expected = [0]
    for (index, byte) in bytes.enumerated() where byte == 0x0A { expected.append(index + 1) }
    #expect(LineTable(bytes).starts == expected)
  }
}
