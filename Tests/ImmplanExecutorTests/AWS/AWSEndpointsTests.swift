import Foundation
import Testing

@testable import ImmplanExecutor

/// Endpoints and region as the SDKs decide them, and the ISO 8601 times of credentials.
@Suite struct AWSEndpointsTests {
  @Test func eachServiceHasTheSDKsEndpointVariable() {
    #expect(
      AWSService.all.map(\.endpointVariable) == [
        "AWS_ENDPOINT_URL_EC2", "AWS_ENDPOINT_URL_AUTO_SCALING", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_STS",
        "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "AWS_ENDPOINT_URL_CLOUDWATCH",
      ])
    #expect(AWSService.named("autoscaling") == .autoScaling)
    #expect(AWSService.named("iam").signingName == "iam")
  }

  @Test func theServicesVariableThenTheBlockThenTheSharedVariable() {
    let environment = [
      "AWS_ENDPOINT_URL": "http://127.0.0.1:4566", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:7000/",
      "AWS_ENDPOINT_URL_DYNAMODB": "not a url, and not ours",
    ]
    let withBlock = AWSEndpoints(configured: "http://localhost:5000/", environment: environment)
    #expect(withBlock.endpoint(for: .sts, region: "eu-west-1").description == "http://127.0.0.1:7000")
    #expect(withBlock.endpoint(for: .ec2, region: "eu-west-1").description == "http://localhost:5000")
    #expect(withBlock.endpoint(for: .cloudWatch, region: "eu-west-1").description == "http://localhost:5000")
    let withoutBlock = AWSEndpoints(configured: nil, environment: environment)
    #expect(withoutBlock.endpoint(for: .ec2, region: "eu-west-1").description == "http://127.0.0.1:4566")
    #expect(withoutBlock.isCustom(.s3))
    let aws = AWSEndpoints(configured: nil, environment: [:])
    #expect(
      aws.endpoint(for: .autoScaling, region: "eu-west-1").description == "https://autoscaling.eu-west-1.amazonaws.com")
    #expect(aws.endpoint(for: .sts, region: "cn-north-1").description == "https://sts.cn-north-1.amazonaws.com.cn")
    #expect(
      aws.endpoint(for: .elasticLoadBalancingV2, region: "us-east-2").description
        == "https://elasticloadbalancing.us-east-2.amazonaws.com")
    #expect(!aws.isCustom(.s3))
    // Opting out of configured endpoints drops the variables, never the block's own.
    var ignoring = environment
    ignoring["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "TRUE"
    #expect(!AWSEndpoints(configured: nil, environment: ignoring).isCustom(.sts))
    #expect(AWSEndpoints(configured: "http://h:1", environment: ignoring).isCustom(.sts))
  }

  @Test func endpointsAcceptATrailingSlashButNoPath() throws {
    #expect(AWSEndpoint("http://127.0.0.1:5000/")?.description == "http://127.0.0.1:5000")
    #expect(AWSEndpoint("HTTPS://ec2.eu-west-1.amazonaws.com")?.description == "https://ec2.eu-west-1.amazonaws.com")
    #expect(AWSEndpoint("http://[::1]:8080/")?.hostHeader == "[::1]:8080")
    for bad in ["ftp://x", "http://h/path", "http://h/?a=b", "http://user@h", "127.0.0.1:5000", ""] {
      #expect(AWSEndpoint(bad) == nil, "\(bad)")
    }
    #expect(throws: AWSError.configuration(.invalidEndpoint("http://moto/api"))) {
      try AWSEndpoints(configured: nil, environment: ["AWS_ENDPOINT_URL_EC2": "http://moto/api"]).validate()
    }
    try AWSEndpoints(configured: nil, environment: ["AWS_ENDPOINT_URL_DYNAMODB": "junk"]).validate()
  }

  @Test func theResolverAppliesTheBlocksEndpointToSTSToo() throws {
    let system = CredentialTestSupport.system([
      "AWS_WEB_IDENTITY_TOKEN_FILE": "/token", "AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/deployer",
    ])
    let configuration = try AWSSessionResolver(system: system).configuration(
      region: "us-east-1", profile: nil, endpoint: "http://127.0.0.1:5000/")
    #expect(configuration.endpoint(for: .sts).description == "http://127.0.0.1:5000")
    let selection = try CredentialTestSupport.select(system, region: "us-east-1")
    guard case .webIdentity(let web) = selection.recipe else { return }
    #expect(web.endpoints.endpoint(for: .sts, region: web.region).description == "https://sts.us-east-1.amazonaws.com")
  }

  @Test func timesWithAndWithoutFractionsAndOffsets() throws {
    let whole = try #require(AWSTimestampParser.parse("2019-11-09T13:34:41Z"))
    #expect(whole.timeIntervalSince1970 == 1_573_306_481)
    let micro = try #require(AWSTimestampParser.parse("2019-11-09T13:34:41.690551Z"))
    #expect(abs(micro.timeIntervalSince1970 - 1_573_306_481.690551) < 0.000_01)
    #expect(AWSTimestampParser.parse("2019-11-09T15:34:41+02:00") == whole)
    #expect(AWSTimestampParser.parse("2019-11-09T08:34:41-0500") == whole)
    #expect(AWSTimestampParser.parse("2024-02-29T00:00:00Z") != nil)
    for bad in [
      "2019-11-09", "2019-11-09T13:34:41", "2023-02-29T00:00:00Z", "2019-13-01T00:00:00Z", "soon",
      "2019-11-09T13:34:41.Z",
    ] {
      #expect(AWSTimestampParser.parse(bad) == nil, "\(bad)")
    }
    #expect(AWSTimestampParser.format(micro) == "2019-11-09T13:34:41Z")
    #expect(AWSTimestampParser.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
  }
}
