import Foundation

/// The AWS Query protocol: `Action` and `Version` plus parameters, POSTed as a form, XML answers.
///
/// Always `POST /` with `Content-Type: application/x-www-form-urlencoded; charset=utf-8` — without it
/// some servers (moto among them) silently drop every parameter.
struct QueryClient: Sendable {
  var client: AWSServiceClient
  /// `2016-11-15` for EC2, `2011-01-01` for Auto Scaling.
  var version: String

  static let contentType = "application/x-www-form-urlencoded; charset=utf-8"

  /// Calls `action` and returns the parsed answer's root element. When the answer holds secrets
  /// (STS credentials), an unreadable one is described by its size only, never quoted.
  func call(_ action: String, _ parameters: QueryParameters = QueryParameters(), answerHoldsSecrets: Bool = false)
    async throws(AWSError) -> XMLTree
  {
    var form = QueryParameters()
    form.add("Action", action)
    form.add("Version", version)
    let body = URIEncoding.formBody(form.items + parameters.items)
    let request = AWSHTTPRequest(
      method: "POST", endpoint: client.endpoint, path: "/",
      headers: [HTTPHeader(name: "Content-Type", value: Self.contentType)], body: Array(body.utf8))
    let response = try await client.perform(request)
    guard let tree = XMLTree.parse(response.body) else {
      let shown =
        answerHoldsSecrets
        ? "\(response.body.count) bytes, not shown as they may hold credentials"
        : AWSErrorDocument.excerpt(response.body)
      throw .malformedResponse(operation: action, reason: "not XML: \(shown)")
    }
    return tree
  }

  /// Calls a paginated `action` until no `NextToken`/`nextToken` comes back, collecting with `collect`.
  /// Bounded at `maximumPages` so a server that repeats a token cannot loop forever.
  func callPaginated<Item>(
    _ action: String, _ parameters: QueryParameters, maximumPages: Int = 1_000,
    collect: (XMLTree) throws(AWSError) -> [Item]
  ) async throws(AWSError) -> [Item] {
    var all: [Item] = []
    var token: String?
    var seen: Set<String> = []
    for _ in 0..<maximumPages {
      var page = parameters
      page.add("NextToken", token)
      let tree = try await call(action, page)
      all += try collect(tree)
      let next = tree.first(named: "NextToken")?.text ?? tree.first(named: "nextToken")?.text
      guard let next = next?.trimmingCharacters(in: .whitespacesAndNewlines), !next.isEmpty,
        seen.insert(next).inserted
      else { return all }
      token = next
    }
    throw .malformedResponse(operation: action, reason: "more than \(maximumPages) pages")
  }
}
