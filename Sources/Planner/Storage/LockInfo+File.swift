import Foundation

/// The JSON kept in the lock file (local) or lock object (S3): `{"id", "operation", "pid", "time", "who"}`.
extension LockInfo {
  private struct DTO: Codable {
    var id: String
    var who: String
    var time: String
    var operation: String
    var pid: Int32
  }

  /// Compact JSON with sorted keys and a final newline.
  public var fileBytes: [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let dto = DTO(id: id, who: who, time: time.description, operation: operation, pid: pid)
    guard let data = try? encoder.encode(dto) else { preconditionFailure("encoding lock info cannot fail") }
    return [UInt8](data) + [0x0a]
  }

  /// Parses lock file contents; nil when empty or not lock info (a holder that has not written yet).
  public init?(fileBytes: [UInt8]) {
    // immplan writes about 150 bytes; anything far larger is not its lock info (and would be
    // printed whole in "locked by …").
    guard fileBytes.count <= 4096, let dto = try? JSONDecoder().decode(DTO.self, from: Data(fileBytes)),
      let time = Timestamp(parsing: dto.time)
    else { return nil }
    self.init(id: dto.id, who: dto.who, time: time, operation: dto.operation, pid: dto.pid)
  }
}
