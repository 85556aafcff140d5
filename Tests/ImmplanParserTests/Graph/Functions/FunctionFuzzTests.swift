import Testing

@testable import ImmplanParser

/// Random calls of every function with random arguments must never trap (BRIEF §2: no input
/// may crash the program); each returns a value or an error.
@Suite struct FunctionFuzzTests: FunctionTestCase {
  private struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 17
    }
    mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
  }

  private static let strings = [
    "", "a", "%", "%%", "%d", "%[3]v", "%-08.3f", "%#x", "%q", "%[0]d", "%.", "%5", "%[", "%[1", "%[99]s", "/x/", ",",
    "héllo", "👨‍👩‍👧", "1", "-1.5", "1e3", ".5", "true", "Zm9v", "Zg==", "hello.txt", "missing", "\u{0}", "a,b,,c",
    "%e", "%G", "%.100000f", "%+ 0#-v",
  ]
  private static let numbers = [
    "0", "1", "-1", "2.5", "-0.001", "1e30", "-7", "3", "1e-30", "123456789012345678901234567890",
  ]

  private func randomValue(_ generator: inout Generator, depth: Int = 0) -> Value {
    switch generator.next() % (depth > 2 ? 6 : 10) {
    case 0: return .null
    case 1: return .unknown
    case 2, 3: return .string(generator.pick(Self.strings))
    case 4: return .number(Number(generator.pick(Self.numbers))!)
    case 5: return .bool(generator.next() % 2 == 0)
    case 6: return .list((0..<Int(generator.next() % 4)).map { _ in randomValue(&generator, depth: depth + 1) })
    case 7: return .set((0..<Int(generator.next() % 3)).map { _ in randomValue(&generator, depth: depth + 1) })
    case 8:
      var entries: [String: Value] = [:]
      for _ in 0..<Int(generator.next() % 4) {
        entries[generator.pick(Self.strings)] = randomValue(&generator, depth: depth + 1)
      }
      return .map(entries)
    default: return Value.marked(randomValue(&generator, depth: depth + 1))
    }
  }

  @Test func randomCallsNeverTrap() {
    var generator = Generator(state: 7)
    let names = FunctionLibrary.names + ["nosuch"]
    var outcomes = 0
    for _ in 0..<20_000 {
      let name = generator.pick(names)
      let arguments = (0..<Int(generator.next() % 4)).map { _ in randomValue(&generator) }
      let expands = generator.next() % 5 == 0
      switch library.call(name, arguments, expandsFinal: expands) {
      case .success(let result):
        // Results never nest a sensitive mark directly inside another.
        if case .sensitive(.sensitive) = result { Issue.record("double mark from \(name)") }
        outcomes += 1
      case .failure(let error):
        if let index = error.argument { #expect(index < arguments.count, "\(name) blamed a missing argument") }
        outcomes += 1
      }
    }
    #expect(outcomes == 20_000)
  }

  @Test func randomFormatStringsNeverTrap() {
    var generator = Generator(state: 11)
    let pieces = [
      "%", "d", "s", "v", "#", "0", "-", "+", " ", "[", "]", "1", "2", "9", ".", "*", "x", "e", "g", "q", "t", "%%",
      "a",
    ]
    for _ in 0..<20_000 {
      let specification = (0..<Int(generator.next() % 8)).map { _ in generator.pick(pieces) }.joined()
      let arguments = (0..<Int(generator.next() % 3)).map { _ in randomValue(&generator) }
      _ = library.call("format", [.string(specification)] + arguments)
    }
  }
}
