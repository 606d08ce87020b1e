import Foundation
import Scenario

// Mid-year budget execution (预算执行情况): year-to-date actuals of any official row against the
// year's budget, a full-year estimate that respects each line's seasonality, and months payable from
// the year-to-date spending. Pure: the CLI reads the file (YearToDateRecord.load) and the model gives the budget.

/// How a line's year total builds up over the months: the cumulative share of the year's total
/// reached by the end of each month (12 values, non-decreasing, the last 1).
///
/// A full-year estimate divides the year-to-date figure by the share expected by now,
/// `estimate = YTD / s(m)`; with the straight line `s(m) = m/12` (序时进度) that is `YTD × 12/m`.
public struct SeasonalProfile: Sendable, Equatable {
    /// One prior year's cumulative figures of the same line (month → 1–m月累计, 元) and the shares
    /// they give: `s(m) = C(m) / C(12)`, months not given interpolated linearly (from 0 before January).
    public struct PriorYear: Sendable, Equatable {
        public var year: Int
        public var cumulative: [Int: Double]
        public var shares: [Double]
    }

    /// One weighted part of a mixed profile.
    public struct Component: Sendable, Equatable {
        /// The budget of the part, 元.
        public var weight: Double
        /// The row (or, for all schemes together, the scheme's row) the part stands for.
        public var name: String
        public var profile: SeasonalProfile
        public init(weight: Double, name: String, profile: SeasonalProfile) {
            self.weight = weight
            self.name = name
            self.profile = profile
        }
    }

    /// Where the shares come from, for the report's notes.
    public indirect enum Source: Sendable, Equatable {
        /// A documented shape, chosen by the scenario, its preset or (no evidence) the straight line.
        case shape(SeasonalShape, ExecutionSettings.Choice)
        /// Fitted from prior-year monthly rows of the same line: the mean over the years of each year's
        /// `C(m) / C(12)` (every year weighs the same, whatever its size).
        case priorYears([PriorYear])
        /// A total line: its items' profiles weighted by their budgets.
        case mixture([Component])
    }

    /// `shares[m − 1]`: share of the year's total reached by the end of month m.
    public let shares: [Double]
    public let source: Source

    /// The share reached by the end of `month` (1…12; clamped).
    public func share(atEndOf month: Int) -> Double {
        shares[min(12, max(1, month)) - 1]
    }

    /// Whether the profile is the straight line `m/12` (then the estimate divides by 序时进度).
    public var isEven: Bool {
        shares.enumerated().allSatisfy { abs($0.element - Double($0.offset + 1) / 12) < 1e-12 }
    }

    /// A named shape's profile.
    public static func shape(_ shape: SeasonalShape, _ choice: ExecutionSettings.Choice) -> SeasonalProfile {
        SeasonalProfile(shares: (1...12).map { shape.share(atEndOf: $0) }, source: .shape(shape, choice))
    }

    /// The straight line 序时进度, where no evidence supports a curve.
    public static let straightLine = shape(.even, .straightLine)

    /// The weighted average of profiles (weights need not sum to 1; positive total).
    public static func mixture(_ components: [Component]) -> SeasonalProfile {
        let total = components.map(\.weight).reduce(0, +)
        let shares = (1...12).map { m in components.map { $0.weight * $0.profile.share(atEndOf: m) }.reduce(0, +) / total }
        return SeasonalProfile(shares: shares, source: .mixture(components))
    }

    /// The mean of prior years' shares (see ``Source/priorYears``).
    public static func fitted(_ years: [PriorYear]) -> SeasonalProfile {
        let shares = (0..<12).map { i in years.map { $0.shares[i] }.reduce(0, +) / Double(years.count) }
        return SeasonalProfile(shares: shares, source: .priorYears(years))
    }

    /// A prior year's cumulative figures (month → 1–m月累计, 元) as shares. December must be given
    /// and positive and the figures must not fall; months not given are interpolated linearly
    /// between those given (0 before January). Nil when unusable.
    public static func priorYear(_ cumulative: [Int: Double], year: Int) -> PriorYear? {
        guard let december = cumulative[12], december > 0 else { return nil }
        let given = cumulative.filter { (1...12).contains($0.key) }
        let known = [(0, 0.0)] + given.sorted { $0.key < $1.key }.map { ($0.key, $0.value / december) }
        for (a, b) in zip(known, known.dropFirst()) where b.1 < a.1 || a.1 < 0 { return nil }
        var shares: [Double] = []
        for m in 1...12 {
            let upper = known.first { $0.0 >= m }!
            let lower = known.last { $0.0 <= m }!
            shares.append(upper.0 == lower.0 ? upper.1 : lower.1 + (upper.1 - lower.1) * Double(m - lower.0) / Double(upper.0 - lower.0))
        }
        return PriorYear(year: year, cumulative: given, shares: shares)
    }
}

