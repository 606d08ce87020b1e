import Foundation
import Reports
import Scenario
import Projection
import Warnings

/// A scenario projected and judged: what `run` and `budget` render.
struct ModelRun {
    var result: ProjectionResult
    var warnings: [RiskWarning]

    init(_ scenario: Scenario, file: String) throws(CommandFailure) {
        do {
            result = try Projection.run(scenario)
        } catch {
            throw CommandFailure.finance(error, file: file)
        }
        try ResultBounds.check(result, file: file)
        warnings = WarningRules.evaluate(result)
    }

    /// Depletion within the alert window: printed at the top of every output.
    var urgent: [RiskWarning] { warnings.filter(\.isUrgent) }

    /// The budget of `year`, with each district's and 全市 = Σ beside it when the scenario lists
    /// `districts:` (市级统筹); what `budget` prints and `export` writes.
    func budget(year: Int?, allRows: Bool = false) throws(CommandFailure) -> Budget {
        let scenario = result.scenario
        do {
            let budget = try Budget(result, year: year, allRows: allRows)
            var districts: [(code: String, name: String, budget: Budget)] = []
            for (file, d) in zip(scenario.districtFiles, scenario.districts) {
                let code = URL(fileURLWithPath: file.path).deletingPathExtension().lastPathComponent
                districts.append((code, d.region, try Budget(try ModelRun(d, file: file.path).result, year: budget.year, allRows: allRows)))
            }
            return budget.addingDistricts(districts)
        } catch let error as CommandFailure {
            throw error
        } catch let error as BudgetError {
            throw CommandFailure.message("--year: \(error)")
        } catch {
            throw CommandFailure.message("\(error)")
        }
    }
}
