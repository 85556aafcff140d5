import ImmplanParser

extension State {
  /// This state with `entries` applied in order (see ``JournalEntry`` for each rule), history
  /// versions appended for `planApplied` entries and trimmed to `historyLimit`, and `serial`
  /// incremented by one if and only if anything changed. Pure and deterministic: the time of a
  /// history version comes from its entry, never from a clock.
  ///
  /// Every reader sees this folded state (``StateStore/load(operation:lock:createIfMissing:)``),
  /// and committing the journal writes exactly it, so the serial and digest a plan binds to are the
  /// ones the apply will find.
  public func folded(with entries: [JournalEntry], historyLimit: Int = State.defaultHistoryLimit) -> State {
    // Nothing to fold: skip the whole-state comparison below (100,000 resources).
    if entries.isEmpty && history.count <= historyLimit { return self }
    var next = self
    var applied: [(checksum: String, time: Timestamp)] = []
    for entry in entries {
      switch entry {
      case .createStarted(let address, let record):
        var resource = next.resources[address] ?? ResourceState()
        // Never downgrade an object already confirmed live.
        guard resource.current?.record.generation != record.generation else { continue }
        if let index = resource.generations.firstIndex(where: { $0.record.generation == record.generation }) {
          guard case .pending = resource.generations[index] else { continue }
          resource.generations[index] = .pending(record)
        } else {
          resource.insert(.pending(record))
        }
        next.resources[address] = resource
        next.raiseGenerationMark(at: address, to: record.generation)
      case .created(let address, let object, let previousCurrent):
        var resource = next.resources[address] ?? ResourceState()
        resource.remove(generation: object.record.generation)
        if let old = resource.current { resource.insert(previousCurrent.wrap(old)) }
        resource.current = object
        next.resources[address] = resource
        next.raiseGenerationMark(at: address, to: object.record.generation)
      case .destroyed(let address, let generation):
        guard var resource = next.resources[address] else { continue }
        let highest = next.highestGeneration(at: address)
        resource.remove(generation: generation)
        next.resources[address] = resource.isEmpty ? nil : resource
        // The address's names stay spent after its objects are gone (even the address itself).
        next.raiseGenerationMark(at: address, to: max(highest, generation))
      case .demoted(let address, let generation, let status):
        guard var resource = next.resources[address] else { continue }
        if let current = resource.current, current.record.generation == generation {
          resource.current = nil
          resource.insert(status.wrap(current))
        } else if let index = resource.generations.firstIndex(where: { $0.record.generation == generation }),
          let object = resource.generations[index].cloudObject
        {
          resource.generations[index] = status.wrap(object)
        }
        next.resources[address] = resource
      case .promoted(let address, let generation, let previousCurrent):
        guard var resource = next.resources[address],
          let index = resource.generations.firstIndex(where: { $0.record.generation == generation }),
          let object = resource.generations[index].cloudObject
        else { continue }
        resource.generations.remove(at: index)
        if let old = resource.current { resource.insert(previousCurrent.wrap(old)) }
        resource.current = object
        next.resources[address] = resource
      case .settingsRecorded(let address, let settings):
        guard var resource = next.resources[address], resource.current != nil else { continue }
        resource.current?.record.settings = settings
        next.resources[address] = resource
      case .rollbackMarker(let version):
        next.rolledBackFrom = version
      case .planApplied(let checksum, let time):
        applied.append((checksum, time))
      case .destroyStarted, .failed:
        continue
      }
    }
    for (checksum, time) in applied where !next.hasApplied(planChecksum: checksum) {
      var objects: [ResourceAddress: HistoryObject] = [:]
      for (address, resource) in next.resources {
        if let current = resource.current {
          objects[address] = HistoryObject(name: current.record.name, digest: current.record.digest)
        }
      }
      let number = (next.history.last?.number ?? 0) + 1
      next.history.append(HistoryVersion(number: number, time: time, planChecksum: checksum, objects: objects))
    }
    if next.history.count > historyLimit { next.history.removeFirst(next.history.count - historyLimit) }
    if next != self { next.serial = serial + 1 }
    return next
  }
}

extension DemotedStatus {
  func wrap(_ object: CloudObject) -> OlderGeneration {
    switch self {
    case .retained: .retained(object)
    case .deposed: .deposed(object)
    }
  }
}

extension ResourceState {
  /// Inserts keeping generations sorted by number.
  mutating func insert(_ generation: OlderGeneration) {
    let index = generations.firstIndex { $0.record.generation > generation.record.generation } ?? generations.endIndex
    generations.insert(generation, at: index)
  }

  /// Removes generation `generation` wherever it is (current or older).
  mutating func remove(generation: Int) {
    if current?.record.generation == generation { current = nil }
    generations.removeAll { $0.record.generation == generation }
  }
}
