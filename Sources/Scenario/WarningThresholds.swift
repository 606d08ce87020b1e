/// Thresholds of the risk-warning rules. Each default is a named constant whose doc
/// comment gives its source; a scenario's `warnings:` block overrides any of them, and its `sources:`
/// block may name the document a changed threshold comes from (`warnings.months_payable: 《…》(…号)`).
public struct WarningThresholds: Sendable, Equatable {
    /// Months payable of the pooled fund below this: red (不足). 人社部发〔2009〕67号 (as commonly
    /// quoted): < 3 months insufficient.
    public var monthsPayableRed: Double
    /// Below this: orange. 人社部发〔2009〕67号 (as commonly quoted): 6–9 months is the reasonable range.
    public var monthsPayableOrange: Double
    /// Above this: notice of excess balance (结余过多). 人社部发〔2009〕67号 (as commonly quoted): > 15 months too much.
    public var monthsPayableExcess: Double
    /// Resident fund: current surplus rate above this → notice. fundcast default (no national rule
    /// found): a resident fund collects and spends within the year, so a surplus above 15 % of income
    /// means premiums or subsidies well above what the year's benefits need.
    public var residentSurplusRate: Double
    /// Resident fund: cumulative balance above this share of annual income → notice (财社〔2017〕144号
    /// 第三十六条: the former rural scheme's 累计结余 ≤ 25 % of the year's income, applied by analogy).
    public var residentBalanceShare: Double
    /// Resident fund: months payable below this → red. fundcast default: the employee pooled fund's
    /// lower band (3 months), for want of a resident-fund rule.
    public var residentMonthsPayableRed: Double
    /// 赡养比 (actives per retiree) below this → yellow. fundcast default.
    public var dependencyYellow: Double
    /// Below this → orange. fundcast default.
    public var dependencyOrange: Double
    /// Spending growth exceeding income growth by more than this (fraction, 0.02 = 2 points) …
    public var growthGap: Double
    /// … for this many consecutive years → yellow.
    public var growthGapYears: Int
    /// A current deficit (当期收不抵支) for this many consecutive years → red (one year alone is
    /// orange). fundcast default: 2.
    public var deficitRedYears: Int
    /// Depletion within this many years of the base year goes to the top of every output.
    public var depletionAlertYears: Int
    /// The documents the scenario's `sources:` block cites for its thresholds (for the key itself or
    /// the nearest block holding it, e.g. a province's 医保基金运行风险预警办法 with its number),
    /// printed as the 依据 of a rule whose threshold the scenario changed.
    public var sources: [Key: String] = [:]

    public static let defaults = WarningThresholds(
        monthsPayableRed: 3, monthsPayableOrange: 6, monthsPayableExcess: 15,
        residentSurplusRate: 0.15, residentBalanceShare: 0.25, residentMonthsPayableRed: 3,
        dependencyYellow: 3, dependencyOrange: 2,
        growthGap: 0.02, growthGapYears: 2, deficitRedYears: 2, depletionAlertYears: 5)

    /// One numeric threshold, by the scenario key that sets it.
    public enum Key: String, Sendable, CaseIterable, Hashable {
        case monthsPayableRed = "warnings.months_payable.red"
        case monthsPayableOrange = "warnings.months_payable.orange"
        case monthsPayableExcess = "warnings.months_payable.excess"
        case residentSurplusRate = "warnings.resident.surplus_rate"
        case residentBalanceShare = "warnings.resident.balance_share"
        case residentMonthsPayableRed = "warnings.resident.months_payable_red"
        case dependencyYellow = "warnings.dependency_ratio.yellow"
        case dependencyOrange = "warnings.dependency_ratio.orange"
        case growthGap = "warnings.growth_gap.points"
        case growthGapYears = "warnings.growth_gap.years"
        case deficitRedYears = "warnings.current_deficit.red_years"

        /// The scenario key, e.g. `warnings.months_payable.red`.
        public var scenarioKey: String { rawValue }
    }

    /// The value of one threshold (run lengths as whole numbers).
    public func value(_ key: Key) -> Double {
        switch key {
        case .monthsPayableRed: return monthsPayableRed
        case .monthsPayableOrange: return monthsPayableOrange
        case .monthsPayableExcess: return monthsPayableExcess
        case .residentSurplusRate: return residentSurplusRate
        case .residentBalanceShare: return residentBalanceShare
        case .residentMonthsPayableRed: return residentMonthsPayableRed
        case .dependencyYellow: return dependencyYellow
        case .dependencyOrange: return dependencyOrange
        case .growthGap: return growthGap
        case .growthGapYears: return Double(growthGapYears)
        case .deficitRedYears: return Double(deficitRedYears)
        }
    }

    /// Whether the scenario set this threshold to something other than its default.
    public func isOverridden(_ key: Key) -> Bool {
        value(key) != Self.defaults.value(key)
    }
}
