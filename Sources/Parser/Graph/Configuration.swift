/// One attribute after binding: its syntax, kept for evaluation on demand.
struct BoundAttribute: Sendable, Hashable {
  var name: String
  var nameRange: SourceRange
  var expression: Expression
  var range: SourceRange
}

/// A block body checked against its ``BlockSchema``: only known attributes and nested blocks.
struct BoundBody: Sendable, Hashable {
  var attributes = AttributeTable()
  var blocks: [String: [BoundBlock]] = [:]

  func block(_ type: String) -> BoundBlock? { blocks[type]?.first }
}

struct BoundBlock: Sendable, Hashable {
  var type: String
  var labels: [BlockLabel]
  var body: BoundBody
  /// The block's type and labels, where "missing attribute" errors point.
  var headerRange: SourceRange
  var range: SourceRange
}

struct VariableDeclaration: Sendable {
  var name: String
  var block: BoundBlock
}

struct LocalDeclaration: Sendable {
  var name: String
  var attribute: BoundAttribute
}

struct OutputSyntax: Sendable {
  var name: String
  var block: BoundBlock
}

struct ResourceDeclaration: Sendable {
  var address: ResourceAddress
  var block: BoundBlock
  var schema: BlockSchema { address.kind.schema }
}

/// Every declaration of the configuration after binding, keyed by name. Name-keyed dictionaries
/// are never iterated for output without sorting.
struct Configuration: Sendable {
  var variables: [String: VariableDeclaration] = [:]
  var locals: [String: LocalDeclaration] = [:]
  var outputs: [String: OutputSyntax] = [:]
  var resources: [ResourceAddress: ResourceDeclaration] = [:]
  var providers: [ProviderConfigAddress: BoundBlock] = [:]
  var state: BoundBlock?
}
