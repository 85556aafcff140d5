import ImmplanParser
import ImmplanSupport

/// The names the planner gives new objects: distinct for every instance address and generation,
/// the same for the same inputs, and valid under every rule of the clouds (the kind's
/// ``CloudNameRule``: AMI names 3–128 characters of `[A-Za-z0-9()[] ./'@_-]`, launch template
/// names up to 128 of `[A-Za-z0-9().-/_]`, Auto Scaling groups up to 255).
///
/// ```
/// name   = "immplan-" body "-g" generation
/// body   = { module-name [ "(" key ")" ] "." } resource-name [ "(" key ")" ]
/// ```
/// `image.web` → `immplan-web-g3` (the rule of immplan 0.1.0, unchanged);
/// `fleet.web["eu"]` → `immplan-web(eu)-g3`; `fleet.web[0]` → `immplan-web(0)-g3`;
/// `module.svc["api"].fleet.this` → `immplan-svc(api).this-g3`.
///
/// Names contain no `.` or `(` and keys are delimited, so two addresses never give the same body
/// while every character is kept. When one is not (a key or name with characters the kind's
/// names do not allow, or with `(`, `)`, `.` in a key) or the name would be too long, the body
/// is cleaned (each such character becomes `-`), shortened, and followed by the first eight hex
/// digits of the SHA-256 of the full address: `immplan-web(my-key)-3f2a9c1e-g3`.
public enum PlannedName {
  public static func name(for address: ResourceAddress, generation: Int) -> String {
    let rule = address.kind.traits.naming
    let suffix = "-g\(generation)"
    var isLossless = true
    var body = ""
    func append(_ text: String, isKey: Bool) {
      for scalar in text.unicodeScalars {
        let byte = UInt8(truncatingIfNeeded: scalar.value)
        let keeps =
          scalar.isASCII && rule.allowedCharacters.contains(byte)
          && !(isKey && (scalar == "(" || scalar == ")" || scalar == "." || scalar == "/"))
        if keeps {
          body.unicodeScalars.append(scalar)
        } else {
          body += "-"
          isLossless = false
        }
      }
    }
    for step in address.module.steps {
      append(step.name, isKey: false)
      if let key = step.key {
        body += "("
        append(key.text, isKey: true)
        body += ")"
      }
      body += "."
    }
    append(address.name, isKey: false)
    if let key = address.key {
      body += "("
      append(key.text, isKey: true)
      body += ")"
    }
    let prefix = "immplan-"
    let plain = prefix + body + suffix
    if isLossless, plain.utf8.count <= rule.maximumLength { return plain }
    let hash = String(Hex.encode(SHA256.hash(utf8: address.description)).prefix(8))
    let room = rule.maximumLength - prefix.utf8.count - suffix.utf8.count - hash.utf8.count - 1
    var shortened = ""
    for scalar in body.unicodeScalars where shortened.utf8.count < room { shortened.unicodeScalars.append(scalar) }
    return prefix + shortened + "-" + hash + suffix
  }
}