/// A fund's row in the execution table.
public struct ExecutionKey: Hashable, Sendable {
    public var scheme: HistoryRecord.Scheme
    public var row: BudgetLine
    public init(_ scheme: HistoryRecord.Scheme, _ row: BudgetLine) {
        self.scheme = scheme
        self.row = row
    }
}

/// One line of 预算执行情况: the year's budget, the year-to-date actual and the full-year estimate.
public struct ExecutionLine: Sendable, Equatable {
    public var scheme: HistoryRecord.Scheme
    /// A flow row (income or spending item, 其中 row, subtotal or total).
    public var row: BudgetLine
    /// The year-to-date figure covers January to the end of this month.
    public var month: Int
    /// 年度预算, 元: the budget the execution is measured against (the model's budget-year figure);
    /// nil when there is none for this row.
    public var budget: Double?
    /// 1–N月累计执行, 元.
    public var yearToDate: Double
    public var profile: SeasonalProfile
    /// Earlier years in the file with rows for this line that could not give a profile (missing
    /// this month or December, or falling): the shape was used instead.
    public var unusablePriorYears: [Int] = []
    /// Set on a 全市 line (``BudgetExecution/consolidated(_:)``): the sum of the parts' lines.
    public var summed: Summed? = nil

    /// How a 全市 line was added up from the city level's and the districts' lines of the same row and month.
    public struct Summed: Sendable, Equatable {
        /// Σ the parts' full-year estimates (each by its own profile), internal flows netted; nil when a part has none.
        public var estimate: Double?
        /// The internal flow taken out of this row (YTD, budget, estimate; 元): the smaller of the two sides'
        /// sums of a pair of inter-level rows (see ``BudgetExecution/internalFlows``); 0 for rows without one.
        public var nettedYearToDate = 0.0
        public var nettedBudget = 0.0
        public var nettedEstimate = 0.0
        /// Each part's (index into the parts) YTD figure, before netting, for the notes.
        public var yearToDates: [Double] = []
        /// Each part's estimate, before netting (nil where a part has none).
        public var estimates: [Double?] = []
    }

    public var key: ExecutionKey { ExecutionKey(scheme, row) }

    /// 序时进度 = m / 12, the share of the year gone by.
    public var timeElapsed: Double { Double(month) / 12 }

    /// 按季节规律应完成: the share of the year's total the profile expects by the end of `month`; for a
    /// 全市 line the share the parts' estimates imply, Σ YTD ÷ Σ estimates.
    public var expectedShare: Double {
        guard let summed else { return profile.share(atEndOf: month) }
        return summed.estimate.map { $0 > 0 ? yearToDate / $0 : 0 } ?? 0
    }

    /// 完成率 = YTD / budget.
    public var completion: Double? {
        guard let budget, budget > 0 else { return nil }
        return yearToDate / budget
    }

    /// 全年预计 = YTD / s(m); nil when the profile expects nothing by now (a Q4 lump in June).
    public var fullYearEstimate: Double? {
        if let summed { return summed.estimate }
        return expectedShare > 0 ? yearToDate / expectedShare : nil
    }

    /// 预计与预算差额 = estimate − budget.
    public var gap: Double? {
        guard let budget, let estimate = fullYearEstimate else { return nil }
        return estimate - budget
    }

    /// 预计完成率 = estimate / budget.
    public var estimateToBudget: Double? {
        guard let budget, budget > 0, let estimate = fullYearEstimate else { return nil }
        return estimate / budget
    }
}

/// Months payable from year-to-date figures: the balance at the end of `month` over the
/// year-to-date average monthly spending, `balance / (spending / month)`.
public struct YearToDateMonthsPayable: Sendable, Equatable {
    public var scheme: HistoryRecord.Scheme
    public var month: Int
    /// Which balance over which spending (only the pooled fund's figure depends on it).
    public var basis: MonthsPayableBasis
    /// Balance at the end of `month`, 元 (pooled + accounts for the `employee` basis).
    public var balance: Double
    /// Spending January to the end of `month`, 元; nil when the file gives none for that month.
    public var spending: Double?

