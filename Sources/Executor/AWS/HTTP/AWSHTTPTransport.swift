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
    let once = ResumeOnce()
    // Cancelling the Swift task cancels the HTTP request, so Ctrl-C is not held up by a slow answer.
    let outcome: Result<AWSHTTPResponse, AWSError> = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
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
        once.attach(task)
        task.resume()
        DispatchQueue.global().asyncAfter(deadline: .now() + max(0.001, timeout)) {
          guard once.claim() else { return }
          task.cancel()
          continuation.resume(returning: .failure(.timedOut(seconds: timeout)))
        }
      }
    } onCancel: {
      once.cancel()
    }
    return try outcome.get()
  }

  private static func classify(_ error: any Error, timeout: Double) -> AWSError {
    if let urlError = error as? URLError {
      switch urlError.code {
      case .timedOut: return .timedOut(seconds: timeout)
      case .cancelled: return .cancelled
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

/// Lets exactly one of the completion handler and the timeout timer resume the continuation, and
/// cancels the data task when the Swift task is cancelled (also before the data task exists).
///
/// `@unchecked Sendable`: `claimed`, `task` and `isCancelled` are only touched while holding `lock`.
private final class ResumeOnce: @unchecked Sendable {
  private let lock = NSLock()
  private var claimed = false
  private var task: URLSessionDataTask?
  private var isCancelled = false

  func attach(_ task: URLSessionDataTask) {
    let cancelNow = lock.withLock { () -> Bool in
      self.task = task
      return isCancelled
    }
    if cancelNow { task.cancel() }
  }

  func cancel() {
    let task = lock.withLock { () -> URLSessionDataTask? in
      isCancelled = true
      return self.task
    }
    task?.cancel()
  }

  /// True for the first caller only.
  func claim() -> Bool {
    lock.withLock {
      if claimed { return false }
      claimed = true
      return true
    }
  }
}
