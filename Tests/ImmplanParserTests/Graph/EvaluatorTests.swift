import Testing

@testable import ImmplanParser

@Suite struct EvaluatorTests {
  @Test func arithmeticIsExactDecimal() {
    #expect(evaluate(bin(.add, num("0.1"), num("0.2"))).0 == .n("0.3"))
    #expect(evaluate(bin(.equal, bin(.add, num("0.1"), num("0.2")), num("0.3"))).0 == .bool(true))
    #expect(evaluate(bin(.multiply, num("12345678901234567890"), num("10"))).0 == .n("123456789012345678900"))
    #expect(evaluate(bin(.modulo, num("7"), num("3"))).0 == .n(1))
    #expect(evaluate(neg(num("5"))).0 == .n(-5))
  }

  @Test func arithmeticConvertsStringsAndReportsTheOperand() {
    #expect(evaluate(bin(.add, str("2"), num("3"))).0 == .n(5))
    let bad = str("two")
    let (value, diagnostics) = evaluate(bin(.add, bad, num("3")))
    #expect(value == .unknown)
    #expect(diagnostics.map(\.code.rawValue) == ["E0402"])
    #expect(diagnostics.first?.primary?.range == bad.range)
  }

  @Test func divisionByZeroPointsAtTheDivisor() {
    let zero = num("0")
    let (value, diagnostics) = evaluate(bin(.divide, num("1"), zero))
    #expect(value == .unknown)
    #expect(diagnostics.map(\.code.rawValue) == ["E0404"])
    #expect(diagnostics.first?.primary?.range == zero.range)
  }

  @Test func equalityIsDeepAndTypeStrict() {
    #expect(evaluate(bin(.equal, num("1"), str("1"))).0 == .bool(false))
    #expect(evaluate(bin(.equal, tuple(num("1"), str("a")), tuple(num("1.0"), str("a")))).0 == .bool(true))
    #expect(evaluate(bin(.notEqual, object((name("a"), num("1"))), object((name("a"), num("2"))))).0 == .bool(true))
    #expect(evaluate(bin(.equal, null(), null())).0 == .bool(true))
  }

  @Test func comparisonsAndLogic() {
    #expect(evaluate(bin(.less, num("2"), num("10"))).0 == .bool(true))
    #expect(evaluate(bin(.greaterOrEqual, num("-1"), num("-1"))).0 == .bool(true))
    #expect(evaluate(bin(.and, bool(true), not(bool(false)))).0 == .bool(true))
    #expect(evaluate(bin(.or, bool(false), bool(false))).0 == .bool(false))
    let (_, diagnostics) = evaluate(bin(.and, num("1"), bool(true)))
    #expect(diagnostics.map(\.code.rawValue) == ["E0402"])
  }

  @Test func unknownFlowsThroughEveryOperator() {
    let variables: [String: Value] = ["u": .unknown]
    #expect(evaluate(bin(.add, ref("var.u"), num("1")), variables).0 == .unknown)
    #expect(evaluate(bin(.equal, ref("var.u"), num("1")), variables).0 == .unknown)
    #expect(evaluate(cond(ref("var.u"), num("1"), num("2")), variables).0 == .unknown)
    #expect(evaluate(template(lit("a-"), interp(ref("var.u"))), variables).0 == .unknown)
    #expect(evaluate(index(tuple(num("1")), ref("var.u")), variables).0 == .unknown)
    #expect(evaluate(forList(nil, "x", in: ref("var.u"), name("x")), variables).0 == .unknown)
    #expect(evaluate(tuple(ref("var.u"))).0 == .list([.unknown]))
  }

  @Test func sensitivityFlowsIntoResults() {
    let variables: [String: Value] = ["secret": .sensitive(.s("hunter2"))]
    let (joined, _) = evaluate(template(lit("pw="), interp(ref("var.secret"))), variables)
    #expect(joined == .sensitive(.s("pw=hunter2")))
    #expect(joined.canonicalText == "(sensitive)")
    #expect(evaluate(bin(.equal, ref("var.secret"), str("x")), variables).0 == .sensitive(.bool(false)))
    let list = evaluate(tuple(ref("var.secret"), str("a")), variables).0
    #expect(list.containsSensitive)
    #expect(list.canonicalText == "[(sensitive),\"a\"]")
    #expect(evaluate(index(tuple(ref("var.secret")), num("0")), variables).0.isSensitive)
  }

  @Test func conditionalRequiresBool() {
    #expect(evaluate(cond(bool(true), num("1"), num("2"))).0 == .n(1))
    #expect(evaluate(cond(str("false"), num("1"), num("2"))).0 == .n(2))
    let condition = num("3")
    let (value, diagnostics) = evaluate(cond(condition, num("1"), num("2")))
    #expect(value == .unknown)
    #expect(diagnostics.first?.code.rawValue == "E0403")
    #expect(diagnostics.first?.primary?.range == condition.range)
  }

  @Test func conditionalReportsOnlyTheChosenBranchErrors() {
    let guarded = cond(bin(.notEqual, ref("var.x"), null()), attr(ref("var.x"), "name"), str("none"))
    let (value, diagnostics) = evaluate(guarded, ["x": .null])
    #expect(value == .s("none"))
    #expect(diagnostics.isEmpty)
    let (_, chosenError) = evaluate(cond(bool(true), bin(.divide, num("1"), num("0")), num("2")))
    #expect(chosenError.map(\.code.rawValue) == ["E0404"])
    let (unknown, none) = evaluate(cond(ref("var.u"), bin(.divide, num("1"), num("0")), num("2")), ["u": .unknown])
    #expect(unknown == .unknown)
    #expect(none.isEmpty)
  }

