/// Parameters of one Query-protocol call, with the list encodings EC2 and Auto Scaling use.
///
/// Order is kept as added (the form body is sent in that order; the signature does not depend on it).
struct QueryParameters: Sendable, Hashable {
  private(set) var items: [QueryItem] = []

  init() {}

  /// Adds `name=value`; nil values are left out.
  mutating func add(_ name: String, _ value: String?) {
    if let value { items.append(QueryItem(name: name, value: value)) }
  }

  mutating func add(_ name: String, _ value: Int?) { add(name, value.map(String.init)) }

  mutating func add(_ name: String, _ value: Bool?) { add(name, value.map { $0 ? "true" : "false" }) }

  /// `prefix.1`, `prefix.2`, …: EC2's `InstanceId.N`, or Auto Scaling's `AutoScalingGroupNames.member.N`
  /// when `prefix` ends in `.member`.
  mutating func addList(_ prefix: String, _ values: [String]) {
    for (index, value) in values.enumerated() { add("\(prefix).\(index + 1)", value) }
  }

  /// EC2 filters: `Filter.N.Name`, `Filter.N.Value.M`.
  mutating func addFilters(_ filters: [EC2Filter]) {
    for (index, filter) in filters.enumerated() {
      add("Filter.\(index + 1).Name", filter.name)
      addList("Filter.\(index + 1).Value", filter.values)
    }
  }

  /// EC2 tag specifications: `TagSpecification.N.ResourceType`, `TagSpecification.N.Tag.M.Key/Value`.
  mutating func addTagSpecifications(_ specifications: [(resourceType: String, tags: [AWSTag])]) {
    for (index, specification) in specifications.enumerated() where !specification.tags.isEmpty {
      let prefix = "TagSpecification.\(index + 1)"
      add("\(prefix).ResourceType", specification.resourceType)
      addTags("\(prefix).Tag", specification.tags)
    }
  }

  /// `prefix.N.Key`, `prefix.N.Value`.
  mutating func addTags(_ prefix: String, _ tags: [AWSTag]) {
    for (index, tag) in tags.enumerated() {
      add("\(prefix).\(index + 1).Key", tag.key)
      add("\(prefix).\(index + 1).Value", tag.value)
    }
  }
}

/// An EC2 `Filter`: a name (`tag:immplan:digest`, `instance-state-name`) and accepted values.
public struct EC2Filter: Sendable, Hashable {
  public var name: String
  public var values: [String]

  public init(_ name: String, _ values: [String]) {
    self.name = name
    self.values = values
  }
}

/// A resource tag.
public struct AWSTag: Sendable, Hashable {
  public var key: String
  public var value: String

  public init(_ key: String, _ value: String) {
    self.key = key
    self.value = value
  }

  /// Tags from an EC2 `tagSet` or Auto Scaling `Tags` list.
  static func list(_ node: XMLTree?) -> [AWSTag] {
    (node?.items ?? []).compactMap { item in
      guard let key = item.string("key") ?? item.string("Key") else { return nil }
      return AWSTag(key, item.string("value") ?? item.string("Value") ?? "")
    }
  }
}

extension Array where Element == AWSTag {
  /// The value of tag `key`, if present.
  subscript(tag key: String) -> String? { first { $0.key == key }?.value }
}
