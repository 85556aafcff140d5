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

/// A resource block. `address` is relative to the module that declares it (no module path, no
/// key); its instances' addresses add the module instance's path and their keys.
struct ResourceDeclaration: Sendable {
  var address: ResourceAddress
  var block: BoundBlock
  var schema: BlockSchema { address.kind.schema }
  /// `count`, `for_each` or `lifecycle { enabled }`, when the block repeats.
  var repetition: RepetitionSyntax? { RepetitionSyntax(block.body) }
}

/// `module "NAME" { source = "./dir" … }`.
struct ModuleCallDeclaration: Sendable {
  var name: String
  var block: BoundBlock
  /// The literal `source`, relative to the calling module's directory.
  var source: String
  var sourceRange: SourceRange
  var repetition: RepetitionSyntax? { RepetitionSyntax(block.body) }

  /// The module's inputs: every attribute but the meta-arguments.
  var inputs: [BoundAttribute] {
    block.body.attributes.filter { Schema.module.attribute($0.name) == nil }
  }
}

/// How a block repeats, as written.
enum RepetitionSyntax: Sendable {
  case count(Expression)
  case forEach(Expression)
  case enabled(Expression)

  /// The body's repetition meta-argument, if any (the binder reports combinations).
  init?(_ body: BoundBody) {
    if let forEach = body.attributes["for_each"] {
      self = .forEach(forEach.expression)
    } else if let count = body.attributes["count"] {
      self = .count(count.expression)
    } else if let enabled = body.block("lifecycle")?.body.attributes["enabled"] {
      self = .enabled(enabled.expression)
    } else {
      return nil
    }
  }

  var expression: Expression {
    switch self {
    case .count(let expression), .forEach(let expression), .enabled(let expression): expression
    }
  }
}

/// Every declaration of the configuration after binding, keyed by name. Name-keyed dictionaries
/// are never iterated for output without sorting.
struct Configuration: Sendable {
  var variables: [String: VariableDeclaration] = [:]
  var locals: [String: LocalDeclaration] = [:]
  var outputs: [String: OutputSyntax] = [:]
  var resources: [ResourceAddress: ResourceDeclaration] = [:]
  var providers: [ProviderConfigAddress: BoundBlock] = [:]
  var moduleCalls: [String: ModuleCallDeclaration] = [:]
  var state: BoundBlock?
}
