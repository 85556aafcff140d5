import Foundation
import ImmplanParser
import ImmplanPlanner
import Testing

@testable import ImmplanExecutor

/// Bad answers reaching the S3 state backend and the aws provider: clear errors, bounded retries,
/// nothing half-written reported as success.
@Suite(.serialized) struct AWSFaultInjectionStateAndProviderTests {
  static let html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
  static let slowDown = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"

  func storage(_ server: FaultInjectingServer, attempts: Int = 3) -> S3StateStorage {
    S3StateStorage(
      bucket: "state", key: "immplan.state.json",
      configuration: AWSTestConfiguration.configuration(endpoint: server.endpoint, attempts: attempts, timeout: 2),
      pollInterval: .milliseconds(10))
  }

  @Test func stateWriteAfterSlowDownSucceeds() async throws {
    let server = try FaultInjectingServer(script: [
      .respond(status: 503, body: Self.slowDown),
      .respond(status: 200, headers: ["ETag": "\"abc\""], body: ""),
    ])
    defer { server.stop() }
    let version = try await storage(server).writeState(Array("{}".utf8), expected: nil)
    #expect(version.token == "\"abc\"")
    #expect(server.requestCount == 2)
    let put = try #require(server.receivedRequests.last)
    #expect(put.hasPrefix("PUT /state/immplan.state.json HTTP/1.1"))
    #expect(put.lowercased().contains("if-none-match: *"))
    #expect(
      put.lowercased().contains(
        "x-amz-content-sha256: 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"))
  }

  @Test func stateWriteAgainstHTMLErrorsIsAClearIOError() async throws {
    let server = try FaultInjectingServer(script: [
      .respond(status: 502, headers: ["Content-Type": "text/html"], body: Self.html)
    ])
    defer { server.stop() }
    let storage = storage(server, attempts: 2)
    do {
      _ = try await storage.writeState(Array("{}".utf8), expected: nil)
      Issue.record("expected an error")
    } catch {
      guard case .io(let path, let operation, let reason) = error else {
        Issue.record("expected an I/O error, got \(error)")
        return
      }
      #expect(path == "s3://state/immplan.state.json")
      #expect(operation == "write")
      #expect(
        reason
          == "unexpected HTTP 502 with a body that is not an AWS error document: 502 Bad Gateway (gave up after 2 attempts)"
      )
    }
    #expect(server.requestCount == 2)
  }

  @Test func lostCompareAndSwapIsStateChanged() async throws {
    let failed =
      "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>"
    let server = try FaultInjectingServer(script: [
      .respond(status: 200, headers: ["ETag": "\"v2\""], body: "{\"serial\":2}"),  // GET for the backup
      .respond(status: 412, body: failed),
    ])
    defer { server.stop() }
    let storage = storage(server)
    await #expect(throws: StateError.stateChanged(path: storage.location)) {
      try await storage.writeState(Array("{}".utf8), expected: StateVersion(token: "\"v1\""))
    }
    #expect(server.receivedRequests.last?.lowercased().contains("if-match: \"v1\"") == true)
  }

  @Test func droppedConnectionsWhileLockingEndInAnError() async throws {
    let server = try FaultInjectingServer(script: [.dropConnection])
    defer { server.stop() }
    let storage = storage(server, attempts: 2)
    let info = LockInfo(id: "l1", who: "me@host", time: Timestamp(secondsSince1970: 0), operation: "apply", pid: 1)
    do {
      try await storage.acquireLock(info, timeout: .zero)
      Issue.record("expected an error")
    } catch {
      guard case .io(_, let operation, let reason) = error else {
        Issue.record("expected an I/O error, got \(error)")
        return
      }
      #expect(operation == "create lock")
      #expect(reason.hasPrefix("connection failed"))
    }
  }

  @Test func throttledProviderCallsAreTransientForTheExecutor() async throws {
    let throttled =
      "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"
    let server = try FaultInjectingServer(script: [.respond(status: 400, body: throttled)])
    defer { server.stop() }
    var options = AWSProvider.Options()
    options.pollInterval = .milliseconds(10)
    let provider = AWSProvider(
      configuration: AWSTestConfiguration.configuration(endpoint: server.endpoint, attempts: 3), options: options)
    let context = ProviderContext(address: ResourceAddress(kind: .fleet, name: "web"), operationID: "op")
    do {
      _ = try await provider.find(.fleet, plannedName: "immplan-web-g1", context: context)
      Issue.record("expected an error")
    } catch {
      #expect(error == .transient(message: "Throttling: Rate exceeded (gave up after 3 attempts)"))
    }
    #expect(server.requestCount == 3)
  }

  @Test func htmlFromAnUnimplementedCallIsNotACrash() async throws {
    // moto answers calls it does not implement with HTTP 500 and an HTML page.
    let server = try FaultInjectingServer(script: [
      .respond(
        status: 500, headers: ["Content-Type": "text/html"],
        body: "<!doctype html><title>500 Internal Server Error</title><h1>Internal Server Error</h1>")
    ])
    defer { server.stop() }
    let provider = AWSProvider(
      configuration: AWSTestConfiguration.configuration(endpoint: server.endpoint, attempts: 2))
    let context = ProviderContext(address: ResourceAddress(kind: .image, name: "web"), operationID: "op")
    do {
      _ = try await provider.read(.image, cloudID: "ami-1", identity: [:], context: context)
      Issue.record("expected an error")
    } catch {
      #expect(error.isTransient)
      #expect(error.description.contains("500 Internal Server Error"))
    }
  }
}
