import Scenario
import Projection

/// The status line of each scheme, separating the budget year (本年预算) from the medium-term
/// outlook (中长期, the years after it to the horizon):
/// 「职工医保 — 本年(2022年): 绿色; 中长期(2023–2096年): 红色, 2036年累计结余耗尽」.
/// Notices (提示) are not risks and leave a status green.
public struct WarningStatus: Sendable {
    public struct Part: Sendable {
        /// The worst level of the warnings holding in the part's years, green when none.
        public var level: WarningLevel
        /// The warning that sets the level: the most severe, then the most important rule (the
        /// order of ``WarningCode``: depletion first), then the earliest.
        public var reason: RiskWarning?
    }

    public struct Line: Sendable {
        /// `.employee` (its pooled fund and the scheme-wide 赡养比) or `.resident`.
        public var scheme: WarningScheme
        public var year: Int
        public var budgetYear: Part
        /// The years after the budget year; nil when the budget year is the horizon.
        public var outlookYears: ClosedRange<Int>?
        public var outlook: Part

        public var zh: String {
            let name = scheme == .resident ? "居民医保" : "职工医保"
            var text = "\(name) — 本年(\(year)年): " + Self.text(budgetYear, zh: true)
            if let r = outlookYears { text += "; 中长期(\(r.lowerBound)–\(r.upperBound)年): " + Self.text(outlook, zh: true) }
            return text
        }

        public var en: String {
            let name = scheme == .resident ? "Resident scheme" : "Employee scheme"
            var text = "\(name) — budget year \(year): " + Self.text(budgetYear, zh: false)
            if let r = outlookYears { text += "; medium term \(r.lowerBound)–\(r.upperBound): " + Self.text(outlook, zh: false) }
            return text
        }

        static func text(_ part: Part, zh: Bool) -> String {
            let colour = zh ? part.level.colour.zh : part.level.colour.en
            guard let r = part.reason else { return colour }
            return colour + (zh ? ", " + r.headlineZh : ", " + r.headlineEn)
        }
    }

    public var lines: [Line]

    /// - Parameters:
    ///   - budgetYear: the year the budget is drawn up for (base year + 1 unless `--year` says otherwise).
    ///   - horizon: the last projected year.
    public init(_ warnings: [RiskWarning], funds: [Fund], budgetYear: Int, horizon: Int) {
        lines = Self.schemes(funds).map { scheme in
            let mine = warnings.filter { Self.belongs($0, to: scheme) && $0.level != .notice }
            let outlookYears = budgetYear < horizon ? (budgetYear + 1)...horizon : nil
            return Line(scheme: scheme, year: budgetYear,
                        budgetYear: Self.part(mine.filter { $0.holds(in: budgetYear) }),
                        outlookYears: outlookYears,
                        outlook: Self.part(mine.filter { w in outlookYears.map { r in w.years.contains { r.contains($0) } } ?? false }))
        }
    }

    static func part(_ warnings: [RiskWarning]) -> Part {
        let order = WarningCode.allCases
        let reason = warnings.min { a, b in
            (a.level, order.firstIndex(of: a.rule) ?? 0, a.year) < (b.level, order.firstIndex(of: b.rule) ?? 0, b.year)
        }
        return Part(level: reason?.level ?? .green, reason: reason)
    }

    /// The schemes a status is given for: the employee scheme (when it has a pooled fund) and the resident scheme.
    static func schemes(_ funds: [Fund]) -> [WarningScheme] {
        (funds.contains(.employeePooled) ? [WarningScheme.employee] : []) + (funds.contains(.resident) ? [.resident] : [])
    }

    /// The employee status covers its pooled fund, its personal accounts and its 赡养比.
    static func belongs(_ w: RiskWarning, to scheme: WarningScheme) -> Bool {
        scheme == .resident ? w.scheme == .resident : w.scheme != .resident
    }
}
