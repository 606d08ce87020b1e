import ArgumentParser
import Scenario
import Projection
import Warnings
import Reports

/// `fundcast run`: the deterministic projection, one row per year.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Project every fund to the horizon, one row per year.",
        discussion: "Example: fundcast run Scenarios/example-city.yaml --format json")

    @OptionGroup var common: CommonOptions

    @OptionGroup var save: SaveOptions

    @OptionGroup var monthsPayable: MonthsPayableOptions

    func run() throws {
        let scenario = try common.loadScenario()
        let model = try ModelRun(scenario, file: common.scenarioName, unit: common.unit, locate: common.locate)
        // Saved first: a run database that cannot take the run fails the command before anything is printed or written.
        if let format = common.exportFormat, let output = common.output {
            let exporter = try Exporter(common: common, model: model, year: nil)
            try save.record("run", common: common, model: model, budget: try? Budget(model.result))
            try exporter.write(format, to: output, option: "--output")
            return try common.checkFailOn(model.warnings)
        }
        let lang = common.lang
        let style = NumberStyle(unit: common.unit ?? scenario.unit, grouping: common.format != .csv)
        var table = RunReport.table(model.result, style: style, language: lang, measure: monthsPayable.measure)
        // 市级统筹: the years are the city level's; its districts and 全市 are in budget's tables. Say whose they are.
        if !model.districts.isEmpty {
            let level = model.levelName
            if let name = table.title.range(of: scenario.name) { table.title.replaceSubrange(name, with: "\(scenario.name) — \(level)") }
            table.notes.append(lang.pick("本表为\(level)逐年数; 各区县(\(model.districts.map(\.name.region).joined(separator: "、")))的逐年数见其情景文件的 fundcast run, 全市 = 市本级 + 各区县见 fundcast budget",
                                         "The years are \(level)'s; each district's (\(model.districts.map(\.name.region).joined(separator: ", "))) are fundcast run on its own file, and 全市 = the city level + the districts is in fundcast budget"))
        }
        var out: String
        switch common.format {
        case .json:
            out = ProjectionJSON.document(model.result, warnings: model.warnings, basis: monthsPayable.basis).serialized() + "\n"
        case .csv:
            // Unique headers with units, plain numbers; a byte-order mark when written to a file (Excel).
            out = ReportCSV.render(RunReport.reportTable(model.result, measure: monthsPayable.measure), unit: style.unit, language: lang, bom: common.output != nil)
        case .md, .table:
            out = Label.commandLineChanges(scenario).map { $0.text(lang) + "\n\n" } ?? ""
            out += model.urgent.map { "!!! " + lang.pick($0.messageZh, $0.messageEn) + "\n" }.joined()
            out += common.format == .md ? TableRenderer.markdown(table) : TableRenderer.text(table)
            let lines = WarningRendering.lines(model.warnings, language: lang)
            // Each level's own indicators, named by its level when the scenario has districts (as its warnings are).
            let levels = [(model.levelName, model.result)] + model.districts.map { ($0.name.region, $0.run.result) }
            for (level, result) in levels {
                let prefix = model.districts.isEmpty ? "" : level + ": "
                out += Budget.horizonIndicators(result).map { "  " + prefix + $0.text(lang) + "\n" }.joined()
            }
            out += "\n" + lang.pick("风险预警", "Risk warnings") + "\n"
            out += WarningRendering.status(model.warnings, result: model.result, language: lang).map { "  " + $0 + "\n" }.joined()
            out += lines.map { "  " + $0 + "\n" }.joined()
        }
        // Saved once the output can be written and before it is visible (as budget).
        try common.emit(out) { () throws(CommandFailure) in try save.record("run", common: common, model: model, budget: try? Budget(model.result)) }
        try common.checkFailOn(model.warnings)
    }
}
