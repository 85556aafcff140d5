import Foundation
import ImmplanParser
import Testing

@testable import ImmplanPlanner

@Suite struct StateFileTests {
  @Test func roundTripsEveryField() throws {
    let state = StateFixtures.rich()
    let decoded = try State(decoding: state.canonicalBytes, path: "s.json")
    #expect(decoded == state)
    #expect(decoded.canonicalBytes == state.canonicalBytes)
  }

  @Test func encodingIsDeterministic() throws {
    let state = StateFixtures.rich()
    // Rebuild the dictionaries in another insertion order.
    var shuffled = state
    shuffled.resources = [:]
    for address in state.resources.keys.sorted().reversed() { shuffled.resources[address] = state.resources[address] }
    #expect(shuffled.canonicalBytes == state.canonicalBytes)
    #expect(state.canonicalBytes == state.canonicalBytes)
    #expect(shuffled.stateDigest == state.stateDigest)
    #expect(state.stateDigest.count == 64)
    var other = state
    other.serial += 1
    #expect(other.stateDigest != state.stateDigest)
  }

  @Test func filesInTheEarlierIndentedLayoutStillRead() throws {
    // States written before the one-line-per-resource layout were fully indented; both readers
    // take any layout, and the next write uses the new one.
    let state = StateFixtures.rich()
    var indented = StateFileWriter.document(state).encoded(pretty: true)
    indented.append(0x0a)
    #expect(indented != state.canonicalBytes)
    #expect(try State(decoding: indented, path: "s.json") == state)
    #expect(StateDirectDecoder.decode(indented) == state)
    #expect(try State(decoding: indented, path: "s.json").canonicalBytes == state.canonicalBytes)
  }

  @Test func layoutIsOneLinePerResource() throws {
    let state = StateFixtures.rich()
    let text = String(decoding: state.canonicalBytes, as: UTF8.self)
    #expect(text.hasPrefix("{\n  \"digest_key\""))
    #expect(text.hasSuffix("}\n"))
    #expect(text.contains("\n  \"format_version\": \(State.formatVersion),\n"))
    #expect(text.contains("\"number\":\"123456789012345678901234567890.000000001\""))
    #expect(text.contains("\"number\":\"0.1\""))
    #expect(text.contains("\"duration_ms\":90000"))
    #expect(text.contains("\"unknown\":true"))
    #expect(text.contains("\"sensitive_digest\""))
    #expect(text.contains("\"status\":\"pending\""))
    #expect(text.contains("\"time\":\"2023-11-14T22:13:20Z\""))
    // Each resource is one line of its own: a change to one resource is a one-line diff.
    let lines = text.split(separator: "\n")
    for address in state.resources.keys {
      let matching = lines.filter { $0.hasPrefix("    \"\(address)\": {") }
      #expect(matching.count == 1, "\(address)")
    }
    // Nothing is nested deeper than a member of a top-level member.
    #expect(lines.allSatisfy { !$0.hasPrefix("      ") }, "\(text)")
  }

  @Test func secretsNeverReachTheFile() {
    let bytes = StateFixtures.rich().canonicalBytes
    #expect(!bytes.containsBytes(StateFixtures.secret))
  }

  @Test func sensitiveDigestIsKeyedAndStable() {
    let key = StateFixtures.key
    let secret = Value.sensitive(.string(StateFixtures.secret))
    let digest = RecordedValue(secret, key: key)
    #expect(digest == RecordedValue(secret, key: key))
    #expect(digest != RecordedValue(secret, key: DigestKey(bytes: [1, 2, 3])))
    #expect(digest != RecordedValue(.sensitive(.string("other")), key: key))
    guard case .sensitiveDigest(let hex) = digest else {
      Issue.record("expected a digest")
      return
    }
    #expect(hex == key.digest(of: .string(StateFixtures.secret)))
    #expect(StateHashing.isDigestHex(hex))
    // Nested sensitive parts are digested in place.
    let nested = RecordedValue(.list([.string("a"), secret]), key: key)
    #expect(nested == .list([.string("a"), digest]))
    #expect(nested.value == nil)
    #expect(RecordedValue(.list([.string("a")]), key: key).value == .list([.string("a")]))
    #expect(!"\(key)".contains("0, 1, 2"))
  }

