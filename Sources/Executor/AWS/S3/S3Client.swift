import Foundation

/// An object read from S3: its bytes and its ETag (quoted, as S3 sends it).
public struct S3Object: Sendable, Hashable {
  public var body: [UInt8]
  public var etag: String
}

/// One entry of `ListObjectsV2`.
public struct S3ObjectSummary: Sendable, Hashable {
  public var key: String
  public var etag: String
  public var size: Int
}

/// The precondition of a conditional `PutObject`.
public enum S3WriteCondition: Sendable, Hashable {
  /// Write whatever is there.
  case none
  /// Write only if the object's ETag is still this one (compare-and-swap).
  case ifMatch(String)
  /// Write only if no object exists yet (`If-None-Match: *`): create-once, as locks need.
  case ifNoneMatch
}

/// The S3 calls the state backend needs (REST, SigV4 with `x-amz-content-sha256`).
///
/// Path-style addressing (`/bucket/key`) for a custom endpoint such as moto; virtual-hosted style
/// (`bucket.s3.REGION.amazonaws.com/key`) on AWS when the bucket name allows it. A failed
/// precondition is `AWSError.service(code: "PreconditionFailed", …)` (412); check with
/// `isPreconditionFailure`.
public struct S3Client: Sendable {
  let client: AWSServiceClient
  let region: String
  let pathStyle: Bool

  public init(configuration: AWSConfiguration) {
    client = AWSServiceClient(service: .s3, configuration: configuration)
    region = configuration.region
    pathStyle = configuration.endpoints.isCustom(.s3)
  }

  /// The object at `key`, or nil when it does not exist.
  public func getObject(bucket: String, key: String) async throws(AWSError) -> S3Object? {
    do {
      let response = try await send("GET", bucket: bucket, key: key)
      return S3Object(body: response.body, etag: response.header("etag") ?? "")
    } catch {
      if error.code == "NoSuchKey" || error.code == "NotFound" { return nil }
      throw error
    }
  }

  /// Writes `body` to `key` under `condition`; returns the new ETag.
  @discardableResult
  public func putObject(
    bucket: String, key: String, body: [UInt8], condition: S3WriteCondition = .none,
    contentType: String = "application/octet-stream"
  ) async throws(AWSError) -> String {
    var headers = [HTTPHeader(name: "Content-Type", value: contentType)]
    switch condition {
    case .none: break
    case .ifMatch(let etag): headers.append(HTTPHeader(name: "If-Match", value: etag))
    case .ifNoneMatch: headers.append(HTTPHeader(name: "If-None-Match", value: "*"))
    }
    let response = try await send("PUT", bucket: bucket, key: key, headers: headers, body: body)
    return response.header("etag") ?? ""
  }

  /// Deletes `key` (S3 answers success also when it was already gone).
  public func deleteObject(bucket: String, key: String) async throws(AWSError) {
    _ = try await send("DELETE", bucket: bucket, key: key)
  }

  /// All objects whose keys start with `prefix`, across all pages, in key order.
  public func listObjects(bucket: String, prefix: String) async throws(AWSError) -> [S3ObjectSummary] {
    var all: [S3ObjectSummary] = []
    var token: String?
    for _ in 0..<10_000 {
      var query = [QueryItem(name: "list-type", value: "2"), QueryItem(name: "prefix", value: prefix)]
      if let token { query.append(QueryItem(name: "continuation-token", value: token)) }
      let response = try await send("GET", bucket: bucket, key: nil, query: query)
      guard let tree = XMLTree.parse(response.body) else {
        throw .malformedResponse(
          operation: "ListObjectsV2", reason: "not XML: \(AWSErrorDocument.excerpt(response.body))")
      }
      all += tree.children("Contents").map {
        S3ObjectSummary(
          key: $0.string("Key") ?? "", etag: $0.string("ETag") ?? "", size: Int($0.string("Size") ?? "") ?? 0)
      }
      guard tree.string("IsTruncated") == "true", let next = tree.string("NextContinuationToken"), !next.isEmpty else {
        return all
      }
      token = next
    }
    throw .malformedResponse(operation: "ListObjectsV2", reason: "too many pages")
  }

  /// Creates `bucket` (tests and first-time set-up); an existing bucket you own is fine.
  public func createBucket(_ bucket: String) async throws(AWSError) {
    var body: [UInt8] = []
    if region != "us-east-1" {
      body = Array(
        "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>\(region)</LocationConstraint></CreateBucketConfiguration>"
          .utf8)
    }
    do {
      _ = try await send("PUT", bucket: bucket, key: nil, body: body)
    } catch {
      if error.code == "BucketAlreadyOwnedByYou" { return }
      throw error
    }
  }

  /// Whether `error` is a lost compare-and-swap: a failed `If-Match`/`If-None-Match`, or S3's answer to
  /// two conditional writes racing (`ConditionalRequestConflict`).
  public static func isPreconditionFailure(_ error: AWSError) -> Bool {
    error.code == "PreconditionFailed" || error.code == "ConditionalRequestConflict"
  }

  private func send(
    _ method: String, bucket: String, key: String?, query: [QueryItem] = [], headers: [HTTPHeader] = [],
    body: [UInt8] = []
  ) async throws(AWSError) -> AWSHTTPResponse {
    var client = client
    var path: String
    if pathStyle || !Self.isVirtualHostable(bucket) {
      path = "/\(bucket)" + (key.map { "/\($0)" } ?? "")
      if !pathStyle { client.endpoint = AWSEndpoint(scheme: "https", host: "s3.\(region).amazonaws.com", port: nil) }
    } else {
      path = "/" + (key ?? "")
      client.endpoint = AWSEndpoint(scheme: "https", host: "\(bucket).s3.\(region).amazonaws.com", port: nil)
    }
    if key == nil && path != "/" { path += "/" }
    let request = AWSHTTPRequest(
      method: method, endpoint: client.endpoint, path: path, query: query, headers: headers, body: body)
    return try await client.perform(request)
  }

  /// Lowercase letters, digits and hyphens only, so it is a valid single DNS label under TLS.
  static func isVirtualHostable(_ bucket: String) -> Bool {
    (3...63).contains(bucket.count)
      && bucket.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
  }
}
