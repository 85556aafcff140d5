import ImmplanSupport
import TestSupport
import Testing

@testable import ImmplanParser

/// `Frontend.load` gives the same result at one thread and at eight, byte for byte, on a
/// configuration large enough to reach every parallel path of the front end: the line table and
/// the parser split of a file over 2 MB, and binding, reference checks and graph building in
/// chunks (256 resources or more each; more than one chunk per worker). The result compared is
/// everything a caller sees: the sources and their line tables, the syntax trees, the graph dump
/// (identities as evaluated, settings, dependencies, topological order) and the diagnostics.
///
/// Diagnostics are compared in display order, as every command prints them: the order in which
/// they are reported follows `Dictionary` order in places (the reference checker walks the
/// declarations table), which differs between two loads even on one thread.
@Suite struct ParallelLoadParityTests {
  static let wide = Parallel(width: 8)

  /// The configuration is big enough that every chunked step is cut into several pieces.
  static func expectReachesTheParallelPaths(_ bytes: [UInt8], resources: Int) {
    #expect(bytes.count >= 2 * (1 << 20), "the line table is scanned in pieces of 1 MB or more")
    #expect(bytes.count >= Parser.minimumBytesToSplit)
    #expect(SyntaxParser.byteSplitPoint(bytes) != nil, "the file can be cut for the parser")
    #expect(wide.chunks(resources, minimumChunk: 256).count > 4, "binding and reference checks")
    #expect(wide.chunks(resources, minimumChunk: 256, perWorker: 4).count > 8, "graph building")
  }

  static func load(_ text: String, parallelism: Parallel) -> LoadResult {
    Frontend.load(
      LoadOptions(directory: "config", parallelism: parallelism),
      fileSystem: InMemoryFileSystem(directory: "config", files: ["main.imm.hcl": text]))
  }

  /// Everything of two loads that must agree, one `#expect` per part so a failure names it.
  static func expectSame(_ serial: LoadResult, _ parallel: LoadResult) {
    #expect(serial.sources.files.map(\.path) == parallel.sources.files.map(\.path))
    #expect(serial.sources.files.map(\.bytes) == parallel.sources.files.map(\.bytes))
    #expect(serial.sources.files.map(\.lines.starts) == parallel.sources.files.map(\.lines.starts))
    #expect(serial.files == parallel.files, "syntax trees")
    #expect(serial.diagnostics.sortedForDisplay() == parallel.diagnostics.sortedForDisplay(), "diagnostics")
    #expect(
      DiagnosticRenderer.render(serial.diagnostics, sources: serial.sources, color: false)
        == DiagnosticRenderer.render(parallel.diagnostics, sources: parallel.sources, color: false))
    #expect(serial.graph.map { GraphDump.text(of: $0) } == parallel.graph.map { GraphDump.text(of: $0) })
  }

  @Test func aConfigurationThatLoadsGivesTheSameGraph() throws {
    let configuration = LargeConfiguration(groups: 2_000)
    let text = configuration.text()
    Self.expectReachesTheParallelPaths(Array(text.utf8), resources: configuration.resourceCount)
    let serial = Self.load(text, parallelism: .serial)
    let parallel = Self.load(text, parallelism: Self.wide)
    let graph = try #require(serial.graph, "\(serial.diagnostics.prefix(3))")
    #expect(graph.resources.count == configuration.resourceCount)
    #expect(serial.diagnostics.isEmpty)
    Self.expectSame(serial, parallel)
  }

  /// Mistakes spread over the whole file, so every chunk reports some: the chunks' diagnostics
  /// must add up to what one thread reports.
  @Test func aConfigurationWithMistakesGivesTheSameDiagnostics() {
    let configuration = LargeConfiguration(groups: 2_000, mistakeEvery: 40)
    let text = configuration.text()
    Self.expectReachesTheParallelPaths(Array(text.utf8), resources: configuration.resourceCount)
    let serial = Self.load(text, parallelism: .serial)
    let parallel = Self.load(text, parallelism: Self.wide)
    #expect(serial.graph == nil)
    // Eight kinds of mistake, 50 in all, reported by the binder, the reference checker and the
    // graph builder's chunks.
    let codes = Set(serial.diagnostics.map(\.code.rawValue))
    #expect(codes.count >= 8, "\(codes.sorted())")
    #expect(serial.diagnostics.count >= 50)
    Self.expectSame(serial, parallel)
  }
}
