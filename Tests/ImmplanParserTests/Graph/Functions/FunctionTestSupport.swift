@testable import ImmplanParser

/// An in-memory configuration directory `/config` for `file` and `filesha256`.
private let testFiles: [String: [UInt8]] = [
  "/config/hello.txt": Array("hello\n".utf8),
  "/config/scripts/boot.sh": Array("#!/bin/sh\necho hi\n".utf8),
  "/config/binary.bin": [0xff, 0xfe, 0x00],
  "/etc/absolute.txt": Array("absolute".utf8),
]

private let sharedLibrary = FunctionLibrary(baseDirectory: "/config") {
  (path: String) throws(FileSystemError) -> [UInt8] in
  guard let bytes = testFiles[path] else { throw FileSystemError(path: path, reason: "no such file or directory") }
  return bytes
}

/// Helpers for function tests as members, so they never clash with other test files' globals.
protocol FunctionTestCase {}

extension FunctionTestCase {
  var library: FunctionLibrary { sharedLibrary }
  func s(_ text: String) -> Value { .string(text) }
  func n(_ text: String) -> Value { .number(Number(text)!) }
  func n(_ value: Int) -> Value { .number(Number(value)) }
  func list(_ items: Value...) -> Value { .list(items) }
  func map(_ entries: KeyValuePairs<String, Value>) -> Value {
    .map(Dictionary(uniqueKeysWithValues: entries.map { ($0.key, $0.value) }))
  }
  var secret: Value { Value.sensitive(.string("hunter2")) }

  /// The result of a call that must succeed, or nil (and the error printed by the expectation).
  func value(_ name: String, _ arguments: Value..., expanding: Bool = false) -> Value? {
    try? library.call(name, arguments, expandsFinal: expanding).get()
  }

  /// The error of a call that must fail.
  func failure(_ name: String, _ arguments: Value..., expanding: Bool = false) -> FunctionError? {
    if case .failure(let error) = library.call(name, arguments, expandsFinal: expanding) { return error }
    return nil
  }
}

extension FunctionError {
  /// The message of an argument or call error, for substring checks.
  var testMessage: String {
    switch self {
    case .unknownFunction(let name, _): "unknown \(name)"
    case .wrongArgumentCount(_, let expected, let given): "\(expected) \(given)"
    case .invalidArgument(_, _, let message), .invalidExpansion(_, _, let message), .callFailed(_, let message): message
    case .unreadableFile(_, _, let path, let reason): "\(path): \(reason)"
    }
  }
}