    /// Year-to-date average monthly spending.
    public var averageMonthlySpending: Double? { spending.map { $0 / Double(month) } }

    /// 可支付月数 (unrounded); nil without spending.
    public var months: Double? {
        spending.flatMap { monthsPayable(balance: balance, spending: $0, months: month) }
    }
}

/// The execution of one budget year from its year-to-date actuals.
public struct BudgetExecution: Sendable, Equatable {
    public var year: Int
    /// The latest month the file reports in the year (0 when it reports nothing for the year).
    public var month: Int
    /// Flow lines, schemes in display order, rows in the official order, each at its latest month.
    public var lines: [ExecutionLine]
    /// For every fund with a balance row in the year except personal accounts (their balances
    /// belong to the account holders; the budget tables give them no months payable either).
    public var monthsPayable: [YearToDateMonthsPayable]

    /// Display order of schemes.
    public static let schemeOrder: [HistoryRecord.Scheme] = [.employee, .employeePooled, .employeePersonalAccount, .resident, .total]

    /// Builds the execution of `year` from the file's records (rows of earlier years are prior-year
    /// actuals for profiles; later years are ignored — YearToDateRecord.check rejects them), the
    /// year's budget per scheme and row (元; also the weights of a total line's profile), the
    /// scenario's seasonal shapes and the months-payable basis of the pooled fund.
    public init(records: [YearToDateRecord], year: Int, budgets: [ExecutionKey: Double],
                settings: ExecutionSettings = .defaults, basis: MonthsPayableBasis = .pooled) {
        self.year = year
        self.month = records.filter { $0.year == year }.map(\.month).max() ?? 0
        let chooser = ProfileChooser(records: records, year: year, budgets: budgets, settings: settings)
        var lines: [ExecutionLine] = []
        for scheme in Self.schemeOrder {
            for row in BudgetLine.allCases where YearToDateRecord.kind(of: row) == .flow {
                let key = ExecutionKey(scheme, row)
                guard let latest = chooser.rows[key]?.filter({ $0.year == year }).max(by: { $0.month < $1.month }) else { continue }
                let (profile, unusable) = chooser.profile(key, month: latest.month)
                lines.append(ExecutionLine(scheme: scheme, row: row, month: latest.month, budget: budgets[key], yearToDate: latest.value,
                                           profile: profile, unusablePriorYears: unusable))
            }
        }
        self.lines = lines
        self.monthsPayable = Self.monthsPayable(records.filter { $0.year == year }, basis: basis)
    }

    /// The figures behind each fund's months payable at the latest month with a balance.
    static func monthsPayable(_ rows: [YearToDateRecord], basis: MonthsPayableBasis) -> [YearToDateMonthsPayable] {
        func value(_ scheme: HistoryRecord.Scheme, _ row: BudgetLine, _ month: Int) -> Double? {
            rows.first { $0.scheme == scheme && $0.row == row && $0.month == month }?.value
        }
        /// 职工医保 spending: the file's employee total, else pooled + accounts with the pooled fund's allocation to accounts counted once.
        func employeeSpending(_ m: Int) -> Double? {
            if let total = value(.employee, .expenditureTotal, m) { return total }
            guard let pooled = value(.employeePooled, .expenditureTotal, m), let pa = value(.employeePersonalAccount, .expenditureTotal, m) else { return nil }
            return pooled - (value(.employeePooled, .allocationToPersonalAccounts, m) ?? 0) + pa
        }
        var result: [YearToDateMonthsPayable] = []
        for scheme in schemeOrder where scheme != .employeePersonalAccount {
            guard let balance = rows.filter({ $0.scheme == scheme && $0.row == .closingBalance }).max(by: { $0.month < $1.month }) else { continue }
            let m = balance.month
            var entry = YearToDateMonthsPayable(scheme: scheme, month: m, basis: .pooled, balance: balance.value, spending: value(scheme, .expenditureTotal, m))
            if scheme == .employeePooled, basis != .pooled {
                entry.basis = basis
                entry.spending = employeeSpending(m)
                if basis == .employee {
                    // Without the accounts' balance the basis cannot be computed: no figure rather than a wrong one.
                    if let pa = value(.employeePersonalAccount, .closingBalance, m) { entry.balance += pa } else { entry.spending = nil }
                }
            }
            result.append(entry)
        }
        return result
    }

