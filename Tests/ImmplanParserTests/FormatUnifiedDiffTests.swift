import Foundation
import ImmplanParser
import Testing

@Suite struct FormatUnifiedDiffTests {
  @Test func equalTextsGiveNothing() {
    #expect(UnifiedDiff.diff(old: "a\n", new: "a\n", oldName: "a", newName: "b") == "")
  }

  @Test func oneChangedLineWithContext() {
    let old = "1\n2\n3\n4\n5\n6\n7\n8\n9\n"
    let new = "1\n2\n3\n4\nFIVE\n6\n7\n8\n9\n"
    let expected = """
      --- old/x
      +++ new/x
      @@ -2,7 +2,7 @@
       2
       3
       4
      -5
      +FIVE
       6
       7
       8

      """
    #expect(UnifiedDiff.diff(old: old, new: new, oldName: "old/x", newName: "new/x") == expected)
  }

  @Test func distantChangesMakeTwoHunks() {
    let old = (1...20).map(String.init).joined(separator: "\n") + "\n"
    let new = old.replacingFirst("2\n", with: "two\n").replacingFirst("19\n", with: "nineteen\n")
    let diff = UnifiedDiff.diff(old: old, new: new, oldName: "a", newName: "b")
    #expect(diff.components(separatedBy: "@@ -").count == 3)
    #expect(diff.contains("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n"))
    #expect(diff.contains("@@ -16,5 +16,5 @@\n 16\n 17\n 18\n-19\n+nineteen\n 20\n"))
  }

  @Test func insertionIntoEmpty() {
    #expect(UnifiedDiff.diff(old: "", new: "a\n", oldName: "a", newName: "b") == "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+a\n")
  }

  @Test func missingFinalNewlineIsMarked() {
    let diff = UnifiedDiff.diff(old: "a = 1", new: "a = 1\n", oldName: "a", newName: "b")
    #expect(diff == "--- a\n+++ b\n@@ -1,1 +1,1 @@\n-a = 1\n\\ No newline at end of file\n+a = 1\n")
  }

  @Test func largeRewritesStillTerminate() {
    let old = (0..<6000).map { "old \($0)" }.joined(separator: "\n") + "\n"
    let new = (0..<6000).map { "new \($0)" }.joined(separator: "\n") + "\n"
    let diff = UnifiedDiff.diff(old: old, new: new, oldName: "a", newName: "b")
    #expect(diff.hasPrefix("--- a\n+++ b\n@@ -1,6000 +1,6000 @@\n-old 0\n"))
  }
}

extension String {
  fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = range(of: target) else { return self }
    return replacingCharacters(in: range, with: replacement)
  }
}
