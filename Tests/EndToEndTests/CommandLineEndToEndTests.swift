import Foundation
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

  /// Every command `immplan help` lists (one or two words) answers `-h`, `-help`, `--help` and
  /// `immplan help COMMAND` with its usage on stdout.
  @Test func everyCommandHasHelp() throws {
    let overview = try BinaryRunner.run(["help"]).stdout
    let listed = overview.components(separatedBy: "Commands:\n").last!.components(separatedBy: "\n\n").first!
    let commands = listed.split(separator: "\n").map { line in
      line.trimmingCharacters(in: .whitespaces).components(separatedBy: "   ").first!
    }
    #expect(commands.contains("validate"))
    #expect(commands.contains("fmt"))
    for command in commands {
      let words = command.split(separator: " ").map(String.init)
      for flag in ["-h", "-help", "--help"] {
        let result = try BinaryRunner.run(words + [flag])
        #expect(result.status == 0, "\(command) \(flag)")
        #expect(result.stdout.hasPrefix("usage: immplan \(command)"), "\(command) \(flag)")
      }
      #expect(try BinaryRunner.run(["help"] + words).stdout.hasPrefix("usage: immplan \(command)"))
    }
  }

  /// Two-word commands: the group alone or a misspelt subcommand is a usage error with a hint.
  @Test func commandGroups() throws {
    let overview = try BinaryRunner.run(["help"]).stdout
    try #require(overview.contains("  state list"), "`immplan help` should list `state list`")
    let bare = try BinaryRunner.run(["state"])
    #expect(bare.status == 1)
    #expect(bare.stderr.contains("error[E0710]: `state` needs a subcommand"))
    let misspelt = try BinaryRunner.run(["state", "lst"])
    #expect(misspelt.status == 1)
    #expect(misspelt.stderr.contains("= help: did you mean `state list`?"))
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

@Suite(.enabled(if: BinaryRunner.canRunInTerminal, "needs util-linux `script` (/usr/bin/script) for a terminal"))
struct ColourEndToEndTests {
  @Test func colourOnATerminal() throws {
    let result = try #require(try BinaryRunner.runInTerminal(["validat"]))
    #expect(result.stdout.contains("\u{1B}[1;31merror[E0701]\u{1B}[0m"))
  }

  @Test func noColourWithNO_COLOR() throws {
    let result = try #require(try BinaryRunner.runInTerminal(["validat"], environment: ["NO_COLOR": "1"]))
    #expect(result.stdout.contains("error[E0701]"))
    #expect(!result.stdout.contains("\u{1B}["))
  }

  @Test func noColourWithTheFlag() throws {
    let directory = try TemporaryDirectory()
    try directory.write("a.imm.hcl", "image \"x\" {\n  sorce = 1\n}\n")
    let result = try #require(try BinaryRunner.runInTerminal(["validate", "-no-color"], in: directory.path))
    #expect(result.stdout.contains("error[E0302]"))
    #expect(!result.stdout.contains("\u{1B}["))
    let coloured = try #require(try BinaryRunner.runInTerminal(["validate"], in: directory.path))
    #expect(coloured.stdout.contains("\u{1B}["))
  }
}
