// libFuzzer entry point for the plan-file reader's structural checks. Built and run by
// `scripts/fuzz SECONDS planfile` (see Fuzz/README.md); seeds are the plan files of Fuzz/seeds-state/.
//
// A plan file's checksum is only a content hash, so almost every mutation of a plan stops at the
// checksum check in the `state` target. Here each input is sealed again first (its top-level
// `checksum` value replaced by the SHA-256 of the bytes with that value empty, as `plan -out`
// writes it), so mutations reach the field and plan-level checks. A plan the reader accepts is
// then taken as far as `apply PLANFILE` takes it before any provider or state is touched, and any
// way it could trip later code is a crash here:
// - `executionOperations()` (every create/promote has its object) and the executor's operation
//   graph (no duplicate, unknown or cyclic edge) must accept it;
// - the text and markdown renderings (`show`) must not trap;
// - it must encode and decode again to the same plan (what is accepted is what was reviewed).
import ImmplanExecutor
import ImmplanPlanner
import ImmplanSupport

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = resealed(Array(UnsafeBufferPointer(start: data, count: size)))
  guard let (plan, _) = try? PlanFile.decode(bytes, path: "plan.json") else { return 0 }
  let operations: [ExecutionOperation]
  do {
    operations = try plan.executionOperations()
    _ = try OperationGraph(operations)
  } catch {
    fatalError("the reader accepted a plan the executor refuses: \(error)")
  }
  _ = PlanTextRenderer(color: true).render(plan)
  _ = PlanMarkdownRenderer().render(plan, checksum: nil)
  let again = PlanFile.encode(plan)
  guard let (decoded, _) = try? PlanFile.decode(again.bytes, path: "again.json"), decoded == plan else {
    fatalError("an accepted plan does not survive encoding and decoding again")
  }
  return 0
}

/// `bytes` with the value of the top-level `checksum` member (as the plan writer lays it out)
/// replaced by the SHA-256 of the bytes with that value empty; unchanged when there is none.
func resealed(_ bytes: [UInt8]) -> [UInt8] {
  let marker = Array("\n  \"checksum\": \"".utf8)
  guard bytes.count >= marker.count,
    let start = (0...(bytes.count - marker.count)).first(where: { bytes[$0..<$0 + marker.count].elementsEqual(marker) })
  else { return bytes }
  let valueStart = start + marker.count
  guard let valueEnd = bytes[valueStart...].firstIndex(of: UInt8(ascii: "\"")) else { return bytes }
  var unsealed = Array(bytes[..<valueStart])
  unsealed.append(contentsOf: bytes[valueEnd...])
  let checksum = Array(Hex.encode(SHA256.hash(unsealed)).utf8)
  unsealed.insert(contentsOf: checksum, at: valueStart)
  return unsealed
}
