import TestSupport
import Testing

/// The guard that keeps the moto tests from being skipped unnoticed: under `scripts/test` (which
/// exports `IMMPLAN_REQUIRE_MOTO=1`) or `CI=true`, moto's endpoint must be set, so the tests gated
/// by `.requiresMoto` all run. Anywhere else they may be skipped, each with its reason shown.
@Suite struct AWSMotoRequirementTests {
  @Test(.enabled(if: MotoEndpoint.isRequired, "moto is not required here (IMMPLAN_REQUIRE_MOTO and CI are unset)"))
  func motoIsRunningWhenRequired() {
    #expect(
      MotoEndpoint.isAvailable,
      """
      IMMPLAN_REQUIRE_MOTO=1 or CI=true, but IMMPLAN_TEST_AWS_ENDPOINT is not set: every moto test was \
      skipped. Run the tests under scripts/with-moto (scripts/test does).
      """)
  }
}
