import ImmplanParser

/// One applied version (BRIEF §4), feeding `history` and `rollback`.
public struct HistoryVersion: Sendable, Hashable {
  /// 1, 2, 3… increasing by one per apply.
  public var number: Int
  public var time: Timestamp
  /// SHA-256 checksum of the applied plan file.
  public var planChecksum: String
  /// Per address, the current object's name and digest after the apply.
  public var objects: [ResourceAddress: HistoryObject]

  public init(number: Int, time: Timestamp, planChecksum: String, objects: [ResourceAddress: HistoryObject]) {
    self.number = number
    self.time = time
    self.planChecksum = planChecksum
    self.objects = objects
  }
}

/// The name and digest of an address's current object in one ``HistoryVersion``.
public struct HistoryObject: Sendable, Hashable {
  public var name: String
  public var digest: String
  public init(name: String, digest: String) {
    self.name = name
    self.digest = digest
  }
}

/// A UTC instant in whole seconds, written `2026-11-25T18:22:32Z` in files.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
  public var secondsSince1970: Int64
  public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }
  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }

  /// RFC 3339 UTC text, e.g. `2026-11-25T18:22:32Z`.
  public var description: String {
    let days = secondsSince1970 >= 0 ? secondsSince1970 / 86_400 : (secondsSince1970 - 86_399) / 86_400
    let secondsOfDay = secondsSince1970 - days * 86_400
    let (year, month, day) = Timestamp.civil(fromDays: days)
    func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
    return "\(yearText)-\(two(month))-\(two(day))T\(two(secondsOfDay / 3600)):\(two(secondsOfDay / 60 % 60)):"
      + "\(two(secondsOfDay % 60))Z"
  }

  /// Parses exactly `YYYY-MM-DDTHH:MM:SSZ`; nil for anything else.
  public init?(parsing text: String) {
    let bytes = Array(text.utf8)
    guard bytes.count == 20, bytes[4] == 0x2d, bytes[7] == 0x2d, bytes[10] == 0x54, bytes[13] == 0x3a,
      bytes[16] == 0x3a, bytes[19] == 0x5a
    else { return nil }
    func number(_ range: Range<Int>) -> Int64? {
      var value: Int64 = 0
      for index in range {
        guard (0x30...0x39).contains(bytes[index]) else { return nil }
        value = value * 10 + Int64(bytes[index] - 0x30)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
      let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day),
      hour < 24, minute < 60, second < 60
    else { return nil }
    let days = Timestamp.days(fromCivil: year, month, day)
    guard Timestamp.civil(fromDays: days) == (year, month, day) else { return nil }
    self.init(secondsSince1970: days * 86_400 + hour * 3600 + minute * 60 + second)
  }

  // Howard Hinnant's days_from_civil / civil_from_days.
  private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
