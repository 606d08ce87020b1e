import Scenario
import Membership

/// The employee scheme's pooled fund and personal accounts, year by year (MODEL.md §3–5).
///
/// Contributions: `payers × base × rate × collection rate`; the employer part goes to the pooled
/// fund less `employer_share_to_pa`, the employee part to personal accounts. The pooled fund pays
/// benefits `c(t)·(W_A + W_R)`, the members weighted by their age-sex-state relative cost (see
/// ``MembershipYear/activeCostWeight``), with `c(t) = c(t0)·Π(1 + medical inflation)`, the cost level
/// calibrated so the calibration year reproduces reported spending, and transfers each retiree's
/// allocation to the personal accounts. Members spend from what their accounts hold: personal-account
/// spending is a drawdown rate `d` of the resources available in the year, `X = d·(F_open + I)`,
/// with `d` calibrated to reported spending. When the 2021 reform cuts account income, spending
/// falls with it instead of draining the accounts.
public struct EmployeeFinance: Sendable {
    /// Pooled-fund benefit cost per unit of cost weight (an average active member without an age
    /// profile) in the base year, 元.
    public let activeCostPerHead: Double
    /// Share of the accounts' resources (opening balance + income) spent in a year.
    public private(set) var personalAccountDrawdownRate: Double
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
        let weightedMembers = y.activeCostWeight + y.retiredCostWeight
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
        guard yp.employeeInsured > 0 else {
            throw FinanceError(key: "employee.active", expected: "members with personal accounts", found: "none in \(pa.year)")
        }
        personalAccountCalibration = pa
        personalAccountDrawdownRate = 0
        personalAccountDrawdownRate = try calibrateDrawdown(to: pa, membership: membership)
    }

    /// The drawdown rate at which spending in the calibration year equals the reported figure.
    /// In the base year, opening balance + income = closing balance + spending, so `d = X / (C + X)`
    /// (without a reported balance the opening one is taken as zero: `d = X / I`). For a later
    /// history year, projected spending rises with the rate and bisection on [0, 1] finds it.
    private func calibrateDrawdown(to target: CalibrationTarget, membership: [MembershipYear]) throws(FinanceError) -> Double {
        if target.year == baseYear {
            if let closing = scheme.personalAccountBalance {
                return closing + target.amount > 0 ? target.amount / (closing + target.amount) : 0
            }
            let income = project(membership.filter { $0.year == baseYear }, drawdown: 0).first?.personalAccount.income ?? 0
            guard income >= target.amount else {
                throw FinanceError(key: "employee.base_year_actuals.pa_expenditure",
                                   expected: "spending within the accounts' income (\(Int(income.rounded())) 元) when no base-year balance is given",
                                   found: "\(Int(target.amount.rounded())) 元")
            }
            return income > 0 ? target.amount / income : 0
        }
        let horizon = membership.filter { $0.year <= target.year }
        func spending(_ d: Double) -> Double {
            project(horizon, drawdown: d).last?.personalAccount.spending ?? 0
        }
        guard spending(1 - 1e-12) >= target.amount - 0.005 else {
            throw FinanceError(key: "employee.base_year_actuals.pa_expenditure",
                               expected: "personal-account spending the accounts can pay (they hold \(Int(spending(1 - 1e-12).rounded())) 元 in \(target.year))",
                               found: "\(Int(target.amount.rounded())) 元")
        }
        var low = 0.0, high = 1.0
        for _ in 0..<80 {
            let mid = (low + high) / 2
            if spending(mid) < target.amount { low = mid } else { high = mid }
        }
        return (low + high) / 2
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
        project(membership, drawdown: personalAccountDrawdownRate)
    }

    private func project(_ membership: [MembershipYear], drawdown: Double) -> [EmployeeYear] {
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
                activeBenefits: members.activeCostWeight * costActive,
                retireeBenefits: members.retiredCostWeight * costActive,
                transferToPersonalAccounts: members.retired * scheme.retireeAllocation.value(in: t),
                closingBalance: 0)
            var pa = PersonalAccountYear(
                employeeContributions: d.totalBase * d.employeeRate * d.collectionRate,
                employerShare: toPA,
                retireeAllocation: pooled.transferToPersonalAccounts,
                interest: 0, unexplainedIncome: 0, spending: 0, closingBalance: 0)

            if isBase {
                if let reported = scheme.baseYearActuals.pooledIncome { pooled.unexplainedIncome = reported - pooled.income }
                if let reported = scheme.baseYearActuals.personalAccountIncome { pa.unexplainedIncome = reported - pa.income }
                // Reported spending where given; else X = d·(O + I) with O + I = C + X, i.e.
                // X = d·C / (1 − d) from the reported closing balance C (X = d·I without one).
                if let reported = scheme.baseYearActuals.personalAccountExpenditure {
                    pa.spending = reported
                } else if scheme.personalAccountBalance != nil, drawdown < 1 {
                    pa.spending = drawdown * paBalance / (1 - drawdown)
                } else {
                    pa.spending = drawdown * max(0, pa.income)
                }
                pooled.closingBalance = pooledBalance
                pa.closingBalance = paBalance
            } else {
                pooled.interest = interestOnAverageBalance(rate: rate, opening: pooledBalance, netFlowBeforeInterest: pooled.income - pooled.expenditure)
                pooledBalance += pooled.income - pooled.expenditure
                pooled.closingBalance = pooledBalance
                pa.spending = drawdown * max(0, paBalance + pa.income)
                pa.interest = interestOnAverageBalance(rate: rate, opening: paBalance, netFlowBeforeInterest: pa.income - pa.spending)
                paBalance += pa.income - pa.spending
                pa.closingBalance = paBalance
            }
            years.append(EmployeeYear(year: t, drivers: d, pooled: pooled, personalAccount: pa))
        }
        return years
    }
}
