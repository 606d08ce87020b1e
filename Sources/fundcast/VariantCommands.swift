import ArgumentParser
import Scenario
import Reports
import Engine

/// What `sweep`, `stress` and `solve` share: rendering a report document in the common formats and
/// reporting the variants that failed.
enum VariantOutput {
    /// 市级统筹: the variant commands project the scenario's own level only; they say so.
    static func districtNote(_ scenario: Scenario) -> Label? {
        guard !scenario.districts.isEmpty else { return nil }
        let names = scenario.districts.map(\.region).joined(separator: ", ")
        return Label("指标为本级(\(scenario.region))的: 下辖区县(\(names))按其情景文件测算, 其上解与补助计入本级; 各区县的指标请分别以其情景文件运行",
                     "The figures are this level's (\(scenario.region)): its districts (\(names)) are projected from their own files for the flows with it; run each district's scenario for its own figures")
    }

    /// The document as `--format` asks: tables for the terminal or Markdown, the last (long) table as
    /// CSV, the whole document as JSON (money in 元).
    static func render(_ document: ReportDocument, common: CommonOptions, scenario: Scenario) -> String {
        var doc = document
        if let note = districtNote(scenario) { doc.subtitle.append(note) }
        let lang = common.lang
        let unit = common.unit ?? scenario.unit
        switch common.format {
        case .json:
            return ReportJSON.document(doc, unit: .yuan, language: lang).serialized() + "\n"
        case .csv:
            return ReportCSV.render(doc.tables.last!, unit: unit, language: lang, bom: common.output != nil)
        case .table, .md:
            let style = NumberStyle(unit: unit, grouping: true)
            var out = doc.title.text(lang) + "\n" + doc.subtitle.map { $0.text(lang) + "\n" }.joined()
            for section in doc.sections {
                for p in section.paragraphs { out += "\n" + p.text(lang) + "\n" }
                for t in section.tables {
                    let table = TextTables.table(t, style: style, language: lang)
                    out += "\n" + (common.format == .md ? TableRenderer.markdown(table) : TableRenderer.text(table))
                }
            }
            return out
        }
    }

    /// Every failed variant on its own line (the first 20, then a count); exit 1.
    /// `numbered`: sweep and stress name each failed point by its place in the batch (`variant 37 (…)`);
    /// goal seek's points are its own, so it names only the value (`at employee.employer_rate=1.5`), once.
    static func failure(_ errors: VariantErrors, file: String, numbered: Bool = true) -> CommandFailure {
        // In order, each once (a Set: a sweep may fail at every one of a million points).
        var lines: [String] = [], seen: Set<String> = []
        for e in errors.errors {
            let line = "error: \(file): " + (numbered ? "\(e)" : "at \(e.label): \(e.message)") + "\n"
            if seen.insert(line).inserted { lines.append(line) }
        }
        let shown = lines.prefix(20).joined()
        let more = lines.count > 20 ? "error: \(lines.count - 20) more variants failed\n" : ""
        return CommandFailure(message: escapingControlCharacters(shown + more, keepingNewlines: true), code: 1)
    }

    /// `--at` years inside the projection.
    static func checkYears(_ years: [Int], scenario: Scenario, option: String) throws(CommandFailure) {
        for y in years where !(scenario.baseYear + 1...scenario.horizon).contains(y) {
            throw CommandFailure.message("\(option) \(y): expected a projected year from \(scenario.baseYear + 1) to \(scenario.horizon), found \(y)")
        }
    }
}

