import Foundation
import Testing

@testable import ImmplanExecutor

/// XML parsing, error documents and the Query protocol's parameter encodings, without a server.
@Suite struct AWSQueryProtocolTests {
  @Test func ec2ErrorShape() {
    let body = """
      <?xml version="1.0" encoding="UTF-8"?>
      <Response><Errors><Error><Code>InvalidAMIID.NotFound</Code><Message>The image id '[ami-12345678]' does not exist</Message></Error></Errors><RequestID>abc-1</RequestID></Response>
      """
    let error = AWSErrorDocument.failure(for: AWSHTTPResponse(statusCode: 400, headers: [:], body: Array(body.utf8)))
    #expect(error.description == "InvalidAMIID.NotFound: The image id '[ami-12345678]' does not exist")
    #expect(
      error
        == .service(
          code: "InvalidAMIID.NotFound", message: "The image id '[ami-12345678]' does not exist", statusCode: 400,
          requestID: "abc-1"))
  }

  @Test func queryErrorResponseShape() {
    let body = """
      <ErrorResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/"><Error><Type>Sender</Type><Code>AlreadyExists</Code><Message>AutoScalingGroup by this name already exists</Message></Error><RequestId>r-2</RequestId></ErrorResponse>
      """
    let error = AWSErrorDocument.failure(for: AWSHTTPResponse(statusCode: 400, headers: [:], body: Array(body.utf8)))
    #expect(error.description == "AlreadyExists: AutoScalingGroup by this name already exists")
    #expect(error.code == "AlreadyExists")
  }

  @Test func s3ErrorShapeAndBodylessStatus() {
    let body =
      "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>"
    let error = AWSErrorDocument.failure(for: AWSHTTPResponse(statusCode: 412, headers: [:], body: Array(body.utf8)))
    #expect(error.code == "PreconditionFailed")
    let head = AWSErrorDocument.failure(for: AWSHTTPResponse(statusCode: 404, headers: [:], body: []))
    #expect(head.code == "NotFound")
  }

  @Test func htmlBodyIsAnErrorWithAnExcerpt() {
    let body =
      "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1><p>The server encountered an internal error</p></body></html>"
    let error = AWSErrorDocument.failure(for: AWSHTTPResponse(statusCode: 500, headers: [:], body: Array(body.utf8)))
    guard case .unexpectedResponse(500, let excerpt) = error else {
      Issue.record("expected unexpectedResponse, got \(error)")
      return
    }
    #expect(excerpt.contains("Internal Server Error"))
    #expect(!excerpt.contains("<"))
    #expect(AWSRetryPolicy.isRetryable(error))
  }

  @Test func garbageAndDeepNestingDoNotParse() {
    #expect(XMLTree.parse(Array("not xml at all".utf8)) == nil)
    #expect(XMLTree.parse([0xff, 0xfe, 0x00]) == nil)
    let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
    #expect(XMLTree.parse(Array(deep.utf8)) == nil)
  }

  @Test func treeNavigation() throws {
    let body = """
      <DescribeImagesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
        <imagesSet>
          <item><imageId>ami-1</imageId><imageState>available</imageState>
            <tagSet><item><key>immplan:digest</key><value>sha256:ab</value></item></tagSet></item>
          <item><imageId>ami-2</imageId></item>
        </imagesSet>
      </DescribeImagesResponse>
      """
    let tree = try #require(XMLTree.parse(Array(body.utf8)))
    let items = tree["imagesSet"]?.items ?? []
    #expect(items.map { $0.string("imageId") } == ["ami-1", "ami-2"])
    #expect(AWSTag.list(items[0]["tagSet"])[tag: "immplan:digest"] == "sha256:ab")
  }

  @Test func listEncodings() {
    var parameters = QueryParameters()
    parameters.addList("ImageId", ["ami-1", "ami-2"])
    parameters.addList("AutoScalingGroupNames.member", ["web"])
    parameters.addFilters([EC2Filter("tag:immplan:digest", ["sha256:x"]), EC2Filter("state", ["a", "b"])])
    parameters.addTagSpecifications([(resourceType: "instance", tags: [AWSTag("Name", "builder")])])
    parameters.add("DryRun", false)
    parameters.add("Skipped", nil as String?)
    #expect(
      parameters.items.map { "\($0.name)=\($0.value)" } == [
        "ImageId.1=ami-1", "ImageId.2=ami-2", "AutoScalingGroupNames.member.1=web",
        "Filter.1.Name=tag:immplan:digest", "Filter.1.Value.1=sha256:x", "Filter.2.Name=state",
        "Filter.2.Value.1=a", "Filter.2.Value.2=b", "TagSpecification.1.ResourceType=instance",
        "TagSpecification.1.Tag.1.Key=Name", "TagSpecification.1.Tag.1.Value=builder", "DryRun=false",
      ])
    #expect(URIEncoding.formBody(parameters.items).contains("Filter.1.Value.1=sha256%3Ax"))
  }

  /// The expected bodies are what botocore sends for the same fields (Python's `urlencode`, run
  /// once to record them): signature checks that re-encode the parsed form must get these bytes.
  @Test func formBodiesAreEncodedByteForByteAsBotocoreEncodesThem() {
    let items = [
      QueryItem(name: "TagSpecification.1.Tag.1.Value", value: "immplan-web-g1 builder"),
      QueryItem(name: "X", value: "a+b=c&d~e/f ü\n*'()!"),
      QueryItem(name: "UserData", value: "IyEvYmluL3NoCg=="),
      QueryItem(name: "Path", value: "-_.~:@,;$"),
    ]
    #expect(
      URIEncoding.formBody(items)
        == "TagSpecification.1.Tag.1.Value=immplan-web-g1+builder&X=a%2Bb%3Dc%26d~e%2Ff+%C3%BC%0A%2A%27%28%29%21"
        + "&UserData=IyEvYmluL3NoCg%3D%3D&Path=-_.~%3A%40%2C%3B%24")
    // The signature's canonical query keeps `%20`: only form bodies spell a space `+`.
    #expect(URIEncoding.canonicalQuery([QueryItem(name: "a b", value: "c d")]) == "a%20b=c%20d")
  }

  @Test func retryDelaysGrowAndAreBounded() {
    let policy = AWSRetryPolicy(maximumAttempts: 10, baseDelay: 0.5, maximumDelay: 4, jitter: { $0.upperBound })
    #expect((1...6).map { policy.delay(beforeRetry: $0) } == [0.5, 1, 2, 4, 4, 4])
    let zero = AWSRetryPolicy(maximumAttempts: 10, baseDelay: 0.5, maximumDelay: 4, jitter: { $0.lowerBound })
    #expect(zero.delay(beforeRetry: 3) == 0)
    #expect(AWSRetryPolicy.isRetryable(.service(code: "Throttling", message: "", statusCode: 400, requestID: nil)))
    #expect(
      AWSRetryPolicy.isRetryable(.service(code: "RequestLimitExceeded", message: "", statusCode: 503, requestID: nil)))
    #expect(
      !AWSRetryPolicy.isRetryable(.service(code: "InvalidAMIID.NotFound", message: "", statusCode: 400, requestID: nil))
    )
  }
}
