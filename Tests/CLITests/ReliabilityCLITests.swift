import Foundation
import Testing
#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// Runs the binary with its standard output on `stdout` (a file descriptor the test opened), or closed when nil.
func fundcastRaw(_ arguments: [String], stdout fd: Int32?, environment: [String: String] = [:]) throws -> (status: Int32, stderr: String) {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let err = Pipe()
    process.standardError = err
    if let fd { process.standardOutput = FileHandle(fileDescriptor: fd, closeOnDealloc: false) }
    try process.run()
    let data = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

@Suite("Outputs and standard output")
struct OutputReliabilityTests {
    @Test("a full standard output (/dev/full) is a clear error, exit 1, no backtrace")
    func devFull() throws {
        let fd = open("/dev/full", O_WRONLY)
        try #require(fd >= 0)
        defer { close(fd) }
        let result = try fundcastRaw(["budget"], stdout: fd)
        #expect(result.status == 1)
        #expect(result.stderr == "error: standard output: no space left on the device; the output is incomplete\n")
    }

    @Test("a closed standard output is a clear error, exit 1")
    func closedStdout() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" budget >&-", binary.path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(String(decoding: data, as: UTF8.self).contains("standard output is closed"))
    }

    @Test("a reader that goes away (EPIPE) ends the run quietly")
    func brokenPipe() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // `:` exits at once, so every write of fundcast meets a pipe without a reader
        process.arguments = ["-c", "( \"$0\" run --format csv; echo \"status=$?\" >&2 ) | :", binary.path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let data = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self) == "status=0\n")
    }

    @Test("--output '' is a usage error")
    func emptyOutput() throws {
        let result = try fundcast(["budget", "--output", ""])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--output needs a file path"))
        #expect(!result.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test("--output onto the scenario itself, or a file it reads, is refused and leaves it intact")
    func outputOntoInputs() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("s.yaml")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml"), to: scenario)
        let before = try Data(contentsOf: scenario)
        // (a .yaml name is refused before the run as a file fundcast does not write; a .csv input below reaches the input check)
        let result = try fundcast(["budget", scenario.path, "--output", scenario.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("found '.yaml', which fundcast does not write"))
        #expect(try Data(contentsOf: scenario) == before)
        // a file the scenario reads (its history CSV), through another spelling of the path
        let huoshan = "Scenarios/huoshan-2013.yaml"
        let history = repositoryRoot.appendingPathComponent("Scenarios/data/huoshan-history.csv")
        let csvBefore = try Data(contentsOf: history)
        let r2 = try fundcast(["run", huoshan, "--output", "Scenarios/./data/../data/huoshan-history.csv"])
        #expect(r2.status == 1)
        #expect(r2.stderr.contains("an input of this run"))
        #expect(try Data(contentsOf: history) == csvBefore)
    }

    @Test("--output onto a device node or a FIFO is refused; - streams")
    func outputOntoSpecialFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try fundcast(["budget", "--output", "/dev/null"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("a character device"))
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let r2 = try fundcast(["budget", "--output", fifo])
        #expect(r2.status == 1)
        #expect(r2.stderr.contains("a named pipe (FIFO)"))
        #expect(FileKindIsFIFO(fifo))
        let r3 = try fundcast(["budget", "--output", "-"])
        #expect(r3.status == 0)
        #expect(r3.stdout.contains("基金预算草案"))
    }

    @Test("--output through a symlink replaces the target and keeps the link; permissions are kept")
    func symlinkAndPermissions() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.txt").path
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        #expect(chmod(target, 0o600) == 0)
        let link = dir.appendingPathComponent("link.txt").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let result = try fundcast(["budget", "--output", link])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("基金预算草案"))
        var info = stat()
        #expect(stat(target, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        // no temporary file left behind
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["link.txt", "out.txt"])
    }

    @Test("an interrupted write (SIGTERM, SIGINT) leaves neither a temporary file nor a changed output", arguments: [SIGTERM, SIGINT])
    func interruptedWrite(_ sig: Int32) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("out.txt").path
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let process = Process()
        process.executableURL = binary
        process.arguments = ["budget", "--output", target]
        process.environment = ProcessInfo.processInfo.environment.merging(["FUNDCAST_TEST_PAUSE_BEFORE_RENAME_MS": "20000"]) { $1 }
        try process.run()
        // wait (up to 60 s on a loaded machine) for the temporary file to appear, then interrupt
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try? FileManager.default.contentsOfDirectory(atPath: dir.path).count) ?? 0 < 2 { usleep(20_000) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).count == 2)
        kill(process.processIdentifier, sig)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out.txt"])
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old")
    }

    @Test("escape sequences in a scenario's name and keys never reach the output raw, in any format", arguments: ["table", "csv", "md", "json"])
    func terminalInjection(_ format: String) throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text = try String(contentsOf: repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\nname:", with: "\nname: \"City\\e]0;owned\\a\\e[2J\\0\"\n#")
        let file = dir.appendingPathComponent("s.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try fundcast(["budget", file.path, "--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0 })
        // an unknown key with escapes: the message shows them written out
        try (text + "\n\"\\e[31mred\": 1\n").write(to: file, atomically: true, encoding: .utf8)
        let bad = try fundcast(["budget", file.path, "--format", format])
        #expect(bad.status == 1)
        #expect(!bad.stderr.unicodeScalars.contains { $0.value == 0x1B })
        #expect(bad.stderr.contains("\\u{1B}[31mred"))
    }

    @Test("a projection compounding past ±10¹⁵ 元 is refused instead of printed")
    func resultBounds() throws {
        let result = try fundcast(["run", "--set", "assumptions.medical_inflation=0.5", "--set", "horizon=2121"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("beyond ±10¹⁵ 元"), "\(result.stderr)")
    }

    @Test("an alias bomb in --set fails within seconds with a clear message")
    func aliasBombCLI() throws {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1..<9 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]") }
        let start = Date()
        let result = try fundcast(["validate", "Scenarios/example-city.yaml", "--set", "junk={" + lines.joined(separator: ", ") + "}"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("alias"))
        #expect(Date().timeIntervalSince(start) < 10)
    }
}

