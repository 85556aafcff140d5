#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

// An interrupt ends the process with status 130 (BRIEF §7). Commands that must finish cleanly
// on an interrupt (apply) install their own handling.
signal(SIGINT) { _ in _exit(130) }

var environment: [String: String] = [:]
var entry = environ
while let pointer = entry.pointee {
  let text = String(cString: pointer)
  if let equals = text.firstIndex(of: "=") {
    environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
  }
  entry += 1
}

let status = Dispatcher.run(
  Array(CommandLine.arguments.dropFirst()), environment: environment, console: Console.current())
exit(status.rawValue)
