import Scenario

/// How far down 财社〔2017〕144号 第三十八条's order a fund's shortfall went in a year.
public enum DeficitStage: Int, Sendable, Comparable, CaseIterable {
    /// Income covers spending.
    case none = 0
    /// (一) 历年滚存结余: the carried-forward balance covers the current deficit.
    case carriedForwardBalance
    /// (二) 上级调剂金 was needed.
    case adjustmentFund
    /// (四) 同级财政补贴 was needed.
    case fiscalSubsidy
    /// Nothing covered the rest: a gap (缺口), carried as a negative balance.
    case gap

    public static func < (a: DeficitStage, b: DeficitStage) -> Bool { a.rawValue < b.rawValue }
}

/// A year's shortfall and its cover, 元 (财社〔2017〕144号 第三十八条). Identity:
/// `balanceDrawn + adjustmentFund + fiscalSubsidy + gap = max(0, X − I_before_cover)`.
public struct DeficitCover: Sendable, Equatable {
    /// 当期收不抵支: spending less income before cover (0 in a surplus year).
    public var shortfall = 0.0
    /// (一) 动用历年滚存结余: the part the opening balance pays (not income: the balance falls by it).
    public var balanceDrawn = 0.0
    /// (二) 上级调剂金: income from the higher-level adjustment fund.
    public var adjustmentFund = 0.0
    /// (四) 同级财政补贴 (财政兜底): income from the same-level treasury.
    public var fiscalSubsidy = 0.0
    /// 缺口: what nothing covered.
    public var gap = 0.0

    public init() {}

    /// Cover income (adjustment fund + treasury), 元: part of the fund's income.
    public var coverIncome: Double { adjustmentFund + fiscalSubsidy }

    /// The furthest stage reached.
    public var stage: DeficitStage {
        if gap > 0 { return .gap }
        if fiscalSubsidy > 0 { return .fiscalSubsidy }
        if adjustmentFund > 0 { return .adjustmentFund }
        return shortfall > 0 ? .carriedForwardBalance : .none
    }

    /// Covers `expenditure − income` in order: the opening balance (if positive), then the
    /// adjustment fund and the treasury up to their caps; the rest is the gap.
    public static func cover(opening: Double, income: Double, expenditure: Double, rules: DeficitCoverRules, year: Int) -> DeficitCover {
        var c = DeficitCover()
        c.shortfall = max(0, expenditure - income)
        guard c.shortfall > 0 else { return c }
        c.balanceDrawn = min(c.shortfall, max(0, opening))
        var rest = c.shortfall - c.balanceDrawn
        c.adjustmentFund = min(rest, max(0, rules.adjustmentFundCap.value(in: year)))
        rest -= c.adjustmentFund
        c.fiscalSubsidy = min(rest, max(0, rules.fiscalCap.value(in: year)))
        rest -= c.fiscalSubsidy
        c.gap = rest
        return c
    }
}
