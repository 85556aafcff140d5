import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Sends one HTTP request and returns whatever came back; no retries, no interpretation of status codes.
/// Tests substitute fakes; production uses `URLSessionTransport`.
protocol AWSHTTPTransport: Sendable {
  func send(_ request: AWSHTTPRequest, timeout: Double) async throws(AWSError) -> AWSHTTPResponse
}

/// `AWSHTTPTransport` over FoundationNetworking's `URLSession`, ephemeral (no cookies, no cache).
struct URLSessionTransport: AWSHTTPTransport {
  private let session: URLSession

  init() {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.httpShouldSetCookies = false
    configuration.urlCache = nil
    session = URLSession(configuration: configuration)
  }

  func send(_ request: AWSHTTPRequest, timeout: Double) async throws(AWSError) -> AWSHTTPResponse {
    // URLSession's own timeout is coarse on Linux (whole seconds, idle time); it is only a backstop
    // here, and `timeout` is enforced by the timer below.
    var urlRequest = URLRequest(
      url: request.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: max(1, timeout.rounded(.up)) + 1)
    urlRequest.httpMethod = request.method
    for header in request.headers where header.name.lowercased() != "host" {
      urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
    }
    if !request.body.isEmpty || request.method == "PUT" || request.method == "POST" {
      urlRequest.httpBody = Data(request.body)
    }
    let outcome: Result<AWSHTTPResponse, AWSError> = await withCheckedContinuation { continuation in
      let once = ResumeOnce()
      let task = session.dataTask(with: urlRequest) { data, response, error in
        guard once.claim() else { return }
        if let error {
          continuation.resume(returning: .failure(Self.classify(error, timeout: timeout)))
          return
        }
        guard let http = response as? HTTPURLResponse else {
          continuation.resume(returning: .failure(.transport(reason: "the answer was not HTTP")))
          return
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
          if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        continuation.resume(
          returning: .success(
            AWSHTTPResponse(statusCode: http.statusCode, headers: headers, body: Array(data ?? Data()))))
      }
      task.resume()
      DispatchQueue.global().asyncAfter(deadline: .now() + max(0.001, timeout)) {
        guard once.claim() else { return }
        task.cancel()
        continuation.resume(returning: .failure(.timedOut(seconds: timeout)))
      }
    }
    return try outcome.get()
  }

  private static func classify(_ error: any Error, timeout: Double) -> AWSError {
    if let urlError = error as? URLError {
      switch urlError.code {
      case .timedOut: return .timedOut(seconds: timeout)
      case .cancelled: return .transport(reason: "the request was cancelled")
      case .networkConnectionLost:
        return .transport(reason: "the connection was dropped before the answer was complete")
      case .cannotConnectToHost: return .transport(reason: "could not connect to the endpoint")
      case .cannotFindHost: return .transport(reason: "could not resolve the endpoint's host name")
      default: return .transport(reason: "\(urlError.localizedDescription) (URL error \(urlError.code.rawValue))")
      }
    }
    return .transport(reason: String(describing: error))
  }
}

/// Lets exactly one of the completion handler and the timeout timer resume the continuation.
///
/// `@unchecked Sendable`: `claimed` is only touched while holding `lock`.
private final class ResumeOnce: @unchecked Sendable {
  private let lock = NSLock()
  private var claimed = false

  /// True for the first caller only.
  func claim() -> Bool {
    lock.withLock {
      if claimed { return false }
      claimed = true
      return true
    }
  }
}
