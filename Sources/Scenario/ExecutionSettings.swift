/// How one budget line's year total builds up over the months: a named, documented shape of the
/// cumulative share `s(m)` of the year's total booked by the end of month m (s(12) = 1).
///
/// Regions differ (see the module README): the shape is chosen per line in the scenario
/// (`execution: {profiles: {…}}` or a `preset`), and fitted from prior-year monthly rows when the
/// actuals file has them.
public enum SeasonalShape: String, Sendable, CaseIterable {
    /// 序时进度 `s(m) = m/12`: the straight line, used wherever no evidence supports a curve.
    case even
    /// The whole year's amount booked in January–March, evenly: `s = 1/3, 2/3, 1, 1, …` (e.g. resident
    /// premiums in 贵州: February 2025 resident income 123.46亿 against spending 45.55亿).
    case q1Lump = "q1_lump"
    /// The whole year's amount booked in October–December, evenly: `s(m) = 0` to September, then
    /// 1/3, 2/3, 1 — resident premiums collected in the autumn–winter campaign (国家医保局 monthly
    /// tables: 「居民医保个人缴费收入一般集中在第四季度到账」).
    case q4Lump = "q4_lump"
    /// Four equal tranches booked at the end of each quarter: `s(m) = ⌊m/3⌋/4` (fiscal subsidies
    /// paid in tranches; the months differ by region and year).
    case quarterlyTranches = "quarterly_tranches"
    /// Spending booked monthly with a December settlement (年终清算) worth one extra month:
    /// `s(m) = m/13` for m ≤ 11, `s(12) = 1`.
    case decemberPeak = "december_peak"

    /// `s(m)`, the share of the year's total booked by the end of month `m` (clamped to 1…12).
    public func share(atEndOf month: Int) -> Double {
        let m = Double(min(12, max(1, month)))
        switch self {
        case .even: return m / 12
        case .q1Lump: return min(1, m / 3)
        case .q4Lump: return max(0, m - 9) / 3
        case .quarterlyTranches: return (m / 3).rounded(.down) / 4
        case .decemberPeak: return m == 12 ? 1 : m / 13
        }
    }
}

/// The scenario's `execution:` block: the seasonal shape of each line of the year-to-date actuals
/// and the tolerance of the completion warnings.
///
///     execution:
///       preset: q1_premiums                # or q4_premiums (default), straight_line
///       profiles:
///         fiscal_subsidy: quarterly_tranches       # every fund's line
///         resident: {contributions: q1_lump}       # one fund's line (wins over the line for every fund)
///       completion_tolerance: 5%
public struct ExecutionSettings: Sendable, Equatable {
    /// Regional presets: the shape of the resident fund's premium lines (the one line whose timing is
    /// documented to differ by region); every other line on the straight line.
    public enum Preset: String, Sendable, CaseIterable {
        /// Resident premiums in Q4 (`q4_lump`): the national administration's note and the data of
        /// 浙江 (景宁 2023 Q1 resident income 116万 against spending 3,870万), 广西 (柳州 2023 Q1
        /// resident income 1.93 of the year's 32.42亿) and 新疆 (托里 2023 Q2 resident income 0.00). The default.
        case q4Premiums = "q4_premiums"
        /// Resident premiums in Q1 (`q1_lump`), as in 贵州.
        case q1Premiums = "q1_premiums"
        /// Every line on the straight line 序时进度.
        case straightLine = "straight_line"
    }

    /// Where a line's shape comes from, for the notes.
    public enum Choice: Sendable, Equatable {
        /// `execution.profiles.<key>` in the scenario.
        case scenario(key: String)
        /// The preset's shape of resident premiums.
        case preset(Preset)
        /// No line-specific evidence: the straight line.
        case straightLine
    }

    public var preset: Preset = .q4Premiums
    /// Shapes set for a line in every fund.
    public var profiles: [BudgetLine: SeasonalShape] = [:]
    /// Shapes set for a line of one fund (`employee`, `employee_pooled`, `employee_pa`, `resident`, `total`).
    public var fundProfiles: [HistoryRecord.Scheme: [BudgetLine: SeasonalShape]] = [:]
    /// A full-year estimate this far from the budget (as a share of it) raises a warning: fundcast
    /// 默认 5% — the year-to-date figures and the seasonal shape are themselves uncertain by a few
    /// per cent, so smaller gaps are not evidence of a budget going off course.
    public var completionTolerance: Double = ExecutionSettings.defaultCompletionTolerance

    /// The document the scenario's `sources:` cites for `execution.completion_tolerance` (or for `execution`),
    /// printed as the 依据 of the year-to-date gap warnings.
    public var completionToleranceSource: String?

    public static let defaultCompletionTolerance = 0.05
    public static let defaults = ExecutionSettings()

    public init(preset: Preset = .q4Premiums, profiles: [BudgetLine: SeasonalShape] = [:],
                fundProfiles: [HistoryRecord.Scheme: [BudgetLine: SeasonalShape]] = [:],
                completionTolerance: Double = ExecutionSettings.defaultCompletionTolerance) {
        self.preset = preset
        self.profiles = profiles
        self.fundProfiles = fundProfiles
        self.completionTolerance = completionTolerance
    }

    /// Whether a line of a fund is resident premiums, the line a preset sets: the resident fund's
    /// 基本医疗保险费收入 and its 其中 rows (个人缴费, 集体扶持, 医疗救助资助, 财政代缴), all paid in
    /// the same campaign.
    public static func isResidentPremium(_ line: BudgetLine, scheme: HistoryRecord.Scheme) -> Bool {
        scheme == .resident && (line == .contributions || line.parent == .contributions)
    }

    /// The shape of a fund's line with its origin; nil for summary rows nobody set (their profile is
    /// the budget-weighted mix of their items).
    public func shape(for line: BudgetLine, scheme: HistoryRecord.Scheme) -> (shape: SeasonalShape, choice: Choice)? {
        if let shape = fundProfiles[scheme]?[line] { return (shape, .scenario(key: "\(scheme.rawValue).\(line.rawValue)")) }
        if let shape = profiles[line] { return (shape, .scenario(key: line.rawValue)) }
        if line.role == .summary { return nil }
        if Self.isResidentPremium(line, scheme: scheme) {
            switch preset {
            case .q4Premiums: return (.q4Lump, .preset(preset))
            case .q1Premiums: return (.q1Lump, .preset(preset))
            case .straightLine: return (.even, .preset(preset))
            }
        }
        return (.even, .straightLine)
    }
}
