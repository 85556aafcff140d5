/// Which root provider configuration a provider reference means in each module.
///
/// The root module's configurations are its `provider` blocks, by address, and every provider
/// type's default configuration (implied with the type's defaults when no block declares it). A
/// module sees its caller's default configuration of every type, unless the call maps it; and
/// sees an aliased configuration only when the call passes it:
/// `providers = { aws = aws.eu, "aws.west" = aws.us }` (keys name the module's configurations,
/// values the caller's). A resource's `provider = aws.eu` names one of its module's
/// configurations; without it the resource uses the default configuration of the default type
/// (``ProviderConfigAddress/defaultConfiguration(among:)``).
struct ProviderResolver: Sendable {
  /// By module tree node: the module's configuration address → the root configuration.
  private var mappings: [[ProviderConfigAddress: ProviderConfigAddress]] = [[:]]
  private var defaultType = ProviderType.implicit.name

  init() {}

  init(tree: ModuleTree, diagnostics: inout [Diagnostic]) {
    let declared = Array(tree.root.providers.keys)
    defaultType = ProviderConfigAddress.defaultConfiguration(among: declared).type
    mappings = Array(repeating: [:], count: tree.nodes.count)
    for address in declared { mappings[0][address] = address }
    for type in ProviderType.all {
      let address = ProviderConfigAddress(type: type.name)
      if mappings[0][address] == nil { mappings[0][address] = address }
    }
    // Nodes come after their parents (the tree is loaded breadth first).
    for node in tree.nodes.indices.dropFirst() {
      guard let parent = tree.nodes[node].parent, let call = tree.call(reaching: node) else { continue }
      var mapping: [ProviderConfigAddress: ProviderConfigAddress] = [:]
      for type in ProviderType.all {
        let address = ProviderConfigAddress(type: type.name)
        mapping[address] = mappings[parent][address]
      }
      if let providers = call.block.body.attributes["providers"], case .object(let items) = providers.expression.kind {
        for item in items {
          guard let inModule = ProviderReference.address(of: item.key),
            let inCaller = ProviderReference.address(of: item.value)
          else { continue }  // reported by the reference checker
          guard let resolved = mappings[parent][inCaller] else {
            diagnostics.append(
              .undeclaredProviderConfiguration(
                inCaller.description, available: mappings[parent].keys.map(\.description).sorted(),
                at: item.value.range))
            continue
          }
          mapping[inModule] = resolved
        }
      }
      mappings[node] = mapping
    }
    // Every resource's `provider` names a configuration its module sees (checked once per block,
    // whatever its instances).
    for node in tree.nodes.indices {
      let configuration = tree.configuration(of: node)
      for address in configuration.resources.keys.sorted() {
        var found: [Diagnostic] = []
        _ = provider(of: configuration.resources[address]!.block.body, inNode: node, diagnostics: &found)
        diagnostics += found
      }
    }
  }

  /// The root configuration a resource body written in module node `node` uses.
  func provider(of body: BoundBody, inNode node: Int, diagnostics: inout [Diagnostic]) -> ProviderConfigAddress {
    let fallback = ProviderConfigAddress(type: defaultType)
    let mapping = node < mappings.count ? mappings[node] : [:]
    guard let attribute = body.attributes["provider"] else { return mapping[fallback] ?? fallback }
    guard let address = ProviderReference.address(of: attribute.expression) else {
      return mapping[fallback] ?? fallback
    }
    if let resolved = mapping[address] { return resolved }
    diagnostics.append(
      .undeclaredProviderConfiguration(
        address.description, available: mapping.keys.map(\.description).sorted(), at: attribute.expression.range))
    return mapping[fallback] ?? fallback
  }
}
