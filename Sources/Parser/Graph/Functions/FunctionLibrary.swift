import ImmplanSupport

/// The built-in functions of the language (BRIEF §2), as a pure library over ``Value``.
///
/// The brief's 25 (`file filesha256 sha256 base64encode base64decode jsonencode join split
/// format upper lower replace trimspace concat merge length lookup keys values contains min max
/// tostring tonumber coalesce`) plus more of Terraform's, for configurations written for it:
/// `abs ceil floor pow signum`, `substr trim trimprefix trimsuffix startswith endswith chomp
/// strrev base64sha256 filebase64 fileexists tobool`, `element index flatten distinct sort
/// reverse slice range zipmap compact sum alltrue anytrue one tolist tomap toset`. Deliberate
/// differences: `replace` rejects `/regex/` patterns; values carry no static types, so `toset`,
/// `distinct` and `tomap` keep `1` and `"1"` apart where Terraform would unify them to strings.
///
/// Each behaves like Terraform's function of the same name (cty's stdlib and Terraform's
/// `lang/funcs`): the same arity, argument conversions (a number or bool is accepted where a
/// string is expected, a numeric string where a number is), results and failure cases.
///
/// Unknown and sensitive arguments are handled here, per function, so the evaluator passes the
/// argument values exactly as evaluated:
/// - Unknown: a call with any argument that is or contains `.unknown` returns `.unknown`, after
///   the arity check, except where Terraform knows better: `length` and `keys` of a known
///   collection whose elements are unknown, `coalesce` when a known non-empty argument comes
///   before the unknown one, `contains` when a known element matches.
/// - Sensitive: if any argument is or contains a sensitive value, the result is marked
///   sensitive (``Value/marked(_:)``), and messages do not quote argument values. `length` and
///   `keys` only look at the collection's own mark, as Terraform does: the number of entries
///   or the key names of a map with secret values are not secret.
///
/// `file`, `filesha256`, `filebase64` and `fileexists` read through the injected closure,
/// resolving relative paths against ``baseDirectory`` (the configuration directory). Failures
/// are ``FunctionError`` values; the evaluator turns them into diagnostics with
/// ``Diagnostic/functionCallFailed(_:nameRange:argumentRanges:callRange:)``.
package struct FunctionLibrary: Sendable {
  /// Reads a whole file by path (already joined with the base directory).
  package typealias FileReader = @Sendable (String) throws(FileSystemError) -> [UInt8]

  /// Directory relative paths of `file`/`filesha256` are resolved against; empty means as given.
  package var baseDirectory: String
  package var readFile: FileReader

  package init(baseDirectory: String = "", readFile: @escaping FileReader = FunctionLibrary.noFiles) {
    self.baseDirectory = baseDirectory
    self.readFile = readFile
  }

  /// A reader for contexts without file access: every read fails.
  package static let noFiles: FileReader = { (path: String) throws(FileSystemError) -> [UInt8] in
    throw FileSystemError(path: path, reason: "file access is not available here")
  }

  /// Every function name, sorted (for "did you mean" and documentation).
  package static var names: [String] { specifications.keys.sorted() }

  package static func isKnown(_ name: String) -> Bool { specifications[name] != nil }

  /// Calls function `name` with `arguments` as written in the call. With `expandsFinal` (a call
  /// written `f(a, b...)`), the last argument must be a list, set or tuple whose elements become
  /// the final arguments; errors about them point at that last argument.
  package func call(_ name: String, _ arguments: [Value], expandsFinal: Bool = false) -> Result<Value, FunctionError> {
    guard let specification = Self.specifications[name] else {
      return .failure(.unknownFunction(name: name, suggestion: closestMatch(to: name, among: Self.names)))
    }
    var expanded = arguments
    // Which written argument each expanded one came from (built only for an error message).
    var expandedLast: Int?
    if expandsFinal, let last = arguments.last {
      let lastIndex = arguments.count - 1
      switch last.unmarked {
      case .unknown: return .success(.unknown)
      case .list(let items), .set(let items):
        let elements = last.isSensitive ? items.map(Value.marked) : items
        expanded = Array(arguments.dropLast()) + elements
        expandedLast = lastIndex
      case .null:
        return .failure(
          .invalidExpansion(function: name, argument: lastIndex, message: "the expanded argument is null"))
      default:
        return .failure(
          .invalidExpansion(
            function: name, argument: lastIndex,
            message: "the expanded argument must be a list, set or tuple, not \(Self.typeName(last))"))
      }
    }
    guard specification.arity.contains(expanded.count) else {
      return .failure(
        .wrongArgumentCount(function: name, expected: specification.arity.description, given: expanded.count))
    }
    let isSensitive: Bool
    var plain = expanded
    switch specification.sensitivity {
    case .deep:
      isSensitive = expanded.contains(where: \.containsSensitive)
      if isSensitive { plain = expanded.map(\.deepUnmarked) }
    case .topLevel:
      isSensitive = expanded.contains(where: \.isSensitive)
      if isSensitive { plain = expanded.map(\.unmarked) }
    }
    if !specification.handlesUnknown, plain.contains(where: \.containsUnknown) { return .success(.unknown) }
    let context = FunctionCall(name: name, arguments: plain, isSensitive: isSensitive, library: self)
    switch specification.implementation(context) {
    case .success(let value):
      return .success(isSensitive && !value.isUnknown ? Value.marked(value) : value)
    case .failure(let failure):
      let writtenIndex =
        expandedLast.map { lastIndex in
          Array(0..<lastIndex) + Array(repeating: lastIndex, count: expanded.count - lastIndex)
        } ?? Array(arguments.indices)
      return .failure(failure.error(function: name, writtenIndex: writtenIndex))
    }
  }
}

