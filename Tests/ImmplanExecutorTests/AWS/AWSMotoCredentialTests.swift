import Foundation
import TestSupport
import Testing

@testable import ImmplanExecutor

extension AWSMotoTests {
  /// The credential chain against moto's STS and instance metadata: web identity and profile roles
  /// really act in the role's account (moto maps a role's temporary keys to the account in its
  /// ARN), and IMDSv2 credentials come from moto's metadata stub.
  ///
  /// These resolve their own credentials, so they do not send moto's `x-moto-account-id`: the
  /// accounts they use (111111111111, 222222222222, 333333333333) belong to them alone.
  @Suite struct Credentials {
    typealias Support = CredentialTestSupport

    /// A system whose network is real (moto on loopback) and whose files are `files`.
    static func system(_ environment: [String: String], files: FileMap = FileMap()) -> AWSSystem {
      Support.system(environment, files: files, transport: URLSessionTransport())
    }

    /// moto's default account, as the end-to-end tests and the AWS CLI with fake keys see it.
    static func defaultAccount(_ endpoint: String) -> AWSConfiguration {
      AWSConfiguration(
        region: "us-east-1", credentials: AWSCredentials(accessKeyID: "testing", secretAccessKey: "testing"),
        endpointOverride: endpoint)
    }

    /// Names of the S3 buckets the credentials' account owns (`ListBuckets` is per account).
    static func buckets(_ configuration: AWSConfiguration) async throws -> [String] {
      let client = AWSServiceClient(service: .s3, configuration: configuration)
      let response = try await client.perform(AWSHTTPRequest(method: "GET", endpoint: client.endpoint, path: "/"))
      let tree = try #require(XMLTree.parse(response.body))
      return tree.first(named: "Buckets")?.children("Bucket").compactMap { $0.string("Name") } ?? []
    }

    @Test(.requiresMoto) func webIdentityActsInTheRolesAccount() async throws {
      let endpoint = try MotoEndpoint.required()
      let files = FileMap(["/run/token": "header.payload.signature\n"])
      let system = Self.system(
        [
          "AWS_WEB_IDENTITY_TOKEN_FILE": "/run/token", "AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/deployer",
          "AWS_ROLE_SESSION_NAME": "pipeline-42",
        ], files: files)
      let assumed = try AWSSessionResolver(system: system).configuration(
        region: "us-east-1", profile: nil, endpoint: endpoint)

      let identity = try await STSClient(configuration: assumed).callerIdentity()
      #expect(identity.account == "111111111111")
      #expect(identity.arn == "arn:aws:sts::111111111111:assumed-role/deployer/pipeline-42")
      let credentials = try await assumed.credentialProvider.credentials()
      #expect(credentials.accessKeyID.hasPrefix("ASIA"))
      #expect(credentials.sessionToken != nil)
      #expect(credentials.expiration.map { $0 > Date() + 3000 } == true, "moto's expiry, with microseconds, parsed")

      // What the assumed credentials create lands in 111111111111, not in moto's default account.
      let bucket = "immplan-web-identity-\(UInt32.random(in: 0...UInt32.max))"
      let storage = S3StateStorage(bucket: bucket, key: "env/state.json", configuration: assumed)
      try await S3Client(configuration: assumed).createBucket(bucket)
      _ = try await storage.writeState(Array(#"{"serial":1}"#.utf8), expected: nil)
      #expect(try await Self.buckets(assumed).contains(bucket))
      #expect(try await !Self.buckets(Self.defaultAccount(endpoint)).contains(bucket))
      let template = "immplan-web-identity-\(UInt32.random(in: 0...UInt32.max))"
      _ = try await EC2Client(configuration: assumed).createLaunchTemplate(
        EC2LaunchTemplateRequest(name: template, imageID: "ami-12c6146b", instanceType: "t3.micro"))
      #expect(try await EC2Client(configuration: assumed).describeLaunchTemplates(names: [template]).count == 1)
      #expect(
        try await EC2Client(configuration: Self.defaultAccount(endpoint)).describeLaunchTemplates(names: [template])
          .isEmpty)
      try await EC2Client(configuration: assumed).deleteLaunchTemplate(name: template)
    }

    @Test(.requiresMoto) func profileRolesAssumeIntoTheirAccounts() async throws {
      let endpoint = try MotoEndpoint.required()
      let config = """
        [profile base]
        aws_access_key_id = AKIABASEEXAMPLE00000
        aws_secret_access_key = base-secret

        [profile deploy]
        role_arn = arn:aws:iam::222222222222:role/deploy
        source_profile = base
        role_session_name = release
        external_id = ext-1
        duration_seconds = 1200

        [profile from-env]
        role_arn = arn:aws:iam::333333333333:role/ops
        credential_source = Environment
        """
      let files = FileMap(["/home/u/.aws/config": config])
      let system = Self.system(
        ["AWS_ACCESS_KEY_ID": "AKIAENVEXAMPLE000000", "AWS_SECRET_ACCESS_KEY": "env-secret"], files: files)
      let deploy = try AWSSessionResolver(system: system).configuration(
        region: "eu-west-1", profile: "deploy", endpoint: endpoint)
      let identity = try await STSClient(configuration: deploy).callerIdentity()
      #expect(identity.account == "222222222222")
      #expect(identity.arn == "arn:aws:sts::222222222222:assumed-role/deploy/release")
      let expiry = try #require(try await deploy.credentialProvider.credentials().expiration)
      #expect(abs(expiry.timeIntervalSinceNow - 1200) < 120, "duration_seconds reached STS")

      let fromEnvironment = try AWSSessionResolver(system: system).configuration(
        region: "eu-west-1", profile: "from-env", endpoint: endpoint)
      let ops = try await STSClient(configuration: fromEnvironment).callerIdentity()
      #expect(ops.account == "333333333333")
      #expect(ops.arn.hasPrefix("arn:aws:sts::333333333333:assumed-role/ops/immplan-"))
    }

    @Test(.requiresMoto, arguments: ["", "/"])
    func instanceMetadataCredentialsFromMoto(trailing: String) async throws {
      let endpoint = try MotoEndpoint.required()
      let system = Self.system(["AWS_EC2_METADATA_SERVICE_ENDPOINT": endpoint + trailing])
      let configuration = try AWSSessionResolver(system: system).configuration(
        region: "us-east-1", profile: nil, endpoint: endpoint)
      let credentials = try await configuration.credentialProvider.credentials()
      #expect(credentials.accessKeyID == "test-key")
      #expect(credentials.sessionToken == "test-session-token")
      #expect(credentials.expiration.map { $0 > Date() } == true)
      // And they sign requests moto accepts.
      _ = try await EC2Client(configuration: configuration).describeInstances(ids: [])
    }
  }
}
