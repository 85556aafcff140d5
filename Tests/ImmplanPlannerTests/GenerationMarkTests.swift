import ImmplanParser
import Testing

@testable import ImmplanPlanner

/// Generation numbers are never reused: the state keeps a per-address high-water mark that
/// survives the destruction of the address's objects (and of the address itself).
@Suite struct GenerationMarkTests {
  let image = StateFixtures.image
  let empty = State(lineage: "l", serial: 3, digestKey: StateFixtures.key)

  func applied(_ generation: Int, to state: State) -> State {
    let record = StateFixtures.record("immplan-web-g\(generation)", generation: generation)
    return state.folded(with: [
      .createStarted(image, record),
      .created(image, StateFixtures.cloud(record, id: "ami-\(generation)"), previousCurrent: .deposed),
    ])
  }

  @Test func destroyingTheAddressKeepsItsHighestGeneration() throws {
    var state = applied(2, to: applied(1, to: empty))
    #expect(state.generationMarks.isEmpty)
    state = state.folded(with: [.destroyed(image, generation: 1), .destroyed(image, generation: 2)])
    #expect(state.resources[image] == nil)
    #expect(state.highestGeneration(at: image) == 2)
    #expect(state.generationMarks == [image: 2])

    // It survives the state file, and an old file without the field reads as no marks.
    let reread = try State(decoding: state.canonicalBytes, path: "state.json")
    #expect(reread == state)
    #expect(String(decoding: state.canonicalBytes, as: UTF8.self).contains("\"generation_marks\""))
    let old = try State(decoding: empty.canonicalBytes, path: "state.json")
    #expect(old.generationMarks.isEmpty)
    #expect(!String(decoding: empty.canonicalBytes, as: UTF8.self).contains("generation_marks"))

    // A new object takes the next generation, and the mark is dropped once it is recorded.
    state = applied(3, to: state)
    #expect(state.generationMarks.isEmpty)
    #expect(state.highestGeneration(at: image) == 3)
  }

  @Test func aRolledBackNewerGenerationIsNotReused() {
    var state = applied(1, to: empty)
    let g2 = StateFixtures.record("immplan-web-g2", generation: 2)
    state = state.folded(with: [.createStarted(image, g2), .destroyed(image, generation: 2)])
    #expect(state.current(image)?.record.generation == 1)
    #expect(state.highestGeneration(at: image) == 2)
  }

  @Test func planAfterAFullDestroyNamesFreshGenerations() throws {
    var state = applied(1, to: empty)
    state = state.folded(with: [.destroyed(image, generation: 1)])
    #expect(state.resources.isEmpty)
    #expect(state.highestGeneration(at: image) == 1)
  }
}
