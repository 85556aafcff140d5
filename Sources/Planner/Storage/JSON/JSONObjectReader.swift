/// Reads one JSON object field by field for the state and journal converters, naming the JSON
/// path of every problem (`$.resources["image.web"].current.cloud_id`).
struct JSONObjectReader {
  let members: [JSONMember]
  /// The object's own path, rendered only for messages (building strings per object is too slow
  /// for 100,000-resource states).
  let node: JSONPathNode
  /// The file, for messages.
  let file: String

  init(_ value: JSONValue, path: JSONPathNode, file: String) throws(StateError) {
    guard case .object(let members) = value else {
      throw .invalidField(
        path: file, jsonPath: path.rendered, reason: "expected an object, found \(value.kindDescription)")
    }
    self.members = members
    self.node = path
    self.file = file
  }

  init(_ value: JSONValue, path: String, file: String) throws(StateError) {
    try self.init(value, path: .root(path), file: file)
  }

  /// `$.resources["image.web"]`…
  var path: String { node.rendered }
  func keyNode(_ key: String) -> JSONPathNode { .key(node, key) }
  func keyPath(_ key: String) -> String { keyNode(key).rendered }

  func invalid(_ key: String, _ reason: String) -> StateError {
    .invalidField(path: file, jsonPath: keyPath(key), reason: reason)
  }

  /// Refuses members other than `allowed` (a typo'd or foreign field is an error, not ignored).
  func rejectUnknown(_ allowed: [String]) throws(StateError) {
    for member in members where !allowed.contains(member.key) {
      throw invalid(member.key, "unknown field")
    }
  }

  /// The member, nil when absent or null.
  func optional(_ key: String) -> JSONValue? {
    guard let value = members.first(where: { $0.key == key })?.value else { return nil }
    if case .null = value { return nil }
    return value
  }

  func required(_ key: String) throws(StateError) -> JSONValue {
    guard let value = optional(key) else { throw invalid(key, "missing required field") }
    return value
  }

  func string(_ key: String) throws(StateError) -> String {
    let value = try required(key)
    guard case .string(let text) = value else {
      throw invalid(key, "expected a string, found \(value.kindDescription)")
    }
    return text
  }

  func optionalString(_ key: String) throws(StateError) -> String? {
    guard optional(key) != nil else { return nil }
    return try string(key)
  }

  func int(_ key: String) throws(StateError) -> Int {
    let value = try required(key)
    guard case .number(let text) = value, let number = Int(text) else {
      throw invalid(key, "expected an integer, found \(JSONObjectReader.describeNonInteger(value))")
    }
    return number
  }

  /// `a string`, or for a number that is not a 64-bit integer the number itself (shortened):
  /// `the number 1.5`, `the number 1e400 (out of range)`.
  static func describeNonInteger(_ value: JSONValue) -> String {
    guard case .number(let text) = value else { return value.kindDescription }
    let shown = text.count > 24 ? text.prefix(20) + "… (\(text.count) characters)" : Substring(text)
    let isWhole = !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    return "the number \(shown)" + (isWhole ? " (out of range)" : "")
  }

  func int64(_ key: String) throws(StateError) -> Int64 {
    let value = try required(key)
    guard case .number(let text) = value, let number = Int64(text) else {
      throw invalid(key, "expected an integer, found \(JSONObjectReader.describeNonInteger(value))")
    }
    return number
  }

  func optionalInt(_ key: String) throws(StateError) -> Int? {
    guard optional(key) != nil else { return nil }
    return try int(key)
  }

  func bool(_ key: String) throws(StateError) -> Bool {
    let value = try required(key)
    guard case .bool(let flag) = value else { throw invalid(key, "expected a boolean, found \(value.kindDescription)") }
    return flag
  }

  func object(_ key: String) throws(StateError) -> JSONObjectReader {
    try JSONObjectReader(try required(key), path: keyNode(key), file: file)
  }

  func optionalObject(_ key: String) throws(StateError) -> JSONObjectReader? {
    guard let value = optional(key) else { return nil }
    return try JSONObjectReader(value, path: keyNode(key), file: file)
  }

  /// The elements of an array member with their paths.
  func array(_ key: String) throws(StateError) -> [(value: JSONValue, path: JSONPathNode)] {
    let value = try required(key)
    guard case .array(let items) = value else {
      throw invalid(key, "expected an array, found \(value.kindDescription)")
    }
    let base = keyNode(key)
    return items.enumerated().map { ($0.element, .index(base, $0.offset)) }
  }

  /// A `{"key": "string"}` map member.
  func stringMap(_ key: String) throws(StateError) -> [String: String] {
    let object = try self.object(key)
    var out: [String: String] = [:]
    for member in object.members {
      out[member.key] = try object.string(member.key)
    }
    return out
  }
}

/// A JSON path built cheaply while reading and rendered only for a message.
indirect enum JSONPathNode: Sendable {
  case root(String)
  case key(JSONPathNode, String)
  case index(JSONPathNode, Int)

  var rendered: String {
    switch self {
    case .root(let text): text
    case .key(let parent, let key): parent.rendered + JSONPath.component(key)
    case .index(let parent, let index): parent.rendered + "[\(index)]"
    }
  }
}

/// JSON paths in error messages.
enum JSONPath {
  /// `.name` for identifier-like keys, `["image.web"]` otherwise.
  static func component(_ key: String) -> String {
    let isIdentifier =
      !key.isEmpty
      && key.utf8.allSatisfy {
        ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5f
      }
    if isIdentifier { return "." + key }
    var escaped = ""
    for character in key {
      switch character {
      case "\\": escaped += "\\\\"
      case "\"": escaped += "\\\""
      default: escaped.append(character)
      }
    }
    return "[\"\(escaped)\"]"
  }
}
