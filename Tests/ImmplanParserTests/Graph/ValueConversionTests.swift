import Testing

@testable import ImmplanParser

@Suite struct ValueConversionTests {
  @Test func primitivesConvertAsCty() throws {
    #expect(try Value.n(5).converted(to: .string).get() == .s("5"))
    #expect(try Value.bool(true).converted(to: .string).get() == .s("true"))
    #expect(try Value.s("1.50").converted(to: .number).get() == .n("1.5"))
    #expect(try Value.s("false").converted(to: .bool).get() == .bool(false))
    #expect(try Value.s("1h30m").converted(to: .duration).get() == .duration(.seconds(5400)))
    #expect(Value.s("two").converted(to: .number).isFailure)
    #expect(Value.n(1).converted(to: .bool).isFailure)
    #expect(Value.n(90).converted(to: .duration).isFailure)
  }

  @Test func collectionsConvertElementwise() throws {
    #expect(try Value.list([.n(1), .s("a")]).converted(to: .list(.string)).get() == .list([.s("1"), .s("a")]))
    #expect(
      try Value.list([.s("b"), .s("a"), .s("b")]).converted(to: .set(.string)).get() == .set([.s("a"), .s("b")]))
    #expect(try Value.map(["a": .n(1)]).converted(to: .map(.string)).get() == .map(["a": .s("1")]))
    let error = Value.list([.s("a"), .list([])]).converted(to: .list(.string))
    guard case .failure(let failure) = error else {
      Issue.record("expected failure")
      return
    }
    #expect(failure.path == "[1]")
  }

  @Test func objectsDropExtrasAndFillOptionals() throws {
    let type = ValueType.object(["name": .string, "port": .optional(.number)])
    #expect(
      try Value.map(["name": .s("a"), "extra": .bool(true)]).converted(to: type).get()
        == .map(["name": .s("a"), "port": .null]))
    #expect(Value.map(["port": .n(1)]).converted(to: type).isFailure)
  }

  @Test func nullUnknownAndSensitiveConvert() throws {
    #expect(try Value.null.converted(to: .number).get() == .null)
    #expect(try Value.unknown.converted(to: .list(.string)).get() == .unknown)
    #expect(try Value.sensitive(.n(1)).converted(to: .string).get() == .sensitive(.s("1")))
  }

  @Test func canonicalTextIsDeterministic() {
    let value = Value.map([
      "b": .list([.n("1.50"), .bool(false), .null]), "a": .s("x\"\n"), "c": .set([.s("z"), .s("y")]),
      "d": .duration(.seconds(90)), "e": .sensitive(.s("secret")), "f": .unknown,
    ])
    #expect(
      value.canonicalText
        == #"{"a":"x\"\n","b":[1.5,false,null],"c":set["y","z"],"d":duration(90000),"e":(sensitive),"f":unknown}"#)
    #expect(!value.canonicalText.contains("secret"))
    #expect(value.canonicalTextRevealingSensitive.contains("sensitive(\"secret\")"))
  }

  @Test func typeDescriptions() {
    #expect(ValueType.list(.map(.string)).description == "list(map(string))")
    #expect(
      ValueType.object(["b": .number, "a": .optional(.string)]).description
        == "object({a = optional(string), b = number})")
  }

  @Test func imageDigestIsStableAndNilWhenUnknown() {
    let identity: [String: Value] = ["source": .s("ami-1"), "files": .map(["/etc/x": .s("content")])]
    let digest = imageDigest(identity: identity)
    #expect(digest?.count == 64)
    #expect(digest == imageDigest(identity: identity))
    var changed = identity
    changed["files"] = .map(["/etc/x": .s("content2")])
    #expect(imageDigest(identity: changed) != digest)
    #expect(imageDigest(identity: ["source": .unknown]) == nil)
    #expect(
      imageDigest(identity: ["source": .sensitive(.s("a"))]) != imageDigest(identity: ["source": .sensitive(.s("b"))]))
  }
}
