import Scenario
import Membership
import Finance

/// One projected year of every fund. The first year is the base year (reported figures where given).
public struct YearResult: Sendable, Equatable {
    public var year: Int
    public var members: MembershipYear
    public var employee: EmployeeYear?
    public var resident: ResidentFundYear?
    public var isBaseYear: Bool

    /// The fund's account this year, if the scenario has that scheme.
    public func account(_ fund: Fund) -> (any FundAccount)? {
        switch fund {
        case .employeePooled: return employee?.pooled
        case .employeePersonalAccount: return employee?.personalAccount
        case .resident: return resident
        case .employee, .total: return nil
        }
    }
}

/// The projection of one scenario from the base year to the horizon.
public struct ProjectionResult: Sendable {
    public var scenario: Scenario
    /// Base year first, then every year to the horizon.
    public var years: [YearResult]
    /// How cost levels were calibrated (for the reconciliation section and provenance).
    public var calibration: Calibration
    /// Which membership model produced the counts (`cohort` or `aggregate`).
    public var membershipModel: String
    /// States by age-sex cell per year (age-structured model only).
    public var cells: [StateCells]?

    public struct Calibration: Sendable, Equatable {
        public var employeePooled: CalibrationTarget?
        public var employeePersonalAccount: CalibrationTarget?
        public var resident: CalibrationTarget?
        /// Pooled-fund cost per active member in the base year, 元.
        public var employeeActiveCostPerHead: Double?
        /// Share of personal-account resources (opening balance + income) spent a year.
        public var employeePersonalAccountDrawdown: Double?
        public var residentCostPerHead: Double?
    }

    public func year(_ y: Int) -> YearResult? {
        years.first { $0.year == y }
    }

    /// The projected years after the base year.
    public var projectedYears: ArraySlice<YearResult> { years.dropFirst() }

    /// Whether the opening balance of `fund` was reported (balance-based indicators need it).
    public func balanceKnown(_ fund: Fund) -> Bool {
        switch fund {
        case .employeePooled: return scenario.employee?.pooledBalanceKnown ?? false
        case .employeePersonalAccount: return scenario.employee?.personalAccountBalanceKnown ?? false
        case .resident: return scenario.resident?.balanceKnown ?? false
        case .employee: return balanceKnown(.employeePooled) && balanceKnown(.employeePersonalAccount)
        case .total: return Fund.accounts.allSatisfy { account($0, in: years[0]) == nil || balanceKnown($0) }
        }
    }

    /// The fund's account in a year, if the scenario has that scheme.
    public func account(_ fund: Fund, in year: YearResult) -> (any FundAccount)? { year.account(fund) }

    /// Funds the scenario has.
    public var funds: [Fund] {
        Fund.accounts.filter { account($0, in: years[0]) != nil }
    }

    /// 基金穿底年份: the first projected year whose closing balance is negative; nil if none by the horizon.
    public func depletionYear(_ fund: Fund) -> Int? {
        projectedYears.first { (account(fund, in: $0)?.closingBalance ?? 0) < 0 }?.year
    }

    /// Years from the base year until the fund is exhausted; nil if it lasts to the horizon.
    public func yearsToDepletion(_ fund: Fund) -> Int? {
        depletionYear(fund).map { $0 - scenario.baseYear }
    }

    /// 收支平衡单位费率: the employer rate at which the pooled fund's income equals its spending in a
    /// year, other rules unchanged: `e + (X − I) / (∂I/∂e)`, where a point of employer rate brings in
    /// `base × effective collection × (1 − share credited to accounts)` (all of it with age-banded accounts).
    public func breakEvenEmployerRate(_ year: YearResult) -> Double? {
        guard let e = year.employee, let scheme = scenario.employee else { return nil }
        let pooledShare = scheme.pooledShareOfEmployerRate(in: year.year)
        let marginal = e.drivers.totalBase * e.drivers.effectiveCollectionRate * pooledShare
        guard marginal > 0 else { return nil }
        return e.drivers.employerRate + (e.pooled.expenditure - e.pooled.income) / marginal
    }

    /// Months of spending the fund should hold at the horizon in the actuarial balance: 6, the lower
    /// bound of the reasonable range of 人社部发〔2009〕67号.
    public static let targetMonthsAtHorizon = 6.0

    /// Actuarial balance of the pooled fund over the projection (SSA practice): the opening balance
    /// plus the present value of income (before interest) less that of spending and of a target fund
    /// of six months' spending at the horizon, as a share of the present value of the contribution
    /// base; discounted at the scenario's interest rate. Positive: the current rules are more than
    /// sufficient; negative: the deficit as a share of the base. The employer-rate rise that closes it
    /// is larger when part of the employer rate goes to accounts: ``actuarialBalanceEmployerRatePoints()``.
    public func actuarialBalance() -> Double? {
        guard let opening = years.first?.employee?.pooled.closingBalance, balanceKnown(.employeePooled) else { return nil }
        var discount = 1.0, income = 0.0, spending = 0.0, base = 0.0
        var lastSpending = 0.0
        for y in projectedYears {
            guard let e = y.employee else { return nil }
            let r = scenario.assumptions.interestRate.value(in: y.year)
            discount /= 1 + r
            let mid = discount * (1 + r).squareRoot() // flows arrive through the year
            income += mid * (e.pooled.incomeBeforeCover - e.pooled.interest)
            spending += mid * e.pooled.expenditure
            base += mid * e.drivers.totalBase
            lastSpending = e.pooled.expenditure
        }
        guard base > 0 else { return nil }
        let target = discount * lastSpending * ProjectionResult.targetMonthsAtHorizon / 12
        return (opening + income - spending - target) / base
    }

    /// PAYG cost rate of the pooled fund (现收现付成本费率): pooled expenditure ÷ total contribution base.
    public func paygCostRate(_ year: YearResult) -> Double? {
        guard let e = year.employee, e.drivers.totalBase > 0 else { return nil }
        return e.pooled.expenditure / e.drivers.totalBase
    }
}

extension ProjectionResult {
    /// Largest amount a meaningful projection holds: ±10¹⁵ 元 (a thousand times China's whole 2023
    /// medical-insurance fund spending).
    public static let moneyBound = 1e15
    /// Largest dependency ratio a meaningful projection holds.
    public static let ratioBound = 1e6

    /// Why the projection is beyond any meaningful figure, naming the fund, figure and year; nil when
    /// every amount is within ±10¹⁵ 元 and every ratio within ±10⁶. Inputs are bounded one by one when
    /// read; their combination over a long horizon can still compound past any meaningful figure.
    public func boundsProblem() -> String? {
        for year in years {
            for fund in funds {
                guard let account = account(fund, in: year) else { continue }
                for (label, value) in [("income", account.income), ("expenditure", account.expenditure), ("balance", account.closingBalance)]
                where !value.isFinite || abs(value) > Self.moneyBound {
                    return "the projection's \(fund.rawValue) \(label) reaches \(wholeNumber(value)) 元 in \(year.year), beyond ±10¹⁵ 元, fundcast's bound for a meaningful figure: check the growth, interest and inflation rates and the horizon"
                }
            }
            if let ratio = year.members.dependencyRatio, !ratio.isFinite || abs(ratio) > Self.ratioBound {
                return "the old-age dependency ratio reaches \(wholeNumber(ratio)) in \(year.year), beyond fundcast's bound of 10⁶: check mortality_improvement, tfr and net_migration"
            }
        }
        return nil
    }
}
