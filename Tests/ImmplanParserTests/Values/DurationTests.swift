import ImmplanParser
import Testing

@Suite struct DurationTests {
  @Test(arguments: [
    ("90s", 90_000), ("10m", 600_000), ("1h30m", 5_400_000), ("250ms", 250), ("1.5h", 5_400_000), ("0s", 0),
    ("0", 0), ("0ms", 0), ("1h0m5s", 3_605_000), ("2h", 7_200_000), ("1m30s", 90_000), ("1.5s", 1500),
    (".5s", 500), ("5.s", 5000), ("0.001s", 1), ("1s500ms", 1500), ("100000h", 360_000_000_000), ("1s1s", 2000),
    ("00010s", 10_000), ("1.250s", 1250),
  ])
  func parses(text: String, milliseconds: Int64) {
    #expect(DurationValue(parsing: text)?.milliseconds == milliseconds)
  }

  @Test(arguments: [
    "", "s", "10", "1", "-1s", "+1s", "1 s", " 1s", "1s ", "1x", "1d", "1ns", "1us", "1µs", "1.5ms", "0.0001s",
    "1h30", "h1", "1.2.3s", ".s", "1S", "1H", "9999999999999999999h", "2562047788016h", "1e3s", "abc", "1hm",
  ])
  func rejects(text: String) {
    #expect(DurationValue(parsing: text) == nil)
  }

  @Test(arguments: [
    (0, "0s"), (250, "250ms"), (1000, "1s"), (90_000, "1m30s"), (600_000, "10m"), (5_400_000, "1h30m"),
    (3_605_000, "1h5s"), (3_600_001, "1h1ms"), (1500, "1s500ms"), (360_000_000_000, "100000h"),
  ])
  func canonicalText(milliseconds: Int64, text: String) {
    let duration = DurationValue(milliseconds: milliseconds)
    #expect(duration.description == text)
    #expect(DurationValue(parsing: text) == duration)
  }

  @Test func canonicalTextRoundTrips() {
    for milliseconds: Int64 in [1, 59_999, 60_000, 3_599_999, 86_400_000, 123_456_789, Int64.max] {
      let duration = DurationValue(milliseconds: milliseconds)
      #expect(DurationValue(parsing: duration.description) == duration, "\(duration)")
    }
  }
}
