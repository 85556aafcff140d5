import Foundation
import TestSupport
import Testing

/// Bad configuration files, `-var` values and `-var-file` files (issue 6, item 5). See
/// ``BadInputFixture`` for the fixture and ``BadInputCase/check()`` for what every case asserts.
struct BadInputConfigurationTests {
  typealias Case = BadInputCase
  static let main = "main.imm.hcl"

  /// `count` repetitions of `text`.
  static func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }

  static let configurationCases: [Case] = [
    Case("truncated mid-block", ["plan"], expect: ["error[E0207]: unclosed block", "--> main.imm.hcl:15:13"]) {
      try $0.truncate(main, before: "  provision")
    },
    Case(
      "truncated mid-string", ["apply", "-auto-approve"],
      expect: ["error[E0216]: unterminated string", "--> main.imm.hcl:16:15"]
    ) {
      try $0.truncate(main, before: "12\"\n  provision")
    },
    Case("invalid UTF-8 in a string", ["plan"], expect: ["error[E0102]: invalid UTF-8", "--> main.imm.hcl:16:23"]) {
      try $0.replace(main, "debian-12", with: Array("debian-".utf8) + [0xFF, 0xFE] + Array("12".utf8))
    },
    Case("invalid UTF-8 between tokens", ["validate"], expect: ["error[E0102]", "--> main.imm.hcl:34:1"]) {
      try $0.append(main, [0xC3, 0x28, 0x0A])
    },
    Case("NUL byte between tokens", ["plan"], expect: ["error[E0101]: invalid character", "--> main.imm.hcl:22:29"]) {
      try $0.replace(main, "\"t3.small\"", with: Array("\"t3.small\"".utf8) + [0])
    },
    Case(
      "300-deep nested expression", ["plan"], expect: ["error[E0220]: nesting is too deep", "--> main.imm.hcl:35:265"]
    ) {
      try $0.append(main, "locals {\n  deep = \(repeated("[", 300))\(repeated("]", 300))\n}\n")
    },
    Case("300-deep nested blocks", ["validate"], expect: ["error[E0220]: nesting is too deep", "main.imm.hcl:"]) {
      try $0.append(main, "image \"deep\" {\n\(repeated("b {\n", 300))\(repeated("}\n", 300))}\n")
    },
    Case(
      "10 MB string for a number", ["plan"],
      expect: ["error[E0401]: wrong type for `max_size`", "characters omitted", "--> main.imm.hcl:28:"]
    ) {
      try $0.replace(main, "max_size        = 2", with: "max_size = \"\(repeated("a", 10_000_000))\"")
    },
    Case("10 MB unterminated string", ["validate"], expect: ["error[E0108]", "--> main.imm.hcl:"]) {
      try $0.append(main, "image \"big\" {\n  source = \"\(repeated("a", 10_000_000))\n}\n")
    },
    Case("missing setting value", ["validate"], expect: ["error: could not validate: 1 error"]) {
      try $0.replace(main, "latency = \"0s\"", with: "latency = ")
    },
    Case("empty interpolation in a setting", ["plan"], expect: ["error[E0208]", "--> main.imm.hcl:12:16", "1 error"]) {
      try $0.replace(main, "latency = \"0s\"", with: "latency = \"${}\"")
    },
    Case(
      "huge fleet size", ["plan"],
      expect: [
        "error[E0417]: invalid value for `max_size`: a fleet size must be at most 2147483647, got 1000000000000000000000000000000",
        "--> main.imm.hcl:28:14",
      ]
    ) {
      try $0.replace(main, "max_size        = 2", with: "max_size = 1e30")
    },
    Case(
      "string for a number", ["plan"], expect: ["error[E0401]: wrong type for `min_size`", "--> main.imm.hcl:27:21"]
    ) {
      try $0.replace(main, "var.count", with: "\"two\"")
    },
    Case(
      "list for a string", ["plan"], expect: ["error[E0401]: wrong type for `instance_type`", "--> main.imm.hcl:22:19"]
    ) {
      try $0.replace(main, "\"t3.small\"", with: "[1]")
    },
    Case(
      "attribute for a block", ["plan"],
      expect: ["error[E0308]: `health_check` is a block, not an attribute", "--> main.imm.hcl:38:3"]
    ) {
      try $0.append(
        main,
        "fleet \"other\" {\n  launch_template = launch_template.web.id\n  min_size = 1\n  max_size = 1\n  health_check = 5\n}\n"
      )
    },
    Case(
      "duplicate resource block", ["apply", "-auto-approve"],
      expect: ["error[E0305]: duplicate declaration of `image.web`", "--> main.imm.hcl:34:7"]
    ) {
      try $0.append(main, "image \"web\" {\n  source = \"debian-13\"\n}\n")
    },
    Case(
      "duplicate provider block", ["plan"],
      expect: ["error[E0306]: duplicate `provider` block", "--> main.imm.hcl:34:1"]
    ) {
      try $0.append(main, "provider \"sim\" {\n}\n")
    },
    Case(
      "duplicate attribute", ["plan"],
      expect: ["error[E0202]: attribute `instance_type` is set more than once", "--> main.imm.hcl:23:3"]
    ) {
      try $0.replace(
        main, "instance_type = \"t3.small\"", with: "instance_type = \"t3.small\"\n  instance_type = \"t3.large\"")
    },
    Case(
      "unknown attribute", ["plan"],
      expect: ["error[E0302]: unknown attribute `instance_typ`", "did you mean `instance_type`?"]
    ) {
      try $0.replace(main, "instance_type", with: "instance_typ")
    },
    Case("a directory named like a configuration file", ["plan"], expect: ["extra.imm.hcl"]) {
      try $0.makeDirectory("extra.imm.hcl")
    },
    Case(
      "no configuration file", ["plan", "-out", "new.plan"], expect: ["error[E0052]: no configuration files in `.`"]
    ) {
      try $0.remove(main)
    },
  ]

  static let variableCases: [Case] = [
    Case(
      "-var-file 300-deep nesting", ["plan", "-var-file", "v.tfvars"],
      expect: ["error[E0220]: nesting is too deep", "--> v.tfvars:1:265", "could not plan: 1 error"]
    ) {
      try $0.write("v.tfvars", "count = \(repeated("[", 300))\(repeated("]", 300))\n")
    },
    Case(
      "-var without =", ["plan", "-var", "app_version"], expect: ["error[E0605]: invalid `-var` option \"app_version\""]
    ) { _ in },
    Case("-var with an empty name", ["apply", "-auto-approve", "-var", "=1"], expect: ["error[E0605]"]) { _ in },
    Case(
      "-var for an undeclared variable", ["plan", "-var", "nope=1"],
      expect: ["error[E0604]: value given for undeclared variable `nope`"]
    ) { _ in },
    Case(
      "-var of the wrong type", ["apply", "-auto-approve", "-var", "count=abc"],
      expect: ["error[E0606]: invalid value for variable `count`", "--> <-var count>:1:9"]
    ) { _ in },
    Case("-var missing its value", ["plan", "-var"], expect: ["error[E0703]: flag `-var` needs a value"]) { _ in },
    Case(
      "-var-file missing", ["plan", "-var-file", "nope.tfvars"],
      expect: ["error[E0609]: cannot read variable file `nope.tfvars`: no such file"]
    ) { _ in },
    Case(
      "-var-file endless", ["plan", "-var-file", "/dev/zero"],
      expect: ["error[E0609]: cannot read variable file `/dev/zero`: is not a regular file and gives more than 256 MiB"]
    ) { _ in },
    Case(
      "-var-file a directory", ["plan", "-var-file", "vars"],
      expect: ["error[E0609]: cannot read variable file `vars`: is a directory"]
    ) {
      try $0.makeDirectory("vars")
    },
    Case(
      "-var-file unparsable", ["plan", "-var-file", "v.tfvars"],
      expect: ["error[E0208]: expected an expression", "--> v.tfvars:1:9"]
    ) {
      try $0.write("v.tfvars", "count = \n")
    },
    Case(
      "-var-file not a map", ["apply", "-auto-approve", "-var-file", "v.tfvars"],
      expect: ["error[E0201]", "--> v.tfvars:1:1"]
    ) {
      try $0.write("v.tfvars", "[1, 2]\n")
    },
    Case("-var-file with a block", ["plan", "-var-file", "v.tfvars"], expect: ["error[E0610]", "--> v.tfvars:1:1"]) {
      try $0.write("v.tfvars", "app_version {\n}\n")
    },
    Case(
      "-var-file invalid UTF-8", ["plan", "-var-file", "v.tfvars"],
      expect: ["error[E0102]: invalid UTF-8", "--> v.tfvars:1:16"]
    ) {
      try $0.write("v.tfvars", Array("app_version = \"".utf8) + [0xFF] + Array("\"\n".utf8))
    },
    Case(
      "-var-file of the wrong type", ["plan", "-var-file", "v.tfvars"],
      expect: ["error[E0606]: invalid value for variable `count`", "--> v.tfvars:1:9"]
    ) {
      try $0.write("v.tfvars", "count = [1]\n")
    },
    // As in Terraform: a variable file may carry values for other configurations; only `-var` is strict.
    Case(
      "-var-file for an undeclared variable", ["plan", "-var-file", "v.tfvars"], status: 0,
      expect: ["warning[W0601]: value given for undeclared variable `nope` is ignored", "--> v.tfvars:1:1"]
    ) {
      try $0.write("v.tfvars", "nope = 1\n")
    },
  ]

  @Test(arguments: configurationCases) func configuration(_ testCase: Case) throws { try testCase.check() }

  @Test(arguments: variableCases) func variables(_ testCase: Case) throws { try testCase.check() }
}
