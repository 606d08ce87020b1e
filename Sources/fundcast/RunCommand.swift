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

    func run() throws {
        let scenario = try common.loadScenario()
        let model = try ModelRun(scenario, file: common.scenarioName)
        let lang = common.lang
        let style = NumberStyle(unit: common.unit ?? scenario.unit, grouping: common.format != .csv)
        let table = RunReport.table(model.result, style: style, language: lang)
        var out: String
        switch common.format {
        case .json:
            out = ProjectionJSON.document(model.result, warnings: model.warnings).serialized() + "\n"
        case .csv:
            out = TableRenderer.csv(table)
        case .md, .table:
            out = model.urgent.map { "!!! " + lang.pick($0.messageZh, $0.messageEn) + "\n" }.joined()
            out += common.format == .md ? TableRenderer.markdown(table) : TableRenderer.text(table)
            let lines = WarningRendering.lines(model.warnings, language: lang)
            out += Budget.horizonIndicators(model.result).map { "  " + $0.text(lang) + "\n" }.joined()
            out += "\n" + lang.pick("风险预警", "Risk warnings") + ": " + WarningRendering.summary(model.warnings, funds: model.result.funds, language: lang) + "\n"
            out += lines.map { "  " + $0 + "\n" }.joined()
        }
        try common.emit(out)
        try save.record("run", common: common, model: model, budget: try? Budget(model.result))
        try common.checkFailOn(model.warnings)
    }
}
