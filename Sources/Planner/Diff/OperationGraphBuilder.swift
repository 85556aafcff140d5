import ImmplanParser

/// Turns a plan's changes into operations with edges (BRIEF §3, §5):
/// - a create waits for the creates of its dependencies (and, destroy-before-create, for the
///   destroy of the object it replaces);
/// - a create-before-destroy replacement destroys the old object only after the new one and every
///   new dependant of it exists (fleets healthy and baked, which their create includes);
/// - a destroy waits for the destroys of every old object recorded as depending on it, so
///   destroys run in reverse dependency order and an old image or template goes only after every
///   fleet that used it.
/// Order: by depth in the graph, then by ID — deterministic.
struct OperationGraphBuilder {
  let changes: [PlannedChange]

  func build() -> [PlannedOperation] {
    var operations: [String: PlannedOperation] = [:]
    var createIDs: [ResourceAddress: String] = [:]
    /// Destroy operation IDs of recorded objects, by each address they recorded a dependency on.
    var destroysDependingOn: [ResourceAddress: [String]] = [:]

    for change in changes {
      switch change.change {
      case .create(let planned), .replace(_, let planned, _, _, _):
        let id = PlannedOperation.createID(change.address)
        createIDs[change.address] = id
        operations[id] = PlannedOperation(
          id: id, action: .create, address: change.address, generation: planned.generation, name: planned.name,
          dependsOn: [])
      case .keep(let recorded, _):
        let id = PlannedOperation.settingsID(change.address)
        operations[id] = PlannedOperation(
          id: id, action: .recordSettings, address: change.address, generation: recorded.generation,
          name: recorded.name,
          dependsOn: [])
      case .destroy: break
      }
      if let old = oldObjectDestroyed(by: change.change) {
        let id = PlannedOperation.destroyID(change.address, generation: old.generation)
        operations[id] = PlannedOperation(
          id: id, action: .destroy, address: change.address, generation: old.generation, name: old.name, dependsOn: [])
        for dependency in old.record.dependencies { destroysDependingOn[dependency, default: []].append(id) }
      }
    }

    // Only dependants that are created or replaced get edges, and a planned object records its
    // resource's dependencies: the changes alone give every dependant that matters (not a scan
    // of all 100,000 desired resources).
    var dependants: [ResourceAddress: [ResourceAddress]] = [:]
    for change in changes {
      switch change.change {
      case .create(let planned), .replace(_, let planned, _, _, _):
        for dependency in planned.dependencies { dependants[dependency, default: []].append(change.address) }
      case .keep, .destroy: break
      }
    }

    var edges: [String: Set<String>] = [:]
    for change in changes {
      switch change.change {
      case .create(let planned):
        edges[createIDs[change.address]!, default: []].formUnion(planned.dependencies.compactMap { createIDs[$0] })
      case .replace(let old, let planned, let order, _, _):
        let createID = createIDs[change.address]!
        edges[createID, default: []].formUnion(planned.dependencies.compactMap { createIDs[$0] })
        let destroyID = oldObjectDestroyed(by: change.change).map {
          PlannedOperation.destroyID(change.address, generation: $0.generation)
        }
        if let destroyID {
          switch order {
          case .destroyBeforeCreate:
            edges[createID, default: []].insert(destroyID)
          case .createBeforeDestroy:
            edges[destroyID, default: []].insert(createID)
            for dependant in dependants[change.address] ?? [] {
              if let dependantCreate = createIDs[dependant] { edges[destroyID, default: []].insert(dependantCreate) }
            }
          }
          edges[destroyID, default: []].formUnion(
            (destroysDependingOn[change.address] ?? []).filter { $0 != destroyID })
        }
        _ = old
      case .destroy(let old, _):
        let destroyID = PlannedOperation.destroyID(change.address, generation: old.generation)
        edges[destroyID, default: []].formUnion((destroysDependingOn[change.address] ?? []).filter { $0 != destroyID })
      case .keep: break
      }
    }
    for (id, dependsOn) in edges { operations[id]?.dependsOn = dependsOn.sorted() }
    return Self.ordered(operations)
  }

  private func oldObjectDestroyed(by change: Change) -> RecordedObject? {
    switch change {
    case .replace(let old, _, _, .destroy, _), .destroy(let old, _): old
    default: nil
    }
  }

  /// Level order (longest path from a root), ties by ID. Precondition: acyclic, which the
  /// construction above guarantees (creates follow dependencies, destroys follow dependants).
  private static func ordered(_ operations: [String: PlannedOperation]) -> [PlannedOperation] {
    var level: [String: Int] = [:]
    var remaining = operations.count
    var waiting: [String: Int] = [:]
    var followers: [String: [String]] = [:]
    var ready: [String] = []
    for (id, operation) in operations {
      waiting[id] = operation.dependsOn.count
      for dependency in operation.dependsOn { followers[dependency, default: []].append(id) }
      if operation.dependsOn.isEmpty {
        ready.append(id)
        level[id] = 0
      }
    }
    while let id = ready.popLast() {
      remaining -= 1
      for follower in followers[id] ?? [] {
        level[follower] = max(level[follower] ?? 0, level[id]! + 1)
        waiting[follower]! -= 1
        if waiting[follower] == 0 { ready.append(follower) }
      }
    }
    precondition(remaining == 0, "the operation graph has a cycle")
    return operations.values.sorted { a, b in
      let la = level[a.id]!
      let lb = level[b.id]!
      return la != lb ? la < lb : a.id < b.id
    }
  }
}
