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
}
