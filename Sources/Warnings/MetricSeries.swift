import Scenario
import Finance
import Projection

/// A fund account with the shortfall cover of 财社〔2017〕144号 第三十八条 (pooled and resident funds).
protocol CoveredAccount: FundAccount {
    var incomeBeforeCover: Double { get }
    var deficitCover: DeficitCover { get }
}

extension PooledFundYear: CoveredAccount {}
extension ResidentFundYear: CoveredAccount {}

/// The yearly values of each rule's metric, base year first (its reported figures), then every
/// projected year. Flows are taken before outside cover: a year the treasury balances is still a
/// deficit year.
struct MetricSeries {
    let result: ProjectionResult

    init(_ result: ProjectionResult) { self.result = result }

    func account(_ scheme: WarningScheme, _ y: YearResult) -> (any CoveredAccount)? {
        switch scheme {
        case .employeePooled: return y.employee?.pooled
        case .resident: return y.resident
        case .employee, .employeePersonalAccount, .total: return nil
        }
    }

    /// nil when the scheme is not in the projection, or the metric needs a balance that was not reported.
    func values(_ metric: WarningMetric, _ scheme: WarningScheme) -> [(year: Int, value: Double?)]? {
        if scheme == .employee {
            guard metric == .dependencyRatio, result.scenario.employee != nil else { return nil }
            return result.years.map { ($0.year, $0.members.dependencyRatio) }
        }
        let fund: Fund = scheme == .resident ? .resident : .employeePooled
        guard result.funds.contains(fund), metric != .dependencyRatio else { return nil }
        if metric.needsBalance, !result.balanceKnown(fund) { return nil }
        var previous: (any CoveredAccount)?
        return result.years.map { y in
            defer { previous = account(scheme, y) }
            guard let a = account(scheme, y) else { return (y.year, nil) }
            return (y.year, value(metric, a, previous: previous))
        }
    }

    func value(_ metric: WarningMetric, _ a: any CoveredAccount, previous: (any CoveredAccount)?) -> Double? {
        let income = a.incomeBeforeCover, spending = a.expenditure
        switch metric {
        case .monthsPayable: return a.monthsPayable
        case .balanceBeforeCover: return a.closingBalance - a.deficitCover.coverIncome
        case .currentSurplus: return income - spending
        case .surplusRate: return income > 0 ? (income - spending) / income : nil
        case .balanceToIncome: return income > 0 ? a.closingBalance / income : nil
        case .growthGap:
            guard let p = previous, p.incomeBeforeCover > 0, p.expenditure > 0 else { return nil }
            return (spending / p.expenditure - 1) - (income / p.incomeBeforeCover - 1)
        case .adjustmentFund: return a.deficitCover.adjustmentFund
        case .fiscalSubsidy: return a.deficitCover.fiscalSubsidy
        case .coverGap: return a.deficitCover.gap
        case .dependencyRatio, .depletionProbability, .ytdMonthsPayable, .estimateToBudget, .unbudgetedSpending: return nil
        }
    }
}
