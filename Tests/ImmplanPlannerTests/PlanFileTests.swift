import Foundation
import ImmplanParser
import ImmplanPlanner
import Testing

@Suite struct PlanFileTests {
  private func cascadePlan() -> Plan {
    var config = TestConfig.group("web")
    config.addGroup("batch")
    config["fleet.web"].settings.healthCheck?.gracePeriod = .seconds(90)
    let state = converge(config)
    var changed = TestConfig.group("web", provision: ["install-app 1.5.0"])
    changed["fleet.web"].settings.healthCheck?.gracePeriod = .seconds(90)
    changed["launch_template.web"].attributes["user_data"] = .value(.sensitive(.string("s3cr3t-token")))
    return plan(
      changed, state,
      variables: [
        VariableValue(
          name: "token", type: .string, value: .sensitive(.string("s3cr3t-token")), isSensitive: true, description: nil),
        VariableValue(
          name: "size", type: .number, value: .number(Number("12345678901234567890.5")!), isSensitive: false,
          description: nil),
      ]
    ).plan!
  }

  @Test func roundTripsEveryField() throws {
    let plan = cascadePlan()
    let (bytes, checksum) = PlanFile.encode(plan)
    let decoded = try PlanFile.decode(bytes, path: "plan.json")
    #expect(decoded.checksum == checksum)
    #expect(decoded.plan.changes == plan.changes)
    #expect(decoded.plan.operations == plan.operations)
    #expect(decoded.plan.variables == plan.variables)
    #expect(decoded.plan.prior == plan.prior)
    #expect(PlanFile.encode(decoded.plan).bytes == bytes)
  }

  @Test func encodingIsDeterministic() {
    let a = PlanFile.encode(cascadePlan())
    let b = PlanFile.encode(cascadePlan())
    #expect(a.bytes == b.bytes)
    #expect(a.checksum == b.checksum)
    #expect(a.checksum.count == 64)
  }

  @Test func secretsNeverReachTheFile() {
    let text = String(decoding: PlanFile.encode(cascadePlan()).bytes, as: UTF8.self)
    #expect(!text.contains("s3cr3t"))
    #expect(text.contains("sensitive_digest"))
    #expect(text.contains("12345678901234567890.5"))
  }

  @Test func tamperedFileIsRefused() throws {
    var bytes = PlanFile.encode(cascadePlan()).bytes
    let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "immplan-web-g2", with: "immplan-web-g9")
    bytes = Array(text.utf8)
    #expect(throws: PlanFileError.self) { try PlanFile.decode(bytes, path: "plan.json") }
    do {
      _ = try PlanFile.decode(bytes, path: "plan.json")
    } catch {
      guard case .checksumMismatch = error else { Issue.record("expected a checksum mismatch, got \(error)"); return }
    }
  }

  @Test func truncatedFileIsRefused() {
    let bytes = PlanFile.encode(cascadePlan()).bytes
    do {
      _ = try PlanFile.decode(Array(bytes.prefix(bytes.count / 2)), path: "plan.json")
      Issue.record("accepted a truncated file")
    } catch {
      guard case .malformedJSON = error else { Issue.record("got \(error)"); return }
      #expect(error.description.contains("truncated"))
    }
  }

  @Test func newerVersionIsRefusedSayingSo() {
    let text = String(decoding: PlanFile.encode(cascadePlan()).bytes, as: UTF8.self)
      .replacingOccurrences(of: "\"format_version\": \(PlanFile.formatVersion)", with: "\"format_version\": 7")
    do {
      _ = try PlanFile.decode(Array(text.utf8), path: "plan.json")
      Issue.record("accepted")
    } catch {
      #expect(error == .newerFormatVersion(path: "plan.json", found: 7, supported: PlanFile.formatVersion))
      #expect(error.description.contains("newer than this build understands"))
    }
  }

  @Test func otherJSONIsNotAPlanFile() {
    do {
      _ = try PlanFile.decode(Array(#"{"lineage": "x", "serial": 1}"#.utf8), path: "state.json")
      Issue.record("accepted")
    } catch {
      guard case .notAPlanFile(_, let reason) = error else { Issue.record("got \(error)"); return }
      #expect(reason.contains("state file"))
    }
  }

  @Test func noChangePlanIsAValidPlanFile() throws {
    let config = TestConfig.group("web")
    let state = converge(config)
    let plan = try #require(plan(config, state).plan)
    let decoded = try PlanFile.decode(PlanFile.encode(plan).bytes, path: "p")
    #expect(!decoded.plan.hasChanges)
    #expect(decoded.plan.unchangedCount == 3)
  }

  // MARK: - Saving

  @Test func savingWritesTheEncodedBytesAtomically() throws {
    let plan = cascadePlan()
    let directory = StateFixtures.temporaryDirectory()
    defer { StateFixtures.cleanup(directory) }
    let path = directory + "/plan.json"
    let checksum = try PlanFile.save(plan, to: path)
    let encoded = PlanFile.encode(plan)
    #expect(checksum == encoded.checksum)
    let written = try #require(FileManager.default.contents(atPath: path))
    #expect(Array(written) == encoded.bytes)
    #expect(try PlanFile.decode(Array(written), path: path).checksum == checksum)
    // Nothing else is left beside it (the temporary file was renamed).
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["plan.json"])
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o644)
  }

  @Test func savingOverAFileKeepsItsPermissions() throws {
    let directory = StateFixtures.temporaryDirectory()
    defer { StateFixtures.cleanup(directory) }
    let path = directory + "/plan.json"
    FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o600])
    let checksum = try PlanFile.save(cascadePlan(), to: path)
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    let written = try #require(FileManager.default.contents(atPath: path))
    #expect(try PlanFile.decode(Array(written), path: path).checksum == checksum)
  }

  @Test func savingThroughASymbolicLinkWritesItsTarget() throws {
    let directory = StateFixtures.temporaryDirectory()
    defer { StateFixtures.cleanup(directory) }
    let target = directory + "/target.json"
    FileManager.default.createFile(atPath: target, contents: Data("old".utf8))
    try FileManager.default.createSymbolicLink(atPath: directory + "/link.json", withDestinationPath: target)
    let checksum = try PlanFile.save(cascadePlan(), to: directory + "/link.json")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/link.json") == target)
    let written = try #require(FileManager.default.contents(atPath: target))
    #expect(try PlanFile.decode(Array(written), path: target).checksum == checksum)
  }

  @Test func savingIntoAMissingDirectoryFailsAndWritesNothing() throws {
    let directory = StateFixtures.temporaryDirectory()
    defer { StateFixtures.cleanup(directory) }
    let path = directory + "/missing/plan.json"
    do {
      _ = try PlanFile.save(cascadePlan(), to: path)
      Issue.record("saving into a missing directory succeeded")
    } catch {
      #expect(error.path == path)
      #expect(error.reason == "no such file or directory")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
  }
}
