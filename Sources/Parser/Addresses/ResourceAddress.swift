/// Where one resource instance lives (Terraform's `addrs.AbsResourceInstance`): a module instance
/// path, the kind and name of the block, and the instance key when the block repeats.
///
/// `image.web`, `fleet.web[0]`, `fleet.web["a"]`, `module.svc["api"].module.inner.fleet.this`.
/// A root-module block without repetition has an empty path and no key and prints as `KIND.NAME`.
/// Every table of the state, the plan and the executor is keyed by this type; its text is written
/// and read only through ``description`` and ``init(parsing:)`` (``AddressText``).
///
/// Ordered by module path, then kind, name and key (``ModuleInstancePath``, ``InstanceKey``), the
/// tie-break order everywhere. For root addresses without keys this is the order of their text.
///
/// Addresses key most of immplan's tables (100,000 entries each in a large plan, each address
/// looked up many times), so an address carries a digest of its parts, computed once when it is
/// made: hashing it into a table is one word, and unequal addresses almost always differ in it
/// before any text is compared.
public struct ResourceAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let module: ModuleInstancePath
  public let kind: ResourceKind
  public let name: String
  public let key: InstanceKey?
  /// A 64-bit digest of the parts (equal addresses, equal digests).
  private let digest: UInt64

  public init(module: ModuleInstancePath = .root, kind: ResourceKind, name: String, key: InstanceKey? = nil) {
    self.module = module
    self.kind = kind
    self.name = name
    self.key = key
    var digest = AddressDigest.of(name)
    if key != nil || !module.isRoot { digest = AddressDigest.combine(digest, module: module, key: key) }
    self.digest = digest
  }

  /// The block this instance comes from, in the module this instance's module instantiates.
  public var configuration: ConfigResourceAddress {
    ConfigResourceAddress(module: module.configuration, kind: kind, name: name)
  }

  /// The same resource's instance with `key` (nil: the resource has no repetition).
  public func withKey(_ key: InstanceKey?) -> ResourceAddress {
    ResourceAddress(module: module, kind: kind, name: name, key: key)
  }

  public static func == (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
    lhs.digest == rhs.digest && lhs.kind == rhs.kind && lhs.name == rhs.name && lhs.key == rhs.key
      && lhs.module == rhs.module
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(digest)
    hasher.combine(kind)
  }

  /// Parses the text ``description`` prints, for every address written by immplan (state, plan
  /// file, journal): nil for anything else. Keys must be quoted strings or whole numbers.
  public init?(parsing text: String) {
    guard let address = AddressText.parseResourceInstance(text, allowsBareKeys: false) else { return nil }
    self = address
  }

  /// Parses an address typed on the command line (`-replace`, `state show`): as
  /// ``init(parsing:)``, and a key may also be a bare name (`fleet.web[a]` for `fleet.web["a"]`),
  /// which spares the shell quoting of `'fleet.web["a"]'`.
  public init?(parsingArgument text: String) {
    guard let address = AddressText.parseResourceInstance(text, allowsBareKeys: true) else { return nil }
    self = address
  }

  /// `KIND.NAME`, with the module path before it and the key after it when present.
  public var description: String {
    var text = module.isRoot ? "" : module.description + "."
    text += kind.rawValue
    text += "."
    text += name
    if let key { text += key.description }
    return text
  }

  /// Module path, kind, name, key. Root addresses without keys compare as their text `KIND.NAME`
  /// does: no kind name is a prefix of another.
  public static func < (lhs: ResourceAddress, rhs: ResourceAddress) -> Bool {
    if lhs.module != rhs.module { return lhs.module < rhs.module }
    if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
    if lhs.name != rhs.name { return lhs.name < rhs.name }
    return Optional.isOrdered(lhs.key, before: rhs.key)
  }
}

/// A resource block of the configuration (Terraform's `addrs.ConfigResource`): the module it is
/// declared in, its kind and name; no instance keys. `module.svc.fleet.web` names every instance
/// of that block in every instance of `module.svc`.
public struct ConfigResourceAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
  public let module: ModulePath
  public let kind: ResourceKind
  public let name: String

  public init(module: ModulePath = .root, kind: ResourceKind, name: String) {
    self.module = module
    self.kind = kind
    self.name = name
  }

  /// `module.a.module.b.fleet.web`, or `fleet.web` in the root module.
  public var description: String {
    (module.isRoot ? "" : module.description + ".") + kind.rawValue + "." + name
  }

  public static func < (lhs: ConfigResourceAddress, rhs: ConfigResourceAddress) -> Bool {
    if lhs.module != rhs.module { return lhs.module < rhs.module }
    if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
    return lhs.name < rhs.name
  }
}

/// The digest an address carries: a fast 64-bit mix of its parts (not cryptographic: tables
/// still hash it with their per-process seed).
private enum AddressDigest {
  static func of(_ text: String) -> UInt64 {
    var text = text
    return text.withUTF8 { mix(0x9e37_79b9_7f4a_7c15 ^ UInt64(truncatingIfNeeded: $0.count), $0) }
  }

  static func combine(_ seed: UInt64, module: ModuleInstancePath, key: InstanceKey?) -> UInt64 {
    var state = seed
    for step in module.steps {
      state = mix(state ^ 0x6d6f_6475_6c65, of(step.name))
      if let key = step.key { state = mix(state, key) }
    }
    if let key { state = mix(state ^ 0x6b65_79, key) }
    return state
  }

  private static func mix(_ state: UInt64, _ key: InstanceKey) -> UInt64 {
    switch key {
    case .integer(let value): mix(state ^ 0x69, UInt64(bitPattern: Int64(value)))
    case .string(let value): mix(state ^ 0x73, of(value))
    }
  }

  private static func mix(_ state: UInt64, _ word: UInt64) -> UInt64 {
    var state = (state ^ word) &* 0xff51_afd7_ed55_8ccd
    state ^= state &>> 32
    return state
  }

  /// Eight bytes at a time.
  private static func mix(_ seed: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var state = seed
    var index = 0
    while index < bytes.count {
      var word: UInt64 = 0
      var shift: UInt64 = 0
      let end = min(index &+ 8, bytes.count)
      while index < end {
        word |= UInt64(bytes[index]) &<< shift
        shift &+= 8
        index &+= 1
      }
      state = mix(state, word)
    }
    return state
  }
}
