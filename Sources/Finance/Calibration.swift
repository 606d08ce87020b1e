import Scenario

/// A reported figure that a cost level is calibrated to: which year, how much, and where it came from.
public struct CalibrationTarget: Sendable, Equatable {
    public enum Origin: String, Sendable, Equatable {
        /// `base_year_actuals` in the scenario.
        case baseYearActuals = "base_year_actuals"
        /// A row of the scenario's history CSV.
        case history
    }
    public var year: Int
    /// 元.
    public var amount: Double
    public var origin: Origin

    /// The target for a fund's spending, or an error naming the scenario key to fill in.
    /// - Parameters:
    ///   - key: the `base_year_actuals` key of the reported figure.
    ///   - what: the figure in words, for the message.
    static func required(actual: Double?, scenario: Scenario, scheme: HistoryRecord.Scheme, projectedYears: [Int],
                         key: String, what: String) throws(FinanceError) -> CalibrationTarget {
        guard let target = find(actual: actual, history: scenario.history, scheme: scheme, baseYear: scenario.baseYear, horizon: scenario.horizon),
              projectedYears.contains(target.year) else {
            // A combined table (含个人账户) alone splits into the pooled fund only with the accounts' figures.
            let combinedOnly = scheme == .employeePooled && scenario.employee.map { !$0.baseYearLines.combined.isEmpty } == true
            let hint = combinedOnly
                ? "; with only the combined fund's table (employee.base_year_lines), also give the personal accounts' spending (employee.base_year_actuals.pa_expenditure, or 待遇支出 / 支出合计 in employee.personal_account.base_year_lines) so that the pooled fund's is the rest, or the pooled fund's own table (employee.pooled.base_year_lines)"
                : ""
            throw FinanceError(key: key, expected: "the reported base-year \(what) (or an \(scheme.rawValue),expenditure row in the history CSV for a year from \(scenario.baseYear) to \(scenario.horizon)) to calibrate costs\(hint)",
                               found: "neither")
        }
        return target
    }

    /// The base-year actual if given, else the earliest history row at or after the base year.
    static func find(actual: Double?, history: [HistoryRecord], scheme: HistoryRecord.Scheme,
                     baseYear: Int, horizon: Int) -> CalibrationTarget? {
        if let actual { return CalibrationTarget(year: baseYear, amount: actual, origin: .baseYearActuals) }
        let row = history
            .filter { $0.scheme == scheme && $0.metric == .expenditure && $0.year >= baseYear && $0.year <= horizon }
            .min { $0.year < $1.year }
        return row.map { CalibrationTarget(year: $0.year, amount: $0.value, origin: .history) }
    }
}

/// `Π_{s=from+1…to} (1 + m(s))`: the growth of a per-capita cost from one year to a later one.
public func cumulativeGrowth(_ rate: DatedValue<Double>, from: Int, to: Int) -> Double {
    guard to > from else { return 1 }
    return ((from + 1)...to).reduce(1.0) { $0 * (1 + rate.value(in: $1)) }
}