// MARK: - Specifications

extension FunctionLibrary {
  /// How many arguments a function takes.
  struct Arity: Sendable, CustomStringConvertible {
    var minimum: Int
    /// nil for variadic functions.
    var maximum: Int?

    static func exactly(_ count: Int) -> Arity { Arity(minimum: count, maximum: count) }
    static func atLeast(_ count: Int) -> Arity { Arity(minimum: count, maximum: nil) }

    func contains(_ count: Int) -> Bool { count >= minimum && count <= (maximum ?? Int.max) }

    /// `1 argument`, `2 or 3 arguments`, `at least 1 argument`.
    var description: String {
      func plural(_ n: Int) -> String { n == 1 ? "\(n) argument" : "\(n) arguments" }
      guard let maximum else { return minimum == 0 ? "any number of arguments" : "at least \(plural(minimum))" }
      if maximum == minimum { return plural(minimum) }
      if maximum == minimum + 1 { return "\(minimum) or \(plural(maximum))" }
      return "\(minimum) to \(plural(maximum))"
    }
  }

  enum Sensitivity: Sendable {
    /// Any mark anywhere in any argument marks the result.
    case deep
    /// Only marks on the arguments themselves (not their elements) mark the result.
    case topLevel
  }

  struct Specification: Sendable {
    var arity: Arity
    var sensitivity: Sensitivity = .deep
    /// The implementation copes with unknown arguments itself; otherwise any unknown anywhere
    /// makes the result unknown before it runs.
    var handlesUnknown = false
    var implementation: @Sendable (FunctionCall) -> Result<Value, ArgumentFailure>
  }

  static let specifications: [String: Specification] = {
    var table: [String: Specification] = [:]
    registerEncodingFunctions(into: &table)
    registerStringFunctions(into: &table)
    registerCollectionFunctions(into: &table)
    registerNumberFunctions(into: &table)
    registerMoreStringFunctions(into: &table)
    registerMoreCollectionFunctions(into: &table)
    return table
  }()

  /// The language's name for the kind of `value`, for messages: `string`, `number`, `list`, …
  static func typeName(_ value: Value) -> String {
    switch value {
    case .null: "null"
    case .unknown: "unknown value"
    case .string: "string"
    case .number: "number"
    case .bool: "bool"
    case .duration: "duration"
    case .list: "list"
    case .set: "set"
    case .map: "map"
    case .sensitive(let inner): typeName(inner)
    }
  }
}

