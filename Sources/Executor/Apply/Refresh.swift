import ImmplanParser
import ImmplanPlanner

/// `plan -refresh` (BRIEF §5): asks the provider whether each recorded current object still
/// exists and still has its identity. A missing or altered object is planned as a replace with the
/// reason "drift: …".
public enum Refresh {
  /// One drifted object.
  public struct Drift: Sendable, Hashable {
    public var address: ResourceAddress
    /// `immplan-web-g1 no longer exists`, or the provider's reasons.
    public var detail: String
  }

  /// Drifted current objects of `state`, by address (at most `parallelism` reads at once).
  /// Objects the provider cannot read are reported as errors.
  public static func drift(in state: State, provider: any Provider, parallelism: Int = 10) async
    -> (drifts: [Drift], errors: [String])
  {
    let objects = state.sortedAddresses.compactMap { address in state.resources[address]?.current.map { (address, $0) }
    }
    var results = [Result<Drift?, ProviderError>?](repeating: nil, count: objects.count)
    await withTaskGroup(of: (Int, Result<Drift?, ProviderError>).self) { group in
      var next = 0
      func startNext(_ group: inout TaskGroup<(Int, Result<Drift?, ProviderError>)>) {
        guard next < objects.count else { return }
        let index = next
        next += 1
        group.addTask { (index, await read(objects[index].0, objects[index].1, provider: provider)) }
      }
      for _ in 0..<max(1, parallelism) { startNext(&group) }
      while let (index, result) = await group.next() {
        results[index] = result
        startNext(&group)
      }
    }
    var drifts: [Drift] = []
    var errors: [String] = []
    for (object, result) in zip(objects, results) {
      switch result {
      case .success(let drift?)?: drifts.append(drift)
      case .failure(let error)?: errors.append("cannot read \(object.0) (\(object.1.record.name)): \(error)")
      default: break
      }
    }
    return (drifts, errors)
  }

  private static func read(_ address: ResourceAddress, _ object: CloudObject, provider: any Provider) async
    -> Result<Drift?, ProviderError>
  {
    // Sensitive parts are recorded only as digests: they cannot be compared here.
    let hidden = Set(object.record.identity.filter { $0.value.containsDigest }.keys)
    let identity = object.record.identity.filter { !hidden.contains($0.key) }.mapValues { $0.value ?? .null }
    let context = ProviderContext(
      address: address, operationID: "refresh \(address)", binding: object.record.provider)
    do throws(ProviderError) {
      switch try await provider.read(address.kind, cloudID: object.cloudID, identity: identity, context: context) {
      case .matches:
        return .success(nil)
      case .missing:
        return .success(Drift(address: address, detail: "\(object.record.name) no longer exists"))
      case .drifted(let reasons):
        let relevant = reasons.filter { reason in !hidden.contains { reason.hasPrefix("`\($0)`") } }
        if relevant.isEmpty { return .success(nil) }
        return .success(
          Drift(address: address, detail: "\(object.record.name) was altered: " + relevant.joined(separator: "; ")))
      }
    } catch {
      return .failure(error)
    }
  }

  /// `plan` with the `.requested` reasons of drifted addresses (which the caller passed as
  /// `-replace` addresses) turned into `.drift(detail)`.
  public static func marking(_ plan: Plan, drifts: [Drift]) -> Plan {
    let details = Dictionary(drifts.map { ($0.address, $0.detail) }) { first, _ in first }
    var plan = plan
    plan.changes = plan.changes.map { change in
      guard let detail = details[change.address],
        case .replace(let recorded, let planned, let order, let retire, let reasons) = change.change
      else { return change }
      var marked = reasons.map { reason -> ReplaceReason in reason == .requested ? .drift(detail) : reason }
      if !marked.contains(.drift(detail)) { marked.insert(.drift(detail), at: 0) }
      return PlannedChange(
        address: change.address,
        change: .replace(recorded: recorded, planned: planned, order: order, retire: retire, reasons: marked))
    }
    return plan
  }
}
