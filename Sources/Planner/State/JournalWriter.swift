/// Appends journal entries with group commit (BRIEF §4): appends that arrive while a write is in
/// flight are batched into the next single write + fsync, so many concurrent operations cost few
/// syncs. ``append(_:)`` returns only once its entries are durable.
///
/// One writer per apply; the caller holds the state lock. After a failed write the journal may
/// end in a torn line, so the writer refuses further appends (``StateError/journalClosed(path:reason:)``);
/// the torn line is ignored by readers and cut off by the next writer.
public actor JournalWriter {
  private let storage: any StateStorage
  private var queue: [(bytes: [UInt8], waiter: CheckedContinuation<Void, any Error>)] = []
  private var isFlushing = false
  private var failure: StateError?
  private let onBatch: (@Sendable (_ appendCount: Int) -> Void)?

  /// `onBatch` is called after each durable batch with the number of `append` calls it served
  /// (tests observe group commit with it).
  public init(storage: any StateStorage, onBatch: (@Sendable (_ appendCount: Int) -> Void)? = nil) {
    self.storage = storage
    self.onBatch = onBatch
  }

  /// Appends `entries` (in order, contiguous in the journal) and returns once they are durable.
  public func append(_ entries: [JournalEntry]) async throws(StateError) {
    if let failure { throw .journalClosed(path: storage.journalLocation, reason: failure.description) }
    guard !entries.isEmpty else { return }
    let bytes = JournalCodec.encode(entries)
    do {
      try await withCheckedThrowingContinuation { (waiter: CheckedContinuation<Void, any Error>) in
        queue.append((bytes, waiter))
        if !isFlushing {
          isFlushing = true
          Task { await self.flush() }
        }
      }
    } catch let error as StateError {
      throw error
    } catch {
      throw .journalClosed(path: storage.journalLocation, reason: String(describing: error))
    }
  }

  /// Convenience for one entry.
  public func append(_ entry: JournalEntry) async throws(StateError) {
    try await append([entry])
  }

  /// Writes everything queued, one batch per storage call, until the queue is empty. While a batch
  /// is being written (the actor is free during the `await`), new appends queue up for the next.
  private func flush() async {
    while !queue.isEmpty {
      let batch = queue
      queue = []
      if let failure {
        for item in batch {
          item.waiter.resume(
            throwing: StateError.journalClosed(path: storage.journalLocation, reason: failure.description))
        }
        continue
      }
      var bytes: [UInt8] = []
      for item in batch { bytes += item.bytes }
      do {
        try await storage.appendJournal(bytes)
        onBatch?(batch.count)
        for item in batch { item.waiter.resume() }
      } catch {
        failure = error
        for item in batch { item.waiter.resume(throwing: error) }
      }
    }
    isFlushing = false
  }
}
