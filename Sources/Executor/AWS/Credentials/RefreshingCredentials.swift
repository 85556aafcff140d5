import Foundation

/// Temporary credentials fetched on first use and fetched again before they expire, with
/// botocore's two windows: inside the **advisory** window (15 minutes left) one caller tries a
/// refresh and, if that fails, everyone keeps using the current credentials; inside the
/// **mandatory** window (10 minutes left) callers wait for a refresh and its failure is theirs.
///
/// One actor per source, shared by every client that signs with it (EC2, Auto Scaling, S3 and the
/// STS calls of a role chained on it), so a refresh happens once however many requests want it.
/// Concurrent callers of a refresh wait for the one in flight rather than starting their own.
/// Credentials without an expiration are fetched once and kept.
actor RefreshingCredentials: AWSCredentialProvider {
  /// Refresh, but keep the old credentials if it fails, when fewer seconds than this are left.
  static let advisoryWindow: TimeInterval = 15 * 60
  /// Refresh and fail with it when fewer seconds than this are left.
  static let mandatoryWindow: TimeInterval = 10 * 60
  /// A failed or short-lived advisory refresh is not retried sooner than this, so credentials that
  /// only ever last 15 minutes are not fetched again for every request.
  static let advisoryRetryInterval: TimeInterval = 60

  /// What they are, for messages: `web identity (role arn:aws:iam::…)`. Never secret.
  nonisolated let source: String
  private let fetch: @Sendable () async throws(AWSError) -> AWSCredentials
  private let now: @Sendable () -> Date

  private var current: AWSCredentials?
  /// Whether a fetch ever succeeded.
  private(set) var hasDelivered = false
  private var isRefreshing = false
  private var lastAttempt: Date?
  private var waiters: [CheckedContinuation<Result<AWSCredentials, AWSError>, Never>] = []

  init(
    source: String, now: @escaping @Sendable () -> Date = { Date() },
    fetch: @escaping @Sendable () async throws(AWSError) -> AWSCredentials
  ) {
    self.source = source
    self.now = now
    self.fetch = fetch
  }

  func credentials() async throws(AWSError) -> AWSCredentials {
    if let current {
      guard let expiration = current.expiration else { return current }
      let left = expiration.timeIntervalSince(now())
      if left > Self.advisoryWindow { return current }
      if left > Self.mandatoryWindow {
        if isRefreshing { return current }
        if let lastAttempt, now().timeIntervalSince(lastAttempt) < Self.advisoryRetryInterval { return current }
        if case .success(let fresh) = await refresh() { return fresh }
        return current
      }
    }
    while true {
      switch await refresh() {
      case .success(let fresh):
        if let expiration = fresh.expiration, expiration <= now() {
          throw .configuration(.expiredCredentials(source: source, at: AWSTimestampParser.format(expiration)))
        }
        return fresh
      case .failure(.cancelled) where !Task.isCancelled:
        continue  // the caller whose refresh this was gave up; this one still wants credentials
      case .failure(let error):
        throw error
      }
    }
  }

  /// Fetches once for every concurrent caller; the first caller's task does the work (so a
  /// cancelled apply cancels the request), later ones wait for its result.
  private func refresh() async -> Result<AWSCredentials, AWSError> {
    if isRefreshing { return await withCheckedContinuation { waiters.append($0) } }
    isRefreshing = true
    lastAttempt = now()
    let result: Result<AWSCredentials, AWSError>
    do {
      result = .success(try await fetch())
    } catch {
      result = .failure(Self.attributed(error, to: source))
    }
    isRefreshing = false
    if case .success(let fresh) = result {
      current = fresh
      hasDelivered = true
    }
    let waiting = waiters
    waiters = []
    for waiter in waiting { waiter.resume(returning: result) }
    return result
  }

  /// A network failure says which source it came from; configuration problems already do.
  static func attributed(_ error: AWSError, to source: String) -> AWSError {
    switch error {
    case .configuration, .credentials, .cancelled: return error
    default: return .credentials(source: source, reason: error)
    }
  }
}
