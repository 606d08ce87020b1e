import Foundation

/// What every fund account has: income, expenditure and a closing balance, all 元 for one year.
///
/// Invariant, tested to the 元: `closingBalance(t) = closingBalance(t−1) + income(t) − expenditure(t)`
/// for every projected year, with interest inside income.
public protocol FundAccount: Sendable {
    /// 基金收入合计, 元.
    var income: Double { get }
    /// 基金支出合计, 元.
    var expenditure: Double { get }
    /// 年末滚存结余, 元.
    var closingBalance: Double { get }
}

extension FundAccount {
    /// 当期结余 `I − X`, 元.
    public var surplus: Double { income - expenditure }

    /// 当期结余率 `(I − X) / I`; nil without income (under half a 元: a ratio of rounding residues).
    public var surplusRate: Double? { abs(income) >= 0.5 ? surplus / income : nil }

    /// 可支付月数 `F / (X / 12)`: months the balance would pay at this year's spending; nil without spending.
    public var monthsPayable: Double? { expenditure > 0 ? closingBalance / (expenditure / 12) : nil }
}

/// Interest credited for a year on the average balance, assuming flows arrive evenly through the
/// year: `r · (F_open + (I − X)/2)`, where `I − X` excludes the interest itself. A fund in deficit
/// earns nothing and is not charged (deficits are assumed covered by the treasury without interest).
public func interestOnAverageBalance(rate: Double, opening: Double, netFlowBeforeInterest: Double) -> Double {
    rate * max(0, opening + netFlowBeforeInterest / 2)
}

/// Interest of a projected year. With a reported base-year balance: on the average balance
/// (`interestOnAverageBalance`). Without one the model's balance counts only the change since the base
/// year, so interest on it would mean nothing: the base year's interest is held instead (0 when the base
/// year reported none).
func projectedInterest(rate: Double, opening: Double, netFlowBeforeInterest: Double, balanceKnown: Bool, baseYearInterest: Double) -> Double {
    balanceKnown ? interestOnAverageBalance(rate: rate, opening: opening, netFlowBeforeInterest: netFlowBeforeInterest) : baseYearInterest
}

/// 可支付月数 `F / (X / n)`: months a balance pays at the average monthly spending of `n` months
/// (12 for a year, the months elapsed for year-to-date figures); nil without spending.
public func monthsPayable(balance: Double, spending: Double, months: Int = 12) -> Double? {
    spending > 0 && months > 0 ? balance / (spending / Double(months)) : nil
}

/// Which balance is held against which spending in 可支付月数 of the employee scheme; bureaus
/// publish all three. The resident fund has one definition (its balance over its spending).
public enum MonthsPayableBasis: String, Sendable, CaseIterable {
    /// 统筹基金累计结余 ÷ 统筹基金月均支出 (the default, as the budget tables and the
    /// 人社部发〔2009〕67号 bands use it).
    case pooled
    /// (统筹基金 + 个人账户)累计结余 ÷ 职工医保月均支出 (统筹 + 个人账户, the pooled fund's
    /// allocation to accounts counted once).
    case employee
    /// 统筹基金累计结余 ÷ 职工医保月均总支出 (统筹 + 个人账户).
    case total
}

/// How a months-payable figure is reported to 0.01 month.
public enum MonthsPayableRounding: String, Sendable, CaseIterable {
    /// Half up, 5.275 → 5.28 (the default).
    case halfUp = "half-up"
    /// Truncated, 5.276 → 5.27, for bureaus that truncate.
    case down

    /// `x` to `decimals` places. The scaled value is nudged by 10⁻⁹ of itself first, so a figure
    /// that is exactly 5.27 in decimal but 5.2699999… in binary stays 5.27.
    public func apply(_ x: Double, decimals: Int = 2) -> Double {
        guard x.isFinite else { return x }
        let scale = pow(10, Double(decimals))
        let scaled = x * scale
        let nudged = scaled + (scaled < 0 ? -1 : 1) * 1e-9 * max(1, abs(scaled))
        switch self {
        case .halfUp: return nudged.rounded(.toNearestOrAwayFromZero) / scale
        case .down: return nudged.rounded(.towardZero) / scale
        }
    }
}

/// The definition and rounding of months payable chosen for a run (`--months-payable`, `--round`).
public struct MonthsPayableMeasure: Sendable, Equatable {
    public var basis: MonthsPayableBasis
    public var rounding: MonthsPayableRounding
    public init(basis: MonthsPayableBasis = .pooled, rounding: MonthsPayableRounding = .halfUp) {
        self.basis = basis
        self.rounding = rounding
    }
    public static let standard = MonthsPayableMeasure()

    /// `x` rounded as chosen; nil stays nil.
    public func reported(_ x: Double?) -> Double? { x.map { rounding.apply($0) } }

    /// For tables whose renderers round months themselves (run and budget tables print 0.1 month):
    /// the unrounded figure under half-up rounding (the renderer rounds it; CSV and JSON keep full
    /// precision as before), the figure truncated to `decimals` under `down`.
    public func shown(_ x: Double?, decimals: Int = 1) -> Double? { rounding == .halfUp ? x : x.map { rounding.apply($0, decimals: decimals) } }
}

extension EmployeeYear {
    /// 职工医保月均支出's year total: pooled spending without its allocation to accounts, plus the
    /// accounts' spending, 元.
    public var schemeExpenditure: Double { pooled.expenditure - pooled.transferToPersonalAccounts + personalAccount.expenditure }

    /// The year-end months payable of the employee scheme by `basis` (unrounded).
    public func monthsPayable(_ basis: MonthsPayableBasis) -> Double? {
        switch basis {
        case .pooled: return pooled.monthsPayable
        case .employee: return Finance.monthsPayable(balance: pooled.closingBalance + personalAccount.closingBalance, spending: schemeExpenditure)
        case .total: return Finance.monthsPayable(balance: pooled.closingBalance, spending: schemeExpenditure)
        }
    }
}
