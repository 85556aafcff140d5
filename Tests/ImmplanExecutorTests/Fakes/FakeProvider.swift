import Foundation
import ImmplanExecutor
import ImmplanParser
import Synchronization

/// An in-memory provider for engine tests (STYLE.md): each call sleeps `latency` of real time so
/// concurrency is observable, records what ran, and fails on demand.
final class FakeProvider: Provider {
  struct Log: Sendable {
    var started: [String] = []
    var finished: [String] = []
    var running = 0
    var maxRunning = 0
    var objects: [String: CreatedObject] = [:]
    var transientFailuresLeft: [String: Int] = [:]
    /// Fleets' healthy instances by cloud ID: their desired capacity, from the identity.
    var healthy: [String: Int] = [:]
  }

  let name = "fake"
  let latency: Duration
  /// Address text → call that fails permanently (`create`, `destroy`, `health`).
  let failures: [String: String]
  let log: Mutex<Log>

  init(latency: Duration = .zero, failures: [String: String] = [:], transientFailures: [String: Int] = [:]) {
    self.latency = latency
    self.failures = failures
    self.log = Mutex(Log(transientFailuresLeft: transientFailures))
  }

  var snapshot: Log { log.withLock { $0 } }

  private func call<T>(_ label: String, address: ResourceAddress, failOn: String, _ body: () -> T)
    async throws(ProviderError) -> T
  {
    log.withLock {
      $0.started.append(label)
      $0.running += 1
      $0.maxRunning = max($0.maxRunning, $0.running)
    }
    defer { log.withLock { $0.running -= 1 } }
    let transient = log.withLock { log -> Bool in
      guard let left = log.transientFailuresLeft[address.description], left > 0 else { return false }
      log.transientFailuresLeft[address.description] = left - 1
      return true
    }
    if transient { throw .transient(message: "throttled") }
    if failures[address.description] == failOn { throw .permanent(code: "Injected", message: "\(failOn) fails") }
    do {
      if latency > .zero { try await Task.sleep(for: latency) }
    } catch {
      throw .cancelled
    }
    let result = body()
    log.withLock { $0.finished.append(label) }
    return result
  }

  func create(
    _ kind: ResourceKind, plannedName: String, identity: [String: Value], knownOutputs: [String: Value],
    context: ProviderContext
  ) async throws(ProviderError) -> CreatedObject {
    try await call("create \(context.address) \(plannedName)", address: context.address, failOn: "create") {
      var outputs = knownOutputs
      outputs["id"] = .string("id-" + plannedName)
      outputs["name"] = .string(plannedName)
      let object = CreatedObject(kind: kind, cloudID: "id-" + plannedName, plannedName: plannedName, outputs: outputs)
      let capacity = (identity["desired_capacity"] ?? identity["min_size"])?.numberValue?.intValue ?? 0
      log.withLock {
        $0.objects["\(kind.rawValue)/\(plannedName)"] = object
        $0.healthy[object.cloudID] = capacity
      }
      return object
    }
  }

  func destroy(_ kind: ResourceKind, cloudID: String, plannedName: String, context: ProviderContext)
    async throws(ProviderError)
  {
    try await call("destroy \(context.address) \(plannedName)", address: context.address, failOn: "destroy") {
      _ = log.withLock { $0.objects.removeValue(forKey: "\(kind.rawValue)/\(plannedName)") }
    }
  }

  func read(_ kind: ResourceKind, cloudID: String, identity: [String: Value], context: ProviderContext)
    async throws(ProviderError) -> ReadResult
  {
    log.withLock { $0.objects.values.contains { $0.cloudID == cloudID } } ? .matches : .missing
  }

  func find(_ kind: ResourceKind, plannedName: String, context: ProviderContext) async throws(ProviderError)
    -> CreatedObject?
  {
    log.withLock { $0.objects["\(kind.rawValue)/\(plannedName)"] }
  }

  func fleetHealth(fleetID: String, plannedName: String, context: ProviderContext)
    async throws(ProviderError) -> FleetHealth
  {
    try await call("health \(context.address) \(plannedName)", address: context.address, failOn: "health") {
      FleetHealth(healthy: log.withLock { $0.healthy[fleetID] } ?? 0, nextLook: .seconds(1))
    }
  }
}

/// Collects events for assertions.
final class RecordingReporter: ExecutionReporter {
  let events = Mutex<[ExecutionEvent]>([])
  func report(_ event: ExecutionEvent) { events.withLock { $0.append(event) } }
  var all: [ExecutionEvent] { events.withLock { $0 } }
  var lines: [String] { all.compactMap(PlainTextReporter.line(for:)) }
}

/// A clock whose sleeps block until the test releases them; `now` is fixed unless advanced.
final class BlockingClock: ExecutionClock {
  private let state = Mutex<(now: Date, sleepers: [CheckedContinuation<Void, Never>], sleeping: Int)>(
    (Date(timeIntervalSince1970: 1_767_225_600), [], 0))

  var now: Date { state.withLock { $0.now } }
  var sleeping: Int { state.withLock { $0.sleeping } }

  func sleep(for duration: Duration) async throws {
    await withCheckedContinuation { continuation in
      state.withLock {
        $0.sleepers.append(continuation)
        $0.sleeping += 1
      }
    }
    try Task.checkCancellation()
  }

  /// Advances time and wakes every sleeper.
  func release(advancing duration: Duration) {
    let sleepers = state.withLock { state in
      state.now = state.now.addingTimeInterval(Double(duration.components.seconds))
      let sleepers = state.sleepers
      state.sleepers = []
      state.sleeping = 0
      return sleepers
    }
    for sleeper in sleepers { sleeper.resume() }
  }

  /// Waits (real time, bounded) until some task sleeps on this clock.
  func waitForSleeper() async {
    for _ in 0..<1000 where sleeping == 0 { try? await Task.sleep(for: .milliseconds(2)) }
  }
}

// MARK: - Helpers

func temporaryDirectory() -> String {
  let path = NSTemporaryDirectory() + "immplan-executor-tests-" + UUID().uuidString
  try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}

func files(in directory: String, kind: ResourceKind) -> [String] {
  ((try? FileManager.default.contentsOfDirectory(atPath: "\(directory)/\(kind.rawValue)")) ?? [])
    .filter { !$0.hasPrefix(".") }.sorted()
}

func address(_ text: String) -> ResourceAddress { ResourceAddress(parsing: text)! }

func create(
  _ id: String, _ addressText: String, name: String, dependsOn: [String] = [], identity: [String: Value] = [:],
  gate: HealthGate? = nil, replacing: String? = nil
) -> ExecutionOperation {
  // A fleet's gate comes from its identity's capacity, as in a plan (the fake's fleets have that
  // many healthy instances).
  var identity = identity
  if let gate, identity["desired_capacity"] == nil {
    identity["desired_capacity"] = .number(Number(gate.desiredCapacity))
  }
  return ExecutionOperation(
    id: id, address: address(addressText),
    action: .create(
      CreateRequest(plannedName: name, generation: 1, identity: identity, healthGate: gate, replacing: replacing)),
    dependsOn: dependsOn)
}

func destroy(_ id: String, _ addressText: String, cloudID: String, name: String, dependsOn: [String] = [])
  -> ExecutionOperation
{
  ExecutionOperation(
    id: id, address: address(addressText), action: .destroy(cloudID: cloudID, plannedName: name), dependsOn: dependsOn)
}
