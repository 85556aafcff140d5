// libFuzzer entry point for the front end: lexer, parser, formatter and binder/evaluator.
// Built and run by scripts/fuzz (see Fuzz/README.md); not part of the Swift package.
import ImmplanParser

/// One configuration directory in memory: `main.imm.hcl` holding the fuzzer's bytes.
struct FuzzFileSystem: FileSystem {
  var bytes: [UInt8]
  func contentsOfDirectory(_ directory: String) throws(FileSystemError) -> [String] {
    ["main.imm.hcl"]
  }
  func readFile(_ path: String) throws(FileSystemError) -> [UInt8] {
    guard path == "main.imm.hcl" else {
      throw FileSystemError(path: path, reason: "no such file or directory")
    }
    return bytes
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  let source = SourceFile(id: FileID(0), path: "main.imm.hcl", bytes: bytes)
  _ = Lexer.tokenize(source)
  _ = Parser.parse(source)
  _ = Formatter.format(source)
  _ = Frontend.load(
    LoadOptions(directory: ".", environment: [:]), fileSystem: FuzzFileSystem(bytes: bytes))
  return 0
}
