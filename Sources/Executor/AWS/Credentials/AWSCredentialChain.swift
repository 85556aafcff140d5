import Foundation

/// Chooses where credentials come from, in botocore's order (the AWS CLI's; aws-sdk-go-v2 agrees
/// on every source immplan supports):
///
/// 1. environment variables `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`,
///    `AWS_CREDENTIAL_EXPIRATION`) — skipped when the block names a `profile`, as the SDKs skip
///    them for a profile chosen in code (not for `AWS_PROFILE`);
/// 2. the profile's `role_arn` with `source_profile` (followed, cycles refused) or
///    `credential_source` → STS `AssumeRole`;
/// 3. web identity: `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (+ `AWS_ROLE_SESSION_NAME`), each
///    variable before the profile's `web_identity_token_file`/`role_arn`/`role_session_name` →
///    STS `AssumeRoleWithWebIdentity`;
/// 4. (an SSO profile is refused with a way out: immplan has no SSO login);
/// 5. keys of the profile in the shared credentials file;
/// 6. the profile's `credential_process`;
/// 7. keys of the profile in the shared config file;
/// 8. container credentials (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `_FULL_URI`);
/// 9. EC2 instance metadata (IMDSv2), unless `AWS_EC2_METADATA_DISABLED=true`.
///
/// Selection only reads variables and the parsed files; network sources are fetched on first use.
/// Each source that does not apply adds one line saying why, so "nothing found" lists them in order.
struct AWSCredentialChain: Sendable {
  var system: AWSSystem
  var files: AWSSharedFiles
  /// The selected profile: the block's, else `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, `default`.
  var profile: String
  /// Whether the block named it (then environment keys are skipped).
  var isProfileExplicit: Bool
  var region: String
  var endpoints: AWSEndpoints

  static let environmentSource = "environment variables"
  static let imdsDefault = "http://169.254.169.254"
  static let imdsIPv6Default = "http://[fd00:ec2::254]"
  static let containerHost = "http://169.254.170.2"

  func select() throws(AWSError) -> AWSCredentialSelection {
    var tried: [AWSCredentialAttempt] = []
    if isProfileExplicit {
      tried.append(.init(Self.environmentSource, "skipped: the block names profile `\(profile)`"))
    } else if let keys = try environmentKeys() {
      return AWSCredentialSelection(recipe: .keys(keys, source: Self.environmentSource), tried: tried)
    } else {
      tried.append(.init(Self.environmentSource, "`AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` are not set"))
    }

    let settings = files.profile(profile)
    if settings["role_arn"] != nil && settings["web_identity_token_file"] == nil {
      return AWSCredentialSelection(recipe: try assumeRole(profile, visited: []), tried: tried)
    }
    tried.append(.init("assume role", "profile `\(profile)` has no `role_arn`"))

    switch try webIdentity(settings, readsEnvironment: true) {
    case .found(let recipe): return AWSCredentialSelection(recipe: recipe, tried: tried)
    case .skipped(let attempt): tried.append(attempt)
    }

    try refuseSSO(settings, profile: profile)

    switch try fileKeys(files.credentials, path: files.credentialsPath, kind: "shared credentials file") {
    case .found(let recipe): return AWSCredentialSelection(recipe: recipe, tried: tried)
    case .skipped(let attempt): tried.append(attempt)
    }

    if let command = settings["credential_process"], !command.isEmpty {
      return AWSCredentialSelection(recipe: .process(command: command, profile: profile), tried: tried)
    }
    tried.append(.init("credential_process", "profile `\(profile)` has no `credential_process`"))

    switch try fileKeys(files.config, path: files.configPath, kind: "shared config file") {
    case .found(let recipe): return AWSCredentialSelection(recipe: recipe, tried: tried)
    case .skipped(let attempt): tried.append(attempt)
    }

    if let container = try container() {
      return AWSCredentialSelection(recipe: .container(container), tried: tried)
    }
    tried.append(
      .init(
        "container credentials",
        "`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` and `AWS_CONTAINER_CREDENTIALS_FULL_URI` are not set"))

    if let metadata = try instanceMetadata() {
      return AWSCredentialSelection(recipe: .instanceMetadata(metadata), tried: tried, isLastResort: true)
    }
    tried.append(.init("EC2 instance metadata", "disabled by `AWS_EC2_METADATA_DISABLED`"))
    throw .configuration(.noCredentials(tried: tried))
  }

