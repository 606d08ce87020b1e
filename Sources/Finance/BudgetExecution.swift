import Foundation
import Scenario

// Mid-year budget execution (预算执行情况): year-to-date actuals against the year's budget, a
// full-year estimate that respects the seasonality of collections, and months payable from the
// year-to-date spending. Pure: the CLI reads the file (YearToDateRecord.load) and the model gives the budget.

/// How a year's total builds up over the months: the cumulative share of the year's total reached
/// by the end of each month (12 values, non-decreasing, the last 1).
///
/// Contributions do not arrive evenly: resident premiums are mostly paid at the end of the year for
/// the next one (and fiscal subsidies arrive late), employers fall into arrears and catch up. So a
/// full-year estimate divides the year-to-date figure by the share expected by now,
/// `estimate = YTD / share(m)`, never `YTD × 12 / m` unless the profile is even.
public struct SeasonalProfile: Sendable, Equatable {
    /// The documented defaults, used when the file has no usable prior-year actuals.
    public enum DefaultBasis: String, Sendable, Equatable, CaseIterable {
        /// Employee contributions: `(m/12)^employeeContributionExponent`.
        case employeeContributions = "employee_contributions"
        /// Resident contributions and subsidies: `(m/12)^residentContributionExponent`.
        case residentContributions = "resident_contributions"
        /// Spending: even through the year, `m/12`.
        case spending

        /// The exponent k of `share(m) = (m/12)^k`.
        public var exponent: Double {
            switch self {
            case .employeeContributions: return SeasonalProfile.employeeContributionExponent
            case .residentContributions: return SeasonalProfile.residentContributionExponent
            case .spending: return SeasonalProfile.spendingExponent
            }
        }
    }

    /// One weighted part of a mixed profile.
    public struct Component: Sendable, Equatable {
        public var weight: Double
        public var profile: SeasonalProfile
        public init(weight: Double, profile: SeasonalProfile) {
            self.weight = weight
            self.profile = profile
        }
    }

    /// Where the shares come from, for the report's notes.
    public enum Source: Sendable, Equatable {
        /// Prior-year actuals of `year`: share(m) = cumulative(m) / cumulative(12). `cumulative`
        /// holds the months the file gives (month → 元); shares of other months are interpolated
        /// linearly between them (from 0 before January).
        case priorYear(year: Int, cumulative: [Int: Double])
        /// A documented default `(m/12)^k`.
        case power(DefaultBasis)
        /// A weighted average of profiles (all schemes together: weights are the schemes' budgets).
        case mixture([Component])
    }

    /// `shares[m − 1]`: share of the year's total reached by the end of month m.
    public let shares: [Double]
    public let source: Source

    /// The share reached by the end of `month` (1…12; clamped).
    public func share(atEndOf month: Int) -> Double {
        shares[min(12, max(1, month)) - 1]
    }

    /// Whether the profile is the even `m/12` (then, and only then, the estimate is `YTD × 12/m`).
    public var isEven: Bool {
        shares.enumerated().allSatisfy { abs($0.element - Double($0.offset + 1) / 12) < 1e-12 }
    }

    // MARK: documented defaults

    /// Exponent of the default profile of employee contributions, `share(m) = (m/12)^k`, fitted to
    /// the only mid-year collection figure in the local reports we hold (永丰县医保 2009 年上半年工作报告, Yongfeng County, first
    /// half of 2009): 1,100万 of the year's 1,900万 target collected by the end of June, so
    /// share(6) = 1,100 / 1,900 = 0.578947 and k = ln(0.578947) / ln(6/12) = 0.78849 ≈ 0.788.
    /// k < 1: collections run ahead of the calendar (annual lump sums paid early in the year).
    public static let employeeContributionExponent: Double = log(1_100.0 / 1_900.0) / log(6.0 / 12.0)

    /// Exponent of the default profile of resident income, fitted to the same report: 153万 of the
    /// year's 400万 by the end of June ("各级财政拨款尚未到位": the subsidies had not arrived), so
    /// share(6) = 153 / 400 = 0.3825 and k = ln(0.3825) / ln(6/12) = 1.38646 ≈ 1.387.
    /// k > 1: income lags the calendar (subsidies and premiums arrive late in the year).
    public static let residentContributionExponent: Double = log(153.0 / 400.0) / log(6.0 / 12.0)

    /// Exponent of the default spending profile: 1, spending even through the year. The seeds give
    /// no seasonal figure for spending (only half-year totals), so none is assumed.
    public static let spendingExponent: Double = 1

