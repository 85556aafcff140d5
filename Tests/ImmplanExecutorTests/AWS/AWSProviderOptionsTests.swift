import ImmplanParser
import Testing

@testable import ImmplanExecutor

/// The environment may shorten the provider's waits (the end-to-end tests against moto do).
@Suite struct AWSProviderOptionsTests {
  static let environment = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "HOME": "/nonexistent"]

  static func provider(_ extra: [String: String]) throws -> AWSProvider {
    try AWSProvider(
      settings: AWSProviderSettings(region: "us-east-1", endpoint: "http://127.0.0.1:1"),
      environment: environment.merging(extra) { _, new in new })
  }

  @Test func defaultsSuitAWS() throws {
    let options = try Self.provider([:]).options
    #expect(options.drainTime == .seconds(30))
    #expect(options.pollInterval == .seconds(5))
    #expect(options.builderCompletion == .running)
  }

  @Test func environmentShortensDrainAndPolls() throws {
    let options = try Self.provider(["IMMPLAN_AWS_DRAIN_TIME": "0", "IMMPLAN_AWS_POLL_INTERVAL": "0.25"]).options
    #expect(options.drainTime == .zero)
    #expect(options.pollInterval == .milliseconds(250))
  }

  @Test func nonsenseIsIgnored() throws {
    for bad in ["", "-1", "soon", "nan", "inf", "1e300", "86401"] {
      let options = try Self.provider(["IMMPLAN_AWS_DRAIN_TIME": bad, "IMMPLAN_AWS_POLL_INTERVAL": bad]).options
      #expect(options.drainTime == .seconds(30), "\(bad)")
      #expect(options.pollInterval == .seconds(5), "\(bad)")
    }
    // A zero poll interval would spin: ignored.
    #expect(try Self.provider(["IMMPLAN_AWS_POLL_INTERVAL": "0"]).options.pollInterval == .seconds(5))
  }
}