  // MARK: - Keys

  /// The environment's keys; nil when neither is set; an error when only one is.
  func environmentKeys() throws(AWSError) -> AWSCredentials? {
    let key = system.variable("AWS_ACCESS_KEY_ID")
    let secret = system.variable("AWS_SECRET_ACCESS_KEY")
    guard let key, let secret else {
      if key == nil && secret == nil { return nil }
      let (set, unset) = key == nil ? ("SECRET_ACCESS_KEY", "ACCESS_KEY_ID") : ("ACCESS_KEY_ID", "SECRET_ACCESS_KEY")
      throw .configuration(
        .credentialSource(source: Self.environmentSource, reason: "`AWS_\(set)` is set but `AWS_\(unset)` is not"))
    }
    var expiration: Date?
    if let text = system.variable("AWS_CREDENTIAL_EXPIRATION") {
      guard let parsed = AWSTimestampParser.parse(text) else {
        throw .configuration(
          .credentialSource(
            source: Self.environmentSource, reason: "`AWS_CREDENTIAL_EXPIRATION` is not an ISO 8601 time"))
      }
      expiration = parsed
    }
    return AWSCredentials(
      accessKeyID: key, secretAccessKey: secret,
      sessionToken: system.variable("AWS_SESSION_TOKEN") ?? system.variable("AWS_SECURITY_TOKEN"),
      expiration: expiration)
  }

  /// Keys of the selected profile in one file, or why there are none.
  private func fileKeys(_ profiles: [String: [String: String]]?, path: String, kind: String)
    throws(AWSError) -> Lookup
  {
    let source = "\(kind) \(path)"
    guard let profiles else { return .skipped(.init(source, "not found")) }
    guard let settings = profiles[profile] else { return .skipped(.init(source, "no profile `\(profile)`")) }
    guard let keys = try keys(in: settings, profile: profile, path: path) else {
      return .skipped(.init(source, "profile `\(profile)` has no `aws_access_key_id`"))
    }
    return .found(.keys(keys, source: "profile `\(profile)` in \(path)"))
  }

