import Foundation
import ImmplanParser

/// Wall-clock seconds since an arbitrary origin (monotonic).
func now() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// Seconds `body` takes.
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = now()
  try body()
  return now() - start
}

/// User + system CPU seconds of this process so far (a figure a loaded machine distorts less).
func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// This process's peak resident set (VmHWM of /proc/self/status), in bytes; 0 where unavailable.
func peakResidentBytes() -> Int { statusBytes("VmHWM:") }

/// The resident set size now (`VmRSS`), to see which phase holds the memory.
func residentBytes() -> Int { statusBytes("VmRSS:") }

private func statusBytes(_ field: String) -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
  for line in text.split(separator: "\n") where line.hasPrefix(field) {
    let digits = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
    return digits * 1024
  }
  return 0
}

/// The 1-minute load average (other engineers share this machine).
func loadAverage() -> Double {
  guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return 0 }
  return Double(text.split(separator: " ").first ?? "0") ?? 0
}

func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return 0 }
  return sorted.count % 2 == 1
    ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Runs `path` with `arguments`, stdout captured, stderr passed through; returns (status, stdout).
@discardableResult
func runProcess(_ path: String, _ arguments: [String], quietStderr: Bool = false) throws -> (
  status: Int32, output: String
) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: path)
  process.arguments = arguments
  let pipe = Pipe()
  process.standardOutput = pipe
  if quietStderr { process.standardError = FileHandle.nullDevice }
  try process.run()
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Wall time of one run of `path` (posix_spawn, output discarded): start-up measurements.
func spawnSeconds(_ path: String, _ arguments: [String]) -> Double? {
  let start = now()
  guard let pid = spawnQuietly(path, arguments) else { return nil }
  var status: Int32 = 0
  waitpid(pid, &status, 0)
  let elapsed = now() - start
  return status == 0 ? elapsed : nil
}

/// One run of `path` (posix_spawn, output discarded): wall seconds, exit status and peak RSS in
/// bytes (`ru_maxrss` of the child, as `/usr/bin/time -v` reports it); nil when it cannot start.
func spawnMeasured(_ path: String, _ arguments: [String]) -> (seconds: Double, status: Int32, peakBytes: Int)? {
  let start = now()
  guard let pid = spawnQuietly(path, arguments) else { return nil }
  var status: Int32 = 0
  var usage = rusage()
  guard wait4(pid, &status, 0, &usage) == pid else { return nil }
  let elapsed = now() - start
  // A normal exit has the low 7 bits zero; its code is in bits 8-15.
  let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : -1
  return (elapsed, exitStatus, usage.ru_maxrss * 1024)
}

/// Starts `path arguments…` with stdout and stderr discarded; nil when it cannot be started.
func spawnQuietly(_ path: String, _ arguments: [String]) -> pid_t? {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let argv = ([path] + arguments).map { strdup($0) } + [nil]
  defer { argv.forEach { free($0) } }
  var pid: pid_t = 0
  guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return nil }
  return pid
}

/// Parses `key=value` words of a child's last output line.
func fields(_ output: String) -> [String: String] {
  let line = output.split(separator: "\n").last(where: { $0.hasPrefix("RESULT ") }) ?? ""
  var result: [String: String] = [:]
  for word in line.split(separator: " ").dropFirst() {
    let parts = word.split(separator: "=", maxSplits: 1)
    if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
  }
  return result
}

/// The front end's file system over Foundation (the CLI's own is internal to it).
struct DiskFileSystem: FileSystem {
  func contentsOfDirectory(_ directory: String) throws(FileSystemError) -> [String] {
    do {
      return try FileManager.default.contentsOfDirectory(atPath: directory)
    } catch {
      throw FileSystemError(path: directory, reason: "cannot list")
    }
  }
  /// As the CLI reads them.
  func readFile(_ path: String) throws(FileSystemError) -> [UInt8] { try LocalFile.contents(of: path) }
}

/// The size of the file at `path` in bytes; 0 when it cannot be examined.
func fileSize(_ path: String) -> Int {
  var info = stat()
  guard stat(path, &info) == 0 else { return 0 }
  return Int(info.st_size)
}
