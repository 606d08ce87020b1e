import ArgumentParser
import Foundation
import Scenario
import Projection
import Warnings
import Reports

/// `fundcast budget`: next year's budget tables (基金预算草案) with risk warnings.
struct BudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Print next year's budget tables per fund, with reconciliation and risk warnings.",
        discussion: "Example: fundcast budget Scenarios/example-city.yaml --unit 亿元 --lang both")

    @OptionGroup var common: CommonOptions

    @Option(help: "Budget year (default: base_year + 1).")
    var year: Int?

    func run() throws {
        let scenario = try common.loadScenario()
        let model = try ModelRun(scenario, file: common.scenarioName)
        let budget: Budget
        do {
            budget = try Budget(model.result, year: year)
        } catch {
            throw CommandFailure.message("\(error)")
        }
        let style = NumberStyle(unit: common.unit ?? scenario.unit, grouping: common.format != .csv)
        try common.emit(render(budget, model, style: style))
        try common.checkFailOn(model.warnings)
    }

    func render(_ budget: Budget, _ model: ModelRun, style: NumberStyle) -> String {
        let lang = common.lang
        let scenario = model.result.scenario
        switch common.format {
        case .json:
            return ProjectionJSON.document(model.result, warnings: model.warnings, budget: budget).serialized() + "\n"
        case .csv:
            return TableRenderer.csv(budget.flatTable(style: style, language: lang))
        case .table, .md:
            let markdown = common.format == .md
            let render: (Reports.Table) -> String = { markdown ? TableRenderer.markdown($0) : TableRenderer.text($0) }
            var out = common.format == .md ? "## " : ""
            out += lang.pick("\(scenario.name) — \(budget.year)年基金预算草案", "\(scenario.name) — draft fund budget for \(budget.year)") + "\n"
            out += lang.pick("情景文件: \(scenario.source); 基期 \(scenario.baseYear) 年", "Scenario: \(scenario.source); base year \(scenario.baseYear)") + "\n\n"
            for w in model.urgent {
                out += "!!! " + lang.pick(w.messageZh, w.messageEn) + "\n\n"
            }
            for table in budget.tables(style: style, language: lang) {
                out += render(table) + "\n"
            }
            out += (common.format == .md ? "### " : "") + lang.pick("风险预警", "Risk warnings") + "\n"
            out += lang.pick("预警状态", "Status") + ": " + WarningRendering.summary(model.warnings, funds: model.result.funds, language: lang) + "\n"
            let lines = WarningRendering.lines(model.warnings, language: lang)
            out += lines.isEmpty ? lang.pick("无预警\n", "No warnings\n") : lines.map { (common.format == .md ? "- " : "  ") + $0 + "\n" }.joined()
            return out
        }
    }
}
