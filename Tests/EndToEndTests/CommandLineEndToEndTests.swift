import TestSupport
import Testing

@Suite struct CommandLineEndToEndTests {
  @Test func version() throws {
    let result = try BinaryRunner.run(["version"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("immplan "))
    #expect(result.stdout.hasSuffix("\n"))
    #expect(result.stderr.isEmpty)
    #expect(try BinaryRunner.run(["--version"]).stdout == result.stdout)
  }

  @Test func helpListsCommandsOnStdout() throws {
    for arguments in [["help"], ["-h"], ["--help"]] {
      let result = try BinaryRunner.run(arguments)
      #expect(result.status == 0)
      #expect(result.stdout.contains("usage: immplan COMMAND"))
      #expect(result.stdout.contains("validate"))
      #expect(result.stdout.contains("version"))
    }
  }

  @Test func noArgumentsIsAUsageError() throws {
    let result = try BinaryRunner.run([])
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("usage: immplan COMMAND"))
  }

  @Test(arguments: ["validate", "graph", "version"])
  func everyCommandHasHelp(command: String) throws {
    for flag in ["-h", "-help", "--help"] {
      let result = try BinaryRunner.run([command, flag])
      #expect(result.status == 0)
      #expect(result.stdout.hasPrefix("usage: immplan \(command)"))
    }
    #expect(try BinaryRunner.run(["help", command]).stdout.hasPrefix("usage: immplan \(command)"))
  }

  @Test func unknownCommandSuggests() throws {
    let result = try BinaryRunner.run(["validat"])
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.contains("error[E0701]: unknown command `validat`"))
    #expect(result.stderr.contains("= help: did you mean `validate`?"))
    #expect(result.stderr.contains("usage: immplan COMMAND"))
  }

  @Test func unknownFlagNamesItAndPrintsUsage() throws {
    let result = try BinaryRunner.run(["validate", "-jsn"])
    #expect(result.status == 1)
    #expect(
      result.stderr == """
        error[E0702]: unknown flag `-jsn`
          = help: did you mean `-json`?

        usage: immplan validate [DIR] [-json] [-no-color]

        """)
  }

  @Test func badFlagValue() throws {
    let result = try BinaryRunner.run(["graph", "-format", "svg"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error[E0704]: invalid value `svg` for flag `-format`"))
    #expect(result.stderr.contains("usage: immplan graph"))
  }

  @Test func tooManyArguments() throws {
    let result = try BinaryRunner.run(["validate", "a", "b"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("error[E0707]: unexpected argument `b`"))
  }

  @Test func noColourWhenNotATerminal() throws {
    let result = try BinaryRunner.run(["validat"])
    #expect(!result.stderr.contains("\u{1B}["))
  }
}

@Suite struct ColourEndToEndTests {
  @Test func colourOnATerminal() throws {
    guard let result = try BinaryRunner.runInTerminal(["validat"]) else { return }
    #expect(result.stdout.contains("\u{1B}[1;31merror[E0701]\u{1B}[0m"))
  }

  @Test func noColourWithNO_COLOR() throws {
    guard let result = try BinaryRunner.runInTerminal(["validat"], environment: ["NO_COLOR": "1"]) else { return }
    #expect(result.stdout.contains("error[E0701]"))
    #expect(!result.stdout.contains("\u{1B}["))
  }

  @Test func noColourWithTheFlag() throws {
    let directory = try TemporaryDirectory()
    try directory.write("a.imm.hcl", "image \"x\" {\n  sorce = 1\n}\n")
    guard let result = try BinaryRunner.runInTerminal(["validate", "-no-color"], in: directory.path) else { return }
    #expect(result.stdout.contains("error[E0302]"))
    #expect(!result.stdout.contains("\u{1B}["))
    guard let coloured = try BinaryRunner.runInTerminal(["validate"], in: directory.path) else { return }
    #expect(coloured.stdout.contains("\u{1B}["))
  }
}
