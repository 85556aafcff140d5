import ImmplanParser
import Testing

@testable import ImmplanPlanner

@Suite struct StateFoldingTests {
  let image = StateFixtures.image
  let empty = State(lineage: "l", serial: 3, digestKey: StateFixtures.key)

  @Test func createThenReplaceThenDestroy() {
    let g1 = StateFixtures.record("immplan-web-g1", generation: 1)
    var state = empty.folded(with: [.createStarted(image, g1)])
    #expect(state.serial == 4)
    #expect(state.resources[image]?.generations == [.pending(g1)])
    #expect(state.resources[image]?.current == nil)

    state = state.folded(with: [.created(image, StateFixtures.cloud(g1, id: "ami-1"), previousCurrent: .deposed)])
    #expect(state.current(image)?.cloudID == "ami-1")
    #expect(state.resources[image]?.generations == [])

    let g2 = StateFixtures.record("immplan-web-g2", generation: 2)
    state = state.folded(with: [
      .createStarted(image, g2), .created(image, StateFixtures.cloud(g2, id: "ami-2"), previousCurrent: .retained),
    ])
    #expect(state.current(image)?.record.generation == 2)
    #expect(state.resources[image]?.generations.map(\.status) == [.retained])
    #expect(state.highestGeneration(at: image) == 2)
    #expect(state.serial == 6)

    state = state.folded(with: [
      .destroyStarted(image, generation: 1, name: "immplan-web-g1"), .destroyed(image, generation: 1),
    ])
    #expect(state.resources[image]?.generations == [])
    state = state.folded(with: [.destroyed(image, generation: 2)])
    #expect(state.resources[image] == nil)
  }

  @Test func failuresAndIntentsAloneChangeNothing() {
    let g1 = StateFixtures.record("immplan-web-g1", generation: 1)
    let pending = empty.folded(with: [.createStarted(image, g1)])
    let after = pending.folded(with: [
      .failed(image, generation: 1, operation: .create, message: "boom"),
      .destroyStarted(image, generation: 1, name: "immplan-web-g1"),
    ])
    #expect(after == pending)
    #expect(after.serial == pending.serial)
    #expect(empty.folded(with: []) == empty)
  }

  @Test func replayIsIdempotent() {
    let g1 = StateFixtures.record("immplan-web-g1", generation: 1)
    let g2 = StateFixtures.record("immplan-web-g2", generation: 2)
    let journal: [JournalEntry] = [
      .planApplied(planChecksum: "p1", time: Timestamp(secondsSince1970: 100)),
      .createStarted(image, g1), .created(image, StateFixtures.cloud(g1, id: "a1"), previousCurrent: .deposed),
      .createStarted(image, g2), .created(image, StateFixtures.cloud(g2, id: "a2"), previousCurrent: .deposed),
      .destroyed(image, generation: 1),
    ]
    let once = empty.folded(with: journal)
    // A crash after writing the folded state but before removing the journal replays it again.
    let twice = once.folded(with: journal)
    #expect(twice == once)
    #expect(once.history.count == 1)
  }

  @Test func promoteDemoteSettingsAndMarkers() {
    let g1 = StateFixtures.record("immplan-web-g1", generation: 1)
    let g2 = StateFixtures.record("immplan-web-g2", generation: 2)
    var state = empty.folded(with: [
      .created(image, StateFixtures.cloud(g1, id: "a1"), previousCurrent: .deposed),
      .created(image, StateFixtures.cloud(g2, id: "a2"), previousCurrent: .retained),
    ])
    state = state.folded(with: [.promoted(image, generation: 1, previousCurrent: .retained)])
    #expect(state.current(image)?.cloudID == "a1")
    #expect(state.resources[image]?.generations.map(\.status) == [.retained])
    state = state.folded(with: [.demoted(image, generation: 2, to: .deposed)])
    #expect(state.resources[image]?.generations.map(\.status) == [.deposed])
    let settings = RecordedSettings(preventDestroy: true, description: "kept")
    state = state.folded(with: [.settingsRecorded(image, settings), .rollbackMarker(fromVersion: 5)])
    #expect(state.current(image)?.record.settings == settings)
    #expect(state.rolledBackFrom == 5)
    state = state.folded(with: [.demoted(image, generation: 1, to: .deposed)])
    #expect(state.current(image) == nil)
    #expect(state.resources[image]?.generations.map(\.record.generation) == [1, 2])
    state = state.folded(with: [.rollbackMarker(fromVersion: nil)])
    #expect(state.rolledBackFrom == nil)
  }

  @Test func planAppliedAddsHistoryAndIsKeptToTheLimit() {
    let g1 = StateFixtures.record("immplan-web-g1", generation: 1)
    var state = empty.folded(with: [
      .created(image, StateFixtures.cloud(g1, id: "a1"), previousCurrent: .deposed),
      .planApplied(planChecksum: "p1", time: Timestamp(secondsSince1970: 100)),
    ])
    #expect(state.history.count == 1)
    #expect(state.history[0].number == 1)
    #expect(state.history[0].objects[image] == HistoryObject(name: "immplan-web-g1", digest: g1.digest))
    #expect(state.hasApplied(planChecksum: "p1"))
    #expect(!state.hasApplied(planChecksum: "p2"))
    for index in 2...6 {
      state = state.folded(
        with: [.planApplied(planChecksum: "p\(index)", time: Timestamp(secondsSince1970: Int64(index)))],
        historyLimit: 3)
    }
    #expect(state.history.map(\.number) == [4, 5, 6])
    // The same plan recorded again adds nothing, and the serial stays.
    let again = state.folded(
      with: [.planApplied(planChecksum: "p6", time: Timestamp(secondsSince1970: 9))], historyLimit: 3)
    #expect(again == state)
  }
}
