import ImmplanParser
import ImmplanPlanner

/// What a read-only command (`show DIR`, `state list`, `state show`) knows after an interrupted
/// apply (BRIEF §4): the state with the journal replayed, as every reader of state sees it, and
/// every pending generation looked up in the cloud by its planned name, as recovery would —
/// found: shown as recovery would adopt it; not found: dropped. Only lookups: nothing is created,
/// destroyed or waited on, and no file is written; the next command that takes the lock (`plan`,
/// `apply`…) recovers for real (a fleet must then pass its health gate again to be adopted).
public struct RecoveryPreview: Sendable {
  /// One pending generation and what the lookup found.
  public struct Item: Sendable, Hashable {
    public enum Finding: Sendable, Hashable {
      case found(CreatedObject)
      case notFound
      /// The provider could not tell (or there is no provider): it stays pending.
      case unknown(String)
    }
    public var address: ResourceAddress
    public var record: ObjectRecord
    public var finding: Finding
  }

  /// The state as recovery would leave it (serial unchanged: nothing was committed).
  public var state: State
  public var items: [Item]
  /// The journal of an interrupted apply is not yet folded into the state document.
  public var hasUncommittedJournal: Bool

  /// True when a command that takes the lock would change the state before doing anything else.
  public var isRecoveryPending: Bool { !items.isEmpty || hasUncommittedJournal }

  /// Looks up the pending generations of `loaded` through `provider` (nil: leaves them pending).
  public static func inspect(_ loaded: LoadedState, provider: (any Provider)?, parallelism: Int = 10) async
    -> RecoveryPreview
  {
    let state = loaded.state
    let hasJournal = !loaded.journal.isEmpty || loaded.hadTornJournalTail
    guard state.hasPending else { return RecoveryPreview(state: state, items: [], hasUncommittedJournal: hasJournal) }
    var pending: [(ResourceAddress, ObjectRecord)] = []
    for address in state.sortedAddresses {
      for generation in state.resources[address]?.generations ?? [] {
        if case .pending(let record) = generation { pending.append((address, record)) }
      }
    }
    var findings = [Item.Finding](repeating: .unknown("no provider to look it up"), count: pending.count)
    if let provider {
      await withTaskGroup(of: (Int, Item.Finding).self) { group in
        var next = 0
        func startNext(_ group: inout TaskGroup<(Int, Item.Finding)>) {
          guard next < pending.count else { return }
          let index = next
          next += 1
          let (address, record) = pending[index]
          group.addTask {
            let context = ProviderContext(
              address: address, operationID: "inspect \(address)#g\(record.generation)", binding: record.provider)
            do throws(ProviderError) {
              let found = try await provider.find(address.kind, plannedName: record.name, context: context)
              return (index, found.map(Item.Finding.found) ?? .notFound)
            } catch {
              return (index, .unknown("\(error)"))
            }
          }
        }
        for _ in 0..<max(1, parallelism) { startNext(&group) }
        while let (index, finding) = await group.next() {
          findings[index] = finding
          startNext(&group)
        }
      }
    }
    var entries: [JournalEntry] = []
    var items: [Item] = []
    for ((address, record), finding) in zip(pending, findings) {
      switch finding {
      case .found(let object):
        let previous = address.kind.traits.demotedStatus
        entries.append(
          .created(
            address, CloudObject(record: record, cloudID: object.cloudID, outputs: object.textOutputs),
            previousCurrent: previous))
      case .notFound:
        entries.append(.destroyed(address, generation: record.generation))
      case .unknown:
        break
      }
      items.append(Item(address: address, record: record, finding: finding))
    }
    var settled = state.folded(with: entries, historyLimit: Int.max)
    settled.serial = state.serial
    return RecoveryPreview(state: settled, items: items, hasUncommittedJournal: hasJournal)
  }

  /// Lines for standard error, saying that recovery is pending and what it will do; empty when
  /// nothing is pending.
  public var notes: [String] {
    guard isRecoveryPending else { return [] }
    var lines = [
      "note: an interrupted apply left this state unsettled; recovery is pending and runs with the next command"
        + " that takes the lock (`immplan plan`, `apply`); shown here as recovery would find it, nothing was changed"
    ]
    if hasUncommittedJournal {
      lines.append("  the apply's journal is replayed; it is not yet folded into the state file")
    }
    for item in items {
      let what = "  \(item.address) (\(item.record.name)): "
      switch item.finding {
      case .found(let object):
        lines.append(
          what + "found as \(object.cloudID), "
            + (item.address.kind.traits.hasHealthGate
              ? "recovery adopts it once it passes its health gate again" : "recovery adopts it"))
      case .notFound:
        lines.append(what + "not found, never created; recovery forgets it")
      case .unknown(let reason):
        lines.append(what + "still pending (\(reason))")
      }
    }
    return lines
  }
}
