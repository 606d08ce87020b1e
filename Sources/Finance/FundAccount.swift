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

    /// 当期结余率 `(I − X) / I`; nil without income.
    public var surplusRate: Double? { income != 0 ? surplus / income : nil }

    /// 可支付月数 `F / (X / 12)`: months the balance would pay at this year's spending; nil without spending.
    public var monthsPayable: Double? { expenditure > 0 ? closingBalance / (expenditure / 12) : nil }
}

/// Interest credited for a year on the average balance, assuming flows arrive evenly through the
/// year: `r · (F_open + (I − X)/2)`, where `I − X` excludes the interest itself. A fund in deficit
/// earns nothing and is not charged (deficits are assumed covered by the treasury without interest).
public func interestOnAverageBalance(rate: Double, opening: Double, netFlowBeforeInterest: Double) -> Double {
    rate * max(0, opening + netFlowBeforeInterest / 2)
}
