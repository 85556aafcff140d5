import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 that answers from a script, for failures moto cannot produce:
/// throttling, a 500 with an HTML page, a dropped connection, a slow answer — and for services moto
/// does not offer (the ECS container credentials endpoint).
///
/// Each accepted request takes the next scripted behaviour; the last one repeats. Every connection is
/// answered with `Connection: close`, so a retry is a new connection. Runs on its own threads and stops
/// in `stop()` (or deinit), so nothing outlives the test.
///
/// `@unchecked Sendable`: all mutable state (`script`, `requests`, `listener`) is read and written only
/// while holding `lock`.
final class FaultInjectingServer: @unchecked Sendable {
  enum Behaviour: Sendable {
    case respond(status: Int, headers: [String: String] = [:], body: String)
    /// Reads the request, then closes the socket without a byte of answer.
    case dropConnection
    /// Waits, then behaves as `then`.
    indirect case delay(seconds: Double, then: Behaviour)
    /// Looks at the raw request (head and body) to choose: a stub that checks a header or a path.
    case decide(@Sendable (String) -> Behaviour)
  }

  private let lock = NSLock()
  private var script: [Behaviour]
  private var requests: [String] = []
  private var listener: Int32 = -1
  private(set) var port: Int = 0

  init(script: [Behaviour]) throws {
    precondition(!script.isEmpty)
    self.script = script
    let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketFD >= 0 else { throw ServerError.socket("socket") }
    var reuse: Int32 = 1
    setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard bound == 0, listen(socketFD, 16) == 0 else {
      close(socketFD)
      throw ServerError.socket("bind/listen")
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
    }
    port = Int(UInt16(bigEndian: address.sin_port))
    listener = socketFD
    let thread = Thread { [self] in acceptLoop(socketFD) }
    thread.start()
  }

  deinit { stop() }

  enum ServerError: Error { case socket(String) }

  /// `http://127.0.0.1:PORT`.
  var endpoint: String { "http://127.0.0.1:\(port)" }

  /// How many requests arrived so far.
  var requestCount: Int { lock.withLock { requests.count } }

  /// The raw requests received (head and body), in arrival order.
  var receivedRequests: [String] { lock.withLock { requests } }

  func stop() {
    let socketFD = lock.withLock { () -> Int32 in
      let current = listener
      listener = -1
      return current
    }
    if socketFD >= 0 {
      shutdown(socketFD, Int32(SHUT_RDWR))
      close(socketFD)
    }
  }

  private func acceptLoop(_ socketFD: Int32) {
    while true {
      let connection = accept(socketFD, nil, nil)
      if connection < 0 {
        if lock.withLock({ listener }) < 0 { return }
        if errno == EINTR { continue }
        return
      }
      let thread = Thread { [self] in handle(connection) }
      thread.start()
    }
  }

  private func handle(_ connection: Int32) {
    defer { close(connection) }
    guard let raw = readRequest(connection) else { return }
    let behaviour = lock.withLock { () -> Behaviour in
      requests.append(raw)
      return script.count > 1 ? script.removeFirst() : script[0]
    }
    perform(behaviour, request: raw, on: connection)
  }

  private func perform(_ behaviour: Behaviour, request: String, on connection: Int32) {
    switch behaviour {
    case .dropConnection:
      var linger = Glibc.linger(l_onoff: 1, l_linger: 0)  // reset, not a graceful close
      setsockopt(connection, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    case .delay(let seconds, let then):
      Thread.sleep(forTimeInterval: seconds)
      perform(then, request: request, on: connection)
    case .decide(let choose):
      perform(choose(request), request: request, on: connection)
    case .respond(let status, let headers, let body):
      let bodyBytes = Array(body.utf8)
      var head = "HTTP/1.1 \(status) \(status < 400 ? "OK" : "Error")\r\n"
      var allHeaders = headers
      allHeaders["Content-Length"] = String(bodyBytes.count)
      allHeaders["Connection"] = "close"
      if allHeaders["Content-Type"] == nil { allHeaders["Content-Type"] = "text/xml" }
      for name in allHeaders.keys.sorted() { head += "\(name): \(allHeaders[name]!)\r\n" }
      head += "\r\n"
      let bytes = Array(head.utf8) + bodyBytes
      var sent = 0
      while sent < bytes.count {
        let written = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if written <= 0 { return }
        sent += written
      }
    }
  }

  /// Reads the head and a `Content-Length` body; nil when the peer went away first.
  private func readRequest(_ connection: Int32) -> String? {
    var data = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    var expected: Int?
    while true {
      if let expected, data.count >= expected { break }
      let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
      if count <= 0 { return data.isEmpty ? nil : String(decoding: data, as: UTF8.self) }
      data += buffer[0..<count]
      if expected == nil, let headEnd = findHeadEnd(data) {
        let head = String(decoding: data[0..<headEnd], as: UTF8.self).lowercased()
        var length = 0
        for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
          length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
        }
        expected = headEnd + 4 + length
      }
    }
    return String(decoding: data, as: UTF8.self)
  }

  private func findHeadEnd(_ data: [UInt8]) -> Int? {
    guard data.count >= 4 else { return nil }
    for index in 0...(data.count - 4)
    where data[index] == 13 && data[index + 1] == 10 && data[index + 2] == 13 && data[index + 3] == 10 {
      return index
    }
    return nil
  }
}
