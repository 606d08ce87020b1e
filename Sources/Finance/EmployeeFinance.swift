import Scenario
import Membership

/// The employee scheme's pooled fund and personal accounts, year by year (MODEL.md §3–5).
///
/// Contributions: `payers × base × rate × collection rate`; the employer part goes to the pooled
/// fund less `employer_share_to_pa`, the employee part to personal accounts. The pooled fund pays
/// benefits `A·c_A + R·ρ·c_A` with `c_A(t) = c_A(t0)·Π(1 + medical inflation)`, the cost level
/// calibrated so the calibration year reproduces reported spending, and transfers each retiree's
/// allocation to the personal accounts. Personal-account spending per member is calibrated the same
/// way and never exceeds what the accounts hold.
public struct EmployeeFinance: Sendable {
    /// Pooled-fund benefit cost per active member in the base year, 元.
    public let activeCostPerHead: Double
    /// Personal-account spending per member (active or retired) in the base year, 元.
    public let personalAccountSpendingPerHead: Double
    public let pooledCalibration: CalibrationTarget
    public let personalAccountCalibration: CalibrationTarget

    private let scheme: EmployeeScheme
    private let assumptions: Assumptions
    private let baseYear: Int

    /// Calibrates cost levels from the scenario's reported spending.
    public init(scenario: Scenario, scheme: EmployeeScheme, membership: [MembershipYear]) throws(FinanceError) {
        self.scheme = scheme
        self.assumptions = scenario.assumptions
        self.baseYear = scenario.baseYear
        let m = assumptions.medicalInflation
        func members(_ year: Int) -> MembershipYear? { membership.first { $0.year == year } }

        guard let pooled = CalibrationTarget.find(actual: scheme.baseYearActuals.pooledExpenditure, history: scenario.history,
                                                  scheme: .employeePooled, baseYear: baseYear, horizon: scenario.horizon),
              let y = members(pooled.year) else {
            throw FinanceError(key: "employee.base_year_actuals.pooled_expenditure",
                               expected: "the reported base-year pooled-fund spending (or an employee_pooled,expenditure row in the history CSV) to calibrate costs",
                               found: "neither")
        }
        let transfer = y.retired * scheme.retireeAllocation.value(in: pooled.year)
        let weightedMembers = y.active + scheme.retireeCostRatio.value(in: pooled.year) * y.retired
        guard weightedMembers > 0 else {
            throw FinanceError(key: "employee.active", expected: "members to spread spending over", found: "no active or retired members in \(pooled.year)")
        }
        guard pooled.amount >= transfer else {
            throw FinanceError(key: "employee.personal_account.retiree_allocation",
                               expected: "retirees' allocations (\(Int(transfer.rounded())) 元) within reported pooled spending",
                               found: "pooled spending of \(Int(pooled.amount.rounded())) 元 in \(pooled.year)")
        }
        activeCostPerHead = (pooled.amount - transfer) / weightedMembers / cumulativeGrowth(m, from: baseYear, to: pooled.year)
        pooledCalibration = pooled

        guard let pa = CalibrationTarget.find(actual: scheme.baseYearActuals.personalAccountExpenditure, history: scenario.history,
                                              scheme: .employeePersonalAccount, baseYear: baseYear, horizon: scenario.horizon),
              let yp = members(pa.year) else {
            throw FinanceError(key: "employee.base_year_actuals.pa_expenditure",
                               expected: "the reported base-year personal-account spending (or an employee_pa,expenditure row in the history CSV)",
                               found: "neither")
        }
        personalAccountSpendingPerHead = yp.employeeInsured > 0
            ? pa.amount / yp.employeeInsured / cumulativeGrowth(m, from: baseYear, to: pa.year) : 0
        personalAccountCalibration = pa
    }

    /// Contribution drivers in `year`.
    public func drivers(in year: Int, members: MembershipYear) -> ContributionDrivers {
        ContributionDrivers(
            payers: members.payers,
            averageBase: scheme.averageBase.anchoredLevel(in: year, baseYear: baseYear, growth: assumptions.wageGrowth),
            employerRate: scheme.employerRate.value(in: year),
            employeeRate: scheme.employeeRate.value(in: year),
            collectionRate: scheme.collectionRate.value(in: year))
    }

    /// Projects both accounts from the base year to the last year in `membership`.
    /// The base year's row reproduces reported income (a `unexplainedIncome` line takes the gap)
    /// and carries the reported closing balances.
    public func project(_ membership: [MembershipYear]) -> [EmployeeYear] {
        var years: [EmployeeYear] = []
        var pooledBalance = scheme.pooledBalance ?? 0
        var paBalance = scheme.personalAccountBalance ?? 0
        for members in membership {
            let t = members.year
            let isBase = t == baseYear
            let d = drivers(in: t, members: members)
            let employer = d.totalBase * d.employerRate * d.collectionRate
            let toPA = employer * scheme.employerShareToPersonalAccount.value(in: t)
            let growth = cumulativeGrowth(assumptions.medicalInflation, from: baseYear, to: t)
            let costActive = activeCostPerHead * growth
            let rate = isBase ? 0 : assumptions.interestRate.value(in: t)

            var pooled = PooledFundYear(
                employerContributions: employer - toPA,
                fiscalSubsidy: scheme.fiscalSubsidy.value(in: t),
                interest: 0,
                otherIncome: scheme.otherIncome.value(in: t),
                unexplainedIncome: 0,
                activeBenefits: members.active * costActive,
                retireeBenefits: members.retired * costActive * scheme.retireeCostRatio.value(in: t),
                transferToPersonalAccounts: members.retired * scheme.retireeAllocation.value(in: t),
                closingBalance: 0)
            var pa = PersonalAccountYear(
                employeeContributions: d.totalBase * d.employeeRate * d.collectionRate,
                employerShare: toPA,
                retireeAllocation: pooled.transferToPersonalAccounts,
                interest: 0, unexplainedIncome: 0, spending: 0, closingBalance: 0)
            let paDemand = members.employeeInsured * personalAccountSpendingPerHead * growth

            if isBase {
                if let reported = scheme.baseYearActuals.pooledIncome { pooled.unexplainedIncome = reported - pooled.income }
                if let reported = scheme.baseYearActuals.personalAccountIncome { pa.unexplainedIncome = reported - pa.income }
                pa.spending = paDemand
                pooled.closingBalance = pooledBalance
                pa.closingBalance = paBalance
            } else {
                pooled.interest = interestOnAverageBalance(rate: rate, opening: pooledBalance, netFlowBeforeInterest: pooled.income - pooled.expenditure)
                pooledBalance += pooled.income - pooled.expenditure
                pooled.closingBalance = pooledBalance
                // Accounts cannot be overdrawn: spending is capped at what they hold.
                pa.spending = min(paDemand, max(0, paBalance + pa.income))
                pa.interest = interestOnAverageBalance(rate: rate, opening: paBalance, netFlowBeforeInterest: pa.income - pa.spending)
                paBalance += pa.income - pa.spending
                pa.closingBalance = paBalance
            }
            years.append(EmployeeYear(year: t, drivers: d, pooled: pooled, personalAccount: pa))
        }
        return years
    }
}