private func FileKindIsFIFO(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
}

@Test("identical bytes whatever the BLAS thread count", arguments: shippedScenarios)
func identicalAcrossThreadCounts(_ file: String) throws {
    var outputs: [Data] = []
    for threads in ["1", "2"] {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["run", file, "--format", "json"]
        process.currentDirectoryURL = repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["OPENBLAS_NUM_THREADS": threads]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        outputs.append(out.fileHandleForReading.readDataToEndOfFile())
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
    #expect(outputs[0] == outputs[1])
    #expect(!outputs[0].isEmpty)
}

@Test("--year -1 is read as a year and refused by range, not 'Missing value'")
func negativeBudgetYear() throws {
    let result = try fundcast(["budget", "--year", "-1"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("--year: expected a budget year from"), "\(result.stderr)")
    #expect(!result.stderr.contains("Missing value"))
}

@Test("a 550 MB --actuals file is refused at the size limit without being read (it once aborted allocating 3.4 GB)")
func hugeActuals() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("ytd.csv").path
    #expect(FileManager.default.createFile(atPath: path, contents: Data("year,month,scheme,metric,value,unit\n".utf8)))
    let handle = try #require(FileHandle(forWritingAtPath: path))
    try handle.truncate(atOffset: 550 << 20) // sparse: no disk used
    try handle.close()
    let result = try fundcast(["budget", "--actuals", path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("at most 16 MB"), "\(result.stderr)")
    #expect(result.stderr.contains("FUNDCAST_MAX_CSV_BYTES"))
    #expect(result.stderr.contains("550 MB"))
}

@Test("history: /etc/shadow in a scenario is refused without echoing a line of it")
func historyOutsideTheTree() throws {
    let dir = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    var text = try String(contentsOf: repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml"), encoding: .utf8)
    text += "\nhistory: /etc/shadow\n"
    let file = dir.appendingPathComponent("s.yaml")
    try text.write(to: file, atomically: true, encoding: .utf8)
    let result = try fundcast(["budget", file.path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("history: expected a file inside the scenario's folder"), "\(result.stderr)")
    #expect(!result.stderr.contains("root:"))
}