    /// The pairs of inter-level rows that are internal to a city (income side, expenditure side), as in the budget's 全市.
    public static let internalFlows: [(BudgetLine, BudgetLine)] = [(.subsidyFromHigherLevel, .subsidyToLowerLevel),
                                                                   (.remittanceFromLowerLevel, .remittanceToHigherLevel)]

    /// 全市 = the city level + Σ districts (`parts`, the city level first), as the budget's 全市 adds its tables:
    /// a row is summed when every part gives it at the same month (an inter-level row: when one part
    /// gives it, the others counting 0 — a level without that flow); YTD, budget and estimate are each
    /// the parts' sum, so 完成率 is Σ YTD ÷ Σ budget (never an average of ratios) and 全年预计 is Σ of each
    /// part's seasonal estimate. Flows between the levels are internal: for each pair of inter-level rows the
    /// smaller of the two sides' sums is taken from both rows and from 本年收入合计 / 本年支出合计 of its side,
    /// separately for YTD, budget and estimate. Months payable: Σ balances ÷ ((Σ spending − the internal flows
    /// netted from 支出合计) ÷ m) where every part gives both at the same month. `unsummed` lists the rows left out (some part does not give them, or at another month).
    public static func consolidated(_ parts: [BudgetExecution]) -> (execution: BudgetExecution, unsummed: [ExecutionKey]) {
        let year = parts.first?.year ?? 0
        var lines: [ExecutionLine] = []
        var unsummed: [ExecutionKey] = []
        var keys: [ExecutionKey] = []
        for scheme in schemeOrder {
            for row in BudgetLine.allCases where parts.contains(where: { $0.line(scheme, row) != nil }) { keys.append(ExecutionKey(scheme, row)) }
        }
        for key in keys {
            let given = parts.map { $0.line(key.scheme, key.row) }
            let present = given.compactMap { $0 }
            let interLevel = key.row.role == .interLevel
            guard interLevel || present.count == parts.count, Set(present.map(\.month)).count == 1, let first = present.first else {
                unsummed.append(key)
                continue
            }
            let budgets = given.map { $0.map { $0.budget } ?? (interLevel ? 0 : nil) }
            let estimates = given.map { $0.map { $0.fullYearEstimate } ?? (interLevel ? 0 : nil) }
            let ytd = given.map { $0?.yearToDate ?? 0 }
            var line = ExecutionLine(scheme: key.scheme, row: key.row, month: first.month,
                                     budget: budgets.contains { $0 == nil } ? nil : budgets.reduce(0) { $0 + $1! },
                                     yearToDate: ytd.reduce(0, +), profile: first.profile)
            line.summed = ExecutionLine.Summed(estimate: estimates.contains { $0 == nil } ? nil : estimates.reduce(0) { $0 + $1! },
                                 yearToDates: ytd, estimates: estimates)
            lines.append(line)
        }
        // Internal flows, netted on both sides.
        func index(_ scheme: HistoryRecord.Scheme, _ row: BudgetLine) -> Int? { lines.firstIndex { $0.scheme == scheme && $0.row == row } }
        for scheme in schemeOrder {
            for (income, expenditure) in internalFlows {
                guard let i = index(scheme, income), let x = index(scheme, expenditure), lines[i].month == lines[x].month else { continue }
                let ytd = min(lines[i].yearToDate, lines[x].yearToDate)
                let budget = min(lines[i].budget ?? 0, lines[x].budget ?? 0)
                let estimate = min(lines[i].fullYearEstimate ?? 0, lines[x].fullYearEstimate ?? 0)
                for (row, total) in [(i, BudgetLine.incomeTotal), (x, .expenditureTotal)] {
                    for target in [row] + [index(scheme, total)].compactMap({ $0 }) where lines[target].month == lines[row].month {
                        lines[target].yearToDate -= ytd
                        lines[target].budget = lines[target].budget.map { $0 - budget }
                        lines[target].summed!.estimate = lines[target].summed!.estimate.map { $0 - estimate }
                        lines[target].summed!.nettedYearToDate += ytd
                        lines[target].summed!.nettedBudget += budget
                        lines[target].summed!.nettedEstimate += estimate
                    }
                }
            }
        }
        var months: [YearToDateMonthsPayable] = []
        for scheme in schemeOrder {
            let given = parts.compactMap { $0.monthsPayable.first { $0.scheme == scheme } }
            guard given.count == parts.count, let first = given.first, given.allSatisfy({ $0.month == first.month && $0.basis == first.basis }) else { continue }
            // Spending without the internal flows the 全市 支出合计 nets out.
            let netted = lines.first { $0.scheme == scheme && $0.row == .expenditureTotal && $0.month == first.month }?.summed?.nettedYearToDate ?? 0
            let spending = given.contains { $0.spending == nil } ? nil : given.reduce(0) { $0 + $1.spending! } - netted
            months.append(YearToDateMonthsPayable(scheme: scheme, month: first.month, basis: first.basis,
                                                  balance: given.reduce(0) { $0 + $1.balance }, spending: spending))
        }
        let execution = BudgetExecution(year: year, month: parts.map(\.month).max() ?? 0, lines: lines, monthsPayable: months)
        return (execution, unsummed)
    }

