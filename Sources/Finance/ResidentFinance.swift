import Scenario
import Membership

/// The resident scheme's fund, year by year: income `N × (subsidy + individual × collection rate)`,
/// benefits `N × c(t)` with `c(t) = c(t0)·Π(1 + medical inflation)` calibrated to reported spending.
public struct ResidentFinance: Sendable {
    /// Benefit cost per insured resident in the base year, 元.
    public let costPerHead: Double
    public let calibration: CalibrationTarget

    private let scheme: ResidentScheme
    private let assumptions: Assumptions
    private let baseYear: Int

    public init(scenario: Scenario, scheme: ResidentScheme, membership: [MembershipYear]) throws(FinanceError) {
        self.scheme = scheme
        self.assumptions = scenario.assumptions
        self.baseYear = scenario.baseYear
        guard let target = CalibrationTarget.find(actual: scheme.baseYearExpenditure, history: scenario.history,
                                                  scheme: .resident, baseYear: baseYear, horizon: scenario.horizon),
              let members = membership.first(where: { $0.year == target.year }) else {
            throw FinanceError(key: "resident.base_year_actuals.expenditure",
                               expected: "the reported base-year spending (or a resident,expenditure row in the history CSV) to calibrate costs",
                               found: "neither")
        }
        guard members.residentCostWeight > 0 else {
            throw FinanceError(key: "resident.insured", expected: "insured residents to spread spending over", found: "none in \(target.year)")
        }
        costPerHead = target.amount / members.residentCostWeight / cumulativeGrowth(assumptions.medicalInflation, from: baseYear, to: target.year)
        calibration = target
    }

    /// 人均财政补助 in `year`, 元: the dated standard, grown at `per_capita_growth` after its last knot.
    public func subsidyPerCapita(in year: Int) -> Double {
        scheme.subsidyPerCapita.anchoredLevel(in: year, baseYear: baseYear, growth: scheme.perCapitaGrowth)
    }

    /// 人均个人缴费 in `year`, 元.
    public func individualPerCapita(in year: Int) -> Double {
        scheme.individualPerCapita.anchoredLevel(in: year, baseYear: baseYear, growth: scheme.perCapitaGrowth)
    }

    public func project(_ membership: [MembershipYear]) -> [ResidentFundYear] {
        var balance = scheme.balance ?? 0
        return membership.map { members in
            let t = members.year
            let n = members.residentInsured
            var year = ResidentFundYear(
                insured: n,
                individualContributions: n * individualPerCapita(in: t) * scheme.collectionRate.value(in: t),
                fiscalSubsidies: n * subsidyPerCapita(in: t),
                interest: 0,
                otherIncome: scheme.otherIncome.value(in: t),
                unexplainedIncome: 0,
                benefits: members.residentCostWeight * costPerHead * cumulativeGrowth(assumptions.medicalInflation, from: baseYear, to: t),
                closingBalance: balance)
            if t == baseYear {
                if let reported = scheme.baseYearIncome { year.unexplainedIncome = reported - year.income }
            } else {
                year.interest = interestOnAverageBalance(rate: assumptions.interestRate.value(in: t), opening: balance,
                                                         netFlowBeforeInterest: year.income - year.expenditure)
                balance += year.income - year.expenditure
                year.closingBalance = balance
            }
            return year
        }
    }
}
