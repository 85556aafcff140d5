import Foundation
import Testing

/// moto's loopback endpoint for the tests against it (`IMMPLAN_TEST_AWS_ENDPOINT`, exported by
/// `scripts/with-moto`, which `scripts/test` and `scripts/test-aws` run under), and the one
/// condition every such test is gated by:
///
/// ```swift
/// @Test(.requiresMoto) func conditionalWrites() async throws {
///   let endpoint = try MotoEndpoint.required()
///   …
/// }
/// ```
///
/// Without an endpoint these tests are skipped, and each skip is listed with its reason in the
/// test output: they never pass without running. `scripts/test` also exports
/// `IMMPLAN_REQUIRE_MOTO=1`, under which a missing endpoint fails the run
/// (`AWSMotoRequirementTests`), so in CI the skips cannot go unnoticed either.
public enum MotoEndpoint {
  /// The endpoint (`http://127.0.0.1:PORT`), or nil when `IMMPLAN_TEST_AWS_ENDPOINT` is unset or empty.
  public static var current: String? {
    guard let endpoint = ProcessInfo.processInfo.environment["IMMPLAN_TEST_AWS_ENDPOINT"], !endpoint.isEmpty
    else { return nil }
    return endpoint
  }

  /// Whether the moto tests run.
  public static var isAvailable: Bool { current != nil }

  /// Whether this run must have moto: `IMMPLAN_REQUIRE_MOTO=1` (set by `scripts/test`) or `CI=true`.
  public static var isRequired: Bool {
    let environment = ProcessInfo.processInfo.environment
    return environment["IMMPLAN_REQUIRE_MOTO"] == "1" || environment["CI"] == "true"
  }

  /// Why a moto test did not run; shown beside each skipped test.
  public static let skipReason: Comment =
    "needs moto: IMMPLAN_TEST_AWS_ENDPOINT is not set (scripts/with-moto starts moto and sets it)"

  /// The endpoint, inside a test gated by ``Testing/Trait/requiresMoto`` (where it is always
  /// set); throws, failing the test, when it is not.
  public static func required(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    try #require(current, skipReason, sourceLocation: sourceLocation)
  }
}

extension Trait where Self == ConditionTrait {
  /// Runs the test only when moto's endpoint is set (``MotoEndpoint/isAvailable``); otherwise
  /// the test is reported as skipped, with ``MotoEndpoint/skipReason``.
  public static var requiresMoto: Self {
    .enabled(if: MotoEndpoint.isAvailable, MotoEndpoint.skipReason)
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
