import Foundation

/// AWS Signature Version 4 for header-signed requests (Query protocol and S3).
///
/// `sign(_:at:)` adds `x-amz-date`, `x-amz-security-token` (with session credentials),
/// `x-amz-content-sha256` (S3) and `Authorization`. Every header already on the request is signed,
/// plus `host`, which the transport derives from the endpoint. The clock is a parameter so tests
/// and retries control it.
struct SigV4Signer: Sendable {
  /// How the canonical URI is formed from the raw path.
  enum PathEncoding: Sendable, Hashable {
    /// Each segment encoded once: S3, and AWS's signature test suite.
    case once
    /// The encoded path encoded again: every other service (their paths are `/` in practice).
    case twice
  }

  static let algorithm = "AWS4-HMAC-SHA256"

  var credentials: AWSCredentials
  var region: String
  var service: String
  var pathEncoding: PathEncoding
  /// Whether to send `x-amz-content-sha256` (S3 requires it).
  var sendsContentHash: Bool

  init(credentials: AWSCredentials, region: String, service: String) {
    self.credentials = credentials
    self.region = region
    self.service = service
    self.pathEncoding = service == "s3" ? .once : .twice
    self.sendsContentHash = service == "s3"
  }

  /// The parts of one signature, kept apart for tests and for debugging a mismatch.
  struct Signature: Sendable, Hashable {
    var canonicalRequest: String
    var stringToSign: String
    var signedHeaders: String
    var signature: String
    var authorization: String
  }

  /// Returns `request` with the date, token, content hash and `Authorization` headers set.
  func sign(_ request: AWSHTTPRequest, at date: Date) -> AWSHTTPRequest {
    var signed = request
    let stamp = AWSTimestamp(date)
    signed.setHeader("X-Amz-Date", stamp.dateTime)
    if let token = credentials.sessionToken { signed.setHeader("X-Amz-Security-Token", token) }
    let payloadHash = AWSDigest.sha256Hex(request.body)
    if sendsContentHash { signed.setHeader("X-Amz-Content-SHA256", payloadHash) }
    signed.headers.removeAll { $0.name.lowercased() == "authorization" }
    let parts = signature(for: signed, payloadHash: payloadHash, timestamp: stamp)
    signed.setHeader("Authorization", parts.authorization)
    return signed
  }

  /// Computes the signature of `request` as it stands (its `x-amz-date` header must match `timestamp`).
  func signature(for request: AWSHTTPRequest, payloadHash: String, timestamp: AWSTimestamp) -> Signature {
    let (canonicalHeaders, signedHeaders) = Self.canonicalHeaders(request)
    let canonicalRequest = [
      request.method.uppercased(),
      canonicalURI(request.path),
      request.encodedQuery,
      canonicalHeaders,
      signedHeaders,
      payloadHash,
    ].joined(separator: "\n")
    let scope = "\(timestamp.date)/\(region)/\(service)/aws4_request"
    let stringToSign = [
      Self.algorithm, timestamp.dateTime, scope, AWSDigest.sha256Hex(Array(canonicalRequest.utf8)),
    ].joined(separator: "\n")
    let key = Self.signingKey(
      secret: credentials.secretAccessKey, date: timestamp.date, region: region, service: service)
    let signature = AWSDigest.hex(AWSDigest.hmacSHA256(Array(stringToSign.utf8), key: key))
    let authorization =
      "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    return Signature(
      canonicalRequest: canonicalRequest, stringToSign: stringToSign, signedHeaders: signedHeaders,
      signature: signature, authorization: authorization)
  }

  /// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
  static func signingKey(secret: String, date: String, region: String, service: String) -> [UInt8] {
    var key = Array("AWS4\(secret)".utf8)
    for part in [date, region, service, "aws4_request"] {
      key = AWSDigest.hmacSHA256(Array(part.utf8), key: key)
    }
    return key
  }

  /// The canonical URI: S3 keeps the once-encoded path as is; other services encode it again.
  func canonicalURI(_ rawPath: String) -> String {
    let once = URIEncoding.encodePath(rawPath)
    switch pathEncoding {
    case .once: return once
    case .twice: return URIEncoding.encode(once, keepSlash: true)
    }
  }

  /// Lowercased names, sorted; values trimmed with inner runs of spaces collapsed; repeated headers
  /// joined by commas in the order sent. `host` comes from the endpoint unless the request sets it;
  /// `authorization` is never signed, so a signed request can be re-checked.
  static func canonicalHeaders(_ request: AWSHTTPRequest) -> (text: String, signed: String) {
    var values: [String: [String]] = [:]
    for header in request.headers where header.name.lowercased() != "authorization" {
      values[header.name.lowercased(), default: []].append(normaliseHeaderValue(header.value))
    }
    if values["host"] == nil { values["host"] = [request.endpoint.hostHeader] }
    let names = values.keys.sorted()
    let text = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
    return (text, names.joined(separator: ";"))
  }

  private static func normaliseHeaderValue(_ value: String) -> String {
    value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
  }
}

/// A UTC instant in SigV4's two spellings: `20150830T123600Z` and `20150830`.
struct AWSTimestamp: Sendable, Hashable {
  var dateTime: String
  var date: String

  init(_ instant: Date) {
    let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
    let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
    let secondOfDay = seconds - days * 86_400
    let (year, month, day) = Self.civilDate(daysSinceEpoch: days)
    func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
    let yearText =
      String(year).count < 4 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
    date = "\(yearText)\(two(month))\(two(day))"
    dateTime = "\(date)T\(two(secondOfDay / 3600))\(two(secondOfDay % 3600 / 60))\(two(secondOfDay % 60))Z"
  }

  /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
  private static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
    let z = daysSinceEpoch + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
