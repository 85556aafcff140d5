import ImmplanParser

/// One record of apply progress (BRIEF §5), appended to the journal before and after each
/// provider call so a crash at any instant leaves nothing the state does not know about.
///
/// Folding (``State/folded(with:historyLimit:)``) is total and idempotent per entry: replaying a
/// journal twice gives the same state. Entries that only inform (`destroyStarted`, `failed`) do
/// not change the state; they are kept so a reader of an unfinished journal can report them.
public enum JournalEntry: Sendable, Hashable {
  /// About to create `record` (planned name, generation…): it is recorded as a `pending`
  /// generation until `created`, so a crashed apply can find it in the cloud by its name.
  case createStarted(ResourceAddress, ObjectRecord)
  /// The object exists and passed its checks (fleets: healthy and baked). It becomes the current
  /// object (whatever generation entry it had is replaced); the previous current object, if it is
  /// another generation, becomes `previousCurrent`.
  case created(ResourceAddress, CloudObject, previousCurrent: DemotedStatus)
  /// About to destroy generation `generation` (named `name`) at the address.
  case destroyStarted(ResourceAddress, generation: Int, name: String)
  /// Generation `generation` is gone from the cloud (or was never created): it is removed, and
  /// an address left with nothing is removed from the state.
  case destroyed(ResourceAddress, generation: Int)
  /// An operation failed. Changes nothing: a pending create stays pending (to be adopted or
  /// removed by the next plan), an object whose destroy failed stays where it was.
  case failed(ResourceAddress, generation: Int, operation: JournalOperation, message: String)
  /// A live generation (the current one or an older one) takes status `status`; a current object
  /// demoted leaves the address without a current object. No effect on a pending generation.
  case demoted(ResourceAddress, generation: Int, to: DemotedStatus)
  /// A live older generation becomes current again (a rollback reusing a retained image); the
  /// previous current object becomes `previousCurrent`.
  case promoted(ResourceAddress, generation: Int, previousCurrent: DemotedStatus)
  /// New settings for the current object, recorded without any cloud operation.
  case settingsRecorded(ResourceAddress, RecordedSettings)
  /// Sets (a version number) or clears (nil, after a roll forward) "rolled back from version N".
  case rollbackMarker(fromVersion: Int?)
  /// The plan with this checksum is being applied. When the journal is folded, a history version
  /// is appended for it (with the then current objects), so the plan can never be applied again.
  case planApplied(planChecksum: String, time: Timestamp)
}

/// The status an object takes when it stops being current.
extension DemotedStatus {
  var objectStatus: ObjectStatus {
    switch self {
    case .retained: .retained
    case .deposed: .deposed
    }
  }
}

/// Which provider operation a `failed` entry is about.
public enum JournalOperation: String, Sendable, Hashable {
  case create
  case destroy
}
