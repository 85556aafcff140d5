import Synchronization

/// Ctrl-C, delivered to the executor as an async signal. The CLI calls ``fire()`` from its SIGINT
/// handler; tests call it directly. The first interrupt stops new work; the second stops waiting.
public final class InterruptSignal: Sendable {
  private struct State {
    var count = 0
    var waiters: [(id: Int, threshold: Int, continuation: CheckedContinuation<Void, Never>)] = []
    var nextID = 0
  }
  private let state = Mutex(State())

  public init() {}

  /// How many interrupts arrived so far.
  public var count: Int { state.withLock { $0.count } }

  /// Records one interrupt and wakes whoever waits for it.
  public func fire() {
    let ready = state.withLock { state in
      state.count += 1
      let count = state.count
      let ready = state.waiters.filter { $0.threshold <= count }
      state.waiters.removeAll { $0.threshold <= count }
      return ready.map(\.continuation)
    }
    for continuation in ready { continuation.resume() }
  }

  /// Returns once `count` interrupts have arrived, or when the task is cancelled.
  public func wait(forCount threshold: Int) async {
    let id = state.withLock { state -> Int in
      state.nextID += 1
      return state.nextID
    }
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        let resumeNow = state.withLock { state -> Bool in
          if state.count >= threshold || Task.isCancelled { return true }
          state.waiters.append((id, threshold, continuation))
          return false
        }
        if resumeNow { continuation.resume() }
      }
    } onCancel: {
      let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
        guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return state.waiters.remove(at: index).continuation
      }
      continuation?.resume()
    }
  }
}

#if canImport(Dispatch)
  import Dispatch
  #if canImport(Glibc)
    import Glibc
  #elseif canImport(Darwin)
    import Darwin
  #endif

  extension InterruptSignal {
    /// Routes SIGINT (Ctrl-C) to this signal instead of killing the process, until the returned
    /// source is cancelled (then SIGINT's default action is restored). For the CLI's `apply`.
    public func handleInterrupts() -> any DispatchSourceSignal {
      signal(SIGINT, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
      source.setEventHandler { [self] in fire() }
      source.setCancelHandler { signal(SIGINT, SIG_DFL) }
      source.resume()
      return source
    }
  }
#endif
