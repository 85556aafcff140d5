/// Where each service's requests go, decided as the AWS SDKs do, with the block's `endpoint` in
/// the middle: `AWS_ENDPOINT_URL_<SERVICE>` (``AWSService/endpointVariable``), then the provider or
/// state block's `endpoint` (every service), then `AWS_ENDPOINT_URL`, then AWS's regional endpoint.
/// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` drops the two variables, as in the SDKs.
///
/// Only the texts are kept; ``validate()`` checks them all before the first request, so a typo in
/// a variable is an error at start-up rather than a connection failure later.
public struct AWSEndpoints: Sendable, Hashable {
  /// The block's `endpoint`.
  public var configured: String?
  /// `AWS_ENDPOINT_URL`.
  var shared: String?
  /// `AWS_ENDPOINT_URL_<SERVICE>` values by variable name.
  var perService: [String: String] = [:]

  /// Only the block's endpoint (or none): what tests and the static-credential init use.
  public init(configured: String? = nil) {
    self.configured = Self.nonEmpty(configured)
  }

  /// The block's endpoint plus the endpoint variables of `environment`.
  init(configured: String?, environment: [String: String]) {
    self.init(configured: configured)
    if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true" { return }
    shared = Self.nonEmpty(environment["AWS_ENDPOINT_URL"])
    for (name, value) in environment where name.hasPrefix("AWS_ENDPOINT_URL_") {
      if let value = Self.nonEmpty(value) { perService[name] = value }
    }
  }

  /// The endpoint text that applies to `service`, when one is configured at all.
  func custom(for service: AWSService) -> String? {
    perService[service.endpointVariable] ?? configured ?? shared
  }

  /// Whether `service` goes to a configured endpoint (S3 then uses path-style addressing).
  func isCustom(_ service: AWSService) -> Bool { custom(for: service) != nil }

  /// Where `service`'s requests go in `region`.
  func endpoint(for service: AWSService, region: String) -> AWSEndpoint {
    if let text = custom(for: service), let endpoint = AWSEndpoint(text) { return endpoint }
    return Self.regional(service, region: region)
  }

  /// AWS's own endpoint: `https://PREFIX.REGION.amazonaws.com` (`.amazonaws.com.cn` in China).
  static func regional(_ service: AWSService, region: String) -> AWSEndpoint {
    let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    return AWSEndpoint(scheme: "https", host: "\(service.hostPrefix).\(region).\(suffix)", port: nil)
  }

  /// Every endpoint that could be used parses as an http(s) URL without a path.
  func validate() throws(AWSError) {
    var texts = [configured, shared].compactMap { $0 }
    texts += AWSService.all.compactMap { perService[$0.endpointVariable] }
    for text in texts where AWSEndpoint(text) == nil { throw .configuration(.invalidEndpoint(text)) }
  }

  private static func nonEmpty(_ text: String?) -> String? {
    guard let text, !text.isEmpty else { return nil }
    return text
  }
}
