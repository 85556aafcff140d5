import Foundation
import ImmplanParser

/// The on-disk plan document, format version 1: `Codable` DTOs, converted to and from ``Plan`` in
/// `PlanFile+Conversion.swift` (the planfile/statefile split). Recorded objects use the state
/// file's object layout, values the shared ``CodedValue`` form, so a reviewer reads one vocabulary.
///
/// Top-level keys (sorted when written): `changes`, `checksum`, `configuration`, `format_version`,
/// `mode`, `operations`, `prior_state`, `providers`, `state_backend`, `summary`, `variables`,
/// `warnings`.
enum PlanFileDocument {
  struct Document: Codable {
    var formatVersion: Int
    /// SHA-256 of the document's bytes as written with this field empty (see ``PlanFile``).
    var checksum: String
    var mode: String
    var priorState: PriorStateDTO
    var summary: SummaryDTO
    var changes: [ChangeDTO]
    var operations: [OperationDTO]
    var warnings: [WarningDTO]
    var providers: ProvidersDTO
    var stateBackend: StateBackendDTO
    var variables: [VariableDTO]
    var configuration: ConfigurationDTO

    enum CodingKeys: String, CodingKey {
      case formatVersion = "format_version"
      case checksum, mode
      case priorState = "prior_state"
      case summary, changes, operations, warnings, providers
      case stateBackend = "state_backend"
      case variables, configuration
    }
  }

  struct VersionProbe: Decodable {
    var formatVersion: Int?
    var lineage: String?
    enum CodingKeys: String, CodingKey {
      case formatVersion = "format_version"
      case lineage
    }
  }

  struct PriorStateDTO: Codable {
    var lineage: String
    var serial: Int
    var digest: String
    var isNew: Bool
    var rolledBackFrom: Int?
    enum CodingKeys: String, CodingKey {
      case lineage, serial, digest
      case isNew = "is_new"
      case rolledBackFrom = "rolled_back_from"
    }
  }

  /// Display-only counts (recomputed from `changes` when read).
  struct SummaryDTO: Codable {
    var create: Int
    var replace: Int
    var destroy: Int
    var settingsUpdate: Int
    var unchanged: Int
    enum CodingKeys: String, CodingKey {
      case create, replace, destroy
      case settingsUpdate = "settings_update"
      case unchanged
    }
  }

  struct ChangeDTO: Codable {
    var address: String
    /// `create`, `replace`, `destroy` or `keep` — nothing else exists.
    var action: String
    var recorded: StateFile.Object?
    var planned: PlannedDTO?
    var order: String?
    var retire: String?
    var reasons: [ReasonDTO]?
    var destroyReason: String?
    var settingsChanges: [AttributeChangeDTO]?
    enum CodingKeys: String, CodingKey {
      case address, action, recorded, planned, order, retire, reasons
      case destroyReason = "destroy_reason"
      case settingsChanges = "settings_changes"
    }
  }

  struct PlannedDTO: Codable {
    var name: String
    var generation: Int
    var digest: String?
    var identity: [String: CodedValue]
    var outputs: [String: CodedValue]
    var dependencies: [String]
    var settings: StateFile.Settings
    var provider: StateFile.Provider
    var mayReuseExisting: Bool
    enum CodingKeys: String, CodingKey {
      case name, generation, digest, identity, outputs, dependencies, settings, provider
      case mayReuseExisting = "may_reuse_existing"
    }
  }

  struct ReasonDTO: Codable {
    /// `attribute_changed`, `dependency_replaced`, `dependency_created`, `triggered`, `requested`,
    /// `provider_changed`, `drift`.
    var kind: String
    /// The reason as the text rendering prints it (display only).
    var text: String
    var change: AttributeChangeDTO?
    var address: String?
    var outputs: [String]?
    var trigger: String?
    var before: String?
    var after: String?
    var detail: String?
  }

  struct AttributeChangeDTO: Codable {
    var path: String
    var before: CodedValue?
    var after: CodedValue?

    init(path: String, before: CodedValue?, after: CodedValue?) {
      self.path = path
      self.before = before
      self.after = after
    }

    enum CodingKeys: String, CodingKey { case path, before, after }

    // A present `null` is the value null; an absent key is "no value" — kept apart on purpose.
    init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      path = try container.decode(String.self, forKey: .path)
      before = container.contains(.before) ? try container.decode(CodedValue.self, forKey: .before) : nil
      after = container.contains(.after) ? try container.decode(CodedValue.self, forKey: .after) : nil
    }
  }

  struct OperationDTO: Codable {
    var id: String
    var action: String
    var address: String
    var generation: Int
    var name: String
    var dependsOn: [String]
    enum CodingKeys: String, CodingKey {
      case id, action, address, generation, name
      case dependsOn = "depends_on"
    }
  }

  struct WarningDTO: Codable {
    var code: String
    var message: String
    var notes: [String]
    var help: String?
  }

  struct ProvidersDTO: Codable {
    var sim: SimDTO?
    var aws: AWSDTO?
  }

  struct SimDTO: Codable {
    var dir: String
    var latencyMilliseconds: Int64
    var fail: [String: String]
    enum CodingKeys: String, CodingKey {
      case dir
      case latencyMilliseconds = "latency_ms"
      case fail
    }
  }

  struct AWSDTO: Codable {
    var region: String?
    var endpoint: String?
    var profile: String?
  }

  struct StateBackendDTO: Codable {
    /// `local` or `s3`.
    var type: String
    var path: String?
    var bucket: String?
    var key: String?
    var region: String?
    var endpoint: String?
    var profile: String?
  }

  struct VariableDTO: Codable {
    var name: String
    var sensitive: Bool
    /// For a sensitive variable only `{"sensitive_digest": …}`.
    var value: CodedValue
  }

  struct ConfigurationDTO: Codable {
    var files: [FileDTO]
  }

  struct FileDTO: Codable {
    var path: String
    var text: String
  }
}
