import Foundation
import ImmplanParser
import Testing

@testable import ImmplanExecutor

@Suite struct AWSCredentialResolverTests {
  static let file = """
    # comment
    [default]
    aws_access_key_id = AKIADEFAULT
    aws_secret_access_key = defaultsecret

    [profile ci]
    AWS_ACCESS_KEY_ID=AKIACI
    aws_secret_access_key=cisecret
    aws_session_token = citoken
    ; another comment
    [broken]
    aws_access_key_id = AKIABROKEN
    """

  func resolver(_ environment: [String: String], file: String? = Self.file) -> AWSCredentialResolver {
    AWSCredentialResolver(
      environment: environment,
      readFile: { path in path == "/home/u/.aws/credentials" || path == "/custom" ? file : nil })
  }

  @Test func environmentKeysComeFirst() throws {
    let credentials = try resolver([
      "HOME": "/home/u", "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "envsecret",
      "AWS_SESSION_TOKEN": "tok",
    ]).credentials(profile: nil)
    #expect(credentials == AWSCredentials(accessKeyID: "AKIAENV", secretAccessKey: "envsecret", sessionToken: "tok"))
  }

  @Test func defaultAndNamedProfiles() throws {
    #expect(try resolver(["HOME": "/home/u"]).credentials(profile: nil).accessKeyID == "AKIADEFAULT")
    #expect(try resolver(["HOME": "/home/u", "AWS_PROFILE": "ci"]).credentials(profile: nil).sessionToken == "citoken")
    // The provider's profile wins over environment keys.
    let explicit = try resolver(["HOME": "/home/u", "AWS_ACCESS_KEY_ID": "AKIAENV", "AWS_SECRET_ACCESS_KEY": "s"])
      .credentials(profile: "ci")
    #expect(explicit.accessKeyID == "AKIACI")
    #expect(
      try resolver(["AWS_SHARED_CREDENTIALS_FILE": "/custom"]).credentials(profile: nil).accessKeyID == "AKIADEFAULT")
  }

  @Test func clearErrorsThatNeverShowSecrets() {
    #expect(throws: AWSError.configuration(.profileNotFound(profile: "nope", file: "/home/u/.aws/credentials"))) {
      try resolver(["HOME": "/home/u"]).credentials(profile: "nope")
    }
    #expect(throws: AWSError.self) { try resolver(["HOME": "/home/u"]).credentials(profile: "broken") }
    do {
      _ = try resolver(["HOME": "/nowhere"], file: nil).credentials(profile: nil)
      Issue.record("expected an error")
    } catch {
      #expect(error.description.contains("AWS_ACCESS_KEY_ID"))
    }
  }

  @Test func regionOrder() throws {
    #expect(try resolver(["AWS_REGION": "eu-west-1"]).region(configured: "us-east-2") == "us-east-2")
    #expect(
      try resolver(["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "x"]).region(configured: nil) == "eu-west-1")
    #expect(throws: AWSError.self) { try resolver([:]).region(configured: nil) }
  }
}

@Suite struct AWSSetupDiagnosticsTests {
  @Test func providerAndBackendReportFixableProblems() {
    #expect(throws: AWSError.configuration(.missingRegion)) {
      try AWSProvider(
        settings: AWSProviderSettings(), environment: ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"])
    }
    #expect(throws: AWSError.configuration(.invalidEndpoint("ftp://x"))) {
      try S3StateStorage(
        bucket: "b", key: "k", region: "us-east-1", endpoint: "ftp://x", profile: nil,
        environment: ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"])
    }
    #expect(throws: AWSError.configuration(.missingCredentials(file: "/nowhere/.aws/credentials", profile: "default")))
    {
      try AWSProvider(settings: AWSProviderSettings(region: "us-east-1"), environment: ["HOME": "/nowhere"])
    }
  }

  @Test func diagnosticsHaveStableCodesAndHelp() {
    let diagnostic = Diagnostic.awsConfiguration(.missingRegion, at: nil)
    #expect(diagnostic.code == DiagnosticCode("E2100"))
    #expect(diagnostic.message == "no AWS region is configured")
    #expect(diagnostic.help?.contains("AWS_REGION") == true)
    let problems: [AWSConfigurationProblem] = [
      .missingRegion, .invalidRegion("x y"), .missingCredentials(file: "f", profile: "p"),
      .profileNotFound(profile: "p", file: "f"), .incompleteProfile(profile: "p", file: "f"), .invalidEndpoint("e"),
    ]
    let codes = problems.map { Diagnostic.awsConfiguration($0, at: nil).code.rawValue }
    #expect(codes == ["E2100", "E2101", "E2102", "E2103", "E2104", "E2105"])
  }
}