    /// An execution from its parts (``consolidated(_:)``).
    init(year: Int, month: Int, lines: [ExecutionLine], monthsPayable: [YearToDateMonthsPayable]) {
        self.year = year
        self.month = month
        self.lines = lines
        self.monthsPayable = monthsPayable
    }

    public func line(_ scheme: HistoryRecord.Scheme, _ row: BudgetLine) -> ExecutionLine? {
        lines.first { $0.scheme == scheme && $0.row == row }
    }

    /// Months payable from year-to-date figures for a fund (unrounded); nil when the file gives no
    /// balance (or no spending for the balance's month).
    public func monthsPayable(_ scheme: HistoryRecord.Scheme) -> Double? {
        monthsPayable.first { $0.scheme == scheme }?.months
    }
}

/// Chooses each line's profile: prior-year rows of the same line when usable, else the scenario's
/// shape (its preset, or the straight line), and for a total nobody set, its items weighted by budget.
struct ProfileChooser {
    var rows: [ExecutionKey: [YearToDateRecord]]
    var year: Int
    var budgets: [ExecutionKey: Double]
    var settings: ExecutionSettings

    init(records: [YearToDateRecord], year: Int, budgets: [ExecutionKey: Double], settings: ExecutionSettings) {
        rows = Dictionary(grouping: records.filter { $0.year <= year }) { ExecutionKey($0.scheme, $0.row) }
        self.year = year
        self.budgets = budgets
        self.settings = settings
    }

    /// Prior years with this line's month and December give the fitted profile; the others are listed.
    func profile(_ key: ExecutionKey, month m: Int) -> (SeasonalProfile, unusable: [Int]) {
        var usable: [SeasonalProfile.PriorYear] = []
        var unusable: [Int] = []
        let lineRows = rows[key] ?? []
        for prior in Set(lineRows.map(\.year)).filter({ $0 < year }).sorted() {
            let cumulative = Dictionary(lineRows.filter { $0.year == prior }.map { ($0.month, $0.value) }, uniquingKeysWith: { a, _ in a })
            if cumulative[m] != nil, let p = SeasonalProfile.priorYear(cumulative, year: prior) { usable.append(p) } else { unusable.append(prior) }
        }
        if !usable.isEmpty { return (SeasonalProfile.fitted(usable), unusable) }
        return (shaped(key, month: m), unusable)
    }

    /// The profile without this line's own prior-year rows.
    func shaped(_ key: ExecutionKey, month m: Int) -> SeasonalProfile {
        if let (shape, choice) = settings.shape(for: key.row, scheme: key.scheme) { return .shape(shape, choice) }
        let parts = components(key).compactMap { part -> SeasonalProfile.Component? in
            guard let weight = budgets[part], weight > 0 else { return nil }
            let name = key.scheme == .total ? part.scheme.rawValue : part.row.rawValue
            return SeasonalProfile.Component(weight: weight, name: name, profile: profile(part, month: m).0)
        }
        guard !parts.isEmpty, !parts.allSatisfy({ $0.profile.isEven }) else { return .straightLine }
        return .mixture(parts)
    }

    /// The items a total line adds up: all schemes' same row for `total`; else the first-level items
    /// of its side (and the inter-level flows for 合计).
    func components(_ key: ExecutionKey) -> [ExecutionKey] {
        if key.scheme == .total { return [.employee, .resident].map { ExecutionKey($0, key.row) } }
        let withInterLevel = key.row == .incomeTotal || key.row == .expenditureTotal
        return BudgetLine.allCases.filter { line in
            line.side == key.row.side && (line.role == .item || (withInterLevel && line.role == .interLevel))
        }.map { ExecutionKey(key.scheme, $0) }
    }
}
