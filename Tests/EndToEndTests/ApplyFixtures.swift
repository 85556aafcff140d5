import Foundation
import TestSupport

/// A small sim configuration and helpers to compare the sim directory with the recorded state,
/// shared by the apply end-to-end and crash-safety tests.
enum ApplyFixture {
  /// image.web → launch_template.web → fleet.web behind `app_version`, plus `extra` blocks.
  static func configuration(
    latency: String = "0s", fail: [String: String] = [:], healthTimeout: String = "5s", extra: String = ""
  ) -> String {
    let failMap = fail.keys.sorted().map { "\"\($0)\" = \"\(fail[$0]!)\"" }.joined(separator: ", ")
    return """
      variable "app_version" {
        type    = string
        default = "1.0.0"
      }

      provider "sim" {
        latency = "\(latency)"
        fail    = { \(failMap) }
      }

      image "web" {
        source    = "debian-12"
        provision = ["install-app ${var.app_version}"]
      }

      launch_template "web" {
        image         = image.web.id
        instance_type = "t3.small"
      }

      fleet "web" {
        launch_template = launch_template.web.id
        min_size        = 2
        max_size        = 2

        health_check {
          timeout = "\(healthTimeout)"
        }
      }

      output "fleet_name" {
        value = fleet.web.name
      }
      \(extra)
      """
  }

  /// Every object in the sim directory as `kind/name`, sorted.
  static func simObjects(_ directory: String) -> [String] {
    var names: [String] = []
    let root = directory + "/.immplan/sim"
    for kind in ["image", "launch_template", "fleet"] {
      let files = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + kind)) ?? []
      for file in files where file.hasSuffix(".json") {
        guard let data = FileManager.default.contents(atPath: root + "/" + kind + "/" + file),
          let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
          let name = object["name"] as? String
        else {
          names.append("\(kind)/?\(file)")
          continue
        }
        names.append("\(kind)/\(name)")
      }
    }
    return names.sorted()
  }

  /// Every object the state records (current and older generations) as `kind/name`, sorted.
  static func stateObjects(_ directory: String) -> [String] {
    guard let data = FileManager.default.contents(atPath: directory + "/immplan.state.json"),
      let state = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let resources = state["resources"] as? [String: Any]
    else { return [] }
    var names: [String] = []
    for (address, value) in resources {
      let kind = String(address.split(separator: ".")[0])
      guard let resource = value as? [String: Any] else { continue }
      if let current = resource["current"] as? [String: Any], let name = current["name"] as? String {
        names.append("\(kind)/\(name)")
      }
      for generation in resource["generations"] as? [[String: Any]] ?? [] {
        if let name = generation["name"] as? String { names.append("\(kind)/\(name)") }
      }
    }
    return names.sorted()
  }

  /// The state's current object names by address.
  static func currentNames(_ directory: String) -> [String: String] {
    guard let data = FileManager.default.contents(atPath: directory + "/immplan.state.json"),
      let state = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let resources = state["resources"] as? [String: Any]
    else { return [:] }
    var names: [String: String] = [:]
    for (address, value) in resources {
      if let current = (value as? [String: Any])?["current"] as? [String: Any], let name = current["name"] as? String {
        names[address] = name
      }
    }
    return names
  }

  /// The bytes of every file under `directory` (state, journal, lock info excluded, sim objects),
  /// by relative path: to prove a refused command changed nothing.
  static func snapshot(_ directory: String) -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let path = enumerator?.nextObject() as? String {
      if path.hasSuffix(".lock") || path.hasSuffix("plan.json") { continue }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory),
        !isDirectory.boolValue
      else { continue }
      files[path] = FileManager.default.contents(atPath: directory + "/" + path)
    }
    return files
  }

  /// Runs `immplan arguments…` in `directory`, with `environment`.
  static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:]) throws
    -> BinaryResult
  {
    try BinaryRunner.run(arguments, environment: environment, in: directory)
  }
}