    /// `share(m) = (m/12)^k` for the default `basis`.
    public static func power(_ basis: DefaultBasis) -> SeasonalProfile {
        let k = basis.exponent
        return SeasonalProfile(shares: (1...12).map { pow(Double($0) / 12, k) }, source: .power(basis))
    }

    /// The default for a scheme's metric: employee funds' income follows employee contributions,
    /// resident income resident contributions, spending is even. Income of all schemes together
    /// (`total`) mixes the employee and resident defaults weighted by their budgets (even when
    /// neither budget is known). Nil for balances, which are stocks, not flows.
    public static func defaultProfile(scheme: HistoryRecord.Scheme, metric: HistoryRecord.Metric,
                                      employeeIncomeBudget: Double? = nil, residentIncomeBudget: Double? = nil) -> SeasonalProfile? {
        switch (metric, scheme) {
        case (.expenditure, _): return power(.spending)
        case (.income, .employee), (.income, .employeePooled), (.income, .employeePersonalAccount): return power(.employeeContributions)
        case (.income, .resident): return power(.residentContributions)
        case (.income, .total):
            let parts = [(employeeIncomeBudget, power(.employeeContributions)), (residentIncomeBudget, power(.residentContributions))]
                .compactMap { w, p in w.flatMap { $0 > 0 ? Component(weight: $0, profile: p) : nil } }
            return parts.isEmpty ? power(.spending) : mixture(parts)
        default: return nil
        }
    }

    /// The weighted average of profiles (weights need not sum to 1).
    public static func mixture(_ components: [Component]) -> SeasonalProfile {
        let total = components.map(\.weight).reduce(0, +)
        let shares = (1...12).map { m in components.map { $0.weight * $0.profile.share(atEndOf: m) }.reduce(0, +) / total }
        return SeasonalProfile(shares: shares, source: .mixture(components))
    }

    // MARK: from prior-year actuals

    /// The profile of a prior year's cumulative figures (month → 1–m月累计, 元): share(m) =
    /// cumulative(m) / cumulative(12). December must be given and positive and the figures must not
    /// fall; months not given are interpolated linearly between those given (0 before January).
    /// Nil when unusable.
    public static func priorYear(_ cumulative: [Int: Double], year: Int) -> SeasonalProfile? {
        guard let december = cumulative[12], december > 0 else { return nil }
        let known = [(0, 0.0)] + cumulative.filter { (1...12).contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value / december) }
        for (a, b) in zip(known, known.dropFirst()) where b.1 < a.1 || a.1 < 0 { return nil }
        var shares: [Double] = []
        for m in 1...12 {
            let upper = known.first { $0.0 >= m }!
            let lower = known.last { $0.0 <= m }!
            shares.append(upper.0 == lower.0 ? upper.1 : lower.1 + (upper.1 - lower.1) * Double(m - lower.0) / Double(upper.0 - lower.0))
        }
        return SeasonalProfile(shares: shares, source: .priorYear(year: year, cumulative: cumulative.filter { (1...12).contains($0.key) }))
    }
}

/// A fund's figure in the execution table: which scheme, which flow.
public struct ExecutionKey: Hashable, Sendable {
    public var scheme: HistoryRecord.Scheme
    public var metric: HistoryRecord.Metric
    public init(_ scheme: HistoryRecord.Scheme, _ metric: HistoryRecord.Metric) {
        self.scheme = scheme
        self.metric = metric
    }
}

/// One line of 预算执行情况: the year's budget, the year-to-date actual and the full-year estimate.
public struct ExecutionLine: Sendable, Equatable {
    public var scheme: HistoryRecord.Scheme
    /// `income` or `expenditure`.
    public var metric: HistoryRecord.Metric
    /// The year-to-date figure covers January to the end of this month.
    public var month: Int
    /// 年度预算, 元; nil when the model has no such figure (the scenario lacks the scheme).
    public var budget: Double?
    /// 1–N月累计执行, 元.
    public var yearToDate: Double
    public var profile: SeasonalProfile
    /// Earlier years in the file with rows for this figure that could not give a profile (missing
    /// this month or December): the default was used instead.
    public var unusablePriorYears: [Int] = []

    public var key: ExecutionKey { ExecutionKey(scheme, metric) }

    /// 按季节规律应完成: the share of the year's total expected by the end of `month` (not 序时进度,
    /// which is the share of the year gone by, `month / 12`).
    public var expectedShare: Double { profile.share(atEndOf: month) }

