import ArgumentParser
import Foundation
import Scenario
import Projection

/// `fundcast validate`: check scenario files and report every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check scenario files; list every problem with file, key, line, expected and found; exit 1 if any.",
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
            do {
                let scenario = try ScenarioLoader.load(path: file, overrides: overrides)
                do {
                    _ = try Projection.run(scenario) // calibration problems are input problems too
                    report += "ok: \(escapingControlCharacters(file))\n"
                } catch {
                    failed = true
                    report += escapingControlCharacters("error: \(file): \(error)", keepingNewlines: true) + "\n"
                }
            } catch {
                failed = true
                report += error.lines.map { "error: \($0)\n" }.joined()
            }
        }
        if failed { throw CommandFailure(message: report, code: 1) }
        try OutputWriter.writeStandardOutput(Data(report.utf8))
    }
}
