import Foundation
import ImmplanParser
import Testing

@testable import ImmplanExecutor

/// The credential chain's order and its "what was tried" error, with injected variables and files
/// and no network (``CredentialTestSupport``).
@Suite struct AWSCredentialChainTests {
  typealias Support = CredentialTestSupport

  static let credentialsFile = """
    # comment
    [default]
    aws_access_key_id = AKIADEFAULTFILE
    aws_secret_access_key = default-file-secret

    [ci]
    AWS_ACCESS_KEY_ID=AKIACIKEY
    aws_secret_access_key=ci-secret
    aws_session_token = ci-token
    ; another comment
    [broken]
    aws_access_key_id = AKIABROKEN
    """

  static let environmentKeys = ["AWS_ACCESS_KEY_ID": "AKIAENVKEY", "AWS_SECRET_ACCESS_KEY": "env-secret"]

  func files(config: String? = nil, credentials: String? = nil) -> FileMap {
    let files = FileMap()
    files["/home/u/.aws/config"] = config
    files["/home/u/.aws/credentials"] = credentials
    return files
  }

  func keys(_ selection: AWSCredentialSelection) -> (String, String)? {
    guard case .keys(let credentials, let source) = selection.recipe else { return nil }
    return (credentials.accessKeyID, source)
  }

  // MARK: - Order

