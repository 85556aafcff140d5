/// The candidate nearest to `name` by edit distance, for "did you mean `x`?" help, or nil when
/// nothing is close enough.
///
/// Close enough means an edit distance (insertions, deletions, substitutions and swaps of two
/// adjacent characters, counted in `Character`s, case-insensitively) of at most a third of the
/// longer name, and at least 1 (so `buket` suggests `bucket`, but `a` never suggests `zzz`).
/// Ties go to the candidate first in `among`'s sorted order, so the result is deterministic.
/// `name` itself is never suggested.
public func closestMatch(to name: String, among candidates: [String]) -> String? {
  let target = Array(name.lowercased())
  var best: (distance: Int, candidate: String)? = nil
  for candidate in candidates.sorted() where candidate != name {
    let other = Array(candidate.lowercased())
    let limit = max(1, max(target.count, other.count) / 3)
    guard abs(target.count - other.count) <= limit else { continue }
    let distance = editDistance(target, other)
    guard distance <= limit else { continue }
    if best == nil || distance < best!.distance { best = (distance, candidate) }
  }
  return best?.candidate
}

/// Optimal string alignment distance between `a` and `b`: the fewest insertions, deletions,
/// substitutions and adjacent transpositions turning one into the other.
public func editDistance<Element: Equatable>(_ a: [Element], _ b: [Element]) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var previousPrevious = [Int](repeating: 0, count: b.count + 1)
  var previous = Array(0...b.count)
  var current = [Int](repeating: 0, count: b.count + 1)
  for i in 1...a.count {
    current[0] = i
    for j in 1...b.count {
      let cost = a[i - 1] == b[j - 1] ? 0 : 1
      var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
        value = min(value, previousPrevious[j - 2] + 1)
      }
      current[j] = value
    }
    swap(&previousPrevious, &previous)
    swap(&previous, &current)
  }
  return previous[b.count]
}
