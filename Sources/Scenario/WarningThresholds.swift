/// Thresholds of the risk-warning rules. Each default is a named constant whose doc
/// comment gives its source; a scenario's `warnings:` block overrides any of them.
public struct WarningThresholds: Sendable, Equatable {
    /// Months payable of the pooled fund below this: red (不足). 人社部发〔2009〕67号: < 3 months insufficient.
    public var monthsPayableRed: Double
    /// Below this: orange. 人社部发〔2009〕67号: 6–9 months is the reasonable range.
    public var monthsPayableOrange: Double
    /// Above this: notice of excess balance (结余过多). 人社部发〔2009〕67号: > 15 months too much.
    public var monthsPayableExcess: Double
    /// Resident fund: current surplus rate above this → notice. Common provincial rule for 居民医保: 当期结余率 ≤ 15 %.
    public var residentSurplusRate: Double
    /// Resident fund: cumulative balance above this share of annual income → notice (累计结余 ≤ 25 % of income).
    public var residentBalanceShare: Double
    /// Resident fund: months payable below this → red.
    public var residentMonthsPayableRed: Double
    /// 赡养比 (actives per retiree) below this → yellow.
    public var dependencyYellow: Double
    /// Below this → orange.
    public var dependencyOrange: Double
    /// Spending growth exceeding income growth by more than this (fraction, 0.02 = 2 points) …
    public var growthGap: Double
    /// … for this many consecutive years → yellow.
    public var growthGapYears: Int
    /// Depletion within this many years of the base year goes to the top of every output.
    public var depletionAlertYears: Int

    public static let defaults = WarningThresholds(
        monthsPayableRed: 3, monthsPayableOrange: 6, monthsPayableExcess: 15,
        residentSurplusRate: 0.15, residentBalanceShare: 0.25, residentMonthsPayableRed: 3,
        dependencyYellow: 3, dependencyOrange: 2,
        growthGap: 0.02, growthGapYears: 2, depletionAlertYears: 5)
}