    /// 完成率 = YTD / budget.
    public var completion: Double? {
        guard let budget, budget > 0 else { return nil }
        return yearToDate / budget
    }

    /// 全年预计 = YTD / share(month); nil when the profile expects nothing by now.
    public var fullYearEstimate: Double? {
        expectedShare > 0 ? yearToDate / expectedShare : nil
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
    /// Balance at the end of `month`, 元.
    public var balance: Double
    /// Spending January to the end of `month`, 元; nil when the file gives none for that month.
    public var spending: Double?

    /// Year-to-date average monthly spending.
    public var averageMonthlySpending: Double? { spending.map { $0 / Double(month) } }

    /// 可支付月数; nil without spending.
    public var months: Double? {
        guard let s = averageMonthlySpending, s > 0 else { return nil }
        return balance / s
    }
}

/// The execution of one budget year from its year-to-date actuals.
public struct BudgetExecution: Sendable, Equatable {
    public var year: Int
    /// The latest month the file reports in the year (0 when it reports nothing for the year).
    public var month: Int
    /// Income and expenditure lines, employee funds first, each at its latest month.
    public var lines: [ExecutionLine]
    /// For every fund with a balance row in the year except personal accounts (their balances
    /// belong to the account holders; the budget tables give them no months payable either).
    public var monthsPayable: [YearToDateMonthsPayable]

    /// Display order of schemes.
    public static let schemeOrder: [HistoryRecord.Scheme] = [.employee, .employeePooled, .employeePersonalAccount, .resident, .total]

    /// Builds the execution of `year` from the file's records (rows of earlier years are prior-year
    /// actuals for profiles; later years are ignored — YearToDateRecord.check rejects them) and
    /// the year's budget per scheme and flow (元).
    public init(records: [YearToDateRecord], year: Int, budgets: [ExecutionKey: Double]) {
        self.year = year
        self.month = records.filter { $0.year == year }.map(\.month).max() ?? 0
        var lines: [ExecutionLine] = []
        for scheme in Self.schemeOrder {
            for metric in [HistoryRecord.Metric.income, .expenditure] {
                let key = ExecutionKey(scheme, metric)
                let rows = records.filter { $0.scheme == scheme && $0.metric == metric }
                guard let latest = rows.filter({ $0.year == year }).max(by: { $0.month < $1.month }) else { continue }
                let m = latest.month
                var profile: SeasonalProfile?
                var unusable: [Int] = []
                for prior in Set(rows.map(\.year)).filter({ $0 < year }).sorted(by: >) {
                    let cumulative = Dictionary(rows.filter { $0.year == prior }.map { ($0.month, $0.value) }, uniquingKeysWith: { a, _ in a })
                    if profile == nil, cumulative[m] != nil, let p = SeasonalProfile.priorYear(cumulative, year: prior) {
                        profile = p
                    } else if profile == nil {
                        unusable.append(prior)
                    }
                }
                let fallback = SeasonalProfile.defaultProfile(scheme: scheme, metric: metric,
                                                              employeeIncomeBudget: budgets[ExecutionKey(.employee, .income)],
                                                              residentIncomeBudget: budgets[ExecutionKey(.resident, .income)])
                guard let chosen = profile ?? fallback else { continue }
                lines.append(ExecutionLine(scheme: scheme, metric: metric, month: m, budget: budgets[key], yearToDate: latest.value,
                                           profile: chosen, unusablePriorYears: unusable))
            }
        }
        self.lines = lines
        var payable: [YearToDateMonthsPayable] = []
        for scheme in Self.schemeOrder where scheme != .employeePersonalAccount {
            let rows = records.filter { $0.year == year && $0.scheme == scheme }
            guard let balance = rows.filter({ $0.metric == .balance }).max(by: { $0.month < $1.month }) else { continue }
            let spending = rows.first { $0.metric == .expenditure && $0.month == balance.month }?.value
            payable.append(YearToDateMonthsPayable(scheme: scheme, month: balance.month, balance: balance.value, spending: spending))
        }
        self.monthsPayable = payable
    }

    public func line(_ scheme: HistoryRecord.Scheme, _ metric: HistoryRecord.Metric) -> ExecutionLine? {
        lines.first { $0.scheme == scheme && $0.metric == metric }
    }

    /// Months payable from year-to-date figures for a fund; nil when the file gives no balance
    /// (or no spending for the balance's month).
    public func monthsPayable(_ scheme: HistoryRecord.Scheme) -> Double? {
        monthsPayable.first { $0.scheme == scheme }?.months
    }
}
