// swift-tools-version:6.0
import PackageDescription

// Dependency direction (STYLE.md): Support → Parser → Planner → Executor → CLI.
// Each module imports only those to its left. No package dependencies (BRIEF §1).
let package = Package(
  name: "immplan",
  products: [
    .executable(name: "immplan", targets: ["immplan"])
  ],
  targets: [
    .target(name: "ImmplanSupport", path: "Sources/Support"),
    .target(name: "ImmplanParser", dependencies: ["ImmplanSupport"], path: "Sources/Parser"),
    .target(name: "ImmplanPlanner", dependencies: ["ImmplanParser", "ImmplanSupport"], path: "Sources/Planner"),
    .target(
      name: "ImmplanExecutor", dependencies: ["ImmplanPlanner", "ImmplanParser", "ImmplanSupport"],
      path: "Sources/Executor"),
    .executableTarget(
      name: "immplan",
      dependencies: ["ImmplanExecutor", "ImmplanPlanner", "ImmplanParser", "ImmplanSupport"],
      path: "Sources/CLI"),
    .executableTarget(
      name: "immplan-bench",
      dependencies: ["ImmplanExecutor", "ImmplanPlanner", "ImmplanParser", "ImmplanSupport"],
      path: "Sources/Bench"),
    .target(name: "TestSupport", dependencies: ["ImmplanParser", "ImmplanSupport"], path: "Tests/TestSupport"),
    .testTarget(name: "ImmplanSupportTests", dependencies: ["ImmplanSupport", "TestSupport"]),
    .testTarget(name: "ImmplanParserTests", dependencies: ["ImmplanParser", "TestSupport"]),
    .testTarget(name: "ImmplanPlannerTests", dependencies: ["ImmplanPlanner", "TestSupport"]),
    .testTarget(name: "ImmplanExecutorTests", dependencies: ["ImmplanExecutor", "TestSupport"]),
    .testTarget(name: "EndToEndTests", dependencies: ["ImmplanExecutor", "TestSupport"]),
  ],
  swiftLanguageModes: [.v6]
)
