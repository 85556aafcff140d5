import Foundation
import Testing

@testable import ImmplanExecutor

/// SigV4 against AWS's published signature test suite (credentials `AKIDEXAMPLE`, 2015-08-30 12:36:00 UTC,
/// region `us-east-1`, service `service`) and the IAM `ListUsers` example from the signing documentation.
@Suite struct AWSSigV4Tests {
  static let credentials = AWSCredentials(
    accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
  static let instant = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
  static let endpoint = AWSEndpoint(scheme: "https", host: "example.amazonaws.com", port: nil)

  /// The test suite signs the path as given (encoded once), so its vectors use `.once`.
  func suiteSigner() -> SigV4Signer {
    var signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
    signer.pathEncoding = .once
    return signer
  }

  func suiteRequest(_ method: String, path: String = "/", query: [QueryItem] = []) -> AWSHTTPRequest {
    AWSHTTPRequest(method: method, endpoint: Self.endpoint, path: path, query: query)
  }

  @Test func digestsMatchKnownValues() {
    #expect(AWSDigest.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      AWSDigest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    // RFC 4231 test case 2.
    #expect(
      AWSDigest.hex(AWSDigest.hmacSHA256(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8)))
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    // Two blocks plus padding crossing a block boundary.
    let long = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000)
    #expect(AWSDigest.sha256Hex(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }

  @Test func timestampFormatsUTC() {
    let stamp = AWSTimestamp(Self.instant)
    #expect(stamp.dateTime == "20150830T123600Z")
    #expect(stamp.date == "20150830")
    #expect(AWSTimestamp(Date(timeIntervalSince1970: 951_782_400)).dateTime == "20000229T000000Z")
  }

