/// SHA-256 (FIPS 180-4), written in the project so the lowest module needs nothing but the
/// standard library.
///
/// Used for the `sha256`/`filesha256` functions, image digests and every later digest (state,
/// plan, AWS signing). Processes whole 64-byte blocks straight from contiguous input with
/// `UInt32` arithmetic and allocates nothing per byte, so hashing tens of megabytes is cheap.
///
/// ```swift
/// SHA256.hash(Array("abc".utf8))           // one shot, 32 bytes
/// var hasher = SHA256.Hasher()              // streaming: same result for any chunking
/// hasher.update(part1); hasher.update(part2)
/// let digest = hasher.finalize()
/// ```
public enum SHA256 {
  /// Length of a digest in bytes.
  public static let digestByteCount = 32
  /// Length of the compression function's block in bytes (HMAC pads keys to it).
  public static let blockByteCount = 64

  /// The 32-byte digest of `bytes`.
  public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
    var hasher = Hasher()
    hasher.update(bytes)
    return hasher.finalize()
  }

  /// The 32-byte digest of the UTF-8 encoding of `text`.
  public static func hash(utf8 text: String) -> [UInt8] {
    var hasher = Hasher()
    var text = text
    text.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
    return hasher.finalize()
  }

  /// Incremental SHA-256: feed bytes with ``update(_:)`` in any chunks, then ``finalize()``.
  ///
  /// A value type: copying a hasher forks the computation (both copies stay usable).
  public struct Hasher: Sendable {
    private var state = State()
    /// Bytes of an incomplete block; always fewer than 64 between calls.
    private var buffer: [UInt8] = []
    /// Total message length in bytes so far.
    private var length: UInt64 = 0

    public init() {
      buffer.reserveCapacity(SHA256.blockByteCount)
    }

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
      let handled: Void? = bytes.withContiguousStorageIfAvailable { pointer in
        update(bufferPointer: UnsafeRawBufferPointer(pointer))
      }
      if handled != nil { return }
      for byte in bytes {
        buffer.append(byte)
        if buffer.count == SHA256.blockByteCount {
          buffer.withUnsafeBytes { state.compress($0, at: 0) }
          buffer.removeAll(keepingCapacity: true)
        }
        length &+= 1
      }
    }

    /// Appends contiguous bytes: whole blocks are compressed straight from `input`.
    mutating func update(bufferPointer input: UnsafeRawBufferPointer) {
      length &+= UInt64(input.count)
      var offset = 0
      if !buffer.isEmpty {
        let take = min(SHA256.blockByteCount - buffer.count, input.count)
        buffer.append(contentsOf: input[0..<take])
        offset = take
        guard buffer.count == SHA256.blockByteCount else { return }
        buffer.withUnsafeBytes { state.compress($0, at: 0) }
        buffer.removeAll(keepingCapacity: true)
      }
      while input.count - offset >= SHA256.blockByteCount {
        state.compress(input, at: offset)
        offset += SHA256.blockByteCount
      }
      if offset < input.count {
        buffer.append(contentsOf: input[offset...])
      }
    }

    /// The digest of everything fed so far. The hasher itself is left unchanged, so more
    /// bytes may follow (a digest of a prefix).
    public func finalize() -> [UInt8] {
      var state = self.state
      var tail = buffer
      tail.append(0x80)
      // Pad with zeros until 8 bytes remain in a block, then the big-endian bit length.
      while tail.count % SHA256.blockByteCount != SHA256.blockByteCount - 8 { tail.append(0) }
      let bitLength = length &* 8
      for shift in stride(from: 56, through: 0, by: -8) {
        tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
      }
      tail.withUnsafeBytes { pointer in
        var offset = 0
        while offset < pointer.count {
          state.compress(pointer, at: offset)
          offset += SHA256.blockByteCount
        }
      }
      return state.bytes
    }
  }
}

// MARK: - Compression

/// The eight working words of SHA-256.
private struct State: Sendable {
  var h0: UInt32 = 0x6a09_e667
  var h1: UInt32 = 0xbb67_ae85
  var h2: UInt32 = 0x3c6e_f372
  var h3: UInt32 = 0xa54f_f53a
  var h4: UInt32 = 0x510e_527f
  var h5: UInt32 = 0x9b05_688c
  var h6: UInt32 = 0x1f83_d9ab
  var h7: UInt32 = 0x5be0_cd19

  var bytes: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(32)
    for word in [h0, h1, h2, h3, h4, h5, h6, h7] {
      out.append(UInt8(truncatingIfNeeded: word >> 24))
      out.append(UInt8(truncatingIfNeeded: word >> 16))
      out.append(UInt8(truncatingIfNeeded: word >> 8))
      out.append(UInt8(truncatingIfNeeded: word))
    }
    return out
  }

  /// Compresses the 64-byte block of `block` starting at `offset` into the state.
  @inline(__always)
  mutating func compress(_ block: UnsafeRawBufferPointer, at offset: Int) {
    precondition(offset >= 0 && block.count - offset >= 64, "SHA-256 block out of range")
    var w = InlineArray<64, UInt32>(repeating: 0)
    for i in 0..<16 {
      let base = offset + i &* 4
      w[i] =
        UInt32(block[base]) << 24 | UInt32(block[base &+ 1]) << 16 | UInt32(block[base &+ 2]) << 8
        | UInt32(block[base &+ 3])
    }
    for i in 16..<64 {
      let x = w[i &- 15]
      let y = w[i &- 2]
      let s0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
      let s1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
      w[i] = w[i &- 16] &+ s0 &+ w[i &- 7] &+ s1
    }
    var a = h0
    var b = h1
    var c = h2
    var d = h3
    var e = h4
    var f = h5
    var g = h6
    var h = h7
    for i in 0..<64 {
      let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
      let choice = (e & f) ^ (~e & g)
      let t1 = h &+ s1 &+ choice &+ roundConstants[i] &+ w[i]
      let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
      let majority = (a & b) ^ (a & c) ^ (b & c)
      let t2 = s0 &+ majority
      h = g
      g = f
      f = e
      e = d &+ t1
      d = c
      c = b
      b = a
      a = t1 &+ t2
    }
    h0 &+= a
    h1 &+= b
    h2 &+= c
    h3 &+= d
    h4 &+= e
    h5 &+= f
    h6 &+= g
    h7 &+= h
  }
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }

/// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first
/// 64 primes.
private let roundConstants: InlineArray<64, UInt32> = [
  0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
  0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
  0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
  0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
  0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
  0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
  0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
  0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
]