  @Test func templatesInterpolateAndKeepSingleInterpolationType() {
    #expect(evaluate(template(interp(num("5")))).0 == .n(5))
    #expect(evaluate(template(lit("n="), interp(num("5")), lit("!"))).0 == .s("n=5!"))
    #expect(evaluate(template(lit("b="), interp(bool(true)))).0 == .s("b=true"))
    let (value, diagnostics) = evaluate(template(lit("x"), interp(tuple())))
    #expect(value == .unknown)
    #expect(diagnostics.first?.code.rawValue == "E0411")
  }

  @Test func templateDirectives() {
    let ifPart = TemplatePart.ifDirective(condition: bool(false), then: [lit("yes")], else: [lit("no")], range: r())
    #expect(evaluate(template(lit("<"), ifPart, lit(">"))).0 == .s("<no>"))
    let forPart = TemplatePart.forDirective(
      keyVariable: "i", valueVariable: "v", collection: tuple(str("a"), str("b")),
      body: [interp(name("i")), lit("="), interp(name("v")), lit(";")], range: r())
    #expect(evaluate(template(forPart)).0 == .s("0=a;1=b;"))
  }

  @Test func objectsTakeBareIdentifierKeysLiterally() {
    let (value, _) = evaluate(object((name("a"), num("1")), (Expression(.parenthesized(str("b")), r()), num("2"))))
    #expect(value == .map(["a": .n(1), "b": .n(2)]))
    let duplicate = name("a")
    let (_, diagnostics) = evaluate(object((name("a"), num("1")), (duplicate, num("2"))))
    #expect(diagnostics.map(\.code.rawValue) == ["E0418"])
    #expect(diagnostics.first?.primary?.range == duplicate.range)
  }

  @Test func forExpressions() {
    let list = tuple(num("1"), num("2"), num("3"))
    #expect(
      evaluate(forList(nil, "x", in: list, bin(.multiply, name("x"), num("2")), if: bin(.greater, name("x"), num("1"))))
        .0 == .list([.n(4), .n(6)]))
    let objectFor = forObject(
      nil, "x", in: tuple(str("a"), str("b")), key: name("x"), template(interp(name("x")), lit("!")))
    #expect(evaluate(objectFor).0 == .map(["a": .s("a!"), "b": .s("b!")]))
    let grouped = forObject(
      nil, "x", in: tuple(str("a"), str("b"), str("a")), key: name("x"), name("x"), grouped: true)
    #expect(evaluate(grouped).0 == .map(["a": .list([.s("a"), .s("a")]), "b": .list([.s("b")])]))
    let keyExpression = name("x")
    let duplicate = forObject(nil, "x", in: tuple(str("a"), str("a")), key: keyExpression, name("x"))
    let (value, diagnostics) = evaluate(duplicate)
    #expect(value == .unknown)
    #expect(diagnostics.map(\.code.rawValue) == ["E0409"])
    #expect(diagnostics.first?.primary?.range == keyExpression.range)
    let overMap = forList("k", "v", in: object((name("b"), num("2")), (name("a"), num("1"))), name("k"))
    #expect(evaluate(overMap).0 == .list([.s("a"), .s("b")]))
    let (_, notIterable) = evaluate(forList(nil, "x", in: num("1"), name("x")))
    #expect(notIterable.map(\.code.rawValue) == ["E0408"])
  }

  @Test func indexingAndAttributes() {
    let list = tuple(str("a"), str("b"))
    #expect(evaluate(index(list, num("1"))).0 == .s("b"))
    #expect(evaluate(index(list, str("0"))).0 == .s("a"))
    let outOfRange = num("2")
    let (_, diagnostics) = evaluate(index(list, outOfRange))
    #expect(diagnostics.map(\.code.rawValue) == ["E0405"])
    #expect(diagnostics.first?.primary?.range == outOfRange.range)
    let record = object((name("id"), str("x")))
    #expect(evaluate(attr(record, "id")).0 == .s("x"))
    let (_, missing) = evaluate(attr(record, "idd"))
    #expect(missing.first?.code.rawValue == "E0406")
    #expect(missing.first?.help == "did you mean `id`?")
    let (_, notIndexable) = evaluate(index(num("1"), num("0")))
    #expect(notIndexable.map(\.code.rawValue) == ["E0407"])
  }

  @Test func splats() {
    let list = tuple(object((name("id"), str("a"))), object((name("id"), str("b"))))
    #expect(evaluate(splat(list, "id")).0 == .list([.s("a"), .s("b")]))
    #expect(evaluate(splat(null(), "id")).0 == .list([]))
    #expect(evaluate(splat(object((name("id"), str("a"))), "id")).0 == .list([.s("a")]))
  }

  @Test func functionCallsExpandFinalArgument() {
    let call = Expression(
      .call(name: "upper", nameRange: r(), arguments: [tuple(str("a"))], expandsFinal: true), r())
    #expect(evaluate(call).0 == .s("A"))
    let bad = num("1")
    let badCall = Expression(.call(name: "upper", nameRange: r(), arguments: [bad], expandsFinal: true), r())
    let (_, diagnostics) = evaluate(badCall)
    #expect(diagnostics.map(\.code.rawValue) == ["E0505"])
    #expect(diagnostics.first?.primary?.range == bad.range)
    let secret = Expression(.call(name: "upper", nameRange: r(), arguments: [ref("var.s")], expandsFinal: false), r())
    #expect(evaluate(secret, ["s": .sensitive(.s("x"))]).0 == .sensitive(.s("X")))
  }
}