// MARK: - Calls

/// One call as an implementation sees it: arguments expanded and unmarked.
struct FunctionCall: Sendable {
  var name: String
  var arguments: [Value]
  /// Some argument was sensitive: messages must not quote argument values.
  var isSensitive: Bool
  var library: FunctionLibrary

  subscript(index: Int) -> Value { arguments[index] }

  /// Argument `index` as a string, converting numbers, bools and durations as cty does.
  func string(_ index: Int) -> Result<String, ArgumentFailure> {
    if let text = FunctionCall.stringConversion(arguments[index]) { return .success(text) }
    if arguments[index].isNull { return .failure(.argument(index, "argument must not be null")) }
    return .failure(.argument(index, "a string is required, got \(FunctionLibrary.typeName(arguments[index]))"))
  }

  /// Argument `index` as a number, parsing numeric strings as cty does.
  func number(_ index: Int) -> Result<Number, ArgumentFailure> {
    switch arguments[index] {
    case .null: return .failure(.argument(index, "argument must not be null"))
    case .number(let number): return .success(number)
    case .string(let text):
      if let number = Number(converting: text) { return .success(number) }
      return .failure(.argument(index, "a number is required, got \(describe(text))"))
    default:
      return .failure(.argument(index, "a number is required, got \(FunctionLibrary.typeName(arguments[index]))"))
    }
  }

  /// `"text"` quoted for a message, or a placeholder when arguments are sensitive.
  func describe(_ text: String) -> String {
    isSensitive ? "a sensitive string" : "the string \(JSONEncoding.quoted(text))"
  }

  /// The string form of a primitive value (cty's conversion to string), else nil.
  static func stringConversion(_ value: Value) -> String? {
    switch value {
    case .string(let text): text
    case .number(let number): number.description
    case .bool(let flag): flag ? "true" : "false"
    case .duration(let duration): duration.description
    default: nil
    }
  }
}

/// A failure inside an implementation, indexed by the expanded argument list; ``FunctionLibrary``
/// maps it to the written argument.
enum ArgumentFailure: Error, Sendable {
  case argument(Int, String)
  case file(Int, path: String, reason: String)
  case call(String)

  func error(function: String, writtenIndex: [Int]) -> FunctionError {
    switch self {
    case .argument(let index, let message):
      .invalidArgument(function: function, argument: writtenIndex[index], message: message)
    case .file(let index, let path, let reason):
      .unreadableFile(function: function, argument: writtenIndex[index], path: path, reason: reason)
    case .call(let message):
      .callFailed(function: function, message: message)
    }
  }
}

// MARK: - Errors

/// Why a function call failed; rendered by ``Diagnostic/functionCallFailed(_:nameRange:argumentRanges:callRange:)``.
///
/// `argument` is always an index into the arguments as written in the call (an element of an
/// expanded `...` argument maps to that last argument), so the evaluator can point at its range.
package enum FunctionError: Error, Sendable, Hashable {
  /// E0501: no function has this name; `suggestion` is the closest known name, if any.
  case unknownFunction(name: String, suggestion: String?)
  /// E0502: `expected` reads like `2 or 3 arguments`.
  case wrongArgumentCount(function: String, expected: String, given: Int)
  /// E0503: the argument has the wrong type or an unusable value.
  case invalidArgument(function: String, argument: Int, message: String)
  /// E0504: `file`/`filesha256` could not read `path`.
  case unreadableFile(function: String, argument: Int, path: String, reason: String)
  /// E0505: the `...` argument is not a list, set or tuple.
  case invalidExpansion(function: String, argument: Int, message: String)
  /// E0506: the call as a whole failed (no single argument is to blame).
  case callFailed(function: String, message: String)

  /// The argument (as written) the error is about, if any.
  package var argument: Int? {
    switch self {
    case .unknownFunction, .wrongArgumentCount, .callFailed: nil
    case .invalidArgument(_, let argument, _), .unreadableFile(_, let argument, _, _),
      .invalidExpansion(_, let argument, _):
      argument
    }
  }
}
