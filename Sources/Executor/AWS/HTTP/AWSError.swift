/// Why an AWS call failed. Environment failures, thrown with typed `throws`; the provider turns them
/// into diagnostics at its edge.
///
/// `description` is what users see: AWS's own code and message verbatim (`InvalidAMIID.NotFound: …`).
/// No case carries credentials or request bodies.
public enum AWSError: Error, Sendable, Hashable, CustomStringConvertible {
  /// AWS answered with an error document.
  case service(code: String, message: String, statusCode: Int, requestID: String?)
  /// A non-success answer whose body is not an AWS error document (an HTML 500 page, say).
  case unexpectedResponse(statusCode: Int, excerpt: String)
  /// A success status whose body could not be read as the expected XML.
  case malformedResponse(operation: String, reason: String)
  /// The connection failed or was dropped before a full answer arrived.
  case transport(reason: String)
  /// No answer within the request timeout.
  case timedOut(seconds: Double)
  /// The Swift task was cancelled (Ctrl-C) while the request was in flight or waiting to retry.
  case cancelled
  /// Retries were used up; `last` is the final failure.
  indirect case retriesExhausted(attempts: Int, last: AWSError)
  /// Credentials, region or endpoint are missing or invalid: fixable by the user.
  case configuration(AWSConfigurationProblem)
  /// A credential source that applies failed to deliver (STS refused the role, the metadata
  /// service did not answer): `source` names it, `reason` is its failure, AWS's code included.
  indirect case credentials(source: String, reason: AWSError)

  /// The AWS error code, when AWS sent one (also through `retriesExhausted`).
  public var code: String? {
    switch self {
    case .service(let code, _, _, _): return code
    case .retriesExhausted(_, let last): return last.code
    case .credentials(_, let reason): return reason.code
    default: return nil
    }
  }

  /// The HTTP status, when an answer arrived.
  public var statusCode: Int? {
    switch self {
    case .service(_, _, let status, _), .unexpectedResponse(let status, _): return status
    case .retriesExhausted(_, let last): return last.statusCode
    case .credentials(_, let reason): return reason.statusCode
    default: return nil
    }
  }

  public var description: String {
    switch self {
    case .service(let code, let message, _, _):
      return message.isEmpty ? code : "\(code): \(message)"
    case .unexpectedResponse(let status, let excerpt):
      return excerpt.isEmpty
        ? "unexpected HTTP \(status) with an empty body"
        : "unexpected HTTP \(status) with a body that is not an AWS error document: \(excerpt)"
    case .malformedResponse(let operation, let reason):
      return "could not read the answer to \(operation): \(reason)"
    case .transport(let reason):
      return "connection failed: \(reason)"
    case .timedOut(let seconds):
      return "no answer within \(Self.format(seconds)) seconds"
    case .retriesExhausted(let attempts, let last):
      return "\(last) (gave up after \(attempts) attempts)"
    case .configuration(let problem):
      return problem.description
    case .credentials(let source, let reason):
      return "cannot get AWS credentials from \(source): \(reason)"
    case .cancelled:
      return "cancelled"
    }
  }

  private static func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
  }
}
