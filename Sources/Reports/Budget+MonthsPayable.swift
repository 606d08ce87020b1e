import Scenario
import Finance
import Projection

extension Budget {
    /// The budget with its months-payable rows (`months_payable`) by `measure`: the employee
    /// pooled table's row takes the chosen basis (and its name says which), every row the chosen
    /// rounding. Rows withheld for an unknown balance stay empty.
    public func applying(_ measure: MonthsPayableMeasure, _ result: ProjectionResult) -> Budget {
        guard measure != .standard else { return self }
        var budget = self
        for t in budget.tables.indices {
            for r in budget.tables[t].rows.indices where budget.tables[t].rows[r].code == "months_payable" {
                var row = budget.tables[t].rows[r]
                // The city level's own pooled table: district tables (`<district>.<table>`) and 全市 come from
                // other projections and keep their pooled-basis figures.
                if budget.tables[t].code == Fund.employeePooled.rawValue, measure.basis != .pooled {
                    if row.previous != nil { row.previous = result.year(previousYear)?.employee?.monthsPayable(measure.basis) }
                    if row.budget != nil { row.budget = result.year(year)?.employee?.monthsPayable(measure.basis) }
                    row.label = RunReport.pooledMonthsLabel(measure.basis)
                }
                row.previous = measure.shown(row.previous)
                row.budget = measure.shown(row.budget)
                budget.tables[t].rows[r] = row
            }
        }
        return budget
    }
}
