/// Reads AWS error documents in all three shapes:
/// EC2's `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`,
/// the Query protocol's `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`,
/// and S3's bare `<Error><Code/><Message/><RequestId/></Error>`.
enum AWSErrorDocument {
  /// The error in `response`, or nil when the body is not an AWS error document.
  static func error(in response: AWSHTTPResponse) -> AWSError? {
    guard let tree = XMLTree.parse(response.body), let error = tree.first(named: "Error"),
      let code = error.string("Code"), !code.isEmpty
    else { return nil }
    let requestID =
      tree.string("RequestID") ?? tree.string("RequestId") ?? error.string("RequestId")
      ?? response.header("x-amzn-requestid") ?? response.header("x-amz-request-id")
    return .service(
      code: code, message: error.string("Message") ?? "", statusCode: response.statusCode, requestID: requestID)
  }

  /// The error for a failed `response`: the document's, or a readable excerpt of whatever came back.
  static func failure(for response: AWSHTTPResponse) -> AWSError {
    if let error = error(in: response) { return error }
    // HEAD answers and some S3 errors carry no body; the status still says what happened.
    if response.body.isEmpty, let code = statusCodeNames[response.statusCode] {
      return .service(code: code, message: "", statusCode: response.statusCode, requestID: nil)
    }
    return .unexpectedResponse(statusCode: response.statusCode, excerpt: excerpt(response.body))
  }

  static let statusCodeNames: [Int: String] = [
    304: "NotModified", 403: "Forbidden", 404: "NotFound", 409: "Conflict", 412: "PreconditionFailed",
  ]

  /// The body's text with markup removed and whitespace collapsed, at most 200 characters.
  static func excerpt(_ body: [UInt8]) -> String {
    var text = ""
    var inTag = false
    for character in String(decoding: body.prefix(8_192), as: UTF8.self) {
      switch character {
      case "<": inTag = true; text += " "
      case ">": inTag = false
      default: if !inTag { text.append(character) }
      }
    }
    let collapsed = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    return collapsed.count > 200 ? String(collapsed.prefix(200)) + "…" : collapsed
  }
}
