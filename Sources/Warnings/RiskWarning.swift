import Scenario
import Projection

/// 风险预警 grades, most severe first. `notice` (提示) flags an excessive balance, not a risk of shortfall.
public enum WarningLevel: String, Sendable, CaseIterable, Comparable {
    case red, orange, yellow, green, notice

    /// Lower is more severe; used to sort and for `--fail-on`.
    public var severity: Int {
        switch self {
        case .red: return 0
        case .orange: return 1
        case .yellow: return 2
        case .notice: return 3
        case .green: return 4
        }
    }

    public static func < (a: WarningLevel, b: WarningLevel) -> Bool { a.severity < b.severity }

    /// The level as a warning's tag: 红色预警 … 提示.
    public var chinese: String {
        switch self {
        case .red: return "红色预警"
        case .orange: return "橙色预警"
        case .yellow: return "黄色预警"
        case .green: return "绿色(正常)"
        case .notice: return "提示"
        }
    }

    /// The colour alone, for status lines: 红色, 橙色, 黄色, 绿色, 提示.
    public var colour: (zh: String, en: String) {
        switch self {
        case .red: return ("红色", "red")
        case .orange: return ("橙色", "orange")
        case .yellow: return ("黄色", "yellow")
        case .green: return ("绿色", "green")
        case .notice: return ("提示", "notice")
        }
    }
}

/// Which scheme or fund a warning is about (JSON `scheme`): `employee_pooled`, `resident`, or
/// `employee` for the scheme-wide 赡养比.
public typealias WarningScheme = Fund

extension Fund {
    /// The fund or scheme as the subject of a warning's sentence.
    public var warningSubject: (zh: String, en: String) {
        switch self {
        case .total: return ("基本医疗保险基金", "Basic medical insurance funds")
        case .employeePooled: return ("职工医保统筹基金", "Employee pooled fund")
        case .employeePersonalAccount: return ("职工医保个人账户", "Employee personal accounts")
        case .employee: return ("职工医保", "Employee scheme")
        case .resident: return ("居民医保基金", "Resident fund")
        }
    }
}

/// Stable machine codes of the rules (JSON `code`); printed only in English output.
public enum WarningCode: String, Sendable, CaseIterable {
    /// 累计结余耗尽: the carried-forward balance no longer covers the year's deficit (财社〔2017〕144号 第三十八条 (一)).
    case fundDepleted = "FUND_DEPLETED"
    /// 上级调剂金 needed (第三十八条 (二)).
    case coverAdjustmentFund = "DEFICIT_COVER_ADJUSTMENT_FUND"
    /// 同级财政补贴 needed (第三十八条 (四)).
    case coverFiscalSubsidy = "DEFICIT_COVER_FISCAL_SUBSIDY"
    /// A shortfall nothing covers: rates or benefits must change (第三十八条 (五)).
    case coverGap = "DEFICIT_COVER_GAP"
    case currentDeficit = "CURRENT_DEFICIT"
    case monthsPayableLow = "MONTHS_PAYABLE_LOW"
    case monthsPayableExcess = "MONTHS_PAYABLE_EXCESS"
    case dependencyRatioLow = "DEPENDENCY_RATIO_LOW"
    case spendingOutpacesIncome = "SPENDING_OUTPACES_INCOME"
    case residentSurplusHigh = "RESIDENT_SURPLUS_HIGH"
    case residentBalanceHigh = "RESIDENT_BALANCE_HIGH"
    /// 穿底概率: the stochastic block's probability of depletion by a year.
    case depletionProbability = "DEPLETION_PROBABILITY"
    /// Year-to-date execution (``WarningRules/yearToDate(_:thresholds:tolerance:toleranceSource:measure:level:unit:)``).
    case ytdMonthsPayableLow = "YTD_MONTHS_PAYABLE_LOW"
    case ytdMonthsPayableExcess = "YTD_MONTHS_PAYABLE_EXCESS"
    case ytdIncomeGap = "YTD_INCOME_GAP"
    case ytdSpendingGap = "YTD_SPENDING_GAP"
}

/// One raised warning: the years a rule holds at this level, the metric's value in the first of
/// them, the threshold and where the threshold comes from.
public struct RiskWarning: Sendable, Equatable {
    public var level: WarningLevel
    public var rule: WarningCode
    /// Stable machine code, e.g. `MONTHS_PAYABLE_LOW`.
    public var code: String { rule.rawValue }
    public var scheme: WarningScheme
    /// First year the warning holds: the base year when the condition is already reported there
    /// (``sinceBaseYear``), else the first projected year.
    public var year: Int
    /// Every year (base year included when reported) the rule holds at this level and not at a
    /// more severe one, ascending.
    public var years: [Int]
    /// The condition is already in the base year's reported figures and continues into the budget
    /// year: a present state, not a forecast.
    public var sinceBaseYear: Bool
    public var metric: WarningMetric
    /// The metric in ``year`` (months, 元, a fraction for rates and growth gaps, or a ratio).
    public var value: Double
    public var threshold: Double
    /// 依据: the document behind the threshold, or 「fundcast 默认阈值」 with its reasoning.
    public var source: String
    public var sourceEn: String
    public var messageZh: String
    public var messageEn: String
    /// Short form for status lines, without the fund's name: 「2036年累计结余耗尽」.
    public var headlineZh: String
    public var headlineEn: String
    /// Depletion within the alert window: shown at the top of every output.
    public var isUrgent: Bool = false

    /// Whether the rule holds in `year`.
    public func holds(in year: Int) -> Bool { years.contains(year) }

    /// The warning of one level of a city's pooling (市级统筹: 市本级, a district, 全市; zh, en), its name
    /// at the head of the message and the headline.
    public func at(level: (zh: String, en: String)) -> RiskWarning {
        var w = self
        w.messageZh = "\(level.zh): " + messageZh
        w.messageEn = "\(level.en): " + messageEn
        w.headlineZh = "\(level.zh): " + headlineZh
        w.headlineEn = "\(level.en): " + headlineEn
        return w
    }

    /// A warning raised outside the rule table (year-to-date execution, the stochastic block's 穿底概率):
    /// one year, its 依据 in both languages.
    public init(level: WarningLevel, code: WarningCode, scheme: WarningScheme, year: Int, metric: WarningMetric, value: Double,
                threshold: Double, basis: WarningBasis, messageZh: String, messageEn: String, isUrgent: Bool = false) {
        self.init(level: level, rule: code, scheme: scheme, year: year, years: [year], sinceBaseYear: false, metric: metric,
                  value: value, threshold: threshold, source: basis.zh, sourceEn: basis.en, messageZh: messageZh, messageEn: messageEn,
                  headlineZh: messageZh, headlineEn: messageEn, isUrgent: isUrgent)
    }

    public init(level: WarningLevel, rule: WarningCode, scheme: WarningScheme, year: Int, years: [Int], sinceBaseYear: Bool,
                metric: WarningMetric, value: Double, threshold: Double, source: String, sourceEn: String,
                messageZh: String, messageEn: String, headlineZh: String, headlineEn: String, isUrgent: Bool = false) {
        self.level = level
        self.rule = rule
        self.scheme = scheme
        self.year = year
        self.years = years
        self.sinceBaseYear = sinceBaseYear
        self.metric = metric
        self.value = value
        self.threshold = threshold
        self.source = source
        self.sourceEn = sourceEn
        self.messageZh = messageZh
        self.messageEn = messageEn
        self.headlineZh = headlineZh
        self.headlineEn = headlineEn
        self.isUrgent = isUrgent
    }
}
