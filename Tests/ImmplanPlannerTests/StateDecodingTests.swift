import Foundation
import ImmplanParser
import Testing

@testable import ImmplanPlanner

/// The direct state decoder (``StateDirectDecoder``) against the tree reader, which stays the
/// reference: on every document the direct decoder either gives up or builds exactly the state
/// the tree reader builds; and the state prefetch of `plan`.
@Suite struct StateDecodingTests {
  private func tree(_ bytes: [UInt8]) -> State? { try? State(decodingTree: bytes, path: "s.json") }

  @Test func decodesEveryFeatureLikeTheTreeReader() throws {
    let state = StateFixtures.rich()
    for bytes in [state.canonicalBytes, StateFileWriter.document(state).encoded(pretty: false)] {
      let direct = try #require(StateDirectDecoder.decode(bytes))
      #expect(direct == state)
      #expect(direct == tree(bytes))
    }
    let empty = State(lineage: "l", digestKey: StateFixtures.key)
    #expect(StateDirectDecoder.decode(empty.canonicalBytes) == empty)
  }

  /// Every node of the rich document removed, retyped or joined by an unknown member: the direct
  /// decoder never accepts what the tree reader refuses, nor decodes anything differently.
  @Test func agreesWithTheTreeReaderOnEveryMutation() throws {
    let document = try JSONParser.parse(StateFixtures.rich().canonicalBytes)
    let replacements: [JSONValue] = [
      .null, .number("1"), .number("0"), .number("-1"), .number("1.5"), .number("1e2"), .number("12345678901234567890"),
      .string(""), .string("x"), .string("current"), .bool(true), .bool(false), .object([]), .array([]),
      .object([JSONMember(key: "number", value: .string("1"))]), .array([.null]),
    ]
    var variants: [JSONValue] = []
    func visit(_ value: JSONValue, rebuild: (JSONValue) -> JSONValue) {
      for replacement in replacements where replacement != value { variants.append(rebuild(replacement)) }
      switch value {
      case .object(let members):
        variants.append(rebuild(.object(members + [JSONMember(key: "zz_unknown", value: .number("1"))])))
        for index in members.indices {
          var removed = members
          removed.remove(at: index)
          variants.append(rebuild(.object(removed)))
          visit(members[index].value) { child in
            var changed = members
            changed[index].value = child
            return rebuild(.object(changed))
          }
        }
      case .array(let items):
        variants.append(rebuild(.array(items + [.null])))
        for index in items.indices {
          var removed = items
          removed.remove(at: index)
          variants.append(rebuild(.array(removed)))
          visit(items[index]) { child in
            var changed = items
            changed[index] = child
            return rebuild(.array(changed))
          }
        }
      default: break
      }
    }
    visit(document) { $0 }
    #expect(variants.count > 1000)
    var accepted = 0
    for (index, variant) in variants.enumerated() {
      let bytes = variant.encoded(pretty: index % 2 == 0)
      let expected = tree(bytes)
      if let direct = StateDirectDecoder.decode(bytes) {
        accepted += 1
        #expect(direct == expected, "variant \(index): \(String(decoding: bytes, as: UTF8.self))")
      }
    }
    // Most variants are invalid; the valid ones (optional fields removed, ignored provider fields…) decode directly.
    #expect(accepted > 10)
  }

  /// Text the tree of `JSONValue` cannot express: duplicate keys, escapes, odd whitespace, truncation.
  /// Identity values are first compared with the previous object's value of the same attribute,
  /// and attribute names with the previous object's order: equal, nearly equal (a common prefix,
  /// a longer list, another map tail), unique, reordered and missing attributes all decode
  /// exactly as the tree reader decodes them.
  @Test func repeatedIdentityValuesDecodeLikeTheTreeReader() throws {
    let zones: RecordedValue = .list([.string("eu-west-1a"), .string("eu-west-1b")])
    let values: [[String: RecordedValue]] = [
      ["source": .string("ami-base-image-0001"), "zones": zones, "tags": .map(["team": .string("payments")])],
      ["source": .string("ami-base-image-0001"), "zones": zones, "tags": .map(["team": .string("payments")])],
      ["source": .string("ami-base-image-00012"), "zones": .list(zones.listItems + [.string("eu-west-1c")])],
      ["source": .string("ami-base-image-0001"), "tags": .map(["team": .string("platform")]), "zones": zones],
      ["zones": .list([.list([.string("eu-west-1a")])]), "count": .number(Number(3)), "source": .null],
      ["zones": .list([.list([.string("eu-west-1a")])]), "count": .number(Number(30)), "source": .string("")],
      ["a": .string("x"), "source": .set([.string("ami-base-image-0001")])],
      ["source": .string("ami-base-image-0001"), "zones": zones],
    ]
    var resources: [ResourceAddress: ResourceState] = [:]
    for round in 0..<40 {
      for (index, identity) in values.enumerated() {
        var identity = identity
        if round % 3 == 1 { identity["name"] = .string("immplan-unique-\(round)-\(index)-long-enough") }
        let address = ResourceAddress(kind: .image, name: "i\(round)-\(index)")
        let record = StateFixtures.record("immplan-i\(round)-\(index)-g1", generation: 1, identity: identity)
        resources[address] = ResourceState(current: StateFixtures.cloud(record, id: "ami-\(round)-\(index)"))
      }
    }
    let state = State(lineage: "l", serial: 1, resources: resources, digestKey: StateFixtures.key)
    for bytes in [state.canonicalBytes, StateFileWriter.document(state).encoded(pretty: false)] {
      let direct = try #require(StateDirectDecoder.decode(bytes))
      #expect(direct == state)
      #expect(direct == tree(bytes))
    }
  }