  @Test func environmentKeysComeFirstWithTheirSessionToken() throws {
    var environment = Self.environmentKeys
    environment["AWS_SESSION_TOKEN"] = "env-token"
    environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/token"
    environment["AWS_ROLE_ARN"] = "arn:aws:iam::111111111111:role/deployer"
    let selection = try Support.select(Support.system(environment, files: files(credentials: Self.credentialsFile)))
    guard case .keys(let credentials, let source) = selection.recipe else {
      Issue.record("expected environment keys, got \(selection.recipe.name)")
      return
    }
    #expect(
      credentials == AWSCredentials(accessKeyID: "AKIAENVKEY", secretAccessKey: "env-secret", sessionToken: "env-token")
    )
    #expect(source == "environment variables")
    #expect(selection.tried.isEmpty)
    // The legacy name of the token variable still works.
    var legacy = Self.environmentKeys
    legacy["AWS_SECURITY_TOKEN"] = "legacy-token"
    guard case .keys(let old, _) = try Support.select(Support.system(legacy)).recipe else { return }
    #expect(old.sessionToken == "legacy-token")
  }

  @Test func theBlocksProfileSkipsTheEnvironmentButAWSProfileDoesNot() throws {
    var environment = Self.environmentKeys
    environment["AWS_PROFILE"] = "ci"
    let system = Support.system(environment, files: files(credentials: Self.credentialsFile))
    #expect(keys(try Support.select(system))?.0 == "AKIAENVKEY")
    let explicit = try Support.select(system, profile: "ci")
    #expect(keys(explicit)?.0 == "AKIACIKEY")
    #expect(
      explicit.tried.first == AWSCredentialAttempt("environment variables", "skipped: the block names profile `ci`"))
  }

  /// Every source configured at once; removing the winner each time shows the next in line.
  @Test func sourcesAreTriedInTheSDKsOrder() throws {
    let config = """
      [profile all]
      role_arn = arn:aws:iam::222222222222:role/from-profile
      source_profile = base
      credential_process = /usr/bin/make-credentials
      aws_access_key_id = AKIACONFIGFILE
      aws_secret_access_key = config-file-secret

      [profile base]
      aws_access_key_id = AKIABASE
      aws_secret_access_key = base-secret
      """
    let credentials = """
      [all]
      aws_access_key_id = AKIACREDENTIALSFILE
      aws_secret_access_key = credentials-file-secret
      """
    var environment = Self.environmentKeys
    environment["AWS_PROFILE"] = "all"
    environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/var/run/token"
    environment["AWS_ROLE_ARN"] = "arn:aws:iam::111111111111:role/web"
    environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/abc"
    environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:1/"
    let fileMap = files(config: config, credentials: credentials)
    func winner() throws -> String { try Support.select(Support.system(environment, files: fileMap)).recipe.name }

    #expect(try winner() == "environment variables")
    environment["AWS_ACCESS_KEY_ID"] = nil
    environment["AWS_SECRET_ACCESS_KEY"] = nil
    // role_arn + source_profile comes before web identity (botocore's order); the source keys sign.
    let role = try Support.select(Support.system(environment, files: fileMap))
    guard case .assumeRole(let assume) = role.recipe, case .keys(let base, _) = assume.source else {
      Issue.record("expected the profile's role, got \(role.recipe.name)")
      return
    }
    #expect(assume.roleARN == "arn:aws:iam::222222222222:role/from-profile")
    #expect(base.accessKeyID == "AKIABASE")

    fileMap["/home/u/.aws/config"] = config.replacingOccurrences(of: "role_arn", with: "# role_arn")
    #expect(try winner() == "web identity (role arn:aws:iam::111111111111:role/web, token file /var/run/token)")
    environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = nil
    #expect(try winner() == "profile `all` in /home/u/.aws/credentials")
    fileMap["/home/u/.aws/credentials"] = nil
    #expect(try winner() == "`credential_process` of profile `all`")
    fileMap["/home/u/.aws/config"] = config.replacingOccurrences(of: "role_arn", with: "# role_arn")
      .replacingOccurrences(of: "credential_process", with: "# credential_process")
    #expect(try winner() == "profile `all` in /home/u/.aws/config")
    fileMap["/home/u/.aws/config"] = "[profile all]\nregion = eu-west-1\n"
    #expect(try winner() == "container credentials at http://169.254.170.2/v2/credentials/abc")
    environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = nil
    let last = try Support.select(Support.system(environment, files: fileMap))
    #expect(last.recipe.name == "EC2 instance metadata at http://127.0.0.1:1")
    #expect(last.isLastResort)
    #expect(
      last.tried.map(\.source) == [
        "environment variables", "assume role", "web identity", "shared credentials file /home/u/.aws/credentials",
        "credential_process", "shared config file /home/u/.aws/config", "container credentials",
      ])
  }

  @Test func nothingFoundListsWhatWasTriedInOrder() {
    let system = Support.system(
      ["AWS_EC2_METADATA_DISABLED": "true"], files: files(config: "[profile other]\nregion = x\n"))
    #expect(throws: AWSError.self) { try Support.select(system) }
    do {
      _ = try Support.select(system)
    } catch {
      #expect(
        error.description == """
          no AWS credentials found; tried, in order:
            1. environment variables: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` are not set
            2. assume role: profile `default` has no `role_arn`
            3. web identity: `AWS_WEB_IDENTITY_TOKEN_FILE` is not set and profile `default` has no `web_identity_token_file`
            4. shared credentials file /home/u/.aws/credentials: not found
            5. credential_process: profile `default` has no `credential_process`
            6. shared config file /home/u/.aws/config: no profile `default`
            7. container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` and `AWS_CONTAINER_CREDENTIALS_FULL_URI` are not set
            8. EC2 instance metadata: disabled by `AWS_EC2_METADATA_DISABLED`
          """)
      let diagnostic = Diagnostic.awsConfiguration(
        { if case .configuration(let problem) = error { problem } else { .missingRegion } }(), at: nil)
      #expect(diagnostic.code == DiagnosticCode("E2102"))
      #expect(diagnostic.notes.count == 9)
    }
  }

  /// The metadata service is tried last, on first use; when it fails, the error is the whole list.
  @Test func theLastResortsFailureCompletesTheList() async throws {
    let network = ScriptedTransport { request throws(AWSError) in
      throw .transport(reason: "could not connect to the endpoint")
    }
    let system = Support.system(
      ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9/"], transport: network)
    let configuration = try AWSSessionResolver(system: system).configuration(
      region: "us-east-1", profile: nil, endpoint: nil)
    do {
      _ = try await configuration.credentialProvider.credentials()
      Issue.record("expected no credentials")
    } catch {
      guard case .configuration(.noCredentials(let tried)) = error else {
        Issue.record("expected the tried list, got \(error)")
        return
      }
      #expect(tried.count == 8)
      #expect(
        tried.last
          == AWSCredentialAttempt(
            "EC2 instance metadata at http://127.0.0.1:9", "connection failed: could not connect to the endpoint"))
    }
    #expect(network.requests.map(\.path) == ["/latest/api/token"])
  }

  // MARK: - Profiles and roles

  @Test func rolesChainThroughSourceProfilesWithTheirSettings() throws {
    let config = """
      [profile deploy]
      role_arn = arn:aws:iam::333333333333:role/deploy
      source_profile = middle
      external_id = ext-42
      role_session_name = pipeline
      duration_seconds = 1800

      [profile middle]
      role_arn = arn:aws:iam::222222222222:role/middle
      source_profile = base

      [profile base]
      region = ap-south-1
      """
    let credentials = "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = base-secret\n"
    let system = Support.system([:], files: files(config: config, credentials: credentials))
    let selection = try Support.select(system, profile: "deploy")
    guard case .assumeRole(let deploy) = selection.recipe, case .assumeRole(let middle) = deploy.source,
      case .keys(let base, let source) = middle.source
    else {
      Issue.record("expected deploy ← middle ← base, got \(selection.recipe.name)")
      return
    }
    #expect(deploy.externalID == "ext-42")
    #expect(deploy.sessionName == "pipeline")
    #expect(deploy.durationSeconds == 1800)
    #expect(deploy.profile == "deploy")
    #expect(middle.roleARN == "arn:aws:iam::222222222222:role/middle")
    #expect(middle.sessionName == nil)
    #expect(base.accessKeyID == "AKIABASE")
    #expect(source == "profile `base`")
  }

  @Test func sourceProfileCyclesAreRefusedButAProfileMaySourceItsOwnKeys() throws {
    let cycle = """
      [profile a]
      role_arn = arn:aws:iam::111111111111:role/a
      source_profile = b
      [profile b]
      role_arn = arn:aws:iam::111111111111:role/b
      source_profile = a
      [profile self]
      role_arn = arn:aws:iam::111111111111:role/self
      source_profile = self
      aws_access_key_id = AKIASELF
      aws_secret_access_key = self-secret
      [profile lonely]
      role_arn = arn:aws:iam::111111111111:role/lonely
      source_profile = lonely
      """
    let system = Support.system([:], files: files(config: cycle))
    #expect(
      throws: AWSError.configuration(
        .invalidProfile(profile: "b", reason: "`source_profile` goes round in a cycle: `a` → `b` → `a`"))
    ) { try Support.select(system, profile: "a") }
    guard case .assumeRole(let role) = try Support.select(system, profile: "self").recipe,
      case .keys(let own, _) = role.source
    else {
      Issue.record("a profile with keys may assume its role with them")
      return
    }
    #expect(own.accessKeyID == "AKIASELF")
    #expect(throws: AWSError.self) { try Support.select(system, profile: "lonely") }
  }

  @Test func credentialSourcesAndBadRoleSettings() throws {
    let config = """
      [profile env]
      role_arn = arn:aws:iam::111111111111:role/env
      credential_source = Environment
      [profile ec2]
      role_arn = arn:aws:iam::111111111111:role/ec2
      credential_source = Ec2InstanceMetadata
      [profile ecs]
      role_arn = arn:aws:iam::111111111111:role/ecs
      credential_source = EcsContainer
      [profile odd]
      role_arn = arn:aws:iam::111111111111:role/odd
      credential_source = Laptop
      [profile both]
      role_arn = arn:aws:iam::111111111111:role/both
      credential_source = Environment
      source_profile = env
      [profile none]
      role_arn = arn:aws:iam::111111111111:role/none
      [profile mfa]
      role_arn = arn:aws:iam::111111111111:role/mfa
      source_profile = env
      mfa_serial = arn:aws:iam::111111111111:mfa/me
      [profile sso]
      sso_session = corp
      sso_account_id = 111111111111
      """
    var environment = Self.environmentKeys
    environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = "http://127.0.0.1:8080/credentials"
    let system = Support.system(environment, files: files(config: config))
    func source(_ profile: String) throws -> AWSCredentialRecipe? {
      guard case .assumeRole(let role) = try Support.select(system, profile: profile).recipe else { return nil }
      return role.source
    }
    guard case .keys(let keys, "environment variables") = try source("env") else {
      Issue.record("Environment: the environment's keys sign the AssumeRole")
      return
    }
    #expect(keys.accessKeyID == "AKIAENVKEY")
    guard case .instanceMetadata(let metadata) = try source("ec2") else {
      Issue.record("Ec2InstanceMetadata")
      return
    }
    #expect(metadata.endpoint.description == "http://169.254.169.254")
    #expect(metadata.timeout == 1)
    guard case .container(let container) = try source("ecs") else {
      Issue.record("EcsContainer")
      return
    }
    #expect(container.url == "http://127.0.0.1:8080/credentials")

    for (profile, reason) in [
      ("odd", "unknown `credential_source` `Laptop`: expected Environment, Ec2InstanceMetadata or EcsContainer"),
      ("both", "`source_profile` and `credential_source` cannot both be set"),
      ("none", "`role_arn` needs `source_profile` or `credential_source`"),
    ] {
      #expect(throws: AWSError.configuration(.invalidProfile(profile: profile, reason: reason))) {
        try Support.select(system, profile: profile)
      }
    }
    for profile in ["mfa", "sso"] {
      do {
        _ = try Support.select(system, profile: profile)
        Issue.record("profile \(profile) must be refused")
      } catch {
        #expect(error.description.contains(profile == "mfa" ? "mfa_serial" : "aws configure export-credentials"))
      }
    }
    // Environment as a role's source needs the keys.
    let bare = Support.system([:], files: files(config: config))
    #expect(throws: AWSError.self) { try Support.select(bare, profile: "env") }
  }

  @Test func webIdentityVariablesComeBeforeTheProfilesSettings() throws {
    let config = """
      [default]
      web_identity_token_file = ~/profile-token
      role_arn = arn:aws:iam::111111111111:role/from-profile
      role_session_name = from-profile
      """
    let fromProfile = try Support.select(Support.system([:], files: files(config: config)))
    guard case .webIdentity(let profile) = fromProfile.recipe else {
      Issue.record("expected the profile's web identity, got \(fromProfile.recipe.name)")
      return
    }
    #expect(profile.tokenFile == "/home/u/profile-token")
    #expect(profile.roleARN == "arn:aws:iam::111111111111:role/from-profile")
    #expect(profile.sessionName == "from-profile")
    #expect(profile.region == "eu-west-1")

    let environment = [
      "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/token", "AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/env",
    ]
    guard
      case .webIdentity(let mixed) = try Support.select(Support.system(environment, files: files(config: config)))
        .recipe
    else { return }
    #expect(mixed.tokenFile == "/var/run/secrets/token")
    #expect(mixed.roleARN == "arn:aws:iam::111111111111:role/env")
    #expect(mixed.sessionName == "from-profile", "each setting falls back to the profile on its own")

    // A token file without any role is an error, not a silent fall-through.
    #expect(throws: AWSError.self) {
      try Support.select(Support.system(["AWS_WEB_IDENTITY_TOKEN_FILE": "/t", "AWS_EC2_METADATA_DISABLED": "true"]))
    }
  }

  @Test func sharedFilesAreReadAsTheSDKsReadThem() throws {
    let config = """
      [default]
      region = us-west-2
      [profile ci]
      region = eu-central-1
      s3 =
        addressing_style = path
      [ci]
      region = should-be-ignored
      [sso-session corp]
      sso_region = us-east-1
      """
    let fileMap = files(config: config, credentials: Self.credentialsFile)
    let shared = AWSSharedFiles(system: Support.system([:], files: fileMap))
    #expect(shared.config?.keys.sorted() == ["ci", "default"])
    #expect(shared.profile("ci")["region"] == "eu-central-1")
    #expect(shared.profile("ci")["addressing_style"] == nil)
    #expect(shared.profile("ci")["aws_session_token"] == "ci-token", "the credentials file's keys are merged in")
    #expect(shared.credentials?["broken"] != nil)
    // Custom paths, `~` expanded.
    let moved = FileMap(["/home/u/cfg": "[profile x]\nregion = sa-east-1\n", "/srv/creds": "[x]\n"])
    let custom = AWSSharedFiles(
      system: Support.system(
        ["AWS_CONFIG_FILE": "~/cfg", "AWS_SHARED_CREDENTIALS_FILE": "/srv/creds"], files: moved))
    #expect(custom.profile("x")["region"] == "sa-east-1")
    #expect(custom.hasProfile("x"))
  }

  @Test func partialKeysAreErrorsNotASilentFallThrough() {
    #expect(
      throws: AWSError.configuration(
        .credentialSource(
          source: "environment variables", reason: "`AWS_ACCESS_KEY_ID` is set but `AWS_SECRET_ACCESS_KEY` is not"))
    ) { try Support.select(Support.system(["AWS_ACCESS_KEY_ID": "AKIAONLY"])) }
    #expect(throws: AWSError.configuration(.incompleteProfile(profile: "broken", file: "/home/u/.aws/credentials"))) {
      try Support.select(Support.system([:], files: files(credentials: Self.credentialsFile)), profile: "broken")
    }
  }

  // MARK: - Profile, region, expiry

  @Test func profileAndRegionAreChosenAsTheSDKsChooseThem() throws {
    let config = "[default]\nregion = us-west-2\n[profile ci]\nregion = eu-central-1\n"
    let fileMap = files(config: config, credentials: Self.credentialsFile)
    func resolve(_ environment: [String: String], region: String? = nil, profile: String? = nil) throws
      -> AWSConfiguration
    {
      try AWSSessionResolver(system: Support.system(environment, files: fileMap)).configuration(
        region: region, profile: profile, endpoint: nil)
    }
    #expect(try resolve([:]).region == "us-west-2")
    #expect(try resolve(["AWS_PROFILE": "ci"]).region == "eu-central-1")
    #expect(try resolve(["AWS_DEFAULT_PROFILE": "ci"]).region == "eu-central-1")
    #expect(try resolve(["AWS_DEFAULT_REGION": "ap-east-1", "AWS_PROFILE": "ci"]).region == "ap-east-1")
    #expect(try resolve(["AWS_REGION": "me-south-1", "AWS_DEFAULT_REGION": "ap-east-1"]).region == "me-south-1")
    #expect(try resolve(["AWS_REGION": "me-south-1"], region: "ca-central-1").region == "ca-central-1")
    #expect(try resolve(["AWS_PROFILE": "ci"], profile: "default").region == "us-west-2")
    #expect(
      throws: AWSError.configuration(
        .profileNotFound(profile: "nope", file: "/home/u/.aws/config or /home/u/.aws/credentials"))
    ) { try resolve(["AWS_PROFILE": "nope"]) }
    #expect(throws: AWSError.configuration(.invalidRegion("eu west"))) { try resolve([:], region: "eu west") }
    let empty = AWSSessionResolver(system: Support.system(Self.environmentKeys))
    #expect(throws: AWSError.configuration(.missingRegion)) {
      try empty.configuration(region: nil, profile: nil, endpoint: nil)
    }
  }

  @Test func expiringEnvironmentCredentialsFailClearlyOnceExpired() async throws {
    var environment = Self.environmentKeys
    environment["AWS_CREDENTIAL_EXPIRATION"] = "2026-01-01T00:30:00.250Z"
    let clock = TestClock()
    let configuration = try AWSSessionResolver(system: Support.system(environment, clock: clock)).configuration(
      region: "us-east-1", profile: nil, endpoint: nil)
    #expect(try await configuration.credentialProvider.credentials().accessKeyID == "AKIAENVKEY")
    clock.advance(by: 31 * 60)
    await #expect(
      throws: AWSError.configuration(
        .expiredCredentials(source: "environment variables", at: "2026-01-01T00:30:00Z"))
    ) { try await configuration.credentialProvider.credentials() }
    environment["AWS_CREDENTIAL_EXPIRATION"] = "tomorrow"
    #expect(throws: AWSError.self) { try Support.select(Support.system(environment)) }
  }

  // MARK: - Secrets and sharing

  @Test func noSecretReachesAMessageOrADescription() async throws {
    let secrets = ["env-secret", "env-token", "default-file-secret", "ci-secret", "ci-token", "base-secret"]
    var texts: [String] = []
    var environment = Self.environmentKeys
    environment["AWS_SESSION_TOKEN"] = "env-token"
    environment["AWS_CREDENTIAL_EXPIRATION"] = "2020-01-01T00:00:00Z"
    let fileMap = files(
      config: "[profile r]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = ci\n", credentials: Self.credentialsFile)
    let system = Support.system(environment, files: fileMap)
    for profile in [nil, "ci", "r", "broken", "default"] as [String?] {
      do {
        let selection = try Support.select(system, profile: profile)
        texts += [selection.recipe.name, "\(selection)", String(reflecting: selection)]
        let configuration = try AWSSessionResolver(system: system).configuration(
          region: "us-east-1", profile: profile, endpoint: nil)
        texts.append("\(configuration)")
      } catch {
        texts.append(error.description)
      }
    }
    let expired = try AWSSessionResolver(system: system).configuration(region: "us-east-1", profile: nil, endpoint: nil)
    texts.append("\(expired.credentialProvider)")
    do {
      _ = try await expired.credentialProvider.credentials()
      Issue.record("credentials that expired in 2020 must not be used")
    } catch {
      texts.append(error.description)
    }
    for text in texts {
      for secret in secrets { #expect(!text.contains(secret), "\(secret) leaked in: \(text)") }
    }
  }

  @Test func identicalSelectionsShareOneProvider() throws {
    let system = Support.system(
      ["AWS_WEB_IDENTITY_TOKEN_FILE": "/token", "AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/deployer"])
    let resolver = AWSSessionResolver(system: system)
    let first = try resolver.configuration(region: "us-east-1", profile: nil, endpoint: nil).credentialProvider
    let second = try resolver.configuration(region: "us-east-1", profile: nil, endpoint: nil).credentialProvider
    let elsewhere = try resolver.configuration(region: "eu-west-1", profile: nil, endpoint: nil).credentialProvider
    let (a, b, c) = (
      first as? RefreshingCredentials, second as? RefreshingCredentials, elsewhere as? RefreshingCredentials
    )
    #expect(a != nil && a === b, "the provider and the state backend share one source")
    #expect(c != nil && a !== c, "another region is another STS endpoint, so another source")
  }
}

