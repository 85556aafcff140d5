import Foundation

/// ISO 8601 instants as AWS writes them: `2019-11-09T13:34:41Z` from STS and the metadata
/// services, `2026-12-07T22:20:03.690551Z` from moto (any number of fraction digits), and offsets
/// such as `+02:00` or `+0200` from credential processes.
///
/// Hand-written rather than `ISO8601DateFormatter`, whose handling of more than three fraction
/// digits differs between platforms; a malformed text is nil, never a guess.
enum AWSTimestampParser {
  /// The instant `text` names, or nil.
  static func parse(_ text: String) -> Date? {
    var cursor = Array(text.trimmingCharacters(in: .whitespaces).utf8)[...]
    guard let year = number(&cursor, digits: 4), skip(&cursor, "-"), let month = number(&cursor, digits: 2),
      skip(&cursor, "-"), let day = number(&cursor, digits: 2)
    else { return nil }
    guard let separator = cursor.popFirst(),
      separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t")
        || separator == UInt8(ascii: " ")
    else { return nil }
    guard let hour = number(&cursor, digits: 2), skip(&cursor, ":"), let minute = number(&cursor, digits: 2),
      skip(&cursor, ":"), let second = number(&cursor, digits: 2)
    else { return nil }
    var fraction = 0.0
    if cursor.first == UInt8(ascii: ".") || cursor.first == UInt8(ascii: ",") {
      cursor.removeFirst()
      var scale = 0.1
      var count = 0
      while let byte = cursor.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
        fraction += Double(byte - UInt8(ascii: "0")) * scale
        scale /= 10
        count += 1
        cursor.removeFirst()
      }
      guard count > 0 else { return nil }
    }
    var offsetSeconds = 0
    switch cursor.popFirst() {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      break
    case let sign? where sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"):
      guard let hours = number(&cursor, digits: 2) else { return nil }
      _ = skip(&cursor, ":")
      guard let minutes = number(&cursor, digits: 2), hours < 24, minutes < 60 else { return nil }
      offsetSeconds = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "+") ? 1 : -1)
    default:
      return nil
    }
    guard cursor.isEmpty, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour < 24,
      minute < 60, second < 61
    else { return nil }
    let days = daysSinceEpoch(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
    return Date(timeIntervalSince1970: Double(seconds) + fraction)
  }

  /// `2019-11-09T13:34:41Z` (whole seconds, UTC): for messages.
  static func format(_ date: Date) -> String {
    let stamp = AWSTimestamp(date)
    let compact = stamp.dateTime  // 20191109T133441Z
    let digits = Array(compact)
    let date = "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))"
    return "\(date)T\(String(digits[9..<11])):\(String(digits[11..<13])):\(String(digits[13..<15]))Z"
  }

  private static func number(_ cursor: inout ArraySlice<UInt8>, digits: Int) -> Int? {
    guard cursor.count >= digits else { return nil }
    var value = 0
    for _ in 0..<digits {
      let byte = cursor.removeFirst()
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
      value = value * 10 + Int(byte - UInt8(ascii: "0"))
    }
    return value
  }

  private static func skip(_ cursor: inout ArraySlice<UInt8>, _ character: Unicode.Scalar) -> Bool {
    guard cursor.first == UInt8(ascii: character) else { return false }
    cursor.removeFirst()
    return true
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Howard Hinnant's days-from-civil (proleptic Gregorian), the inverse of ``AWSTimestamp``'s.
  private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}
