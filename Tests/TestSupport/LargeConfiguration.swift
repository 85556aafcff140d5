/// A large generated configuration, for the tests that must reach the parallel paths of loading
/// and planning (the line table and the parser split of a file over 1 MB, binding, reference
/// checks and graph building in chunks of 256 resources, `DesiredResource.all` in chunks of
/// 4,096, dependency levels of 64 resources and more, the JSON escaping of a string over 1 MB)
/// and compare a one-thread run with a parallel one.
///
/// `groups` times image → launch template → fleet (about 1.3 KB of text per group), after one
/// shared image, with what makes evaluation order matter: variables (one sensitive), locals built
/// from other locals, `for` expressions, function calls, templates and heredocs, conditionals,
/// nested blocks, `replace_triggered_by`, an argument read from another resource (evaluated in the
/// serial pass before the chunks) and references across groups (which make deeper dependency
/// levels). Deterministic: equal parameters give equal text.
///
/// ```swift
/// let text = LargeConfiguration(groups: 3_400).text()                      // loads: 10,201 resources
/// let changed = LargeConfiguration(groups: 3_400, changedEvery: 7).text()  // every 7th image changed
/// let broken = LargeConfiguration(groups: 3_400, mistakeEvery: 50).text()  // diagnostics in every chunk
/// ```
public struct LargeConfiguration: Sendable {
  public var groups: Int
  /// Every `changedEvery`-th group bumps its image's version: planned against the state of the
  /// unchanged configuration, those images are replaced and the replacement cascades. nil: none.
  public var changedEvery: Int?
  /// Every `mistakeEvery`-th group carries a mistake (one of eight kinds in turn: schema,
  /// reference, type, function, duplicate and settings errors, found by the binder, the reference
  /// checker and the graph builder); nil for a configuration that loads.
  public var mistakeEvery: Int?

  public init(groups: Int, changedEvery: Int? = nil, mistakeEvery: Int? = nil) {
    self.groups = groups
    self.changedEvery = changedEvery
    self.mistakeEvery = mistakeEvery
  }

  /// Resources in a configuration without mistakes: three per group and the shared image.
  public var resourceCount: Int { groups * 3 + 1 }

  public func text() -> String {
    var out = LargeConfiguration.header
    out.reserveCapacity(groups * 1_400 + out.utf8.count)
    for index in 0..<groups { appendGroup(index, to: &out) }
    return out
  }

  private static let header = """
    # Generated for the parallel-parity tests.

    variable "app_version" {
      type        = string
      default     = "2.14.0"
      description = "Version of the application baked into every image."
    }

    variable "environment" {
      default = "production"
    }

    variable "instance_types" {
      type    = list(string)
      default = ["t3.small", "t3.medium", "m6i.large"]
    }

    variable "bootstrap_token" {
      type      = string
      sensitive = true
      default   = "token-that-must-never-be-printed"
    }

    locals {
      zones    = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
      tags     = { environment = var.environment, managed_by = "immplan" }
      packages = join(" ", ["nginx", "curl", "ca-certificates"])
      sizes    = { for index, type in var.instance_types : type => index + 1 }
      prefix   = "${upper(substr(var.environment, 0, 4))}-"
    }

    image "base" {
      source    = "debian-12"
      provision = ["apt-get install -y ${local.packages}"]
      tags      = local.tags
    }


    """

  private static let teams = ["platform", "payments", "search", "checkout", "identity", "data", "edge"]
  private static let services = ["api", "web", "worker", "cron", "gateway", "indexer", "renderer", "ingest"]

  private func appendGroup(_ index: Int, to out: inout String) {
    let name = "g\(index)"
    let team = Self.teams[index % Self.teams.count]
    let service = Self.services[(index / 3) % Self.services.count]
    let patch = changedEvery.map { index % $0 == 0 } == true ? "\(index % 97 + 1)" : "0"
    let minSize = 1 + index % 4
    // Every 7th image reads the shared image's source (an argument, evaluated before the chunks);
    // every 10th fleet reads the previous group's template name (a deeper dependency level).
    let source = index % 7 == 3 ? "image.base.source" : "\"\(["debian-12", "ubuntu-24.04"][index % 2])\""
    let previous = index % 10 == 5 ? ", previous = launch_template.g\(index - 1).name" : ""
    let trigger = index % 11 == 4 ? "\n    replace_triggered_by = [image.base]" : ""
    let userData =
      index % 13 == 0
      ? "\"#!/bin/sh\\necho ${var.bootstrap_token} > /etc/token\\n\""
      : "\"#!/bin/sh\\necho ${upper(\"\(service)\")} \(index) starting\\n\""
    let mistake = mistakeEvery.flatMap { index % $0 == $0 / 2 ? (index / $0) % 8 : nil }
    let instanceType = mistake == 0 ? "instance_typ " : "instance_type"
    let imageReference = mistake == 1 ? "image.missing\(index).id" : "image.\(name).id"
    let size = mistake == 2 ? "\"many\"" : "\(minSize)"
    let tags = mistake == 3 ? "merge(local.tags, 3)" : "merge(local.tags, { team = \"\(team)\", group = \"\(name)\" })"
    let zones = mistake == 4 ? "var.zones_\(index)" : "local.zones"
    let retain = mistake == 6 ? "-1" : "\(2 + index % 2)"
    let templateDescription = mistake == 7 ? "var.bootstrap_token" : "\"template for \(name)\""
    out += """
      # Group \(index): \(service) for team \(team).
      image "\(name)" {
        source    = \(source)
        provision = [
          "apt-get install -y ${local.packages}",
          "install-app \(service) ${var.app_version}-\(patch)",
          <<-EOT
            configure --group \(name) --team \(team)
            EOT
        ]
        files = {
          "/etc/app/name"    = "\(service)-\(index)"
          "/etc/app/version" = var.app_version
        }
        tags        = \(tags)
        description = "\(service) image for group \(index)"
        retain      = \(retain)
      }

      launch_template "\(name)" {
        image           = \(imageReference)
        \(instanceType)   = element(var.instance_types, \(index % 3))
        user_data       = \(userData)
        security_groups = [for n in range(\(1 + index % 3)) : format("sg-%05d-%d", \(index), n)]
        tags            = local.tags
        description     = \(templateDescription)
      }

      fleet "\(name)" {
        launch_template = launch_template.\(name).id
        min_size        = \(size)
        max_size        = \(minSize) * lookup(local.sizes, element(var.instance_types, \(index % 3)), 1)
        zones           = \(index % 2 == 0 ? zones : "slice(\(zones), 0, 2)")
        tags            = { name = "${local.prefix}\(name)"\(previous) }

        health_check {
          grace_period = "\(30 * (1 + index % 4))s"
          timeout      = "5m"
        }

        rollout {
          bake_time = "\(15 * (index % 3))s"
        }

        lifecycle {
          create_before_destroy = \(index % 17 != 0)\(trigger)
        }
      }


      """
    if mistake == 5 {
      out += "image \"\(name)\" {\n  source = \"declared twice\"\n}\n\n"
    }
  }
}
