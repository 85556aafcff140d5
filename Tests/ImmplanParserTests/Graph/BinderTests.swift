import Testing

@testable import ImmplanParser

@Suite struct BinderTests {
  private func bind(_ text: String) -> Binder {
    var sources = SourceManager()
    let id = sources.add(path: "main.imm.hcl", bytes: Array(text.utf8))
    var binder = Binder(parallelism: .serial)
    binder.bind(Parser.parse(sources[id]).file)
    return binder
  }

  @Test func collectsEveryDeclarationKind() {
    let binder = bind(
      """
      variable "v" {}
      locals {
        a = 1
      }
      locals {
        b = 2
      }
      output "o" {
        value = 1
      }
      provider "sim" {}
      provider "aws" {}
      state "s3" {
        bucket = "b"
        key    = "k"
      }
      image "i" {
        source = "s"
      }
      launch_template "t" {
        image         = "i"
        instance_type = "t"
      }
      fleet "f" {
        launch_template = "t"
        min_size        = 1
        max_size        = 1
        health_check {}
        rollout {}
        lifecycle {}
      }
      """)
    #expect(binder.diagnostics.isEmpty)
    let configuration = binder.configuration
    #expect(configuration.variables.keys.sorted() == ["v"])
    #expect(configuration.locals.keys.sorted() == ["a", "b"])
    #expect(configuration.outputs.keys.sorted() == ["o"])
    #expect(configuration.providers.keys.sorted().map(\.description) == ["aws", "sim"])
    #expect(configuration.state?.labels.first?.value == "s3")
    #expect(configuration.resources.keys.map(\.description).sorted() == ["fleet.f", "image.i", "launch_template.t"])
  }

  @Test func nestedBlocksAreCheckedAgainstTheirOwnSchema() {
    let binder = bind(
      """
      fleet "f" {
        launch_template = "t"
        min_size        = 1
        max_size        = 1
        health_check {
          timout = "1s"
        }
        lifecycle {
          prevent_destroy = true
          rollout {}
        }
      }
      variable "v" {
        validation {
          condition = true
        }
      }
      """)
    let messages = binder.diagnostics.map(\.message)
    #expect(binder.diagnostics.map(\.code.rawValue) == ["E0302", "E0301", "E0304"])
    #expect(messages[0] == "unknown attribute `timout` in `fleet.health_check`")
    #expect(binder.diagnostics[0].help == "did you mean `timeout`?")
    #expect(messages[1] == "unknown block type `rollout` in `fleet.lifecycle`")
    #expect(messages[2] == "missing required attribute `error_message` in `variable.validation`")
  }

  @Test func validationBlocksMayRepeat() {
    let binder = bind(
      """
      variable "v" {
        validation {
          condition     = true
          error_message = "a"
        }
        validation {
          condition     = true
          error_message = "b"
        }
      }
      """)
    #expect(binder.diagnostics.isEmpty)
    #expect(binder.configuration.variables["v"]?.block.body.blocks["validation"]?.count == 2)
  }

  @Test func namesMustBeIdentifiers() {
    #expect(AddressText.isIdentifier("web-1_a"))
    #expect(AddressText.isIdentifier("_x"))
    #expect(!AddressText.isIdentifier("1web"))
    #expect(!AddressText.isIdentifier("a.b"))
    #expect(!AddressText.isIdentifier(""))
  }
}