  @Test func getVanilla() {
    let signed = suiteSigner().sign(suiteRequest("GET"), at: Self.instant)
    #expect(
      signed.header("Authorization")
        == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        + "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    #expect(signed.header("x-amz-date") == "20150830T123600Z")
    let parts = suiteSigner().signature(
      for: signed, payloadHash: AWSDigest.sha256Hex([]), timestamp: AWSTimestamp(Self.instant))
    #expect(
      parts.canonicalRequest
        == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      parts.stringToSign
        == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
        + "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63")
  }

  @Test func getVanillaQueryOrderKeyCase() {
    let request = suiteRequest(
      "GET", query: [QueryItem(name: "Param2", value: "value2"), QueryItem(name: "Param1", value: "value1")])
    let signed = suiteSigner().sign(request, at: Self.instant)
    #expect(
      signed.header("Authorization")?.hasSuffix("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500")
        == true)
    #expect(request.encodedQuery == "Param1=value1&Param2=value2")
  }

  @Test func getUTF8Path() {
    let signed = suiteSigner().sign(suiteRequest("GET", path: "/\u{1234}"), at: Self.instant)
    #expect(signed.encodedPath == "/%E1%88%B4")
    #expect(
      signed.header("Authorization")?.hasSuffix("8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85")
        == true)
  }

  @Test func postVanilla() {
    let signed = suiteSigner().sign(suiteRequest("POST"), at: Self.instant)
    #expect(
      signed.header("Authorization")?.hasSuffix("5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
        == true)
  }

  @Test func postFormURLEncodedWithSignedBodyHash() {
    var request = suiteRequest("POST")
    request.body = Array("Param1=value1".utf8)
    let bodyHash = AWSDigest.sha256Hex(request.body)
    #expect(bodyHash == "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e")
    request.headers = [
      HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"),
      HTTPHeader(name: "Content-Length", value: "13"),
    ]
    var signer = suiteSigner()
    signer.sendsContentHash = true
    let signed = signer.sign(request, at: Self.instant)
    #expect(
      signed.header("Authorization")
        == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        + "SignedHeaders=content-length;content-type;host;x-amz-content-sha256;x-amz-date, "
        + "Signature=d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b")
  }

  /// The documented IAM example: `GET https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08`.
  @Test func iamListUsersExample() {
    #expect(
      AWSDigest.hex(
        SigV4Signer.signingKey(
          secret: Self.credentials.secretAccessKey, date: "20150830", region: "us-east-1", service: "iam"))
        == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9")
    let request = AWSHTTPRequest(
      method: "GET", endpoint: AWSEndpoint(scheme: "https", host: "iam.amazonaws.com", port: nil), path: "/",
      query: [QueryItem(name: "Action", value: "ListUsers"), QueryItem(name: "Version", value: "2010-05-08")],
      headers: [HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")])
    let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "iam")
    let signed = signer.sign(request, at: Self.instant)
    let parts = signer.signature(
      for: signed, payloadHash: AWSDigest.sha256Hex([]), timestamp: AWSTimestamp(Self.instant))
    #expect(parts.stringToSign.hasSuffix("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59"))
    #expect(
      signed.header("Authorization")
        == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
        + "SignedHeaders=content-type;host;x-amz-date, "
        + "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
  }

  /// S3's documented GetObject example (bytes 0-9 of `test.txt` in `examplebucket`).
  @Test func s3GetObjectExample() {
    let credentials = AWSCredentials(
      accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    let request = AWSHTTPRequest(
      method: "GET", endpoint: AWSEndpoint(scheme: "https", host: "examplebucket.s3.amazonaws.com", port: nil),
      path: "/test.txt", headers: [HTTPHeader(name: "Range", value: "bytes=0-9")])
    let signed = SigV4Signer(credentials: credentials, region: "us-east-1", service: "s3")
      .sign(request, at: Date(timeIntervalSince1970: 1_369_353_600))  // 2013-05-24T00:00:00Z
    #expect(signed.header("x-amz-content-sha256") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      signed.header("Authorization")
        == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
  }

  @Test func sessionTokenIsSentAndSigned() {
    var credentials = Self.credentials
    credentials.sessionToken = "TOKEN/with+chars"
    let signed = SigV4Signer(credentials: credentials, region: "us-east-1", service: "ec2")
      .sign(suiteRequest("POST"), at: Self.instant)
    #expect(signed.header("x-amz-security-token") == "TOKEN/with+chars")
    #expect(signed.header("Authorization")?.contains("SignedHeaders=host;x-amz-date;x-amz-security-token,") == true)
  }

  @Test func pathEncodingS3OnceOthersTwice() {
    let s3 = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3")
    let ec2 = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "ec2")
    #expect(s3.canonicalURI("/bucket/state/a b.json") == "/bucket/state/a%20b.json")
    #expect(ec2.canonicalURI("/a b") == "/a%2520b")
    #expect(URIEncoding.encode("a+b=c&d~e/f") == "a%2Bb%3Dc%26d~e%2Ff")
  }

  @Test func headersAreLowercasedTrimmedAndJoined() {
    var request = suiteRequest("GET")
    request.headers = [
      HTTPHeader(name: "My-Header1", value: "  value1   with  spaces "),
      HTTPHeader(name: "my-header1", value: "value2"),
    ]
    let (text, signed) = SigV4Signer.canonicalHeaders(request)
    #expect(text == "host:example.amazonaws.com\nmy-header1:value1 with spaces,value2\n")
    #expect(signed == "host;my-header1")
  }

  @Test func credentialsNeverPrintTheirSecrets() {
    var credentials = AWSCredentials(
      accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "SECRETSECRET", sessionToken: "TOKENTOKEN")
    let printed = "\(credentials) \(String(reflecting: credentials))"
    #expect(!printed.contains("SECRETSECRET"))
    #expect(!printed.contains("TOKENTOKEN"))
    #expect(!printed.contains("AKIAIOSFODNN7EXAMPLE"))
    credentials.sessionToken = nil
    #expect(!"\(credentials)".contains("SECRETSECRET"))
    // Nor through the structs that hold them (default reflection uses the redacted description).
    let configuration = AWSConfiguration(region: "us-east-1", credentials: credentials, endpointOverride: nil)
    let signer = SigV4Signer(credentials: credentials, region: "us-east-1", service: "ec2")
    #expect(!"\(configuration) \(signer) \(String(reflecting: signer))".contains("SECRETSECRET"))
  }
}
