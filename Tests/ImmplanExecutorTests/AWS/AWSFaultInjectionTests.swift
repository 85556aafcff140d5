import Foundation
import Testing

@testable import ImmplanExecutor

/// Failures moto cannot produce, from `FaultInjectingServer`: each ends in a clear error or a success
/// after a bounded number of attempts.
@Suite(.serialized) struct AWSFaultInjectionTests {
  static let emptyDescribe = """
    <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId><reservationSet/></DescribeInstancesResponse>
    """
  static let throttled = """
    <Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>t</RequestID></Response>
    """
  static let html = "<html><body><h1>500 Internal Server Error</h1><p>upstream broke</p></body></html>"

  func ec2(_ server: FaultInjectingServer, attempts: Int = 3, timeout: Double = 5) -> QueryClient {
    let configuration = AWSTestConfiguration.configuration(
      endpoint: server.endpoint, attempts: attempts, timeout: timeout)
    return QueryClient(client: AWSServiceClient(service: "ec2", configuration: configuration), version: "2016-11-15")
  }

  @Test func throttlingIsRetriedThenSucceeds() async throws {
    let server = try FaultInjectingServer(script: [
      .respond(status: 503, body: Self.throttled),
      .respond(status: 400, body: Self.throttled.replacingOccurrences(of: "RequestLimitExceeded", with: "Throttling")),
      .respond(status: 200, body: Self.emptyDescribe),
    ])
    defer { server.stop() }
    let tree = try await ec2(server).call("DescribeInstances")
    #expect(tree.name == "DescribeInstancesResponse")
    #expect(server.requestCount == 3)
    // Every attempt is a signed form POST with the Query protocol's fixed parameters.
    for request in server.receivedRequests {
      #expect(request.hasPrefix("POST / HTTP/1.1"))
      #expect(request.lowercased().contains("content-type: application/x-www-form-urlencoded; charset=utf-8"))
      #expect(request.contains("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
      #expect(request.hasSuffix("Action=DescribeInstances&Version=2016-11-15"))
      #expect(!request.contains("fake-secret-for-tests"))
    }
  }

