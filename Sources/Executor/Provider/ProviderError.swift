/// Why a provider call failed. Environment failures only: anything the user can fix in the
/// configuration is a diagnostic long before a provider is called.
public enum ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Throttling, 5xx, a dropped connection: worth retrying (the executor retries with backoff).
  case transient(message: String)
  /// The cloud refused (`code` verbatim, e.g. AWS's `InvalidAMIID.NotFound`). Not retried.
  case permanent(code: String, message: String)
  /// The task was cancelled while the call was in flight.
  case cancelled
  /// A wait (fleet health) ran out of time.
  case timedOut(message: String)

  public var description: String {
    switch self {
    case .transient(let message): message
    case .permanent(let code, let message): "\(code): \(message)"
    case .cancelled: "cancelled"
    case .timedOut(let message): message
    }
  }

  public var isTransient: Bool {
    if case .transient = self { return true }
    return false
  }
}
