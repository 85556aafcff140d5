import ImmplanParser
import ImmplanSupport

/// Older generations of planned addresses (deposed and expired retained objects) and addresses
/// that left the configuration.
extension Differ {
  /// Older generations of a planned address: deposed ones are destroyed; retained images past
  /// `retain` are destroyed unless a kept launch template still uses them.
  mutating func planGenerations(at address: ResourceAddress, replacing change: Change?) {
    var retained: [RecordedObject] = []
    for object in state.recordedObjects(at: address) {
      switch object.status {
      case .deposed:
        changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: .deposed)))
      case .retained: retained.append(object)
      case .current, .pending: break
      }
    }
    guard address.kind.traits.retainsGenerations, !retained.isEmpty else { return }
    var limit = desiredResource(address)?.settings.retain ?? 2
    if case .replace(_, _, _, .retain, _)? = change { limit -= 1 }
    let expired = retained.sorted { $0.generation > $1.generation }.dropFirst(max(limit, 0))
    for object in expired.sorted(by: { $0.generation < $1.generation }) where !isImageInUse(object) {
      changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: .retentionExpired)))
    }
  }

  /// True when a recorded object that stays (a launch template, in practice) refers to this
  /// retained object's `id` in its identity.
  mutating func isImageInUse(_ image: RecordedObject) -> Bool {
    guard let id = image.outputs["id"] else { return false }
    if imageIDsInUse == nil {
      var ids: Set<String> = []
      for (address, resource) in state.resources {
        guard let object = resource.current, decisions[address]?.isNew == false else { continue }
        for value in object.record.identity.values { if case .string(let text) = value { ids.insert(text) } }
      }
      imageIDsInUse = ids
    }
    return imageIDsInUse!.contains(id)
  }

  /// Puts each address's generation changes right after its own change (stable otherwise).
  mutating func sortGenerationChanges() {
    var position: [ResourceAddress: Int] = [:]
    for (index, change) in changes.enumerated() where change.recorded.map({ $0.status == .current }) ?? true {
      if position[change.address] == nil { position[change.address] = index }
    }
    changes = changes.enumerated().sorted { a, b in
      let pa = position[a.element.address] ?? a.offset
      let pb = position[b.element.address] ?? b.offset
      if pa != pb { return pa < pb }
      return a.offset < b.offset
    }.map(\.element)
  }

  mutating func planRemovals(desired: [ResourceAddress: Int]) {
    let reason: DestroyReason = request.mode == .destroy ? .destroyMode : .removedFromConfiguration
    // Only the removed addresses are sorted (not all 100,000 recorded ones).
    for address in state.resources.keys.filter({ desired[$0] == nil }).sorted() {
      for object in state.recordedObjects(at: address) {
        switch object.status {
        case .current, .retained:
          changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: reason)))
        case .deposed:
          changes.append(PlannedChange(address: address, change: .destroy(recorded: object, reason: .deposed)))
        case .pending: break
        }
      }
    }
  }
}
