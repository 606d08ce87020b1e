import ArgumentParser
import Foundation
import Scenario
import Reports

/// `fundcast explain`: the drafted 预算测算依据及说明 of the budget.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Draft the budget's 预算测算依据及说明: one paragraph per budget line (base figure, calculation, assumptions with sources, result), then the warnings.",
        discussion: "Example: fundcast explain Scenarios/example-city.yaml --lang en --html --output basis.html")

    @OptionGroup var common: CommonOptions

    @Option(help: "Budget year (default: base_year + 1).")
    var year: Int?

    @Flag(help: "Write HTML instead of Markdown (with a waterfall chart of each line's drivers).")
    var html = false

    func validate() throws {
        if common.format == .csv || common.format == .json { throw ValidationError("explain writes Markdown (or HTML with --html), not --format \(common.format.rawValue)") }
    }

    func run() throws {
        let scenario = try common.loadScenario()
        let resolved = try common.loadResolved()
        let model = try ModelRun(scenario, file: common.scenarioName)
        let budget: Budget
        budget = try Budget(model.result, year: year)
        let text = BudgetExplanation(budget: budget, result: model.result, warnings: model.warnings, parameters: resolved.parameters,
                                     scenarioHash: resolved.hash, style: NumberStyle(unit: common.unit ?? scenario.unit, grouping: true),
                                     language: common.lang, attribution: html ? try? DriverAttribution(model.result, year: budget.year) : nil)
        try common.emit(html ? text.html : text.markdown)
    }
}
