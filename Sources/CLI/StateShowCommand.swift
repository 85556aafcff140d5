import ImmplanParser
import ImmplanPlanner
import ImmplanSupport

/// `immplan state show ADDRESS [DIR]`: every recorded object at one address (secrets as
/// `(sensitive)`); an unknown address is an error with a suggestion.
enum StateShowCommand: Subcommand {
  static let spec = CommandSpec(
    name: "state show", abstract: "Show the recorded objects at one resource address.",
    flags: StateAccess.lockFlags, positionals: [.required("ADDRESS"), .optional("DIR")])

  static func run(_ invocation: Invocation) -> ExitCode {
    let text = invocation.arguments.positional(0) ?? ""
    let directory = invocation.arguments.positional(1) ?? "."
    return StateCommandSupport.withState(invocation, directory: directory, operation: "state show") { state in
      guard let address = ResourceAddress(parsing: text), let rendered = StateRenderer.show(state, address: address)
      else {
        let suggestion = closestMatch(to: text, among: state.sortedAddresses.map(\.description))
        invocation.console.error(
          "error: no resource `\(text)` in the state" + (suggestion.map { "\n  = help: did you mean `\($0)`?" } ?? "")
            + "\n")
        return .failure
      }
      invocation.console.out(rendered)
      return .success
    }
  }
}
