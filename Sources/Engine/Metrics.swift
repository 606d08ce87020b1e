import Scenario
import Finance
import Projection

/// A per-year figure of a projection, named by its path in the `run` JSON's `years` entries
/// (`employee.pooled.months_payable`, `resident.surplus`).
public enum YearMetric: String, Sendable, CaseIterable {
    case pooledIncome = "employee.pooled.income"
    case pooledExpenditure = "employee.pooled.expenditure"
    case pooledSurplus = "employee.pooled.surplus"
    case pooledBalance = "employee.pooled.balance"
    case pooledMonthsPayable = "employee.pooled.months_payable"
    case pooledSurplusRate = "employee.pooled.surplus_rate"
    case personalAccountBalance = "employee.personal_account.balance"
    case dependencyRatio = "employee.dependency_ratio"
    case breakEvenEmployerRate = "employee.break_even_employer_rate"
    case paygCostRate = "employee.payg_cost_rate"
    case residentIncome = "resident.income"
    case residentExpenditure = "resident.expenditure"
    case residentSurplus = "resident.surplus"
    case residentBalance = "resident.balance"
    case residentMonthsPayable = "resident.months_payable"
    case residentSurplusRate = "resident.surplus_rate"

    /// What the figure measures.
    public enum Measure: Sendable { case money, months, rate, ratio }

    public var measure: Measure {
        switch self {
        case .pooledIncome, .pooledExpenditure, .pooledSurplus, .pooledBalance, .personalAccountBalance,
             .residentIncome, .residentExpenditure, .residentSurplus, .residentBalance: return .money
        case .pooledMonthsPayable, .residentMonthsPayable: return .months
        case .pooledSurplusRate, .breakEvenEmployerRate, .paygCostRate, .residentSurplusRate: return .rate
        case .dependencyRatio: return .ratio
        }
    }

    /// The fund whose balance the figure needs (balances and months payable), nil for the others.
    var balanceOf: Fund? {
        switch self {
        case .pooledBalance, .pooledMonthsPayable: return .employeePooled
        case .personalAccountBalance: return .employeePersonalAccount
        case .residentBalance, .residentMonthsPayable: return .resident
        default: return nil
        }
    }

    /// The figure in `year` (money in 元); nil where the scenario has no such figure, and for balances
    /// and months payable of a fund without a reported balance (the budget's 年末滚存结余 is empty then).
    public func value(_ y: YearResult, in result: ProjectionResult) -> Double? {
        if let fund = balanceOf, !result.balanceKnown(fund) { return nil }
        let pooled = y.employee?.pooled, r = y.resident
        switch self {
        case .pooledIncome: return pooled?.income
        case .pooledExpenditure: return pooled?.expenditure
        case .pooledSurplus: return pooled?.surplus
        case .pooledBalance: return pooled?.closingBalance
        case .pooledMonthsPayable: return pooled?.monthsPayable
        case .pooledSurplusRate: return pooled?.surplusRate
        case .personalAccountBalance: return y.employee?.personalAccount.closingBalance
        case .dependencyRatio: return y.employee == nil ? nil : y.members.dependencyRatio
        case .breakEvenEmployerRate: return result.breakEvenEmployerRate(y)
        case .paygCostRate: return result.paygCostRate(y)
        case .residentIncome: return r?.income
        case .residentExpenditure: return r?.expenditure
        case .residentSurplus: return r?.surplus
        case .residentBalance: return r?.closingBalance
        case .residentMonthsPayable: return r?.monthsPayable
        case .residentSurplusRate: return r?.surplusRate
        }
    }

    /// Why the scenario has no figure for this metric in any year (its scheme is absent, or its fund
    /// reports no balance to carry forward); nil when it has one.
    public func missing(in s: Scenario) -> String? {
        if rawValue.hasPrefix("employee."), s.employee == nil { return "the scenario has no employee scheme" }
        if rawValue.hasPrefix("resident."), s.resident == nil { return "the scenario has no resident scheme" }
        let known: Bool?, key: String
        switch balanceOf {
        case .employeePooled?: known = s.employee?.pooledBalanceKnown; key = "employee.balance.pooled"
        case .employeePersonalAccount?: known = s.employee?.personalAccountBalanceKnown; key = "employee.balance.personal_account"
        case .resident?: known = s.resident?.balanceKnown; key = "resident.balance"
        default: return nil
        }
        return known == false ? "the scenario reports no base-year balance for this fund (\(key)), so its balances and months payable are unknown" : nil
    }

    /// The metric named `path`, or nil.
    public static func named(_ path: String) -> YearMetric? { YearMetric(rawValue: path) }
}

/// What a sweep point or a stress variant keeps of its projection: a few numbers per fund, never the
/// yearly rows (``Engine`` reduces each projection to this as soon as it is made).
public struct FundSummary: Sendable, Equatable {
    public var fund: Fund
    /// Whether the base-year balance was reported (balance indicators are withheld otherwise).
    public var balanceKnown: Bool
    /// 基金穿底年份: first projected year with a negative balance; nil when the fund lasts to the horizon.
    public var depletionYear: Int?
    /// Lowest months payable over the projected years and the (first) year it occurs.
    public var minimumMonthsPayable: Double?
    public var minimumMonthsYear: Int?
    /// Closing balance (元) and months payable at each of ``PointSummary/years``.
    public var balances: [Double?]
    public var monthsPayable: [Double?]
}

/// The summary of one variant: per fund, and the pooled fund's break-even employer rate.
public struct PointSummary: Sendable, Equatable {
    /// The years balances, months payable and break-even rates are kept for.
    public var years: [Int]
    public var funds: [FundSummary]
    /// 收支平衡单位费率 at each of `years` (nil without an employee scheme).
    public var breakEvenEmployerRates: [Double?]

    /// Summarises `result` at `years` (years outside the projection give nil figures).
    public init(_ result: ProjectionResult, at years: [Int]) {
        self.years = years
        let rows = years.map { result.year($0) }
        funds = [Fund.employeePooled, .resident].filter { result.funds.contains($0) }.map { fund in
            let known = result.balanceKnown(fund)
            var minimum: (Double, Int)?
            for y in result.projectedYears {
                guard known, let m = result.account(fund, in: y)?.monthsPayable else { continue }
                if minimum == nil || m < minimum!.0 { minimum = (m, y.year) }
            }
            return FundSummary(
                fund: fund, balanceKnown: known, depletionYear: known ? result.depletionYear(fund) : nil,
                minimumMonthsPayable: minimum?.0, minimumMonthsYear: minimum?.1,
                balances: rows.map { y in y.flatMap { result.account(fund, in: $0)?.closingBalance } },
                monthsPayable: rows.map { y in y.flatMap { result.account(fund, in: $0)?.monthsPayable } })
        }
        breakEvenEmployerRates = rows.map { y in y.flatMap { result.breakEvenEmployerRate($0) } }
    }

    public func fund(_ f: Fund) -> FundSummary? { funds.first { $0.fund == f } }
}
