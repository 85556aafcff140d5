import ImmplanParser
import ImmplanSupport

/// Ordering and protection across changes: create-before-destroy spreads to dependencies, and
/// `prevent_destroy` refuses a plan that would destroy a protected object.
extension Differ {
  /// As in Terraform, create-before-destroy spreads from a replaced resource to the replaced
  /// resources it depends on (otherwise the old dependant would outlive its dependency).
  mutating func applyCreateBeforeDestroySpread() {
    var indexByAddress: [ResourceAddress: Int] = [:]
    for (index, change) in changes.enumerated() {
      if case .replace = change.change { indexByAddress[change.address] = index }
    }
    guard !indexByAddress.isEmpty else { return }
    // Replacements are in `request.desired` order, so walking them backwards visits every
    // dependant before its dependencies (a planned object records its resource's dependencies):
    // the spread reaches through chains without a pass over all desired resources.
    for index in changes.indices.reversed() {
      guard case .replace(_, let planned, .createBeforeDestroy, _, _) = changes[index].change else { continue }
      for dependency in planned.dependencies {
        guard let dependencyIndex = indexByAddress[dependency],
          case .replace(let old, let planned, .destroyBeforeCreate, let retire, let reasons) = changes[dependencyIndex]
            .change
        else { continue }
        changes[dependencyIndex].change = .replace(
          recorded: old, planned: planned, order: .createBeforeDestroy, retire: retire, reasons: reasons)
      }
    }
  }

  mutating func checkPreventDestroy() {
    for change in changes {
      let action: String
      let old: RecordedObject
      let isProtected: Bool
      switch change.change {
      case .replace(let recorded, let planned, _, _, _):
        action = "replace"
        old = recorded
        // The planned object carries the desired resource's settings.
        isProtected = recorded.record.settings.preventDestroy || planned.settings.preventDestroy
      case .destroy(let recorded, _) where recorded.status == .current:
        action = request.mode == .destroy ? "destroy (-destroy)" : "destroy"
        old = recorded
        // Outside -destroy a current object is destroyed only when its address left the
        // configuration: there is no desired resource to ask.
        isProtected =
          recorded.record.settings.preventDestroy
          || (request.mode == .destroy && desiredResource(change.address)?.settings.lifecycle.preventDestroy == true)
      default: continue
      }
      if isProtected {
        diagnostics.append(
          .preventDestroy(
            change.address, name: old.name, action: action, range: desiredResource(change.address)?.range))
      }
    }
  }
}