/// `fundcast sweep`: any numeric key over a range, or a grid of two, with key metrics per point.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over a range of one numeric key, or a grid of two, with key metrics per point.",
        discussion: """
        Per point: depletion year per fund, the lowest months payable and its year, balance and months
        payable in the budget year and at each --at year, and the break-even employer rate. A grid of two
        keys also prints a matrix of depletion years. Values are read as --set reads them (money in the
        scenario's unit, rates as fractions).
        Examples:
          fundcast sweep Scenarios/china-national.yaml --vary employee.employer_rate=0.06:0.10:0.005 --at 2030 --at 2035
          fundcast sweep Scenarios/china-national.yaml --vary employee.employer_rate=0.06:0.10:0.01 --vary population.tfr=1.0:1.6:0.2
        Numeric keys (for --vary, and for solve --for):
          \(NumericKey.catalogue.map(\.path).joined(separator: ", "))
        """)

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("vary"), help: ArgumentHelp("A numeric key and its range; once, or twice for a grid.", valueName: "KEY=FROM:TO:STEP"))
    var vary: [String] = []

    @Option(name: .customLong("at"), parsing: .unconditionalSingleValue, help: ArgumentHelp("Also keep balance, months payable and break-even rate in this year. Repeatable.", valueName: "YEAR"))
    var at: [Int] = []

    @Flag(help: "Run more than \(SweepAxis.maximumPoints) grid points.")
    var force = false

    func run() throws {
        try common.refuseFailOn("sweep")
        try common.render.refuseReportFile("sweep")
        guard (1...2).contains(vary.count) else {
            throw CommandFailure.message("--vary: expected one key, or two for a grid, e.g. --vary employee.employer_rate=0.06:0.10:0.005, found \(vary.count)")
        }
        var axes: [SweepAxis] = []
        for text in vary {
            switch SweepAxis.parse(text) {
            case .success(let a): axes.append(a)
            case .failure(let e): throw CommandFailure.message("--vary \(e)")
            }
        }
        if axes.count == 2, axes[0].key == axes[1].key {
            throw CommandFailure.message("--vary \(vary[1]): expected a second key different from the first, found \(axes[1].key.path) twice")
        }
        let points = axes.reduce(1.0) { $0 * Double($1.values.count) }
        if points > Double(SweepAxis.maximumPoints), !force {
            throw CommandFailure.message("--vary: expected at most \(wholeNumber(Double(SweepAxis.maximumPoints))) grid points (or --force), found \(wholeNumber(points))")
        }
        // Even with --force the grid is held in memory (about 3 KB a point with its table row): bounded.
        if points > Double(SweepAxis.maximumForcedPoints) {
            throw CommandFailure.message("--vary: expected at most \(wholeNumber(Double(SweepAxis.maximumForcedPoints))) grid points even with --force (a point's summary and table row take about 3 KB), found \(wholeNumber(points)); split the range into several sweeps")
        }
        // Each point is `run --set KEY=V --assumptions SET`: the set applies after the point's value.
        let (scenario, unadjusted, set) = try common.loadScenarioAndSet()
        try VariantOutput.checkYears(at, scenario: scenario, option: "--at")
        switch Engine(unadjusted, adjustment: set).sweep(axes, at: at) {
        case .failure(let errors): throw VariantOutput.failure(errors, file: common.scenarioName)
        case .success(let sweep):
            // Points that failed keep their empty rows (with the reason in the table's notes); said on stderr too.
            let failed = sweep.points.compactMap(\.failure)
            for e in failed.prefix(20) { OutputWriter.writeStandardError(escapingControlCharacters("warning: \(common.scenarioName): \(e)") + "\n") }
            if failed.count > 20 { OutputWriter.writeStandardError("warning: \(failed.count - 20) more points could not be projected\n") }
            try common.emit(VariantOutput.render(SweepReport.document(sweep, scenario: scenario), common: common, scenario: scenario))
        }
    }
}

/// `fundcast stress`: named shocks against the baseline, side by side.
struct StressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stress",
        abstract: "Run named shocks against the baseline: depletion year, months payable and the balance gap side by side.",
        discussion: """
        Shipped shocks (all when none is named): \(ShippedAdjustments.shockNames.joined(separator: ", ")).
        Each is a small YAML file in Scenarios/shocks/ saying what it changes, by how much and why; copy
        one to write your own and pass it with --shocks FILE.
        Examples:
          fundcast stress Scenarios/china-national.yaml
          fundcast stress Scenarios/example-city.yaml --shock wage-slowdown --shock medical-inflation --assumptions high-cost
        """)

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("shock"), help: ArgumentHelp("A shipped shock by name. Repeatable.", valueName: "NAME"))
    var shocks: [String] = []

    @Option(name: .customLong("shocks"), help: ArgumentHelp("A YAML file of your own shock (the format of Scenarios/shocks/*.yaml). Repeatable.", valueName: "FILE"))
    var files: [String] = []

    func run() throws {
        try common.refuseFailOn("stress")
        try common.render.refuseReportFile("stress")
        var adjustments: [Adjustment] = []
        for name in shocks { adjustments.append(try ShippedAdjustments.shock(name)) }
        for file in files {
            do { adjustments.append(try Adjustment.read(path: file, option: "--shocks")) } catch { throw CommandFailure.input(error) }
        }
        if adjustments.isEmpty { adjustments = ShippedAdjustments.shocks }
        let scenario = try common.loadScenario()
        // A shock that cannot be applied or projected (a TFR taken below 0 on top of a high-cost set) is
        // its own row with its reason: the other shocks still compare with the baseline. The baseline must run.
        // Each row: its name, title, and the variant to project or why it cannot be built (not projected).
        var entries: [(name: String, title: Label, variant: Result<Variant, VariantFailure>)] =
            [("baseline", Label("基准情景", "Baseline"), .success(Variant(scenario: scenario, label: "baseline")))]
        for a in adjustments {
            let variant = Engine.applying(a, to: scenario).map { Variant(scenario: $0, label: a.name) }.mapError { VariantFailure(reason: "\(a.file): \($0)") }
            entries.append((a.name, Label(a.titleZh, a.titleEn), variant))
        }
        let years = StressReport.years(scenario)
        let runnable = entries.compactMap { try? $0.variant.get() }
        let projected = Engine(scenario).run(runnable) { PointSummary($0, at: years) }
        // The baseline (always built, the first projected) must run: there is nothing to compare with otherwise.
        if case .failure(let e) = projected[0] { throw VariantOutput.failure(VariantErrors(errors: [e]), file: common.scenarioName) }
        var results = projected.makeIterator()
        let rows = entries.map { e -> StressRow in
            switch e.variant {
            case .failure(let f): return StressRow(name: e.name, title: e.title, failure: f.reason)
            case .success:
                switch results.next()! {
                case .success(let summary): return StressRow(name: e.name, title: e.title, summary: summary)
                case .failure(let err): return StressRow(name: e.name, title: e.title, failure: err.message)
                }
            }
        }
        for r in rows { if let reason = r.failure { OutputWriter.writeStandardError("warning: \(common.scenarioName): shock \(r.name) not projected, its row is empty: \(escapingControlCharacters(reason, keepingNewlines: false))\n") } }
        try common.emit(VariantOutput.render(StressReport.document(rows, scenario: scenario), common: common, scenario: scenario))
    }
}

