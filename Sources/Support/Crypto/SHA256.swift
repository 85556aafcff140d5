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
      let blocks = (input.count - offset) / SHA256.blockByteCount
      if blocks > 0, let base = input.baseAddress {
        state.compress(blocks: base + offset, count: blocks)
        offset += blocks * SHA256.blockByteCount
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
    compress(blocks: block.baseAddress! + offset, count: 1)
  }

  /// Compresses `count` consecutive 64-byte blocks starting at `start`.
  ///
  /// Written for speed (the state document is hashed on every load: 140 MB at 100,000
  /// resources): the 64 rounds are written out (generated; the constants inline), the message
  /// schedule is a rolling window of 16 local words, the variables' roles rotate instead of
  /// shifting, and nothing is bounds-checked or allocated. The caller guarantees `count * 64`
  /// readable bytes.
  mutating func compress(blocks start: UnsafeRawPointer, count: Int) {
    var a = h0
    var b = h1
    var c = h2
    var d = h3
    var e = h4
    var f = h5
    var g = h6
    var h = h7
    var block = start
    for _ in 0..<count {
      var w0 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
      var w1 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
      var w2 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
      var w3 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
      var w4 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
      var w5 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
      var w6 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
      var w7 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
      var w8 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
      var w9 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
      var w10 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
      var w11 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
      var w12 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
      var w13 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
      var w14 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
      var w15 = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
      step(a, b, c, &d, e, f, g, &h, 0x428a_2f98, w0)
      step(h, a, b, &c, d, e, f, &g, 0x7137_4491, w1)
      step(g, h, a, &b, c, d, e, &f, 0xb5c0_fbcf, w2)
      step(f, g, h, &a, b, c, d, &e, 0xe9b5_dba5, w3)
      step(e, f, g, &h, a, b, c, &d, 0x3956_c25b, w4)
      step(d, e, f, &g, h, a, b, &c, 0x59f1_11f1, w5)
      step(c, d, e, &f, g, h, a, &b, 0x923f_82a4, w6)
      step(b, c, d, &e, f, g, h, &a, 0xab1c_5ed5, w7)
      step(a, b, c, &d, e, f, g, &h, 0xd807_aa98, w8)
      step(h, a, b, &c, d, e, f, &g, 0x1283_5b01, w9)
      step(g, h, a, &b, c, d, e, &f, 0x2431_85be, w10)
      step(f, g, h, &a, b, c, d, &e, 0x550c_7dc3, w11)
      step(e, f, g, &h, a, b, c, &d, 0x72be_5d74, w12)
      step(d, e, f, &g, h, a, b, &c, 0x80de_b1fe, w13)
      step(c, d, e, &f, g, h, a, &b, 0x9bdc_06a7, w14)
      step(b, c, d, &e, f, g, h, &a, 0xc19b_f174, w15)
      w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
      step(a, b, c, &d, e, f, g, &h, 0xe49b_69c1, w0)
      w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
      step(h, a, b, &c, d, e, f, &g, 0xefbe_4786, w1)
      w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
      step(g, h, a, &b, c, d, e, &f, 0x0fc1_9dc6, w2)
      w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
      step(f, g, h, &a, b, c, d, &e, 0x240c_a1cc, w3)
      w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
      step(e, f, g, &h, a, b, c, &d, 0x2de9_2c6f, w4)
      w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
      step(d, e, f, &g, h, a, b, &c, 0x4a74_84aa, w5)
      w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
      step(c, d, e, &f, g, h, a, &b, 0x5cb0_a9dc, w6)
      w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
      step(b, c, d, &e, f, g, h, &a, 0x76f9_88da, w7)
      w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
      step(a, b, c, &d, e, f, g, &h, 0x983e_5152, w8)
      w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
      step(h, a, b, &c, d, e, f, &g, 0xa831_c66d, w9)
      w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
      step(g, h, a, &b, c, d, e, &f, 0xb003_27c8, w10)
      w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
      step(f, g, h, &a, b, c, d, &e, 0xbf59_7fc7, w11)
      w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
      step(e, f, g, &h, a, b, c, &d, 0xc6e0_0bf3, w12)
      w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
      step(d, e, f, &g, h, a, b, &c, 0xd5a7_9147, w13)
      w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
      step(c, d, e, &f, g, h, a, &b, 0x06ca_6351, w14)
      w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
      step(b, c, d, &e, f, g, h, &a, 0x1429_2967, w15)
      w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
      step(a, b, c, &d, e, f, g, &h, 0x27b7_0a85, w0)
      w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
      step(h, a, b, &c, d, e, f, &g, 0x2e1b_2138, w1)
      w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
      step(g, h, a, &b, c, d, e, &f, 0x4d2c_6dfc, w2)
      w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
      step(f, g, h, &a, b, c, d, &e, 0x5338_0d13, w3)
      w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
      step(e, f, g, &h, a, b, c, &d, 0x650a_7354, w4)
      w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
      step(d, e, f, &g, h, a, b, &c, 0x766a_0abb, w5)
      w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
      step(c, d, e, &f, g, h, a, &b, 0x81c2_c92e, w6)
      w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
      step(b, c, d, &e, f, g, h, &a, 0x9272_2c85, w7)
      w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
      step(a, b, c, &d, e, f, g, &h, 0xa2bf_e8a1, w8)
      w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
      step(h, a, b, &c, d, e, f, &g, 0xa81a_664b, w9)
      w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
      step(g, h, a, &b, c, d, e, &f, 0xc24b_8b70, w10)
      w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
      step(f, g, h, &a, b, c, d, &e, 0xc76c_51a3, w11)
      w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
      step(e, f, g, &h, a, b, c, &d, 0xd192_e819, w12)
      w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
      step(d, e, f, &g, h, a, b, &c, 0xd699_0624, w13)
      w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
      step(c, d, e, &f, g, h, a, &b, 0xf40e_3585, w14)
      w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
      step(b, c, d, &e, f, g, h, &a, 0x106a_a070, w15)
      w0 = w0 &+ sigma0(w1) &+ w9 &+ sigma1(w14)
      step(a, b, c, &d, e, f, g, &h, 0x19a4_c116, w0)
      w1 = w1 &+ sigma0(w2) &+ w10 &+ sigma1(w15)
      step(h, a, b, &c, d, e, f, &g, 0x1e37_6c08, w1)
      w2 = w2 &+ sigma0(w3) &+ w11 &+ sigma1(w0)
      step(g, h, a, &b, c, d, e, &f, 0x2748_774c, w2)
      w3 = w3 &+ sigma0(w4) &+ w12 &+ sigma1(w1)
      step(f, g, h, &a, b, c, d, &e, 0x34b0_bcb5, w3)
      w4 = w4 &+ sigma0(w5) &+ w13 &+ sigma1(w2)
      step(e, f, g, &h, a, b, c, &d, 0x391c_0cb3, w4)
      w5 = w5 &+ sigma0(w6) &+ w14 &+ sigma1(w3)
      step(d, e, f, &g, h, a, b, &c, 0x4ed8_aa4a, w5)
      w6 = w6 &+ sigma0(w7) &+ w15 &+ sigma1(w4)
      step(c, d, e, &f, g, h, a, &b, 0x5b9c_ca4f, w6)
      w7 = w7 &+ sigma0(w8) &+ w0 &+ sigma1(w5)
      step(b, c, d, &e, f, g, h, &a, 0x682e_6ff3, w7)
      w8 = w8 &+ sigma0(w9) &+ w1 &+ sigma1(w6)
      step(a, b, c, &d, e, f, g, &h, 0x748f_82ee, w8)
      w9 = w9 &+ sigma0(w10) &+ w2 &+ sigma1(w7)
      step(h, a, b, &c, d, e, f, &g, 0x78a5_636f, w9)
      w10 = w10 &+ sigma0(w11) &+ w3 &+ sigma1(w8)
      step(g, h, a, &b, c, d, e, &f, 0x84c8_7814, w10)
      w11 = w11 &+ sigma0(w12) &+ w4 &+ sigma1(w9)
      step(f, g, h, &a, b, c, d, &e, 0x8cc7_0208, w11)
      w12 = w12 &+ sigma0(w13) &+ w5 &+ sigma1(w10)
      step(e, f, g, &h, a, b, c, &d, 0x90be_fffa, w12)
      w13 = w13 &+ sigma0(w14) &+ w6 &+ sigma1(w11)
      step(d, e, f, &g, h, a, b, &c, 0xa450_6ceb, w13)
      w14 = w14 &+ sigma0(w15) &+ w7 &+ sigma1(w12)
      step(c, d, e, &f, g, h, a, &b, 0xbef9_a3f7, w14)
      w15 = w15 &+ sigma0(w0) &+ w8 &+ sigma1(w13)
      step(b, c, d, &e, f, g, h, &a, 0xc671_78f2, w15)
      a &+= h0
      b &+= h1
      c &+= h2
      d &+= h3
      e &+= h4
      f &+= h5
      g &+= h6
      h &+= h7
      h0 = a
      h1 = b
      h2 = c
      h3 = d
      h4 = e
      h5 = f
      h6 = g
      h7 = h
      block += 64
    }
  }
}

@inline(__always)
private func sigma0(_ x: UInt32) -> UInt32 { rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3) }

@inline(__always)
private func sigma1(_ x: UInt32) -> UInt32 { rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10) }

/// One round; the caller rotates the roles of the eight variables. `Ch` and `Maj` in their
/// cheaper equivalent forms: `(e & f) ^ (~e & g) == ((f ^ g) & e) ^ g` and
/// `(a & b) ^ (a & c) ^ (b & c) == ((a ^ b) & (b ^ c)) ^ b`.
@inline(__always)
private func step(
  _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
  _ h: inout UInt32, _ constant: UInt32, _ word: UInt32
) {
  let s1 = rotr(e ^ rotr(e ^ rotr(e, 14), 5), 6)
  let choice = ((f ^ g) & e) ^ g
  let t1 = h &+ s1 &+ choice &+ constant &+ word
  let s0 = rotr(a ^ rotr(a ^ rotr(a, 9), 11), 2)
  let majority = ((a ^ b) & (b ^ c)) ^ b
  d &+= t1
  h = t1 &+ s0 &+ majority
}

@inline(__always)
private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }
