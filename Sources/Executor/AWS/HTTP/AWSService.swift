/// One AWS service as the clients address it: the name SigV4 signs with, the host prefix of its
/// regional endpoint, and the SDKs' service ID, which names its endpoint variable
/// (`AWS_ENDPOINT_URL_<ID in upper case, spaces as underscores>`).
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
  /// The SigV4 signing name (`ec2`, `autoscaling`, `monitoring`).
  public var signingName: String
  /// `ec2` in `ec2.eu-west-1.amazonaws.com`.
  public var hostPrefix: String
  /// The SDKs' service ID (`EC2`, `Auto Scaling`, `Elastic Load Balancing v2`).
  public var serviceID: String

  public init(signingName: String, hostPrefix: String, serviceID: String) {
    self.signingName = signingName
    self.hostPrefix = hostPrefix
    self.serviceID = serviceID
  }

  public static let ec2 = AWSService(signingName: "ec2", hostPrefix: "ec2", serviceID: "EC2")
  public static let autoScaling = AWSService(
    signingName: "autoscaling", hostPrefix: "autoscaling", serviceID: "Auto Scaling")
  public static let s3 = AWSService(signingName: "s3", hostPrefix: "s3", serviceID: "S3")
  public static let sts = AWSService(signingName: "sts", hostPrefix: "sts", serviceID: "STS")
  public static let elasticLoadBalancingV2 = AWSService(
    signingName: "elasticloadbalancing", hostPrefix: "elasticloadbalancing", serviceID: "Elastic Load Balancing v2")
  public static let cloudWatch = AWSService(
    signingName: "monitoring", hostPrefix: "monitoring", serviceID: "CloudWatch")
  static let iam = AWSService(signingName: "iam", hostPrefix: "iam", serviceID: "IAM")

  /// Every service immplan talks to, so their endpoint variables are checked up front.
  public static let all: [AWSService] = [.ec2, .autoScaling, .s3, .sts, .elasticLoadBalancingV2, .cloudWatch]

  /// The service whose signing name is `name`; an unknown name gets an ID made from it.
  static func named(_ name: String) -> AWSService {
    (all + [iam]).first { $0.signingName == name }
      ?? AWSService(signingName: name, hostPrefix: name, serviceID: name.uppercased())
  }

  /// `AWS_ENDPOINT_URL_AUTO_SCALING` for `Auto Scaling`.
  public var endpointVariable: String {
    "AWS_ENDPOINT_URL_" + String(serviceID.uppercased().map { $0 == " " ? "_" : $0 })
  }

  public var description: String { serviceID }
}
