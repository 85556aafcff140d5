/// What ``Graph`` needs to evaluate attribute expressions on demand: the bound syntax of every
/// resource's identity attributes, the evaluated variables and locals, and the output expressions.
package struct EvaluationContext: Sendable {
  package init() {}
}
