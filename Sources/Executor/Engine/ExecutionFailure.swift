/// Why an operation failed.
public enum ExecutionFailure: Error, Sendable, Hashable, CustomStringConvertible {
  case provider(ProviderError)
  /// The journal could not record an intent or outcome (state I/O).
  case journal(message: String)
  /// An unknown identity attribute could not be computed from earlier outputs.
  case identity(message: String)

  public var description: String {
    switch self {
    case .provider(let error): error.description
    case .journal(let message): "cannot record progress: \(message)"
    case .identity(let message): message
    }
  }

  var isCancellation: Bool { self == .provider(.cancelled) }
}
