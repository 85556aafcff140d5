// libFuzzer entry point for the state and plan-file readers. Built and run by
// `scripts/fuzz SECONDS state` (see Fuzz/README.md); seeds are Fuzz/seeds-state/.
import ImmplanPlanner

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  _ = try? State(decoding: bytes, path: "immplan.state.json")
  _ = try? PlanFile.decode(bytes, path: "plan.json")
  _ = try? JournalCodec.decode(bytes, path: "immplan.state.json.journal")
  return 0
}
