import ImmplanParser
import ImmplanSupport

/// Planning the desired resources level by level: a level's resources depend only on earlier
/// levels, so they are evaluated and decided in parallel and recorded in `request.desired` order.
extension Differ {
  /// Plans every desired resource. Identities are evaluated level by level (a level's
  /// resources depend only on earlier levels), each level's in parallel; decisions are then made
  /// one by one in `request.desired` order within the level, and every resource's contribution
  /// is added in `request.desired` order: the plan is the same as planning one by one.
  mutating func planDesired(forced: Set<ResourceAddress>, unique: Bool, positions: [ResourceAddress: Int]) {
    let desired = request.desired
    // Only contributions with something in them are kept (sparse: a plan of 100,000 unchanged
    // resources keeps none), with their index for the final order.
    var contributions: [(index: Int, contribution: Contribution)] = []
    decisions.reserveCapacity(desired.count)
    let groups = levels(unique: unique, positions: positions)
    for level in groups {
      // Batches bound the memory of evaluated identities waiting for their decisions.
      for batchStart in stride(from: 0, to: level.count, by: 4096) {
        let batch = Array(level[batchStart..<min(batchStart + 4096, level.count)])
        // A level's resources depend only on earlier levels: each is evaluated and decided
        // without the others' decisions, in parallel; the decisions are recorded afterwards.
        for (offset, planned) in planLevel(batch, forced: forced).enumerated() {
          let index = batch[offset]
          decisions[desired[index].address] = planned.decision
          if planned.contribution.isUnchanged { unchangedCount += 1 }
          if !planned.contribution.isTrivial { contributions.append((index, planned.contribution)) }
        }
      }
    }
    contributions.sort { $0.index < $1.index }
    for (_, contribution) in contributions {
      diagnostics += contribution.diagnostics
      if let change = contribution.change { changes.append(change) }
      if let entry = contribution.generations { generationsToPlan.append(entry) }
    }
  }

  /// Indices of `request.desired` grouped by dependency level, each group in increasing order. A
  /// resource's level is one more than the highest level of the earlier resources it depends on
  /// or is triggered by. With duplicate addresses: one resource per level (one by one).
  /// `positions` is every desired address's position.
  func levels(unique: Bool, positions: [ResourceAddress: Int]) -> [[Int]] {
    let desired = request.desired
    guard unique else { return desired.indices.map { [$0] } }
    var levelOf = [Int](repeating: 0, count: desired.count)
    var groups: [[Int]] = []
    // By index, reading each resource in place (binding it copied all 100,000 of them).
    for index in desired.indices {
      var level = 0
      for dependency in desired[index].dependencies {
        if let other = positions[dependency], other < index { level = max(level, levelOf[other] + 1) }
      }
      for trigger in desired[index].settings.lifecycle.replaceTriggeredBy {
        if let other = positions[trigger.address], other < index { level = max(level, levelOf[other] + 1) }
      }
      levelOf[index] = level
      if level == groups.count { groups.append([]) }
      groups[level].append(index)
    }
    return groups
  }

  /// What planning one resource gives: its contribution to the plan and its decision.
  struct Planned: Sendable {
    var contribution: Contribution
    var decision: Decision
  }

  /// Evaluates and decides the resources at `indices` (all of one level), in parallel when there
  /// are enough of them; results in the order of `indices`.
  func planLevel(_ indices: [Int], forced: Set<ResourceAddress>) -> [Planned] {
    let desired = request.desired
    let differ = self
    let planOne: @Sendable (Int) -> Planned = { index in
      // The resource is passed in place, not bound to a copy of its own.
      let evaluated = Differ.evaluate(desired[index], index: index, decisions: differ.decisions, state: differ.state)
      return differ.plan(
        desired[index], index: index, evaluated: evaluated, forced: forced.contains(desired[index].address))
    }
    // The request's parallelism bounds this as it does every other parallel step (1: one thread).
    let workers = Parallel(width: min(request.parallelism.width, 8))
    guard workers.width > 1, indices.count >= Differ.minimumParallelLevel else { return indices.map(planOne) }
    // Chunks of consecutive resources, several per worker so that uneven costs even out.
    return workers.array(count: indices.count, perWorker: 8) { planOne(indices[$0]) }
  }

  /// Levels with fewer resources are planned on one thread.
  static let minimumParallelLevel = 64
}