  @Test func agreesWithTheTreeReaderOnText() throws {
    let canonical = String(decoding: StateFixtures.rich().canonicalBytes, as: UTF8.self)
    var texts = [
      canonical.replacingOccurrences(of: "\"serial\": 4", with: "\"serial\": 4, \"serial\": 5"),
      canonical.replacingOccurrences(of: "\"lineage\": \"lineage-1\"", with: "\"lineage\": \"line\\u0061ge-1\""),
      canonical.replacingOccurrences(of: "\"lineage\": \"lineage-1\"", with: "\"lineage\": \"line\\tage\\n\""),
      canonical.replacingOccurrences(of: "\"lineage\"", with: "\"line\\u0061ge\""),
      canonical.replacingOccurrences(of: "\"team\": ", with: "\"t\\u00e9am\": "),
      canonical.replacingOccurrences(of: "\"team\": ", with: "\"téam\": "),
      canonical.replacingOccurrences(of: "\n", with: "\r\n\t"),
      canonical.replacingOccurrences(of: "\"generation\": 2", with: "\"generation\": 02"),
      canonical.replacingOccurrences(of: "\"generation\": 2", with: "\"generation\": -0"),
      canonical.replacingOccurrences(of: "\"generation\": 2", with: "\"generation\": 2.0"),
      canonical.replacingOccurrences(of: "\"tags\": {", with: "\"tags\": {\"tags\": 1, "),
      canonical.replacingOccurrences(of: "\"a\",", with: "\"a\",,"),
      canonical + "x", " " + canonical + " ", "{}", "[]", "",
    ]
    for cut in stride(from: 1, to: canonical.utf8.count, by: 97) {
      texts.append(String(decoding: Array(canonical.utf8)[0..<cut], as: UTF8.self))
    }
    for text in texts {
      let bytes = Array(text.utf8)
      if let direct = StateDirectDecoder.decode(bytes) {
        #expect(direct == tree(bytes), "\(text)")
      }
    }
  }

  @Test func prefetchIsUsedOnlyWhileTheFileIsUnchanged() async throws {
    let directory = StateFixtures.temporaryDirectory()
    defer { StateFixtures.cleanup(directory) }
    let path = directory + "/immplan.state.json"
    let first = StateFixtures.rich()
    StateFixtures.write(path, first.canonicalBytes)
    var store = StateStore(storage: LocalStateStorage(path: path), environment: StateFixtures.environment())
    let plain = try await store.load()

    // Unchanged: the prefetched document is taken (and only once), with the same result.
    let unchanged = StatePrefetch.start(path: path)
    _ = unchanged.waitForTiming()
    store.prefetch = unchanged
    #expect(try await store.load() == plain)
    #expect(unchanged.take(ifCurrentAt: path) == nil)

    // Replaced after the read (as every whole-state write does): the new file is read instead.
    let stale = StatePrefetch.start(path: path)
    _ = stale.waitForTiming()
    var second = first
    second.serial = 9
    let saved = try await StateStore(storage: LocalStateStorage(path: path), environment: StateFixtures.environment())
      .save(second, over: plain)
    store.prefetch = stale
    let reloaded = try await store.load()
    #expect(reloaded.state.serial == saved.state.serial)
    #expect(reloaded == saved)

    // A document that does not decode: nothing prefetched, the store reports the error itself.
    StateFixtures.write(path, "{\"format_version\": 1")
    store.prefetch = StatePrefetch.start(path: path)
    await #expect(throws: StateError.self) { try await store.load() }
  }
}

/// The diff compares evaluated identities with recorded ones without recording them first.
@Suite struct RecordedMatchTests {
  @Test func matchingIsRecordingThenComparing() {
    let key = StateFixtures.key
    let values: [Value] = [
      .null, .unknown, .string("a"), .string("b"), .number(Number(1)), .number(Number(2)), .bool(true), .bool(false),
      .duration(.seconds(1)), .duration(.seconds(2)), .list([]), .set([]), .map([:]), .list([.string("a")]),
      .list([.string("a"), .string("b")]), .set([.string("a")]), .map(["k": .string("a")]),
      .map(["k": .string("b")]), .map(["j": .string("a")]), .map(["k": .string("a"), "j": .string("a")]),
      .sensitive(.string("s")), .sensitive(.string("t")), .list([.sensitive(.string("s"))]),
      .map(["k": .sensitive(.map(["x": .number(Number(1))]))]),
    ]
    for value in values {
      for other in values {
        let recorded = RecordedValue(other, key: key)
        #expect(
          RecordedValue.matches(value, recorded, key: key) == (RecordedValue(value, key: key) == recorded),
          "\(value) against \(other)")
      }
    }
    let attributes: [String: Value] = ["a": .string("x"), "b": .list([.number(Number(1))])]
    let recorded = attributes.mapValues { RecordedValue($0, key: key) }
    #expect(RecordedValue.matches(attributes, recorded, key: key))
    #expect(!RecordedValue.matches(attributes, recorded.merging(["c": .null]) { a, _ in a }, key: key))
    #expect(!RecordedValue.matches(attributes.merging(["c": .null]) { a, _ in a }, recorded, key: key))
    #expect(!RecordedValue.matches(["a": .string("x"), "c": .null], recorded, key: key))
  }
}

extension RecordedValue {
  fileprivate var listItems: [RecordedValue] {
    if case .list(let items) = self { return items }
    return []
  }
}
