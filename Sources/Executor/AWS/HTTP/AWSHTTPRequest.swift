import Foundation

/// One HTTP header as sent, in the order the client added it.
struct HTTPHeader: Sendable, Hashable {
  var name: String
  var value: String
}

/// One query parameter, unencoded; encoding happens once, when the URL or the canonical request is built.
struct QueryItem: Sendable, Hashable {
  var name: String
  var value: String
}

/// Where requests go: scheme, host and port of an AWS endpoint or of an AWS-compatible server.
struct AWSEndpoint: Sendable, Hashable, CustomStringConvertible {
  var scheme: String
  var host: String
  var port: Int?

  /// Parses `http://127.0.0.1:5000` or `https://ec2.eu-west-1.amazonaws.com`, with or without a
  /// trailing `/`; nil when it is not an http(s) URL, or has a path, query, fragment or user.
  init?(_ text: String) {
    guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
      scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
      components.path.isEmpty || components.path == "/", components.query == nil, components.fragment == nil,
      components.user == nil, components.password == nil
    else { return nil }
    self.init(scheme: scheme, host: host, port: components.port)
  }

  init(scheme: String, host: String, port: Int?) {
    self.scheme = scheme
    self.host = host
    self.port = port
  }

  /// The `Host` header value: the port only when it is not the scheme's default; an IPv6 address
  /// in brackets.
  var hostHeader: String {
    let name = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
    guard let port else { return name }
    if (scheme == "https" && port == 443) || (scheme == "http" && port == 80) { return name }
    return "\(name):\(port)"
  }

  var description: String { "\(scheme)://\(hostHeader)" }
}

/// An HTTP request as the AWS clients build it, before and after signing.
///
/// `path` is raw (not percent-encoded) and starts with `/`; `encodedPath` encodes each segment once,
/// which is both what goes on the wire and S3's canonical URI.
struct AWSHTTPRequest: Sendable, Hashable {
  var method: String
  var endpoint: AWSEndpoint
  var path: String = "/"
  var query: [QueryItem] = []
  var headers: [HTTPHeader] = []
  var body: [UInt8] = []

  /// The first value of the header `name`, compared case-insensitively.
  func header(_ name: String) -> String? {
    let lowered = name.lowercased()
    return headers.first { $0.name.lowercased() == lowered }?.value
  }

  /// Replaces every header called `name` (case-insensitively) with one of `value`.
  mutating func setHeader(_ name: String, _ value: String) {
    let lowered = name.lowercased()
    headers.removeAll { $0.name.lowercased() == lowered }
    headers.append(HTTPHeader(name: name, value: value))
  }

  /// The path with each segment percent-encoded once (RFC 3986 unreserved characters kept, `/` kept).
  var encodedPath: String { URIEncoding.encodePath(path) }

  /// Query in canonical order, encoded; the same string is sent and signed.
  var encodedQuery: String { URIEncoding.canonicalQuery(query) }

  /// The full URL; built from encoded parts so Foundation does not re-encode anything.
  var url: URL {
    var text = "\(endpoint.scheme)://\(endpoint.hostHeader)\(encodedPath)"
    let query = encodedQuery
    if !query.isEmpty { text += "?" + query }
    guard let url = URL(string: text) else { preconditionFailure("encoded URL must parse: \(text)") }
    return url
  }
}

/// An HTTP response: status, headers (names lowercased) and the body bytes.
struct AWSHTTPResponse: Sendable, Hashable {
  var statusCode: Int
  var headers: [String: String]
  var body: [UInt8]

  /// The header `name`, case-insensitively.
  func header(_ name: String) -> String? { headers[name.lowercased()] }
}
