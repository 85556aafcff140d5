import ImmplanSupport

extension Graph {
  /// The identity attributes of `address` (BRIEF §2: everything but the settings), evaluated with
  /// `outputs` supplying other resources' computed outputs (`id`, `name`, `digest`, `arn`; a nil
  /// result or a missing key means unknown), converted to the schema's types, with every default
  /// applied (`desired_capacity` defaults to `min_size`; absent optional attributes are `null`).
  /// Values computed from sensitive variables are marked. Deterministic for the same inputs.
  public func evaluateIdentity(
    of address: ResourceAddress, outputs: (ResourceAddress) -> ResourceOutputs?
  ) -> IdentityEvaluation {
    identityEvaluator.evaluate(of: address, outputs: outputs)
  }

  /// What ``evaluateIdentity(of:outputs:)`` needs, without the rest of the graph: one reference
  /// for a closure to capture where capturing the graph would copy all of its collections.
  public var identityEvaluator: IdentityEvaluator { IdentityEvaluator(context: evaluation) }

  /// The value of output `name` (nil-free: `.null` for an undeclared output) with `outputs` as in
  /// ``evaluateIdentity(of:outputs:)``. A `sensitive` output's value is marked.
  public func evaluateOutput(
    named name: String, outputs: (ResourceAddress) -> ResourceOutputs?
  ) -> (Value, [Diagnostic]) {
    guard let output = evaluation.configuration.outputs[name], let expression = output.block.body.attributes["value"]
    else { return (.null, []) }
    let isSensitive = self.outputs.first { $0.name == name }?.isSensitive ?? false
    return withoutActuallyEscaping(outputs) { outputs in
      let session = EvaluationSession(context: evaluation, outputs: outputs)
      let value = session.evaluate(expression.expression)
      return (Value.marked(value, if: isSensitive), session.diagnostics)
    }
  }
}

/// Evaluates resources' identity attributes: ``Graph/evaluateIdentity(of:outputs:)``.
public struct IdentityEvaluator: Sendable {
  let context: EvaluationContext

  /// ``Graph/evaluateIdentity(of:outputs:)``.
  public func evaluate(
    of address: ResourceAddress, outputs: (ResourceAddress) -> ResourceOutputs?
  ) -> IdentityEvaluation {
    withoutActuallyEscaping(outputs) { outputs in
      // Directly first: a dependency's `id` comes from `outputs`, so nearly every identity is a
      // few shallow evaluations. Only a chain of references deeper than the session's limit
      // (hundreds of locals or arguments naming one another) is evaluated again, dependencies
      // first (`prepare`), which cannot recurse deeply. (Preparing every time evaluated each
      // dependency's whole identity too: a third of the plan's diff.)
      let direct = EvaluationSession(context: context, outputs: outputs)
      let attributes = direct.identity(of: address)
      guard direct.reachedDepthLimit else {
        return IdentityEvaluation(attributes: attributes, diagnostics: direct.diagnostics)
      }
      let prepared = EvaluationSession(context: context, outputs: outputs)
      prepared.prepare(address)
      return IdentityEvaluation(attributes: prepared.identity(of: address), diagnostics: prepared.diagnostics)
    }
  }
}

/// The digest of an image: hex SHA-256 of its identity attributes, nil when any is unknown.
///
/// Encoding (version 1, stable — recorded digests and AMI tags depend on it): the UTF-8 bytes of
/// `immplan-image-v1\n` followed by ``Value/canonicalText`` of the identity as one map (keys sorted
/// by bytes; `files` is a map of path → content, so file contents are included), except that a
/// sensitive value is encoded with its content as `sensitive(…)` so that changing a secret changes
/// the digest. The digest is one-way, but like any hash of a low-entropy secret it could be
/// brute-forced by someone who knows every other input.
public func imageDigest(identity: [String: Value]) -> String? {
  let value = Value.map(identity)
  if value.containsUnknown { return nil }
  var bytes = Array("immplan-image-v1\n".utf8)
  value.appendCanonical(to: &bytes, revealingSensitive: true)
  return Hex.encode(SHA256.hash(bytes))
}
