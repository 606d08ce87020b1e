import ArgumentParser
import Foundation
import Scenario
import Projection

/// `fundcast validate`: check scenario files and report every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files (and shock or assumption-set files); list every problem with file, key, line, expected and found; exit 1 if any.",
        discussion: "Example: fundcast validate Scenarios/*.yaml")

    @Argument(help: "Scenario files to check.")
    var scenarios: [String]

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key; VALUE is YAML. Repeatable.", valueName: "KEY=VALUE"))
    var overrides: [String] = []

    func validate() throws {
        if scenarios.isEmpty { throw ValidationError("give at least one scenario file") }
    }

    func run() throws {
        var failed = false
        var report = ""
        for file in scenarios {
            // A shock or assumption set (a top-level `changes:` list and no base_year) is checked as one.
            if Self.isAdjustment(file) {
                do {
                    let a = try Adjustment.read(path: file, option: "validate")
                    report += "ok: \(escapingControlCharacters(file)) (changes '\(escapingControlCharacters(a.name))': \(a.changes.count) change\(a.changes.count == 1 ? "" : "s"); apply it with stress --shocks or --assumptions)\n"
                } catch {
                    failed = true
                    report += error.lines.map { "error: \($0)\n" }.joined()
                }
                continue
            }
            do {
                let scenario = try ScenarioLoader.load(path: file, overrides: overrides)
                do {
                    _ = try Projection.run(scenario) // calibration problems are input problems too
                    report += "ok: \(escapingControlCharacters(file))\n"
                } catch {
                    failed = true
                    // Located as budget and run locate it: the key's line in the file, or the --set that gave it.
                    let at = (try? ScenarioLoader.loadResolved(path: file, overrides: overrides))?.resolved.source(of: error.key)
                    report += escapingControlCharacters("error: \(file): \(error)" + (at.map { " (\($0))" } ?? ""), keepingNewlines: true) + "\n"
                }
            } catch {
                failed = true
                report += error.lines.map { "error: \($0)\n" }.joined()
            }
        }
        if failed { throw CommandFailure(message: report, code: 1) }
        try OutputWriter.writeStandardOutput(Data(report.utf8))
    }

    /// Whether `file` reads as a shock or assumption set: a top-level `changes:` key and no `base_year:`.
    static func isAdjustment(_ file: String) -> Bool {
        guard FileKind(path: file) == .regular, let handle = FileHandle(forReadingAtPath: file) else { return false }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 20), let text = String(data: data, encoding: .utf8) else { return false }
        let keys = text.split(separator: "\n").filter { !$0.hasPrefix(" ") && !$0.hasPrefix("#") && !$0.hasPrefix("\t") }
        return keys.contains { $0.hasPrefix("changes:") } && !keys.contains { $0.hasPrefix("base_year:") || $0.hasPrefix("extends:") }
    }
}