  /// `aws_access_key_id` + `aws_secret_access_key` (+ `aws_session_token`) of `settings`.
  private func keys(in settings: [String: String], profile: String, path: String) throws(AWSError) -> AWSCredentials? {
    let key = settings["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
    let secret = settings["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
    guard let key, let secret else {
      if key == nil && secret == nil { return nil }
      throw .configuration(.incompleteProfile(profile: profile, file: path))
    }
    let token = settings["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
    return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
  }

  // MARK: - Roles

  /// The role of `name` (which has `role_arn`), its source followed through `source_profile`s;
  /// `visited` holds the profiles already on the way, to refuse cycles.
  func assumeRole(_ name: String, visited: [String]) throws(AWSError) -> AWSCredentialRecipe {
    let settings = files.profile(name)
    guard let roleARN = settings["role_arn"], !roleARN.isEmpty else {
      throw .configuration(.invalidProfile(profile: name, reason: "`role_arn` is empty"))
    }
    if settings["mfa_serial"] != nil {
      throw .configuration(
        .invalidProfile(
          profile: name,
          reason: "`mfa_serial` needs a one-time code typed in, which immplan cannot ask for; use a role without MFA"))
    }
    let path = visited + [name]
    let source: AWSCredentialRecipe
    switch (settings["source_profile"].flatMap { $0.isEmpty ? nil : $0 }, settings["credential_source"]) {
    case (nil, nil):
      throw .configuration(
        .invalidProfile(profile: name, reason: "`role_arn` needs `source_profile` or `credential_source`"))
    case (.some, .some):
      throw .configuration(
        .invalidProfile(profile: name, reason: "`source_profile` and `credential_source` cannot both be set"))
    case (let sourceProfile?, nil):
      source = try sourceRecipe(sourceProfile, referrer: name, visited: path)
    case (nil, let credentialSource?):
      source = try credentialSourceRecipe(credentialSource, profile: name)
    }
    var duration: Int?
    if let text = settings["duration_seconds"] {
      guard let seconds = Int(text), seconds > 0 else {
        throw .configuration(.invalidProfile(profile: name, reason: "`duration_seconds` is not a whole number"))
      }
      duration = seconds
    }
    return .assumeRole(
      .init(
        roleARN: roleARN, sessionName: settings["role_session_name"].flatMap { $0.isEmpty ? nil : $0 },
        externalID: settings["external_id"].flatMap { $0.isEmpty ? nil : $0 }, durationSeconds: duration,
        profile: name, source: source, region: region, endpoints: endpoints))
  }

  /// The credentials a role's `source_profile` gives: its keys (they win, so a profile may source
  /// itself), else its own role, else its web identity or `credential_process`.
  private func sourceRecipe(_ name: String, referrer: String, visited: [String]) throws(AWSError)
    -> AWSCredentialRecipe
  {
    guard files.hasProfile(name) else {
      throw .configuration(
        .invalidProfile(
          profile: referrer, reason: "its `source_profile` `\(name)` is not in \(files.bothPaths)"))
    }
    let settings = files.profile(name)
    let keys = try keys(in: settings, profile: name, path: files.bothPaths)
    if visited.contains(name) && !(name == referrer && keys != nil) {
      let cycle = (visited + [name]).map { "`\($0)`" }.joined(separator: " → ")
      throw .configuration(
        .invalidProfile(profile: referrer, reason: "`source_profile` goes round in a cycle: \(cycle)"))
    }
    if let keys { return .keys(keys, source: "profile `\(name)`") }
    if settings["role_arn"] != nil && settings["web_identity_token_file"] == nil {
      return try assumeRole(name, visited: visited)
    }
    if case .found(let recipe) = try webIdentity(settings, readsEnvironment: false) { return recipe }
    try refuseSSO(settings, profile: name)
    if let command = settings["credential_process"], !command.isEmpty {
      return .process(command: command, profile: name)
    }
    throw .configuration(
      .invalidProfile(profile: referrer, reason: "its `source_profile` `\(name)` has no credentials"))
  }

  /// `credential_source`: `Environment`, `Ec2InstanceMetadata` or `EcsContainer`.
  private func credentialSourceRecipe(_ value: String, profile: String) throws(AWSError) -> AWSCredentialRecipe {
    switch value {
    case "Environment":
      guard let keys = try environmentKeys() else {
        throw .configuration(
          .invalidProfile(
            profile: profile,
            reason: "`credential_source = Environment` but `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` are not set")
        )
      }
      return .keys(keys, source: Self.environmentSource)
    case "Ec2InstanceMetadata":
      guard let metadata = try instanceMetadata() else {
        throw .configuration(
          .invalidProfile(
            profile: profile,
            reason: "`credential_source = Ec2InstanceMetadata` but `AWS_EC2_METADATA_DISABLED` is true"))
      }
      return .instanceMetadata(metadata)
    case "EcsContainer":
      guard let container = try container() else {
        throw .configuration(
          .invalidProfile(
            profile: profile,
            reason: "`credential_source = EcsContainer` but `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` and"
              + " `AWS_CONTAINER_CREDENTIALS_FULL_URI` are not set"))
      }
      return .container(container)
    default:
      throw .configuration(
        .invalidProfile(
          profile: profile,
          reason: "unknown `credential_source` `\(value)`: expected Environment, Ec2InstanceMetadata or EcsContainer"))
    }
  }

  /// Web identity from the variables (when `readsEnvironment`) before the profile's settings.
  private func webIdentity(_ settings: [String: String], readsEnvironment: Bool) throws(AWSError)
    -> Lookup
  {
    func setting(_ variable: String, _ key: String) -> String? {
      (readsEnvironment ? system.variable(variable) : nil) ?? settings[key].flatMap { $0.isEmpty ? nil : $0 }
    }
    guard let tokenFile = setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file") else {
      return .skipped(
        .init(
          "web identity",
          "`AWS_WEB_IDENTITY_TOKEN_FILE` is not set and profile `\(profile)` has no `web_identity_token_file`"))
    }
    guard let roleARN = setting("AWS_ROLE_ARN", "role_arn") else {
      throw .configuration(
        .credentialSource(
          source: "web identity (token file \(tokenFile))", reason: "no role: set `AWS_ROLE_ARN` or `role_arn`"))
    }
    return .found(
      .webIdentity(
        .init(
          roleARN: roleARN, tokenFile: system.expandingHome(tokenFile),
          sessionName: setting("AWS_ROLE_SESSION_NAME", "role_session_name"), region: region, endpoints: endpoints)))
  }

  /// IAM Identity Center needs an interactive login and a token cache immplan does not read.
  private func refuseSSO(_ settings: [String: String], profile: String) throws(AWSError) {
    guard settings["sso_session"] != nil || settings["sso_start_url"] != nil || settings["sso_account_id"] != nil
    else { return }
    throw .configuration(
      .invalidProfile(
        profile: profile,
        reason: "it uses IAM Identity Center (SSO), which immplan cannot log in to; run"
          + " `eval \"$(aws configure export-credentials --profile \(profile) --format env)\"` first"))
  }

  // MARK: - Metadata services

  /// The container endpoint, when one is configured; a full URI must be https, loopback, or one of
  /// the link-local hosts ECS and EKS use.
  func container() throws(AWSError) -> AWSCredentialRecipe.Container? {
    let authorization: AWSCredentialRecipe.ContainerAuthorization =
      if let file = system.variable("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
        .file(file)
      } else if system.variable("AWS_CONTAINER_AUTHORIZATION_TOKEN") != nil {
        .variable
      } else {
        .none
      }
    if let relative = system.variable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
      let path = relative.hasPrefix("/") ? relative : "/" + relative
      return .init(url: Self.containerHost + path, authorization: authorization)
    }
    guard let full = system.variable("AWS_CONTAINER_CREDENTIALS_FULL_URI") else { return nil }
    guard ContainerCredentialsClient.isAllowed(full) else {
      throw .configuration(
        .credentialSource(
          source: "container credentials at \(full)",
          reason: "`AWS_CONTAINER_CREDENTIALS_FULL_URI` must be https, a loopback address, or one of 169.254.170.2,"
            + " 169.254.170.23, fd00:ec2::23, localhost"))
    }
    return .init(url: full, authorization: authorization)
  }

  /// The instance metadata service, unless disabled.
  func instanceMetadata() throws(AWSError) -> AWSCredentialRecipe.InstanceMetadata? {
    if system.flag("AWS_EC2_METADATA_DISABLED") { return nil }
    let settings = files.profile(profile)
    let ipv6 =
      (system.variable("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE") ?? settings["ec2_metadata_service_endpoint_mode"])?
      .lowercased() == "ipv6"
    let text =
      system.variable("AWS_EC2_METADATA_SERVICE_ENDPOINT") ?? settings["ec2_metadata_service_endpoint"]
      ?? (ipv6 ? Self.imdsIPv6Default : Self.imdsDefault)
    guard let endpoint = AWSEndpoint(text) else { throw .configuration(.invalidEndpoint(text)) }
    let timeout = system.variable("AWS_METADATA_SERVICE_TIMEOUT").flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil }
    let attempts = system.variable("AWS_METADATA_SERVICE_NUM_ATTEMPTS").flatMap(Int.init).flatMap {
      $0 > 0 ? $0 : nil
    }
    let v1Disabled =
      system.flag("AWS_EC2_METADATA_V1_DISABLED") || settings["ec2_metadata_v1_disabled"]?.lowercased() == "true"
    return .init(endpoint: endpoint, timeout: timeout ?? 1, attempts: attempts ?? 1, isVersion1Disabled: v1Disabled)
  }
}

/// A source of the chain either applies (its recipe) or says why it does not.
private enum Lookup {
  case found(AWSCredentialRecipe)
  case skipped(AWSCredentialAttempt)
}
