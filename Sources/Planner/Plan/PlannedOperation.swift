import ImmplanParser

/// One step of apply, with the steps it waits for (BRIEF §3, §5).
///
/// IDs are stable text (`create fleet.web`, `destroy image.web#g7`, `settings fleet.api`,
/// `promote image.web#g5`) so the
/// plan file reads well and is deterministic.
public struct PlannedOperation: Sendable, Hashable {
  public enum Action: String, Sendable, Hashable {
    /// Create the new object named by the change; for a fleet this includes waiting until it is
    /// healthy and has baked.
    case create
    /// Destroy a recorded object (a fleet is detached and drained first).
    case destroy
    /// Record changed settings in state; no provider call.
    case recordSettings = "record_settings"
    /// Make a retained image generation current again (a rollback reusing it); the provider only
    /// checks that it still exists. `generation` and `name` are the retained generation's.
    case promote
  }

  public var id: String
  public var action: Action
  public var address: ResourceAddress
  /// create: the new generation; destroy: the recorded generation; settings: the current one.
  public var generation: Int
  /// The object's name (planned name for a create, recorded name for a destroy).
  public var name: String
  /// IDs of the operations that must finish first, sorted.
  public var dependsOn: [String]

  public init(id: String, action: Action, address: ResourceAddress, generation: Int, name: String, dependsOn: [String])
  {
    self.id = id
    self.action = action
    self.address = address
    self.generation = generation
    self.name = name
    self.dependsOn = dependsOn
  }

  static func createID(_ address: ResourceAddress) -> String { "create \(address)" }
  static func destroyID(_ address: ResourceAddress, generation: Int) -> String { "destroy \(address)#g\(generation)" }
  static func settingsID(_ address: ResourceAddress) -> String { "settings \(address)" }
  public static func promoteID(_ address: ResourceAddress, generation: Int) -> String {
    "promote \(address)#g\(generation)"
  }
}
