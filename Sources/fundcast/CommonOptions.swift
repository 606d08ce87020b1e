import ArgumentParser
import Foundation
import Scenario
import Reports
import Warnings
import Engine

/// Options every model command shares (the README's common options).
struct CommonOptions: ParsableArguments {
    @Argument(help: "Scenario YAML file. Without one, the embedded example city (Scenarios/example-city.yaml) is used.")
    var scenario: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key; VALUE is YAML. Repeatable.", valueName: "KEY=VALUE"))
    var overrides: [String] = []

    @OptionGroup var render: RenderOptions

    var formatOption: OutputFormat? { get { render.formatOption } set { render.formatOption = newValue } }
    var lang: Language { get { render.lang } set { render.lang = newValue } }
    var unit: MoneyUnit? { get { render.unit } set { render.unit = newValue } }
    var output: String? { get { render.output } set { render.output = newValue } }

    @Option(name: .customLong("assumptions"), help: ArgumentHelp("Assumption set: low-cost, intermediate or high-cost (shipped for every scenario family), or a YAML file of changes.", valueName: "SET"))
    var assumptionSets: [String] = []

    /// The one assumption set asked for (``validate()`` refuses more than one).
    var assumptions: String? { assumptionSets.last }

    @Option(name: .customLong("fail-on"), help: "Exit 3 when a warning at or above this level (red, orange, yellow) is raised (run, budget, explain, export, simulate).")
    var failOn: WarningLevel?

    /// Loads the scenario with its assumption set (`--assumptions`), or fails with every problem listed.
    func loadScenario() throws(CommandFailure) -> Scenario {
        try loadScenarioAndSet().scenario
    }

    /// The scenario with its assumption set applied; the scenario as the file and `--set` give it; and the
    /// set. Sweeps and goal seek vary the second and apply the set after each point (``Engine/adjustment``),
    /// so that a point is what `run --set KEY=V --assumptions SET` gives.
    func loadScenarioAndSet() throws(CommandFailure) -> (scenario: Scenario, unadjusted: Scenario, set: Adjustment?) {
        if let output { try ExportFiles.refuseScenario(output, option: "--output", scenario: scenario) }
        let loaded: Scenario
        do {
            if let scenario {
                loaded = try ScenarioLoader.load(path: scenario, overrides: overrides)
            } else {
                loaded = try ScenarioLoader.load(text: EmbeddedScenario.exampleCity, file: "<embedded example-city.yaml>", overrides: overrides)
            }
        } catch {
            throw CommandFailure.input(error)
        }
        guard let assumptions else { return (loaded, loaded, nil) }
        let set = try ShippedAdjustments.assumptionSet(assumptions, scenario: scenario)
        switch Engine.applying(set, to: loaded) {
        case .success(var s):
            s.commandLineChanges.append(CommandLineChange(arguments: "--assumptions " + CommandLineChange.shellWord(assumptions),
                                                          titleZh: set.titleZh, titleEn: set.titleEn))
            return (s, loaded, set)
        case .failure(let e): throw CommandFailure.message("--assumptions \(assumptions) (\(set.file)): \(e)")
        }
    }

    var scenarioName: String { scenario ?? "<embedded example-city.yaml>" }

    /// `--format`, else the format `--output`'s extension names (`.csv`, `.md`, `.json`), else table.
    var format: OutputFormat { render.format }

    /// A report file format (`.xlsx`, `.html`, `.ipynb`) named by `--output`'s extension when no `--format` is given.
    var exportFormat: ExportFormat? {
        guard formatOption == nil, let f = output.flatMap(ExportFormat.init(path:)), f.outputFormat == nil else { return nil }
        return f
    }

    /// `--output ''` is a usage error (exit 2), before any work is done.
    func validate() throws {
        if output == "" { throw ValidationError("--output needs a file path, or - for standard output") }
        if assumptionSets.count > 1 {
            throw ValidationError("--assumptions is given \(assumptionSets.count) times (\(assumptionSets.joined(separator: ", "))): give one set; sets are not combined")
        }
    }

    /// Writes the rendered output to `--output` atomically, or to standard output (`-` or no
    /// `--output`); see ``OutputWriter``.
    func emit(_ text: String, beforeWrite: (() throws(CommandFailure) -> Void)? = nil) throws(CommandFailure) {
        try render.emit(Data(text.utf8), input: scenario, beforeWrite: beforeWrite)
    }

    /// Writes binary output (a workbook, a database) the same way as ``emit(_:)-(String)``.
    func emit(_ data: Data) throws(CommandFailure) {
        try render.emit(data, input: scenario)
    }

