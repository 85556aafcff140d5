import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads, hashes and decodes a local state document on a thread of its own, so that on a
/// machine with two cores the state is ready when the front end has loaded the configuration
/// (the two are independent until the diff). `plan` starts one for the default state path before
/// it loads the configuration and hands it to the ``StateStore`` (``StateStore/prefetch``).
///
/// Safe without the lock: ``StateStore/load(createIfMissing:)`` uses the result only under the
/// lock (when it is taken), and only if the file at the store's path is still the one that was
/// read — same device, inode, size, modification and change times. Whole-state writes rename a
/// new file over the old one, so anything written since the read is seen and read again. Any
/// failure here (no file, an I/O error, a document that does not decode) yields nothing, and the
/// store reads the file itself and reports the problem exactly as without a prefetch.
///
/// ```swift
/// let prefetch = StatePrefetch.start(path: directory + "/immplan.state.json")
/// let load = Frontend.load(...)            // meanwhile, on the other core: read + hash + decode
/// var store = StateStore.local(path: ...)
/// store.prefetch = prefetch
/// let loaded = try await store.load()      // takes the prefetched state if it is still current
/// ```
public final class StatePrefetch: Sendable {
  /// What was read: the decoded document, its SHA-256 (the local version token and the digest
  /// plans bind to), and the identity of the file it came from.
  struct Document: Sendable {
    var identity: FileIdentity
    var state: State
    var digest: String
  }

  /// The path read.
  public let path: String
  private let finished = DispatchSemaphore(value: 0)
  /// The document until taken; nil when the read failed or after ``take(ifCurrentAt:)``.
  private let document = Mutex<Document?>(nil)
  /// Wall time of the read, hash and decode, for measurements.
  private let elapsed = Mutex<Duration?>(nil)

  private init(path: String) { self.path = path }

  /// Starts reading `path` on a new thread and returns at once.
  public static func start(path: String) -> StatePrefetch {
    let prefetch = StatePrefetch(path: path)
    let thread = Thread { prefetch.run() }
    // Decoding recurses once per nesting level of a value (bounded by the JSON parser's limit).
    thread.stackSize = 16 << 20
    thread.start()
    return prefetch
  }

  private func run() {
    let clock = ContinuousClock()
    let start = clock.now
    let read = StatePrefetch.read(path)
    document.withLock { $0 = read }
    elapsed.withLock { $0 = clock.now - start }
    finished.signal()
  }

  /// Read, then SHA-256 and decode at the same time (the hash on a thread of its own: with the
  /// front end on the other core, three runnable threads keep both cores busy until the last
  /// one ends); nil on any failure (the store will read again and report it).
  static func read(_ path: String) -> Document? {
    guard let (bytes, identity) = try? POSIXFile.readFileWithIdentity(path) else { return nil }
    let digest = Slot<String>()
    let hasher = Thread { digest.fill(StateHashing.hex(StateHashing.sha256(bytes))) }
    hasher.start()
    let state = try? State(decoding: bytes, path: path)
    guard let state, let hex = digest.wait() else { return nil }
    return Document(identity: identity, state: state, digest: hex)
  }

  /// Waits for the read to finish; how long it took (nil if it failed before timing).
  public func waitForTiming() -> Duration? {
    finished.wait()
    finished.signal()
    return elapsed.withLock { $0 }
  }

  /// Waits for the read, then hands out the document once, if the file at `path` is still the
  /// one that was read. Later calls return nil.
  func take(ifCurrentAt path: String) -> Document? {
    finished.wait()
    finished.signal()
    guard
      let taken = document.withLock({ value -> Document? in
        defer { value = nil }
        return value
      })
    else { return nil }
    guard let now = FileIdentity(path: path), now == taken.identity else { return nil }
    return taken
  }
}

/// A value handed from one thread to another once.
final class Slot<Value: Sendable>: Sendable {
  private let value = Mutex<Value?>(nil)
  private let filled = DispatchSemaphore(value: 0)

  func fill(_ newValue: Value?) {
    value.withLock { $0 = newValue }
    filled.signal()
  }

  /// Waits for ``fill(_:)``; may be called once.
  func wait() -> Value? {
    filled.wait()
    return value.withLock { $0 }
  }
}

/// Which file a path names, and its size and times: equal identities mean the same unchanged file
/// (a rename over it, or a write into it, changes one of them).
struct FileIdentity: Sendable, Hashable {
  var device: UInt64
  var inode: UInt64
  var size: Int64
  var modified: [Int64]
  var changed: [Int64]

  init(_ info: stat) {
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
    size = Int64(info.st_size)
    modified = [Int64(info.st_mtim.tv_sec), Int64(info.st_mtim.tv_nsec)]
    changed = [Int64(info.st_ctim.tv_sec), Int64(info.st_ctim.tv_nsec)]
  }

  init?(path: String) {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    self.init(info)
  }
}
