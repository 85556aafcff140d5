extension Evaluator {
  mutating func evaluateTemplate(_ template: Template, range: SourceRange) -> Value {
    // `"${x}"` keeps x's type (HCL's TemplateWrapExpr).
    if template.parts.count == 1, case .interpolation(let inner, _) = template.parts[0] {
      return evaluate(inner)
    }
    if let text = template.literalText { return .string(text) }
    var state = TemplateState()
    renderParts(template.parts, into: &state)
    if state.isTooLarge || state.text.utf8.count > Self.maximumStringBytes {
      diagnostics.append(.valueTooLarge("a string of more than 64 MiB", at: range))
      return .unknown
    }
    if state.isUnknown { return .unknown }
    return Value.marked(.string(state.text), if: state.isSensitive)
  }

  private struct TemplateState {
    var text = ""
    var isUnknown = false
    var isSensitive = false
    /// Past ``Evaluator/maximumStringBytes``: rendering stops (checked after each part, so the
    /// text never grows past the limit plus one part).
    var isTooLarge = false
  }

  private mutating func renderParts(_ parts: [TemplatePart], into state: inout TemplateState) {
    for part in parts {
      if state.isTooLarge { return }
      if state.text.utf8.count > Self.maximumStringBytes {
        state.isTooLarge = true
        return
      }
      switch part {
      case .literal(let text, _):
        state.text += text
      case .interpolation(let expression, _):
        let value = evaluate(expression)
        if value.isUnknown {
          state.isUnknown = true
          continue
        }
        if value.isSensitive { state.isSensitive = true }
        guard !value.isNull, case .success(let converted) = value.converted(to: .string),
          let text = converted.stringValue
        else {
          diagnostics.append(.invalidInterpolation(got: value, at: expression.range))
          state.isUnknown = true
          continue
        }
        state.text += text
      case .ifDirective(let condition, let thenParts, let elseParts, _):
        let test = evaluate(condition)
        if test.isUnknown {
          state.isUnknown = true
          continue
        }
        guard !test.isNull, case .success(let converted) = test.converted(to: .bool), let chosen = converted.boolValue
        else {
          diagnostics.append(.conditionNotBool("the `%{if}` condition", got: test, at: condition.range))
          state.isUnknown = true
          continue
        }
        if test.isSensitive { state.isSensitive = true }
        if chosen {
          renderParts(thenParts, into: &state)
        } else if let elseParts {
          renderParts(elseParts, into: &state)
        }
      case .forDirective(let keyVariable, let valueVariable, let collectionExpression, let body, _):
        let collection = evaluate(collectionExpression)
        guard let pairs = iterationPairs(collection, range: collectionExpression.range) else {
          state.isUnknown = true
          continue
        }
        if collection.isSensitive { state.isSensitive = true }
        let saved = scope
        for (key, value) in pairs {
          if let keyVariable { scope[keyVariable] = key }
          scope[valueVariable] = value
          renderParts(body, into: &state)
        }
        scope = saved
      }
    }
  }
}
