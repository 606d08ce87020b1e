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

    @Option(parsing: .unconditional, help: "Budget year (default: base_year + 1).")
    var year: Int?

    @Flag(help: "Write HTML instead of Markdown (with a waterfall chart of each line's drivers).")
    var html = false

    func validate() throws {
        if common.format == .csv || common.format == .json { throw ValidationError("explain writes Markdown (or HTML with --html), not --format \(common.format.rawValue)") }
        // A file's extension, when it has one, must say what it holds: Markdown, or HTML (with --html, or
        // named .html); a name without one takes what is asked.
        if let output = common.output, output != "-" {
            let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
            let allowed = html ? ["html", "htm"] : common.render.formatOption == .md ? ["md", "markdown", "txt"] : ["md", "markdown", "txt", "html", "htm"]
            guard ext.isEmpty || allowed.contains(ext) else {
                throw ValidationError("--output \(output): expected a file ending in \(allowed.map { "." + $0 }.joined(separator: ", ")) (explain writes \(html ? "HTML" : "Markdown, or HTML")), found '.\(ext)'")
            }
        }
    }

    /// HTML with `--html` or for an `--output` named `.html`.
    var writesHTML: Bool {
        html || common.output.map { ["html", "htm"].contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) } == true
    }

    func run() throws {
        let scenario = try common.loadScenario()
        let resolved = try common.loadResolved()
        let model = try ModelRun(scenario, file: common.scenarioName, unit: common.unit, locate: common.locate)
        let budget: Budget
        budget = try Budget(model.result, year: year, unit: common.unit)
        let text = BudgetExplanation(budget: budget, result: model.result, warnings: model.warnings, parameters: try common.shownParameters(resolved, scenario: scenario),
                                     scenarioHash: resolved.hash, style: NumberStyle(unit: common.unit ?? scenario.unit, grouping: true),
                                     language: common.lang, attribution: writesHTML ? try? DriverAttribution(model.result, year: budget.year) : nil)
        try common.emit(writesHTML ? text.html : text.markdown)
        try common.checkFailOn(model.warnings)
    }
}
