import ArgumentParser
import Foundation
import Scenario
import Projection
import Warnings
import Reports
import RunHistory

/// `--save [--label TEXT] [--db FILE]` on `budget` and `run`: stores the run in the run history.
struct SaveOptions: ParsableArguments {
    @Flag(help: "Save this run in the run history (SQLite; see fundcast history).")
    var save = false

    @Option(help: "Label of the saved run, e.g. 2025-draft (with --save). history show/diff accept it in place of the id.")
    var label: String?

    @Option(help: ArgumentHelp("Run database (default: $XDG_DATA_HOME/fundcast/runs.sqlite, else ~/.local/share/fundcast/runs.sqlite).", valueName: "FILE"))
    var db: String?

    func validate() throws {
        if label != nil, !save { throw ValidationError("--label needs --save") }
        // history show/diff take an id or a label: an all-digit label would be read as an id.
        // A label is one line of printable text: a newline or a terminal escape would break history list's table.
        if let label, let bad = label.unicodeScalars.first(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0 != "\u{200D}" }) {
            throw ValidationError("--label: expected one line of printable text, found the control character U+\(String(format: "%04X", bad.value))")
        }
        if let label, label.isEmpty || label.allSatisfy(\.isASCIIDigitOrSpace) {
            throw ValidationError("--label \(label): expected a name with a non-digit (history show and diff read a number as a run id), found '\(label)'")
        }
    }

    /// Stores the run when `--save` was given; reports the id on stderr (stdout is the output).
    func record(_ command: String, common: CommonOptions, model: ModelRun, budget: Budget?) throws(CommandFailure) {
        guard save else { return }
        if let output = common.output, output != "-",
           URL(fileURLWithPath: output).resolvingSymlinksInPath().path == URL(fileURLWithPath: db ?? RunStore.defaultPath()).resolvingSymlinksInPath().path {
            throw CommandFailure.message("--output \(output): expected a file other than the run database --save writes to, found the database itself (writing there would destroy every saved run)")
        }
        let resolved = try common.loadResolved()
        let store = try HistoryOptions.open(db, create: true)
        let run = NewRun(
            command: command, label: label, commandLine: SaveOptions.commandLine(), fundcastVersion: Fundcast.configuration.version,
            scenarioName: model.result.scenario.name, resolved: resolved, budgetYear: budget?.year,
            runJSON: ProjectionJSON.document(model.result, warnings: model.warnings).serialized() + "\n",
            budgetJSON: budget.map { ProjectionJSON.document(model.result, warnings: model.warnings, budget: $0).serialized() + "\n" })
        do throws(RunHistoryError) {
            // A label names the latest run that has it: say so when it moves from an earlier run.
            let earlier = label.flatMap { l in (try? store.run(l)).flatMap { $0.label == l ? $0.id : nil } }
            let id = try store.save(run)
            OutputWriter.writeStandardError("fundcast: saved run \(id)\(label.map { " (\($0))" } ?? "") to \(store.path)\n")
            if let earlier, let label {
                OutputWriter.writeStandardError("fundcast: the label '\(label)' named run \(earlier); it now names run \(id) (run \(earlier) keeps its id)\n")
            }
        } catch {
            throw CommandFailure.message(error.description)
        }
    }

    /// The command line as typed, each argument shell-quoted when it needs it.
    static func commandLine() -> String {
        CommandLine.arguments.enumerated().map { i, a in
            let shown = i == 0 ? "fundcast" : a
            let safe = !shown.isEmpty && shown.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "-_.,/=:+@%".unicodeScalars.contains($0) }
            return safe ? shown : "'" + shown.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }.joined(separator: " ")
    }
}

extension CommonOptions {
    /// The scenario's resolved parameters (after extends and --set), for the run history, the report
    /// files and the partial results' hash; with `--assumptions`, each change of the set as one more
    /// parameter (`assumption_set.<set>.<n>`), so the hash tells runs with and without it apart.
    func loadResolved() throws(CommandFailure) -> ResolvedScenario {
        let resolved: ResolvedScenario
        do {
            if let scenario {
                resolved = try ScenarioLoader.loadResolved(path: scenario, overrides: overrides).resolved
            } else {
                resolved = try ScenarioLoader.loadResolved(text: EmbeddedScenario.exampleCity, file: scenarioName, overrides: overrides).resolved
            }
        } catch {
            throw CommandFailure.input(error)
        }
        guard let assumptions else { return resolved }
        let set = try ShippedAdjustments.assumptionSet(assumptions, scenario: scenario)
        let changes = set.changes.enumerated().map { i, c in
            ResolvedParameter(path: "assumption_set.\(set.name).\(i + 1)", value: c.summary, unit: "", source: "--assumptions \(assumptions) (\(c.location))")
        }
        return ResolvedScenario(file: resolved.file, parameters: resolved.parameters + changes)
    }

    /// Where `key` (a dotted path) was given: its file position or `--set`, from the resolved parameters;
    /// nil when the file does not give it or cannot be read again.
    func locate(_ key: String) -> String? {
        (try? loadResolved())?.source(of: key)
    }

    /// The parameters reports show beside their figures: `resolved`'s, with each key `--assumptions`
    /// moves at its value in `scenario` (the scenario the figures were projected from), not the file's.
    func shownParameters(_ resolved: ResolvedScenario, scenario: Scenario) throws(CommandFailure) -> [ResolvedParameter] {
        guard let assumptions else { return resolved.parameters }
        let set = try ShippedAdjustments.assumptionSet(assumptions, scenario: self.scenario)
        return set.parameters(resolved.parameters, adjusted: scenario, option: "--assumptions \(assumptions)")
    }
}

private extension Character {
    var isASCIIDigitOrSpace: Bool { ("0"..."9").contains(self) || self == " " }
}
