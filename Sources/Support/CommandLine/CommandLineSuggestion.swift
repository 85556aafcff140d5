/// "Did you mean" for command names, flag names and enumerated values.
public enum CommandLineSuggestion {
  /// The candidate closest to `input` when it is close enough to be a typo; the shared rule of
  /// ``closestMatch(to:among:)`` (edit distance at most a third of the length, case-insensitive).
  public static func closest(to input: String, among candidates: [String]) -> String? {
    closestMatch(to: input, among: candidates)
  }
}