/// `fundcast solve`: goal seek on the engine.
struct SolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve",
        abstract: "Find the value of a numeric key that keeps a per-year metric at or above (or below) a value through a year.",
        discussion: """
        METRIC is a per-year figure of the run JSON (money in 元): \(YearMetric.allCases.map(\.rawValue).joined(separator: ", ")).
        Rates and growth keys search their whole range unless --between is given; other keys need --between.
        Examples:
          fundcast solve Scenarios/china-national.yaml --for employee.employer_rate --keep 'employee.pooled.months_payable>=6' --through 2035
          fundcast solve Scenarios/example-city.yaml --for resident.individual_per_capita --keep 'resident.surplus>=0' --through 2030 --between 300:2000
        """)

    @OptionGroup var common: CommonOptions

    @Option(name: .customLong("for"), help: ArgumentHelp("The numeric key to solve for.", valueName: "KEY"))
    var key: String

    @Option(help: ArgumentHelp("The condition, METRIC>=VALUE or METRIC<=VALUE.", valueName: "CONDITION"))
    var keep: String

    @Option(parsing: .unconditional, help: ArgumentHelp("The last year the condition must hold in.", valueName: "YEAR"))
    var through: Int

    // Unconditional: a bracket may start below zero (`--between -0.02:0.05`), which would read as an option.
    @Option(parsing: .unconditional, help: ArgumentHelp("The search bracket LO:HI (in the key's unit, as --set reads it).", valueName: "LO:HI"))
    var between: String?

    // A String, read here: a negative value would otherwise read as an option ("Missing value").
    @Option(parsing: .unconditional, help: ArgumentHelp("Stop when the bracket is narrower than this (in the key's unit; default 1e-6).", valueName: "TOLERANCE"))
    var tolerance: String = "1e-6"

    func run() throws {
        try common.refuseFailOn("solve")
        try common.render.refuseReportFile("solve")
        let key: NumericKey
        switch NumericKey.named(self.key) {
        case .success(let k): key = k
        case .failure(let e): throw CommandFailure.message("--for \(e)")
        }
        let condition: KeepCondition
        switch KeepCondition.parse(keep) {
        case .success(let c): condition = c
        case .failure(let e): throw CommandFailure.message("--keep \(e)")
        }
        var bracket = key.bounds
        if let between {
            let parts = between.split(separator: ":", omittingEmptySubsequences: false).map { key.commandLineValue($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let lo = parts[0], let hi = parts[1] else {
                throw CommandFailure.message("--between \(between): expected LO:HI, two plain numbers, e.g. 0.05:0.12\(key.measure == .rate ? " or 5%:12%" : ""), found '\(between)'")
            }
            guard lo < hi else { throw CommandFailure.message("--between \(between): expected LO below HI (a reversed or empty bracket), found \(between)") }
            bracket = lo...hi
        }
        guard let bracket else {
            throw CommandFailure.message("--for \(key.path): expected --between LO:HI for a key that is not a rate (\(key.expected)), found no --between")
        }
        guard let tolerance = key.commandLineValue(tolerance), tolerance > 0 else {
            throw CommandFailure.message("--tolerance \(tolerance): expected a number above 0, found '\(tolerance)'")
        }
        let (scenario, unadjusted, set) = try common.loadScenarioAndSet()
        try VariantOutput.checkYears([through], scenario: scenario, option: "--through")
        if let why = condition.metric.missing(in: scenario) {
            throw CommandFailure.message("--keep \(keep): expected a metric \(common.scenarioName) gives, found \(condition.metric.rawValue), which it does not: \(why)")
        }
        switch Engine(unadjusted, adjustment: set).solve(key, in: bracket, condition: condition, through: through, tolerance: tolerance) {
        case .failure(let errors): throw VariantOutput.failure(errors, file: common.scenarioName, numbered: false)
        case .success(let r):
            try common.emit(VariantOutput.render(SolveReport.document(r, key: key, condition: condition, through: through, scenario: scenario), common: common, scenario: scenario))
        }
    }
}

/// Why a stress row's variant could not be built (its shock could not be applied).
private struct VariantFailure: Error {
    var reason: String
}
