import ImmplanParser
import Testing

@Suite struct RenderJSONTests {
  @Test func emptyIsValid() {
    let json = DiagnosticRenderer.renderJSON([], sources: SourceManager())
    #expect(
      json == """
        {
          "format_version": "1.0",
          "valid": true,
          "error_count": 0,
          "warning_count": 0,
          "diagnostics": []
        }

        """)
  }

  @Test func fullDiagnostic() {
    let (sources, file, at) = singleFile("x = 1️⃣\"a\"2️⃣ + 3️⃣1\n4️⃣")
    let diagnostic = Diagnostic(
      .error, DiagnosticCode("E0403"), "cannot add `string` and `number`",
      primary: DiagnosticLabel(SourceRange(file: file, start: at[1]!, end: at[2]!), "a string"),
      secondary: [DiagnosticLabel(SourceRange(file: file, start: at[3]!, end: at[4]!), "a \"number\"")],
      notes: ["line\nbreak"], help: nil)
    let expected = """
      {
        "format_version": "1.0",
        "valid": false,
        "error_count": 1,
        "warning_count": 0,
        "diagnostics": [
          {
            "severity": "error",
            "code": "E0403",
            "message": "cannot add `string` and `number`",
            "file": "web.imm.hcl",
            "start": { "line": 1, "column": 5, "byte": 4 },
            "end": { "line": 1, "column": 8, "byte": 7 },
            "labels": [
              { "primary": true, "message": "a string", "file": "web.imm.hcl", "start": { "line": 1, "column": 5, "byte": 4 }, "end": { "line": 1, "column": 8, "byte": 7 } },
              { "primary": false, "message": "a \\"number\\"", "file": "web.imm.hcl", "start": { "line": 1, "column": 11, "byte": 10 }, "end": { "line": 2, "column": 1, "byte": 12 } }
            ],
            "notes": ["line\\nbreak"],
            "help": null
          }
        ]
      }

      """
    #expect(DiagnosticRenderer.renderJSON([diagnostic], sources: sources) == expected)
  }

  @Test func noSourceGivesNulls() {
    let warning = Diagnostic.warning(DiagnosticCode("W0701"), "deprecated", at: nil, help: "use `-x`")
    let json = DiagnosticRenderer.renderJSON([warning], sources: SourceManager())
    #expect(json.contains("\"valid\": true"))
    #expect(json.contains("\"warning_count\": 1"))
    #expect(json.contains("\"file\": null,\n      \"start\": null,\n      \"end\": null,\n      \"labels\": []"))
    #expect(json.contains("\"help\": \"use `-x`\""))
  }

  @Test(arguments: [
    ("plain", "\"plain\""),
    ("quote \" and \\ slash", "\"quote \\\" and \\\\ slash\""),
    ("tab\tcr\rnl\n", "\"tab\\tcr\\rnl\\n\""),
    ("\u{01}\u{1F}\u{7F}", "\"\\u0001\\u001f\\u007f\""),
    ("\u{08}\u{0C}", "\"\\b\\f\""),
    ("é ✓ 🎉", "\"é ✓ 🎉\""),
    ("\u{2028}", "\"\\u2028\""),
  ])
  func escapesStrings(input: String, expected: String) {
    #expect(DiagnosticRenderer.jsonString(input) == expected)
  }
}