  @Test func persistentThrottlingGivesUpAfterTheBound() async throws {
    let server = try FaultInjectingServer(script: [.respond(status: 503, body: Self.throttled)])
    defer { server.stop() }
    await #expect(
      throws: AWSError.retriesExhausted(
        attempts: 3,
        last: .service(
          code: "RequestLimitExceeded", message: "Request limit exceeded.", statusCode: 503, requestID: "t"))
    ) {
      try await ec2(server).call("DescribeInstances")
    }
    #expect(server.requestCount == 3)
  }

  @Test func htmlServerErrorIsAClearErrorNotACrash() async throws {
    let server = try FaultInjectingServer(script: [
      .respond(status: 500, headers: ["Content-Type": "text/html"], body: Self.html)
    ])
    defer { server.stop() }
    do {
      _ = try await ec2(server, attempts: 2).call("DescribeInstances")
      Issue.record("expected an error")
    } catch {
      #expect(error.statusCode == 500)
      #expect(
        error.description.hasPrefix(
          "unexpected HTTP 500 with a body that is not an AWS error document: 500 Internal Server Error upstream broke")
      )
      #expect(error.description.hasSuffix("(gave up after 2 attempts)"))
    }
    #expect(server.requestCount == 2)
  }

  @Test func htmlSuccessBodyIsMalformed() async throws {
    let server = try FaultInjectingServer(script: [.respond(status: 200, body: "<html><body>hi")])
    defer { server.stop() }
    await #expect(throws: AWSError.self) { try await ec2(server).call("DescribeInstances") }
    #expect(server.requestCount == 1)
  }

  @Test func droppedConnectionIsRetried() async throws {
    let server = try FaultInjectingServer(script: [.dropConnection, .respond(status: 200, body: Self.emptyDescribe)])
    defer { server.stop() }
    _ = try await ec2(server).call("DescribeInstances")
    #expect(server.requestCount == 2)
  }

  @Test func alwaysDroppedIsATransportError() async throws {
    let server = try FaultInjectingServer(script: [.dropConnection])
    defer { server.stop() }
    do {
      _ = try await ec2(server, attempts: 2).call("DescribeInstances")
      Issue.record("expected an error")
    } catch {
      guard case .retriesExhausted(2, .transport) = error else {
        Issue.record("expected exhausted transport retries, got \(error)")
        return
      }
    }
  }

  @Test func slowAnswerTimesOutAndIsBounded() async throws {
    let server = try FaultInjectingServer(script: [
      .delay(seconds: 1.5, then: .respond(status: 200, body: Self.emptyDescribe))
    ])
    defer { server.stop() }
    let started = Date()
    await #expect(throws: AWSError.retriesExhausted(attempts: 2, last: .timedOut(seconds: 0.3))) {
      try await ec2(server, attempts: 2, timeout: 0.3).call("DescribeInstances")
    }
    #expect(Date().timeIntervalSince(started) < 3)
  }

  @Test func slowButInTimeSucceeds() async throws {
    let server = try FaultInjectingServer(script: [
      .delay(seconds: 0.2, then: .respond(status: 200, body: Self.emptyDescribe))
    ])
    defer { server.stop() }
    _ = try await ec2(server, timeout: 3).call("DescribeInstances")
    #expect(server.requestCount == 1)
  }

  @Test func clientErrorsAreNotRetriedAndKeepAWSWording() async throws {
    let body =
      "<Response><Errors><Error><Code>InvalidAMIID.NotFound</Code><Message>The image id '[ami-1]' does not exist</Message></Error></Errors></Response>"
    let server = try FaultInjectingServer(script: [.respond(status: 400, body: body)])
    defer { server.stop() }
    do {
      _ = try await ec2(server).call("DescribeImages")
      Issue.record("expected an error")
    } catch {
      #expect(error.description == "InvalidAMIID.NotFound: The image id '[ami-1]' does not exist")
    }
    #expect(server.requestCount == 1)
  }

  @Test func paginationFollowsNextTokenAndStopsOnRepeat() async throws {
    func page(_ id: String, next: String?) -> FaultInjectingServer.Behaviour {
      .respond(
        status: 200,
        body:
          "<R><reservationSet><item><reservationId>\(id)</reservationId></item></reservationSet>\(next.map { "<nextToken>\($0)</nextToken>" } ?? "")</R>"
      )
    }
    let server = try FaultInjectingServer(script: [page("a", next: "t1"), page("b", next: "t2"), page("c", next: "t1")])
    defer { server.stop() }
    let ids = try await ec2(server).callPaginated("DescribeInstances", QueryParameters()) { tree throws(AWSError) in
      (tree["reservationSet"]?.items ?? []).compactMap { $0.string("reservationId") }
    }
    #expect(ids == ["a", "b", "c"])
    #expect(server.receivedRequests[1].hasSuffix("NextToken=t1"))
  }

  @Test func unreachableEndpointIsATransportError() async throws {
    // Bind and close a server so its port is (almost certainly) free.
    let server = try FaultInjectingServer(script: [.dropConnection])
    let endpoint = server.endpoint
    server.stop()
    let configuration = AWSTestConfiguration.configuration(endpoint: endpoint, attempts: 2, timeout: 2)
    let client = QueryClient(
      client: AWSServiceClient(service: "ec2", configuration: configuration), version: "2016-11-15")
    await #expect(throws: AWSError.self) { try await client.call("DescribeInstances") }
  }

  @Test func cancellingTheTaskCancelsTheRequestAtOnce() async throws {
    let server = try FaultInjectingServer(script: [
      .delay(seconds: 3, then: .respond(status: 200, body: Self.emptyDescribe))
    ])
    defer { server.stop() }
    let client = ec2(server, timeout: 10)
    let started = Date()
    let task = Task { () async throws(AWSError) -> XMLTree in try await client.call("DescribeInstances") }
    try await Task.sleep(nanoseconds: 200_000_000)
    task.cancel()
    let result = await task.result
    #expect(throws: AWSError.cancelled) { try result.get() }
    #expect(Date().timeIntervalSince(started) < 2)
    #expect(server.requestCount == 1)
  }
}
