import ImmplanSupport

// The few services this folder takes from the support engineer's code (Number arithmetic,
// duration text, closest-match suggestions), behind one seam so the evaluator does not depend on
// their exact spelling.

// MARK: - Durations

func parseDuration(_ text: String) -> DurationValue? { DurationValue(parsing: text) }

func formatDuration(_ duration: DurationValue) -> String { duration.description }

// MARK: - Numbers

enum ArithmeticFailure: Error { case divisionByZero }

func numberCompare(_ a: Number, _ b: Number) -> Int { a == b ? 0 : (a < b ? -1 : 1) }

func numberArithmetic(_ op: BinaryOperator, _ a: Number, _ b: Number) -> Result<Number, ArithmeticFailure> {
  switch op {
  case .add: return .success(a + b)
  case .subtract: return .success(a - b)
  case .multiply: return .success(a * b)
  case .divide: return (a / b).map { .success($0) } ?? .failure(.divisionByZero)
  case .modulo: return (a % b).map { .success($0) } ?? .failure(.divisionByZero)
  default: preconditionFailure("not an arithmetic operator: \(op)")
  }
}

func numberNegate(_ a: Number) -> Number { -a }

// MARK: - Suggestions

/// The candidate closest to `name` (support's ``closestMatch(to:among:)``), for "did you mean".
func closestName(to name: String, in candidates: some Sequence<String>) -> String? {
  closestMatch(to: name, among: Array(candidates))
}

// MARK: - Functions

/// Calls the built-in functions (the support engineer's ``FunctionLibrary``) with the file access
/// they need (`file`, `filesha256`), relative to the configuration directory.
struct FunctionCaller: Sendable {
  let library: FunctionLibrary

  init(fileSystem: (any FileSystem)?, baseDirectory: String) {
    guard let fileSystem else {
      library = FunctionLibrary()
      return
    }
    library = FunctionLibrary(
      baseDirectory: baseDirectory == "." ? "" : baseDirectory,
      readFile: { (path: String) throws(FileSystemError) -> [UInt8] in try fileSystem.readFile(path) })
  }

  /// Arguments exactly as evaluated (the library handles unknown, sensitive and `...`).
  func call(
    _ name: String, nameRange: SourceRange, arguments: [Value], argumentRanges: [SourceRange], expandsFinal: Bool,
    callRange: SourceRange, diagnostics: inout [Diagnostic]
  ) -> Value {
    switch library.call(name, arguments, expandsFinal: expandsFinal) {
    case .success(let value): return value
    case .failure(let error):
      diagnostics.append(
        .functionCallFailed(error, nameRange: nameRange, argumentRanges: argumentRanges, callRange: callRange))
      return .unknown
    }
  }
}
