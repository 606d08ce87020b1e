import Scenario
import Projection

/// The last guard before a table: a projection beyond any meaningful figure
/// (``ProjectionResult/boundsProblem()``) is refused with the year, fund and figure that left the range,
/// instead of printing a 20-digit balance.
enum ResultBounds {
    static func check(_ result: ProjectionResult, file: String) throws(CommandFailure) {
        if let problem = result.boundsProblem() { throw CommandFailure.message("\(file): \(problem)") }
    }
}
