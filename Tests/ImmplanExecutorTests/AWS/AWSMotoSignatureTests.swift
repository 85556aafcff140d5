import Foundation
import TestSupport
import Testing

@testable import ImmplanExecutor

extension AWSMotoTests {
  /// moto checks signatures only after `INITIAL_NO_AUTH_ACTION_COUNT` actions; this test sets that count
  /// through moto's `/moto-api/reset-auth`, creates an IAM user and key in those unchecked calls, then
  /// proves a correct signature passes and a wrong one fails — for EC2, Auto Scaling and S3.
  @Suite struct Signature {
    static let allowAll = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    @Test(.requiresMoto) func wrongSignaturesAreRejected() async throws {
      let endpoint = try MotoEndpoint.required()
      // Exclusive: the end-to-end aws tests would be refused while signatures are checked.
      try await MotoServerLock.shared.run {
        try await AWSMotoTests.motoAPI(endpoint, "/moto-api/reset-auth", body: "3")
        do {
          try await check(endpoint)
        } catch {
          try await AWSMotoTests.motoAPI(endpoint, "/moto-api/reset-auth", body: "inf")
          throw error
        }
        try await AWSMotoTests.motoAPI(endpoint, "/moto-api/reset-auth", body: "inf")
      }
    }

    private func check(_ endpoint: String) async throws {
      // Three unchecked actions: user, policy, key.
      let setup = AWSTestConfiguration.configuration(endpoint: endpoint, attempts: 1)
      let iam = QueryClient(client: AWSServiceClient(service: "iam", configuration: setup), version: "2010-05-08")
      let user = "immplan-\(UInt32.random(in: 0...UInt32.max))"
      var parameters = QueryParameters()
      parameters.add("UserName", user)
      _ = try await iam.call("CreateUser", parameters)
      parameters.add("PolicyName", "all")
      parameters.add("PolicyDocument", Self.allowAll)
      _ = try await iam.call("PutUserPolicy", parameters)
      var keyParameters = QueryParameters()
      keyParameters.add("UserName", user)
      let key = try await iam.call("CreateAccessKey", keyParameters)
      let credentials = AWSCredentials(
        accessKeyID: try #require(key.first(named: "AccessKeyId")?.text),
        secretAccessKey: try #require(key.first(named: "SecretAccessKey")?.text))

      // Correct signatures pass.
      let good = AWSTestConfiguration.configuration(endpoint: endpoint, attempts: 1, credentials: credentials)
      _ = try await EC2Client(configuration: good).describeInstances()
      _ = try await AutoScalingClient(configuration: good).describeAutoScalingGroups()
      let s3 = S3Client(configuration: good)
      let bucket = "immplan-signed-\(UInt32.random(in: 0...UInt32.max))"
      try await s3.createBucket(bucket)
      // A space and `~` are encoded alike by us and by moto. (moto rebuilds the path it checks from
      // Werkzeug's URL, which leaves `+ = &` and non-ASCII unescaped, so keys with those fail moto's
      // check for boto3 too; AWS itself accepts them. The unsigned S3 test covers them.)
      let odd = "state dir/a~b-state.json"
      try await s3.putObject(bucket: bucket, key: odd, body: Array("x".utf8), condition: .ifNoneMatch)
      #expect(try await s3.getObject(bucket: bucket, key: odd)?.body == Array("x".utf8))
      #expect(try await s3.listObjects(bucket: bucket, prefix: "state").map(\.key) == [odd])

      // A wrong secret fails with AWS's error code, never retried into success.
      var wrongSecret = credentials
      wrongSecret.secretAccessKey += "x"
      let bad = AWSTestConfiguration.configuration(endpoint: endpoint, attempts: 2, credentials: wrongSecret)
      do {
        _ = try await EC2Client(configuration: bad).describeInstances()
        Issue.record("a wrong EC2 signature was accepted")
      } catch {
        #expect(["SignatureDoesNotMatch", "AuthFailure"].contains(error.code ?? ""), "\(error)")
        #expect(!error.description.contains(wrongSecret.secretAccessKey))
      }
      do {
        _ = try await S3Client(configuration: bad).getObject(bucket: bucket, key: odd)
        Issue.record("a wrong S3 signature was accepted")
      } catch {
        #expect(error.code == "SignatureDoesNotMatch", "\(error)")
      }
      // An unknown key ID fails too.
      let unknown = AWSTestConfiguration.configuration(
        endpoint: endpoint, attempts: 1,
        credentials: AWSCredentials(accessKeyID: "AKIAUNKNOWNKEY000000", secretAccessKey: credentials.secretAccessKey))
      await #expect(throws: AWSError.self) {
        try await AutoScalingClient(configuration: unknown).describeAutoScalingGroups()
      }
    }
  }
}
