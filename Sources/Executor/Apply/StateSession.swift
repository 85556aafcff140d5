import ImmplanParser
import ImmplanPlanner

/// A command's hold on the state: the lock, the state as loaded (a crashed apply's journal
/// committed), and pending objects settled by crash recovery (BRIEF §4–§5) — so every command
/// starts from a state that matches the cloud, and no manual unlock is ever needed after a crash
/// (the local lock is a `flock` the kernel releases).
public struct StateSession: Sendable {
  public let store: StateStore
  /// nil with `-lock=false`.
  public let lock: LockInfo?
  /// The state, recovered.
  public var loaded: LoadedState
  /// What recovery did (empty when nothing was pending).
  public var recovered: [Recovery.PendingOutcome]

  /// Locks (unless `lock` is false), loads, and with a `provider` settles pending objects by
  /// planned name and commits any leftover journal (only while holding the lock).
  public static func open(
    store: StateStore, operation: String, lock: Bool = true, lockTimeout: Duration = .zero,
    provider: (any Provider)?, createIfMissing: Bool = false
  ) async throws(ApplyError) -> StateSession {
    let held: LockInfo?
    do throws(StateError) {
      held = lock ? try await store.lock(operation: operation, timeout: lockTimeout) : nil
    } catch {
      throw .state(error)
    }
    do throws(StateError) {
      var loaded = try await store.load(createIfMissing: createIfMissing)
      var recovered: [Recovery.PendingOutcome] = []
      if held != nil {
        if let provider, loaded.state.hasPending {
          recovered = await Recovery.resolvePending(in: loaded.state, provider: provider)
          let entries = recovered.flatMap(\.journalEntries)
          if !entries.isEmpty { try await store.journalWriter().append(entries) }
        }
        if !loaded.journal.isEmpty || loaded.hadTornJournalTail || !recovered.isEmpty {
          loaded = try await store.commitJournal()
        }
      }
      return StateSession(store: store, lock: held, loaded: loaded, recovered: recovered)
    } catch {
      if let held { try? await store.unlock(held) }
      throw .state(error)
    }
  }

  /// Releases the lock (if held).
  public func close() async {
    if let lock { try? await store.unlock(lock) }
  }

  /// One line per recovered object, for the command to print before anything else.
  public var recoveryLines: [String] {
    recovered.compactMap { outcome in
      let what = "\(outcome.address) (\(outcome.record.name))"
      switch outcome.resolution {
      case .adopted: return "recovered \(what): found after an interrupted apply, adopted"
      case .adoptedUnhealthy: return "recovered \(what): found unhealthy after an interrupted apply, destroyed"
      case .absent, .destroyed: return "recovered \(what): never created by the interrupted apply, forgotten"
      case .unresolved(let failure): return "could not recover \(what) yet: \(failure)"
      case .nothingToDo: return nil
      }
    }
  }
}

extension State {
  /// True when some generation is `pending` (an interrupted create).
  public var hasPending: Bool {
    resources.values.contains { resource in
      resource.generations.contains { if case .pending = $0 { true } else { false } }
    }
  }
}