    /// `--fail-on` judges one projection's warnings (run, budget, explain, export, simulate); a command that
    /// reports many variants refuses it rather than ignore it.
    func refuseFailOn(_ command: String) throws(CommandFailure) {
        guard let failOn else { return }
        // A usage error (exit 2), as any option a command does not take.
        throw CommandFailure.message("--fail-on \(failOn.rawValue): expected with run, budget, explain, export or simulate (one projection's warnings), found it with \(command), which reports many variants; check a variant with run --set … --fail-on", code: 2)
    }

    /// Exit 3 when `--fail-on` is given and a warning at or above it was raised.
    func checkFailOn(_ warnings: [RiskWarning]) throws(CommandFailure) {
        guard let failOn, let worst = warnings.map(\.level).filter({ $0 != .notice }).min(), worst <= failOn else { return }
        throw CommandFailure(message: "fundcast: \(worst.rawValue) warning raised (--fail-on \(failOn.rawValue))\n", code: 3)
    }
}

/// How a command renders its result: format, label language, money unit and output file.
struct RenderOptions: ParsableArguments {
    @Option(name: .customLong("format"), help: "Output format: table, csv, md or json (default: from --output's extension, else table). explain writes table or md (HTML with --html); export takes none (its files' options name their formats).")
    var formatOption: OutputFormat?

    @Option(help: "Label language: zh (default), en or both.")
    var lang: Language = .zh

    @Option(help: "Money unit for tables: 元, 万元 or 亿元 (default: the scenario's unit). JSON is always in 元.")
    var unit: MoneyUnit?

    @Option(help: "Write to FILE (atomically) instead of standard output.")
    var output: String?

    /// Writes to `--output` atomically (refusing to write over `input`, the file read), or to standard
    /// output when there is none or it is `-`.
    /// `beforeWrite` runs just before the output becomes visible: after the file's contents are written
    /// to its temporary file, before the rename (before printing, on standard output), so a run saved
    /// with `--save` is one whose output could be written.
    func emit(_ data: Data, input: String?, beforeWrite: (() throws(CommandFailure) -> Void)? = nil) throws(CommandFailure) {
        guard let output, output != "-" else {
            try beforeWrite?()
            try OutputWriter.writeStandardOutput(data)
            return
        }
        try ExportFiles.refuseScenario(output, option: "--output", scenario: input)
        // A name fundcast does not write (.pdf, .docx) would hold a text table that will not open as one.
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        guard Self.textExtensions.contains(ext) else {
            throw CommandFailure.message("--output \(output): expected a file ending in .txt, .csv, .md or .json (export writes .xlsx, .html and .ipynb), found '.\(ext)', which fundcast does not write")
        }
        try ExportFiles.write(data, to: output, option: "--output", scenario: input, beforeRename: beforeWrite)
    }

    /// Extensions a text output may have (`explain --html` writes .html; none: any format).
    static let textExtensions: Set<String> = ["", "txt", "text", "csv", "md", "markdown", "json", "html", "htm"]

    /// `--format`, else the format `--output`'s extension names (`.csv`, `.md`, `.json`), else table.
    var format: OutputFormat { formatOption ?? output.flatMap(ExportFormat.init(path:))?.outputFormat ?? .table }

    /// A `--format` that contradicts `--output`'s extension (`--format json --output b.xlsx`) is a usage
    /// error: the file would hold one format under another's name. `.txt` and other extensions take any.
    func validate() throws {
        // Before anything runs (or is saved with --save): a file fundcast cannot write is refused at once.
        if let output, output != "-" {
            let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
            guard Self.textExtensions.union(["xlsx", "ipynb", "fcsim"]).contains(ext) else {
                throw ValidationError("--output \(output): expected a file ending in .txt, .csv, .md or .json (or a report: .xlsx, .html, .ipynb), found '.\(ext)', which fundcast does not write")
            }
        }
        if let f = formatOption, let output, let named = ExportFormat(path: output), named.outputFormat != f {
            throw ValidationError("--format \(f.rawValue) with --output \(output): the extension names \(named.rawValue); give --output with a .\(f == .table ? "txt" : f.rawValue) name, or leave out --format")
        }
    }

    /// A command that writes tables only refuses an `--output` naming a report file (`.xlsx`, `.html`,
    /// `.ipynb`) without `--format`: it would get a text table under that name.
    func refuseReportFile(_ command: String) throws(CommandFailure) {
        guard formatOption == nil, let output, let f = ExportFormat(path: output), f.outputFormat == nil else { return }
        throw CommandFailure.message("--output \(output): expected a file ending in .csv, .md, .json or .txt for \(command) (it writes tables), found '.\(f.rawValue)', a report file that run, budget and export write")
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension Language: ExpressibleByArgument {}
extension WarningLevel: ExpressibleByArgument {}
extension MoneyUnit: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