  @Test func hashesMatchKnownVectors() {
    #expect(
      StateHashing.hex(StateHashing.sha256(Array("abc".utf8)))
        == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      StateHashing.hex(StateHashing.sha256([]))
        == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    let long = [UInt8](repeating: 0x61, count: 1000)
    #expect(
      StateHashing.hex(StateHashing.sha256(long))
        == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    // RFC 4231 test case 2.
    #expect(
      StateHashing.hex(StateHashing.hmacSHA256(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
  }

  @Test func timestampsRoundTrip() {
    for seconds: Int64 in [0, 951_782_400, 1_764_094_952, 4_102_444_799] {
      let time = Timestamp(secondsSince1970: seconds)
      #expect(Timestamp(parsing: time.description) == time)
    }
    #expect(Timestamp(secondsSince1970: 0).description == "1970-01-01T00:00:00Z")
    #expect(Timestamp(parsing: "2026-02-30T00:00:00Z") == nil)
    #expect(Timestamp(parsing: "2026-11-25 18:22:32") == nil)
  }

  // MARK: - Corruption: each gives a precise error

  private func decodeError(_ bytes: [UInt8]) -> StateError? {
    do throws(StateError) {
      _ = try State(decoding: bytes, path: "s.json")
      return nil
    } catch {
      return error
    }
  }

  @Test func truncatedFileIsMalformed() {
    let bytes = StateFixtures.rich().canonicalBytes
    let error = decodeError(Array(bytes[0..<(bytes.count / 2)]))
    guard case .malformedJSON(let path, _) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(path == "s.json")
    #expect(decodeError([]) != nil)
  }

  @Test func newerVersionIsRefusedSayingSo() {
    let newer = State.formatVersion + 1
    let error = decodeError(Array(#"{"format_version": \#(newer), "whatever": [1]}"#.utf8))
    #expect(error == .newerFormatVersion(path: "s.json", found: newer, supported: State.formatVersion))
    #expect(error?.description.contains("upgrade immplan") == true)
  }

  @Test func olderOrZeroVersionIsUnsupported() {
    #expect(decodeError(Array(#"{"format_version": 0}"#.utf8)) == .unsupportedFormatVersion(path: "s.json", found: 0))
  }

  @Test func foreignJSONIsNotAStateFile() {
    guard
      case .notAStateFile(_, let terraform) = decodeError(Array(#"{"version": 4, "terraform_version": "1.5.0"}"#.utf8))
    else {
      Issue.record("expected notAStateFile")
      return
    }
    #expect(terraform.contains("Terraform"))
    guard case .notAStateFile(_, let array) = decodeError(Array("[1, 2]".utf8)) else {
      Issue.record("expected notAStateFile")
      return
    }
    #expect(array.contains("not a JSON object"))
    guard case .notAStateFile = decodeError(Array(#"{"hello": "world"}"#.utf8)) else {
      Issue.record("expected notAStateFile")
      return
    }
  }

  @Test func wrongTypesNameTheirJSONPath() {
    let serial = decodeError(StateFixtures.mangled { $0["serial"] = "seven" })
    #expect(
      serial == .invalidField(path: "s.json", jsonPath: "$.serial", reason: "expected an integer, found a string"))

    let missing = decodeError(StateFixtures.mangled { $0.removeValue(forKey: "lineage") })
    #expect(missing == .invalidField(path: "s.json", jsonPath: "$.lineage", reason: "missing required field"))

    let cloudID = decodeError(
      StateFixtures.mangled { document in
        var resources = document["resources"] as! [String: Any]
        var fleet = resources["fleet.web"] as! [String: Any]
        var current = fleet["current"] as! [String: Any]
        current["cloud_id"] = 17
        fleet["current"] = current
        resources["fleet.web"] = fleet
        document["resources"] = resources
      })
    #expect(
      cloudID
        == .invalidField(
          path: "s.json", jsonPath: #"$.resources["fleet.web"].current.cloud_id"#,
          reason: "expected a string, found a number"))
  }

  @Test func bareNumberInAValueIsRefused() {
    let error = decodeError(
      StateFixtures.mangled { document in
        var resources = document["resources"] as! [String: Any]
        var image = resources["image.web"] as! [String: Any]
        var current = image["current"] as! [String: Any]
        var identity = current["identity"] as! [String: Any]
        identity["size"] = 12
        current["identity"] = identity
        image["current"] = current
        resources["image.web"] = image
        document["resources"] = resources
      })
    guard case .invalidField(_, let jsonPath, let reason) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(jsonPath == #"$.resources["image.web"].current.identity.size"#)
    #expect(reason.contains("{\"number\": \"1.5\"}"))
  }

  @Test func nonCanonicalNumberIsRefused() {
    let error = decodeError(
      StateFixtures.mangled { document in
        var resources = document["resources"] as! [String: Any]
        var image = resources["image.web"] as! [String: Any]
        var current = image["current"] as! [String: Any]
        var identity = current["identity"] as! [String: Any]
        identity["ratio"] = ["number": "1e3"]
        current["identity"] = identity
        image["current"] = current
        resources["image.web"] = image
        document["resources"] = resources
      })
    guard case .invalidField(_, let jsonPath, _) = error else {
      Issue.record("got \(String(describing: error))")
      return
    }
    #expect(jsonPath == #"$.resources["image.web"].current.identity.ratio.number"#)
  }

  @Test func impossibleStatesAreRefused() {
    func mutateGeneration(_ index: Int, _ change: @escaping (inout [String: Any]) -> Void) -> [UInt8] {
      StateFixtures.mangled { document in
        var resources = document["resources"] as! [String: Any]
        var image = resources["image.web"] as! [String: Any]
        var generations = image["generations"] as! [[String: Any]]
        change(&generations[index])
        image["generations"] = generations
        resources["image.web"] = image
        document["resources"] = resources
      }
    }
    // generations[0] is g1 (retained), generations[1] is g3 (pending).
    let pendingWithID = decodeError(mutateGeneration(1) { $0["cloud_id"] = "ami-9" })
    #expect(
      pendingWithID
        == .invalidField(
          path: "s.json", jsonPath: #"$.resources["image.web"].generations[1].cloud_id"#,
          reason: "a pending object has no cloud ID (its creation is not confirmed)"))
    let retainedWithoutID = decodeError(mutateGeneration(0) { $0.removeValue(forKey: "cloud_id") })
    guard case .invalidField(_, let path1, _) = retainedWithoutID else {
      Issue.record("got \(String(describing: retainedWithoutID))")
      return
    }
    #expect(path1 == #"$.resources["image.web"].generations[0].cloud_id"#)
    let duplicate = decodeError(mutateGeneration(0) { $0["generation"] = 2 })
    guard case .invalidField(_, let path2, let reason2) = duplicate else {
      Issue.record("got \(String(describing: duplicate))")
      return
    }
    #expect(path2 == #"$.resources["image.web"].generations[0].generation"#)
    #expect(reason2.contains("twice"))
    let badStatus = decodeError(mutateGeneration(0) { $0["status"] = "current" })
    guard case .invalidField(_, let path3, _) = badStatus else {
      Issue.record("got \(String(describing: badStatus))")
      return
    }
    #expect(path3 == #"$.resources["image.web"].generations[0].status"#)
    let wrongKind = decodeError(mutateGeneration(0) { $0["kind"] = "fleet" })
    guard case .invalidField(_, let path4, _) = wrongKind else {
      Issue.record("got \(String(describing: wrongKind))")
      return
    }
    #expect(path4 == #"$.resources["image.web"].generations[0].kind"#)
  }

  @Test func badAddressesAndKeysAreRefused() {
    let address = decodeError(
      StateFixtures.mangled { document in
        var resources = document["resources"] as! [String: Any]
        resources["bucket.web"] = resources["image.web"]
        document["resources"] = resources
      })
    guard case .invalidField(_, let jsonPath, _) = address else {
      Issue.record("got \(String(describing: address))")
      return
    }
    #expect(jsonPath == #"$.resources["bucket.web"]"#)
    let key = decodeError(StateFixtures.mangled { $0["digest_key"] = "xyz" })
    #expect(
      key == .invalidField(path: "s.json", jsonPath: "$.digest_key", reason: "expected 64 lowercase hexadecimal digits")
    )
    let history = decodeError(
      StateFixtures.mangled { document in
        var history = document["history"] as! [[String: Any]]
        history[1]["version"] = 1
        document["history"] = history
      })
    guard case .invalidField(_, let historyPath, _) = history else {
      Issue.record("got \(String(describing: history))")
      return
    }
    #expect(historyPath == "$.history[1].version")
  }

  @Test func errorsRenderWithThePath() {
    let error = StateError.invalidField(
      path: "dir/immplan.state.json", jsonPath: "$.serial", reason: "expected an integer")
    #expect(error.description == "state file `dir/immplan.state.json` is invalid at `$.serial`: expected an integer")
  }
}

@Suite struct StateFileStrictnessTests {
  @Test func unknownFieldsAreRefused() {
    do throws(StateError) {
      _ = try State(decoding: StateFixtures.mangled { $0["extra"] = 1 }, path: "s.json")
      Issue.record("expected an error")
    } catch {
      #expect(error == .invalidField(path: "s.json", jsonPath: "$.extra", reason: "unknown field"))
    }
  }

  @Test func truncationSaysWhere() {
    do throws(StateError) {
      _ = try State(decoding: Array("{\n  \"format_version\": 1,\n  \"lineage\": \"ab".utf8), path: "s.json")
      Issue.record("expected an error")
    } catch {
      guard case .malformedJSON(_, let detail) = error else {
        Issue.record("got \(error)")
        return
      }
      #expect(detail == "unexpected end of input (the file is truncated) at line 3, column 17")
    }
  }

  @Test func parserIsStrict() {
    for bad in ["{\"a\":1,}", "[1 2]", "{\"a\":1,\"a\":2}", "\"\u{01}\"", "01", "1.", "-", "tru", "{'a':1}", "\"\\x\""]
    {
      #expect(throws: JSONParser.SyntaxError.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
    }
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Array(repeating: 0x5b, count: 10_000)) }
    #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse([0x22, 0xff, 0x22]) }
  }

  @Test func writerEscapesAndParserReadsBack() throws {
    let text = "quote\" backslash\\ newline\n tab\t nul\u{0} bell\u{7} del\u{7f} é 😀 /"
    let json = JSONValue.object(["k": .string(text), "n": .number("-1.5e3"), "a": .array([.null, .bool(false)])])
    for pretty in [true, false] {
      let bytes = json.encoded(pretty: pretty)
      guard case .object(let members) = try JSONParser.parse(bytes) else {
        Issue.record("expected an object")
        return
      }
      #expect(members.map(\.key) == ["a", "k", "n"])
      #expect(members[1].value == .string(text))
    }
    #expect(try JSONParser.parse(Array(#""\ud83d\ude00 \u00e9""#.utf8)) == .string("😀 é"))
    #expect(
      JSONValue.object(["b": .integer(1), "a": .array([])]).encoded(pretty: true)
        == Array("{\n  \"a\": [],\n  \"b\": 1\n}".utf8))
  }

  @Test func codedValueStillRoundTripsThroughCodable() throws {
    let value = StateFixtures.rich().current(StateFixtures.image)!.record.identity
    let data = try JSONEncoder().encode(value.mapValues(CodedValue.init))
    let back = try JSONDecoder().decode([String: CodedValue].self, from: data).mapValues(\.value)
    #expect(back == value)
  }
}