@Suite struct AWSSetupDiagnosticsTests {
  @Test func providerAndBackendReportFixableProblems() {
    #expect(throws: AWSError.configuration(.missingRegion)) {
      try AWSProvider(
        settings: AWSProviderSettings(),
        system: CredentialTestSupport.system(["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"]))
    }
    #expect(throws: AWSError.configuration(.invalidEndpoint("ftp://x"))) {
      try S3StateStorage(
        bucket: "b", key: "k", region: "us-east-1", endpoint: "ftp://x", profile: nil,
        system: CredentialTestSupport.system(["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"]))
    }
    do {
      _ = try AWSProvider(
        settings: AWSProviderSettings(region: "us-east-1"),
        system: CredentialTestSupport.system(["AWS_EC2_METADATA_DISABLED": "true"]))
      Issue.record("expected no credentials")
    } catch {
      #expect(error.description.hasPrefix("no AWS credentials found; tried, in order:\n  1. environment variables"))
    }
  }

  @Test func diagnosticsHaveStableCodesAndHelp() {
    let diagnostic = Diagnostic.awsConfiguration(.missingRegion, at: nil)
    #expect(diagnostic.code == DiagnosticCode("E2100"))
    #expect(diagnostic.message == "no AWS region is configured")
    #expect(diagnostic.help?.contains("AWS_REGION") == true)
    let problems: [AWSConfigurationProblem] = [
      .missingRegion, .invalidRegion("x y"), .noCredentials(tried: [AWSCredentialAttempt("a", "b")]),
      .profileNotFound(profile: "p", file: "f"), .incompleteProfile(profile: "p", file: "f"), .invalidEndpoint("e"),
      .invalidProfile(profile: "p", reason: "r"), .expiredCredentials(source: "s", at: "t"),
      .credentialSource(source: "s", reason: "r"),
    ]
    let codes = problems.map { Diagnostic.awsConfiguration($0, at: nil).code.rawValue }
    #expect(codes == ["E2100", "E2101", "E2102", "E2103", "E2104", "E2105", "E2106", "E2107", "E2108"])
  }
}
