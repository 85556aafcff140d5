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
