import ImmplanSupport
import Testing

@testable import ImmplanParser

/// Guards against accidental quadratic behaviour in the front end (speed itself is proved by the
/// release-build benchmark, never by a timed test): a few thousand groups must load, in order,
/// with every resource's dependencies.
@Suite struct GraphScaleTests {
  static func groups(_ count: Int) -> String {
    var text = "variable \"env\" {\n  default = \"prod\"\n}\nlocals {\n  tags = { env = var.env }\n}\n"
    for index in 0..<count {
      text += """
        image "app\(index)" {
          source    = "ami-\(index)"
          provision = ["install app\(index)", "echo ${var.env}"]
          tags      = local.tags
        }
        launch_template "app\(index)" {
          image         = image.app\(index).id
          instance_type = "t3.small"
          tags          = local.tags
        }
        fleet "app\(index)" {
          launch_template = launch_template.app\(index).id
          min_size        = 1
          max_size        = 3
          health_check {
            grace_period = "90s"
          }
        }

        """
    }
    return text
  }

  @Test func loadsThousandsOfGroups() throws {
    let result = load(Self.groups(2000))
    #expect(result.diagnostics.isEmpty)
    let graph = try #require(result.graph)
    #expect(graph.resources.count == 6000)
    #expect(graph.resources.first?.address.description == "image.app0")
    let fleet = try #require(graph.resource(ResourceAddress(kind: .fleet, name: "app1999")))
    #expect(fleet.dependencies == [ResourceAddress(kind: .launchTemplate, name: "app1999")])
  }
}

@Suite struct GraphDepthTests {
  /// Long reference chains must not recurse once per link (no stack overflow), at load time and
  /// when the planner evaluates identities.
  @Test func longReferenceChainsDoNotRecurse() throws {
    let count = 3000
    var text = "locals {\n  l0 = 0\n"
    for index in 1..<count { text += "  l\(index) = local.l\(index - 1) + 1\n" }
    text += "}\n"
    text += "image \"base\" {\n  source = \"ami-${local.l\(count - 1)}\"\n}\n"
    text += "launch_template \"t0\" {\n  image         = image.base.id\n  instance_type = \"t3.small\"\n}\n"
    for index in 1..<count {
      text +=
        "launch_template \"t\(index)\" {\n  image         = launch_template.t\(index - 1).image\n  instance_type = \"t3.small\"\n}\n"
    }
    let result = load(text)
    let graph = try #require(result.graph, "\(result.diagnostics.prefix(3))")
    let last = graph.evaluateIdentity(of: ResourceAddress(kind: .launchTemplate, name: "t\(count - 1)")) { address in
      address.description == "image.base" ? ["id": .s("ami-final")] : nil
    }
    #expect(last.attributes["image"] == .s("ami-final"))
    let image = graph.evaluateIdentity(of: ResourceAddress(kind: .image, name: "base")) { _ in nil }
    #expect(image.attributes["source"] == .s("ami-\(count - 1)"))
  }
}

extension GraphDepthTests {
  /// Values nested once per local (a list in a list in a list…) stay printable and comparable.
  @Test func deeplyNestedValuesThroughLocals() throws {
    let count = 2000
    var text = "locals {\n  l0 = \"x\"\n"
    for index in 1..<count { text += "  l\(index) = [local.l\(index - 1)]\n" }
    text += "}\nimage \"web\" {\n  source = \"ami\"\n  tags   = { depth = length(local.l\(count - 1)) }\n}\n"
    let result = load(text)
    let graph = try #require(result.graph, "\(result.diagnostics.prefix(3))")
    #expect(GraphDump.text(of: graph).contains("\"depth\":\"1\""))
  }
}

@Suite struct ParallelParseTests {
  /// A large file parsed in two halves on two threads gives exactly the one-thread tree.
  @Test func halvesGiveTheWholeFileTree() throws {
    let text = GraphScaleTests.groups(2000)
    let source = SourceFile(id: FileID(0), path: "big.imm.hcl", bytes: Array(text.utf8))
    let tokens = Lexer.scanWithErrorFlag(source.bytes).tokens
    #expect(tokens.count >= Parser.minimumTokensToSplit)
    let split = try #require(SyntaxParser.splitPoint(tokens))
    #expect(tokens[split].kind == .identifier && tokens[split - 1].kind == .newline)
    let whole = Parser.parse(source, parallelism: .serial)
    let halves = Parser.parse(source, parallelism: Parallel(width: 2))
    #expect(whole.diagnostics.isEmpty && halves.diagnostics.isEmpty)
    #expect(halves.file == whole.file)
  }

  /// Any diagnostic in a half (here an unclosed block at the end) means the file is parsed whole:
  /// the same diagnostics as a one-thread parse.
  @Test func errorsAreThoseOfTheWholeFile() {
    let text = GraphScaleTests.groups(2000) + "image \"broken\" {\n  source = \"x\"\n"
    let source = SourceFile(id: FileID(0), path: "big.imm.hcl", bytes: Array(text.utf8))
    let whole = Parser.parse(source, parallelism: .serial)
    let halves = Parser.parse(source, parallelism: Parallel(width: 2))
    #expect(!whole.diagnostics.isEmpty)
    #expect(halves.diagnostics == whole.diagnostics)
    #expect(halves.file == whole.file)
  }

  /// A file cut in two before lexing (each half lexed and parsed on its own thread) gives the
  /// one-thread tree; a cut inside a heredoc (the second line of it starts with a letter) is
  /// refused and the file parsed whole.
  @Test func lexedHalvesGiveTheWholeFileTree() throws {
    var text = GraphScaleTests.groups(1800)
    text += "image \"doc\" {\n  source = <<EOT\nfirst line\nsecond line\nEOT\n}\n"
    text += GraphScaleTests.groups(1800).replacing("\"app", with: "\"more")
    let bytes = Array(text.utf8)
    #expect(bytes.count >= Parser.minimumBytesToSplit)
    let source = SourceFile(id: FileID(0), path: "big.imm.hcl", bytes: bytes)
    let whole = Parser.parse(source, parallelism: .serial)
    #expect(whole.diagnostics.isEmpty)
    #expect(Parser.parse(source, parallelism: Parallel(width: 2)).file == whole.file)
    // Cut inside the heredoc: the lexed first half does not end at the top level.
    let heredocLine = try #require(text.range(of: "second line")).lowerBound
    let cut = text.utf8.distance(from: text.utf8.startIndex, to: heredocLine)
    let tokens = Lexer.scanWithErrorFlag(Array(bytes[..<cut])).tokens
    #expect(!SyntaxParser.isBalanced(tokens))
  }

  /// Brackets that do not balance give no split point.
  @Test func unbalancedBracketsAreNotSplit() {
    let tokens = Lexer.scanWithErrorFlag(Array("a = 1\n}\nb = 2\n".utf8)).tokens
    #expect(SyntaxParser.splitPoint(tokens) == nil)
  }
}
