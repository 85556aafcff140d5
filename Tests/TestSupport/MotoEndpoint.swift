import Foundation
import Testing

/// moto's loopback endpoint for the tests against it (`IMMPLAN_TEST_AWS_ENDPOINT`, exported by
/// `scripts/with-moto` and `scripts/test-aws`). Shared by the executor's moto tests and the
/// end-to-end aws tests, so both follow one rule.
public enum MotoEndpoint {
  /// The endpoint, or nil. Under `CI=true` a missing endpoint is a test failure (the test script
  /// must start moto); elsewhere the test is skipped with a message.
  public static func current() -> String? {
    let environment = ProcessInfo.processInfo.environment
    if let endpoint = environment["IMMPLAN_TEST_AWS_ENDPOINT"], !endpoint.isEmpty { return endpoint }
    if environment["CI"] == "true" {
      Issue.record(
        "IMMPLAN_TEST_AWS_ENDPOINT is not set: in CI the aws tests need moto (run scripts/with-moto or scripts/moto-server start)"
      )
    } else {
      print("skipping moto test: IMMPLAN_TEST_AWS_ENDPOINT is not set (scripts/with-moto starts moto and sets it)")
    }
    return nil
  }
}

/// Keeps the tests that change moto's global behaviour apart from those that depend on it.
///
/// All test targets run in one process, sharing one moto server. The signature test switches
/// moto's signature checking on for a moment (`/moto-api/reset-auth`); a test running then with fake
/// keys (the end-to-end binary, which cannot pick its own moto account) would be refused, and would
/// use up the signature test's unchecked calls. Both wrap their work in ``run(_:)``.
public actor MotoServerLock {
  public static let shared = MotoServerLock()
  private var held = false
  private var waiters: [CheckedContinuation<Void, Never>] = []

  private func acquire() async {
    if !held {
      held = true
      return
    }
    await withCheckedContinuation { waiters.append($0) }
  }

  private func release() {
    if waiters.isEmpty { held = false } else { waiters.removeFirst().resume() }
  }

  /// Runs `body` while no other holder runs.
  public func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
    await acquire()
    do {
      let result = try await body()
      release()
      return result
    } catch {
      release()
      throw error
    }
  }
}
