import Testing

@testable import ImmplanParser

@Suite struct VariableTests {
  @Test func sensitiveVariablesAreMarkedAndFlowIntoIdentity() throws {
    let result = load(
      """
      variable "secret" {
        sensitive = true
        default   = "hunter2"
      }
      image "web" {
        source    = "ami-1"
        provision = ["login ${var.secret}"]
        tags      = { plain = "x" }
      }
      """)
    let graph = try #require(result.graph)
    #expect(graph.variables[0].value == .sensitive(.s("hunter2")))
    #expect(graph.variables[0].isSensitive)
    let identity = graph.evaluateIdentity(of: ResourceAddress(kind: .image, name: "web")) { _ in nil }.attributes
    #expect(identity["provision"] == .list([.sensitive(.s("login hunter2"))]))
    #expect(identity["tags"]?.containsSensitive == false)
    #expect(!GraphDump.text(of: graph).contains("hunter2"))
  }

  @Test func primitiveTypesTakeCommandLineValuesLiterally() throws {
    let config = """
      variable "text" {
        type = string
      }
      variable "count" {
        type = number
      }
      variable "untyped" {}
      variable "list" {
        type = list(number)
      }
      """
    let result = load(
      config,
      assignments: [
        .argument("text=[1]"), .argument("count=007"), .argument("untyped=a b"), .argument("list=[1, \"2\"]"),
      ])
    let graph = try #require(result.graph, "\(result.diagnostics)")
    let values = Dictionary(uniqueKeysWithValues: graph.variables.map { ($0.name, $0.value) })
    #expect(values["text"] == .s("[1]"))
    #expect(values["count"] == .n(7))
    #expect(values["untyped"] == .s("a b"))
    #expect(values["list"] == .list([.n(1), .n(2)]))
  }

  @Test func laterAssignmentsWin() throws {
    let config = "variable \"v\" {\n  default = \"default\"\n}\n"
    let files = ["one.vars": "v = \"file\"\n"]
    let flagLast = load(config, extraFiles: files, assignments: [.file("one.vars"), .argument("v=flag")])
    #expect(flagLast.graph?.variables.first?.value == .s("flag"))
    let fileLast = load(config, extraFiles: files, assignments: [.argument("v=flag"), .file("one.vars")])
    #expect(fileLast.graph?.variables.first?.value == .s("file"))
    let environment = load(config, environment: ["IMMPLAN_VAR_v": "env"])
    #expect(environment.graph?.variables.first?.value == .s("env"))
    let environmentLoses = load(config, environment: ["IMMPLAN_VAR_v": "env"], assignments: [.argument("v=flag")])
    #expect(environmentLoses.graph?.variables.first?.value == .s("flag"))
  }

  @Test func validationConditionsRunOnTheFinalValue() {
    let config = """
      variable "size" {
        type = number
        default = 1
        validation {
          condition     = var.size <= 3
          error_message = "at most 3"
        }
      }
      """
    #expect(load(config).graph != nil)
    let failing = load(config, assignments: [.argument("size=4")])
    #expect(failing.codes == ["E0607"])
    #expect(failing.diagnostics.first?.message == "invalid value for variable `size`: at most 3")
  }

  @Test func typeExpressions() {
    var diagnostics: [Diagnostic] = []
    let object = Expression(
      .object([
        ObjectItem(key: name("a"), value: name("string")),
        ObjectItem(
          key: name("b"),
          value: Expression(
            .call(name: "optional", nameRange: r(), arguments: [name("number")], expandsFinal: false), r())),
      ]), r())
    let type = TypeExpression.parse(
      Expression(.call(name: "object", nameRange: r(), arguments: [object], expandsFinal: false), r()),
      diagnostics: &diagnostics)
    #expect(type == .object(["a": .string, "b": .optional(.number)]))
    #expect(diagnostics.isEmpty)
    #expect(TypeExpression.parse(name("duration"), diagnostics: &diagnostics) == .duration)
    #expect(TypeExpression.parse(name("strin"), diagnostics: &diagnostics) == nil)
    #expect(diagnostics.map(\.code.rawValue) == ["E0601"])
  }
}
