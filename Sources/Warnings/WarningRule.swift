import Scenario

/// What a rule measures each year, with its unit.
public enum WarningMetric: String, Sendable, CaseIterable {
    /// 可支付月数 `F / (X/12)`, months.
    case monthsPayable = "months_payable"
    /// 年末滚存结余 before the year's outside cover (调剂金, 财政补贴), 元: below 0 when the
    /// carried-forward balance no longer pays the year's deficit.
    case balanceBeforeCover = "balance"
    /// 当期结余 before outside cover `I − X`, 元.
    case currentSurplus = "surplus"
    /// 当期结余率 `(I − X)/I`, fraction.
    case surplusRate = "surplus_rate"
    /// 累计结余 ÷ 当年收入, fraction.
    case balanceToIncome = "balance_to_income"
    /// 赡养比: actives per retiree.
    case dependencyRatio = "dependency_ratio"
    /// Spending growth less income growth (both before outside cover), fraction (0.02 = 2 个百分点).
    case growthGap = "growth_gap"
    /// 上级调剂金 paid in the year, 元.
    case adjustmentFund = "adjustment_fund"
    /// 同级财政补贴 (财政兜底) paid in the year, 元.
    case fiscalSubsidy = "fiscal_subsidy"
    /// 未弥补缺口: what no cover paid, 元.
    case coverGap = "cover_gap"
    /// Probability of depletion by the year (stochastic block), fraction.
    case depletionProbability = "depletion_probability"
    /// Months payable at the year-to-date average monthly spending, months.
    case ytdMonthsPayable = "ytd_months_payable"
    /// Full-year estimate from year-to-date actuals ÷ budget, fraction.
    case estimateToBudget = "estimate_to_budget"
    /// Year-to-date spending on a line budgeted at 0 (无预算支出), 元.
    case unbudgetedSpending = "unbudgeted_spending"

    public enum Kind: Sendable { case months, money, rate, points, ratio }

    public var kind: Kind {
        switch self {
        case .monthsPayable, .ytdMonthsPayable: return .months
        case .balanceBeforeCover, .currentSurplus, .adjustmentFund, .fiscalSubsidy, .coverGap, .unbudgetedSpending: return .money
        case .surplusRate, .balanceToIncome, .depletionProbability, .estimateToBudget: return .rate
        case .growthGap: return .points
        case .dependencyRatio: return .ratio
        }
    }

    /// Balance-based metrics need a reported opening balance.
    var needsBalance: Bool {
        [.monthsPayable, .balanceBeforeCover, .balanceToIncome].contains(self)
    }
}

/// How a metric is held against its threshold. A value at the threshold itself belongs to the
/// milder band (3.0 months is not below 3); values within ``tolerance`` of it count as at it, so a
/// hand-worked 3 computed as 2.9999999999 is not red.
public enum Comparison: Sendable {
    case below, above

    /// Relative tolerance of the comparison (well below any printed precision).
    public static let tolerance = 1e-9

    public func holds(_ value: Double, _ threshold: Double) -> Bool {
        let slack = Self.tolerance * max(1, abs(threshold))
        switch self {
        case .below: return value < threshold - slack
        case .above: return value > threshold + slack
        }
    }
}

/// Where a rule's threshold comes from: a scenario key (with its documented default) or a fixed value.
public enum Threshold: Sendable {
    case scenario(WarningThresholds.Key)
    case fixed(Double)

    func value(_ t: WarningThresholds) -> Double {
        switch self {
        case .scenario(let key): return t.value(key)
        case .fixed(let x): return x
        }
    }
}

/// 依据: a document a budget officer can look up (title and number), or 「fundcast 默认阈值」 with one
/// line of reasoning. How verified each wording is: see the module README.
public struct WarningBasis: Sendable, Equatable {
    public var zh: String
    public var en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}

/// One graded rule: in each year where `metric` compares with the threshold for at least
/// `minimumYears` consecutive years, the rule holds at `level`. Rules sharing a code and scheme
/// form a ladder: a year goes to the most severe rule that holds in it (a red consecutive deficit
/// replaces the orange single-year one for the same years).
public struct WarningRule: Sendable {
    public var code: WarningCode
    public var level: WarningLevel
    public var scheme: WarningScheme
    public var metric: WarningMetric
    public var comparison: Comparison
    public var threshold: Threshold
    /// Consecutive years the comparison must hold (1 for a plain threshold).
    public var minimumYears: Threshold = .fixed(1)
    public var basis: WarningBasis
    /// The condition, without the fund's name or the years: 「可支付月数低于3个月」.
    public var predicate: @Sendable (_ threshold: String) -> (zh: String, en: String)
    /// An event (depletion) is named by its first year only: 「2036年累计结余耗尽」.
    public var isEvent = false

    /// Whether one value breaks the threshold (run length aside).
    public func fires(_ value: Double, thresholds: WarningThresholds) -> Bool {
        comparison.holds(value, threshold.value(thresholds))
    }

    /// The thresholds this rule reads from the scenario.
    var keys: [WarningThresholds.Key] {
        [threshold, minimumYears].compactMap { if case .scenario(let k) = $0 { return k } else { return nil } }
    }

    /// The 依据 as printed: the rule's own, or, where the scenario changed one of its thresholds, the
    /// document the scenario's `sources:` cites for it.
    func printedBasis(_ t: WarningThresholds, thresholdText: String) -> WarningBasis {
        basis.printed(keys: keys, t, thresholdText: thresholdText)
    }
}

extension WarningBasis {
    /// This 依据 as printed for a rule reading `keys`: itself, or, where the scenario changed one of
    /// them, 「情景设定阈值(…): 」 and the document the scenario's `sources:` cites for it.
    func printed(keys: [WarningThresholds.Key], _ t: WarningThresholds, thresholdText: String) -> WarningBasis {
        let changed = keys.filter { t.isOverridden($0) }
        guard !changed.isEmpty else { return self }
        let keyList = changed.map { "\($0.scenarioKey) = \(Text.plain(t.value($0)))" }.joined(separator: ", ")
        let document = changed.lazy.compactMap { t.sources[$0] }.first
        return WarningBasis(
            zh: "情景设定阈值(\(thresholdText)): " + (document ?? "情景未注明来源"),
            en: "scenario threshold (\(keyList)): " + (document ?? "no source given in the scenario's sources:"))
    }
}
