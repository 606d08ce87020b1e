import Foundation
import Scenario

/// One figure that breaks a rule beyond rounding: the printed value, the value the rule gives from
/// the table's other figures, and their difference (printed − recomputed).
public struct AuditFinding: Sendable, Equatable {
    public var check: AuditCheck
    public var fund: BudgetTableFund
    public var column: String
    public var line: BudgetLine
    /// The printed figure the rule is held against; nil when the rule's only unprinted side is derived.
    public var figure: PublishedFigure?
    /// 元, or percentage points for a percentage.
    public var printed: Double
    public var recomputed: Double
    /// The most rounding (plus `--tolerance`) can explain, same unit as `printed`.
    public var allowed: Double
    public var unit: PublishedUnit
    /// Decimals to show the figures with (the most any figure of the rule prints).
    public var decimals: Int
    /// Rows not printed in the table whose value was derived for the recomputation.
    public var derived: [BudgetLine]
    /// The other columns the rule reads (last year's column, the budget column, the districts).
    public var otherColumns: [String]

    /// printed − recomputed.
    public var difference: Double { printed - recomputed }
}

/// A row the table does not print, derived from the rows it does print by one rule.
public struct AuditDerivation: Sendable, Equatable {
    public var fund: BudgetTableFund
    public var column: String
    public var line: BudgetLine
    public var check: AuditCheck
}

/// A rule not checked because two or more of its rows are neither printed nor derivable (rules
/// that would only define an unprinted 总计 are not listed).
public struct AuditSkip: Sendable, Equatable {
    public var fund: BudgetTableFund
    public var column: String
    public var check: AuditCheck
    public var missing: [BudgetLine]
}

/// The consistency audit of a published fund table (`fundcast audit`): every identity of the
/// official layout (``BudgetLine``), roll-forward between year columns, 其中 ≤ parent, printed
/// completion ratios and growth rates, district sums and the combined employee fund.
///
/// Absent item rows (first-level, 其中 and inter-level) count as 0: tables leave empty rows out.
/// Absent summary rows (小计, 合计, 结余, 上年结余, 滚存, 总计) are unknown; one that a rule gives
/// from printed rows is derived (and listed), and a rule with two unknown rows is skipped (and
/// listed). A rule already implied by the rules checked before it (the same combination of printed
/// figures) is not checked twice, so one misprint is reported once.
///
/// Rounding: each printed figure is within half a unit of its last printed digit of the true
/// amount (`996.84` 万元: ±0.005 万元 = ±50 元). A rule Σ cᵢ·xᵢ = 0 over printed figures is broken
/// only when |Σ cᵢ·xᵢ| > Σ |cᵢ|·halfᵢ + tolerance; a ratio's bound is propagated to first order
/// (see the module README).
public struct TableAudit: Sendable {
    public var findings: [AuditFinding] = []
    public var derivations: [AuditDerivation] = []
    public var skipped: [AuditSkip] = []
    /// Rules checked (after removing the implied ones).
    public var checksRun = 0
    /// District columns found per fund (for the report).
    public var districtColumns: [BudgetTableFund: (total: String, districts: [String], subtotals: [String])] = [:]
    /// Funds whose district sums leave out the totals holding inter-level flows.
    public var districtTotalsSkipped: [BudgetTableFund] = []

    public var isConsistent: Bool { findings.isEmpty }

    /// Audits `table`; `tolerance` (元) is added to every money rule's rounding bound.
    public init(_ table: PublishedTable, tolerance: Double = 0) {
        var run = AuditRun(table: table, tolerance: max(0, tolerance))
        run.all()
        findings = run.findings
        derivations = run.derivations
        skipped = run.skipped
        checksRun = run.checksRun
        districtColumns = run.districtColumns
        districtTotalsSkipped = run.districtTotalsSkipped
    }
}

/// A printed figure's place: fund, column, row.
struct FigureKey: Hashable, Comparable {
    var fund: BudgetTableFund
    var column: String
    var line: BudgetLine

    static func < (a: FigureKey, b: FigureKey) -> Bool {
        (a.fund.rawValue, a.column, a.line.rawValue) < (b.fund.rawValue, b.column, b.line.rawValue)
    }
}

/// Σ cᵢ·figureᵢ with whole coefficients: a row of the table in terms of printed figures.
struct LinearForm: Hashable {
    var terms: [FigureKey: Int] = [:]

    static let zero = LinearForm()
    init() {}
    init(_ key: FigureKey) { terms = [key: 1] }

    static func + (a: LinearForm, b: LinearForm) -> LinearForm {
        var t = a.terms
        for (k, c) in b.terms { t[k, default: 0] += c }
        var f = LinearForm()
        f.terms = t.filter { $0.value != 0 }
        return f
    }
    static func * (c: Int, a: LinearForm) -> LinearForm {
        var f = LinearForm()
        f.terms = c == 0 ? [:] : a.terms.mapValues { $0 * c }
        return f
    }
    static prefix func - (a: LinearForm) -> LinearForm { -1 * a }
    static func - (a: LinearForm, b: LinearForm) -> LinearForm { a + (-b) }

    var isZero: Bool { terms.isEmpty }

    /// The form with its first term (in key order) positive, so that f and −f compare equal.
    var canonical: LinearForm {
        guard let first = terms.keys.min(), let c = terms[first], c < 0 else { return self }
        return -self
    }
}

/// The audit's working state.
struct AuditRun {
    let table: PublishedTable
    let tolerance: Double
    let figures: [FigureKey: PublishedFigure]
    var derived: [FigureKey: LinearForm] = [:]
    var findings: [AuditFinding] = []
    var derivations: [AuditDerivation] = []
    var skipped: [AuditSkip] = []
    var checksRun = 0
    var checkedForms: Set<LinearForm> = []
    var districtColumns: [BudgetTableFund: (total: String, districts: [String], subtotals: [String])] = [:]
    var districtTotalsSkipped: [BudgetTableFund] = []

    /// Each fund's columns in the table's order, the money columns (fund and column), and the funds that
    /// print an inter-level row: indexed once, as the rules ask for them column by column (a table of
    /// thousands of columns would otherwise be scanned once per column).
    let fundColumns: [BudgetTableFund: [String]]
    let moneyColumns: Set<FundColumn>
    let interLevelFunds: Set<BudgetTableFund>

    struct FundColumn: Hashable { var fund: BudgetTableFund, column: String }

    init(table: PublishedTable, tolerance: Double) {
        self.table = table
        self.tolerance = tolerance
        figures = Dictionary(table.figures.map { (FigureKey(fund: $0.fund, column: $0.column, line: $0.line), $0) }, uniquingKeysWith: { a, _ in a })
        var present: [BudgetTableFund: Set<String>] = [:], money = Set<FundColumn>(), interLevel = Set<BudgetTableFund>()
        for f in table.figures {
            present[f.fund, default: []].insert(f.column)
            if f.unit != .percent { money.insert(FundColumn(fund: f.fund, column: f.column)) }
            if f.line.role == .interLevel { interLevel.insert(f.fund) }
        }
        fundColumns = present.mapValues { set in table.columns.filter(set.contains) }
        moneyColumns = money
        interLevelFunds = interLevel
    }

    /// The fund's columns in the table's order (``PublishedTable/columns(of:)``, indexed).
    func columns(of fund: BudgetTableFund) -> [String] { fundColumns[fund] ?? [] }

    // MARK: forms

    /// A row as a form over printed figures: itself when printed, 0 for an absent item, its
    /// derivation for a derived summary row, nil when unknown.
    func form(_ key: FigureKey) -> LinearForm? {
        if figures[key] != nil { return LinearForm(key) }
        if key.line.role != .summary { return .zero }
        return derived[key]
    }

    func value(_ f: LinearForm) -> Double {
        f.terms.reduce(0) { $0 + Double($1.value) * (figures[$1.key]?.value ?? 0) }
    }

    /// Σ |cᵢ| × half a unit of figure i's last printed digit.
    func roundingBound(_ f: LinearForm) -> Double {
        f.terms.reduce(0) { $0 + Double(abs($1.value)) * (figures[$1.key]?.roundingBound ?? 0) }
    }

    /// Float noise on sums of amounts in 元 (exact to about 1e-16 relative).
    func noise(_ f: LinearForm) -> Double {
        1e-9 * max(1, f.terms.reduce(0) { $0 + abs(figures[$1.key]?.value ?? 0) })
    }

    func isMoney(_ fund: BudgetTableFund, _ column: String) -> Bool {
        moneyColumns.contains(FundColumn(fund: fund, column: column))
    }

    func printedLines(_ fund: BudgetTableFund, _ column: String) -> [BudgetLine] {
        BudgetLine.allCases.filter { figures[FigureKey(fund: fund, column: column, line: $0)] != nil }
    }

    // MARK: recording

    /// Checks the linear rule `residual = 0`: once per combination of figures, reported against the
    /// row `subject` (or, when it is not printed, a printed row of the rule).
    mutating func checkLinear(_ residual: LinearForm, check: AuditCheck, subject: FigureKey, derived used: [BudgetLine] = [], otherColumns: [String] = []) {
        guard !residual.isZero else { return }
        let canonical = residual.canonical
        guard checkedForms.insert(canonical).inserted else { return }
        checksRun += 1
        let r = value(residual)
        let rounding = roundingBound(residual)
        guard abs(r) > rounding + tolerance + noise(residual) else { return }
        let reported = residual.terms[subject].map { (subject, $0) } ?? residual.terms.filter { abs($0.value) == 1 }.min { $0.key < $1.key }.map { ($0.key, $0.value) }
        guard let (key, c) = reported, let figure = figures[key] else { return }
        let difference = r / Double(c)
        let scale = figure.unit.scale
        findings.append(AuditFinding(check: check, fund: key.fund, column: key.column, line: key.line, figure: figure,
                                     printed: figure.value / scale, recomputed: (figure.value - difference) / scale,
                                     allowed: (rounding + tolerance) / scale, unit: figure.unit,
                                     decimals: max(0, residual.terms.keys.compactMap { figures[$0]?.decimals }.max() ?? figure.decimals),
                                     derived: used, otherColumns: otherColumns))
    }

    /// Records a non-linear check (a ratio) in percentage points.
    mutating func checkRatio(_ figure: PublishedFigure, expected: Double, bound: Double, check: AuditCheck, otherColumns: [String], derived used: [BudgetLine]) {
        checksRun += 1
        guard abs(figure.value - expected) > bound + 1e-9 else { return }
        findings.append(AuditFinding(check: check, fund: figure.fund, column: figure.column, line: figure.line, figure: figure,
                                     printed: figure.value, recomputed: expected, allowed: bound, unit: .percent,
                                     decimals: max(0, figure.decimals), derived: used, otherColumns: otherColumns))
    }

    // MARK: the rules

    mutating func all() {
        for fund in table.funds {
            let money = columns(of: fund).filter { isMoney(fund, $0) }
            for column in money { columnIdentities(fund, column) }
        }
        for fund in table.funds {
            let money = columns(of: fund).filter { isMoney(fund, $0) }
            for column in money { details(fund, column) }
            rollForward(fund, money)
            ratios(fund)
            districtSums(fund, money)
        }
        employeeCombined()
    }

    /// The identities of one money column: each either checked (all its rows known), used to derive
    /// its one unknown row, or skipped; repeated until nothing more can be derived.
    mutating func columnIdentities(_ fund: BudgetTableFund, _ column: String) {
        let key = { (line: BudgetLine) in FigureKey(fund: fund, column: column, line: line) }
        let printed = Set(printedLines(fund, column))
        var pending = BudgetLine.identities.filter { identity in
            guard let side = identity.itemsOf else { return true }
            return printed.contains { $0.side == side && $0.role == .item }
        }
        var progress = true
        while progress {
            progress = false
            var still: [BudgetIdentity] = []
            for identity in pending {
                let rows = [(identity.subject, 1)] + identity.terms.map { ($0.0, -$0.1) }
                let unknown = rows.filter { form(key($0.0)) == nil }
                if unknown.isEmpty {
                    let residual = rows.reduce(LinearForm.zero) { $0 + $1.1 * form(key($1.0))! }
                    let used = rows.map(\.0).filter { !printed.contains($0) && $0.role == .summary }
                    checkLinear(residual, check: AuditCheck(identity.rule), subject: key(identity.subject), derived: used)
                    progress = true
                } else if unknown.count == 1, let (line, c) = unknown.first {
                    // c·x + Σ others = 0 → x = −(Σ others)/c, with c = ±1.
                    let others = rows.filter { $0.0 != line }.reduce(LinearForm.zero) { $0 + $1.1 * form(key($1.0))! }
                    derived[key(line)] = (-c) * others
                    derivations.append(AuditDerivation(fund: fund, column: column, line: line, check: AuditCheck(identity.rule)))
                    progress = true
                } else {
                    still.append(identity)
                }
            }
            pending = still
        }
        // A rule that would only have defined an unprinted 总计 is no lost check: not listed.
        for identity in pending where ![.incomeGrandTotal, .expenditureGrandTotal, .grandTotals].contains(identity.rule) {
            let rows = [identity.subject] + identity.terms.map(\.0)
            skipped.append(AuditSkip(fund: fund, column: column, check: AuditCheck(identity.rule), missing: rows.filter { form(key($0)) == nil }))
        }
    }

    /// 其中 ≤ parent, for every printed 其中 row whose parent is printed (non-negative parents only).
    mutating func details(_ fund: BudgetTableFund, _ column: String) {
        for line in printedLines(fund, column) {
            guard let parent = line.parent, let p = figures[FigureKey(fund: fund, column: column, line: parent)],
                  let d = figures[FigureKey(fund: fund, column: column, line: line)], p.value >= 0 else { continue }
            checksRun += 1
            let bound = d.roundingBound + p.roundingBound + tolerance
            guard d.value - p.value > bound + 1e-9 * max(1, abs(p.value)) else { continue }
            findings.append(AuditFinding(check: .detail, fund: fund, column: column, line: line, figure: d, printed: d.value / d.unit.scale,
                                         recomputed: p.value / d.unit.scale, allowed: bound / d.unit.scale, unit: d.unit,
                                         decimals: max(0, d.decimals), derived: [], otherColumns: []))
        }
    }

    /// Full-year money columns that name a year (not 增减额), by year.
    func yearColumns(_ fund: BudgetTableFund, _ money: [String]) -> [(year: Int, column: String)] {
        money.compactMap { c in
            guard !PublishedTable.isPartYear(c), !Self.isChangeColumn(c), let y = PublishedTable.year(ofColumn: c) else { return nil }
            return (y, c)
        }
    }

    /// 上年结余 of year y + 1 = 年末滚存结余 of year y, for every pair of columns naming consecutive years
    /// of the same entity (``entity(ofColumn:)``: 2023年A区 against 2024年A区, never 2023年B县), the
    /// year-y column an outturn or an estimate: a year-y budget's planned closing is not what the next
    /// year's budget opens with (that is the year's execution).
    mutating func rollForward(_ fund: BudgetTableFund, _ money: [String]) {
        let years = yearColumns(fund, money)
        // The next year's columns by entity and year, found by lookup (not a scan of every pair).
        struct EntityYear: Hashable { var entity: String, year: Int }
        let entities = years.map { Self.entity(ofColumn: $0.column) }
        var byEntityYear: [EntityYear: [(year: Int, column: String)]] = [:]
        for (c, e) in zip(years, entities) { byEntityYear[EntityYear(entity: e, year: c.year), default: []].append(c) }
        for (a, entity) in zip(years, entities) where !Self.isBudgetColumn(a.column) {
            for b in byEntityYear[EntityYear(entity: entity, year: a.year + 1)] ?? [] {
                let opening = FigureKey(fund: fund, column: b.column, line: .openingBalance)
                let closing = FigureKey(fund: fund, column: a.column, line: .closingBalance)
                guard let o = form(opening), let c = form(closing) else { continue }
                let used = [opening, closing].filter { figures[$0] == nil }.map(\.line)
                checkLinear(o - c, check: .rollForward, subject: opening, derived: used, otherColumns: [a.column])
            }
        }
    }

    /// What a column is about once its year and its kind of figure are taken out: `A区` for 2024年A区预算,
    /// empty for 2023年决算 and 2024年预算 (one entity's years).
    static func entity(ofColumn column: String) -> String {
        var name = column
        if let y = PublishedTable.year(ofColumn: column) { name = name.replacingOccurrences(of: "\(y)年度", with: "").replacingOccurrences(of: "\(y)年", with: "").replacingOccurrences(of: "\(y)", with: "") }
        for word in ["预计执行数", "预计执行", "执行数", "决算数", "预算数", "预计数", "完成数", "执行", "决算", "预算", "预计", "草案", "调整"] {
            name = name.replacingOccurrences(of: word, with: "")
        }
        return name.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "()（）-_·")))
    }

    /// A budget's column (预算, not its execution): its 年末滚存结余 is planned.
    static func isBudgetColumn(_ column: String) -> Bool {
        column.contains("预算") && !["执行", "决算", "完成"].contains(where: column.contains)
    }

    /// `增减额`, `增减`, `增加额`: a money column of changes on last year.
    static func isChangeColumn(_ column: String) -> Bool {
        ["增减", "增加额", "增长额", "比上年"].contains { column.contains($0) }
    }

    /// The (last year, this year) columns a change column compares: by the years the columns name
    /// (the change column's own year, else the latest), else the two money columns printed just before it.
    func comparedColumns(_ fund: BudgetTableFund, for column: String) -> (previous: String, current: String)? {
        let money = columns(of: fund).filter { isMoney(fund, $0) }
        let years = yearColumns(fund, money)
        if !years.isEmpty {
            guard let y = PublishedTable.year(ofColumn: column) ?? years.map(\.year).max() else { return nil }
            let current = years.filter { $0.year == y }, previous = years.filter { $0.year == y - 1 }
            guard current.count == 1, previous.count == 1 else { return nil }
            return (previous[0].column, current[0].column)
        }
        let all = columns(of: fund)
        guard let at = all.firstIndex(of: column) else { return nil }
        let before = all[..<at].filter { isMoney(fund, $0) && !Self.isChangeColumn($0) }
        guard before.count >= 2 else { return nil }
        return (before[before.count - 2], before[before.count - 1])
    }

    /// 完成率, 增减% and 增减额 columns.
    mutating func ratios(_ fund: BudgetTableFund) {
        for column in columns(of: fund) {
            let printed = printedLines(fund, column)
            if !isMoney(fund, column) {
                if column.contains("完成") {
                    completion(fund, column, printed)
                } else if let pair = comparedColumns(fund, for: column) {
                    for line in printed {
                        let figure = figures[FigureKey(fund: fund, column: column, line: line)]!
                        let ck = FigureKey(fund: fund, column: pair.current, line: line), pk = FigureKey(fund: fund, column: pair.previous, line: line)
                        guard let c = form(ck), let p = form(pk) else { continue }
                        let cv = value(c), pv = value(p)
                        guard pv != 0 else { continue }
                        let bc = roundingBound(c), bp = roundingBound(p)
                        // g = 100 (c − p)/|p|: ∂g/∂c = 100/|p|, |∂g/∂p| ≤ 100 (1/|p| + |c − p|/p²).
                        let bound = figure.roundingBound + 100 * (bc + bp) / abs(pv) + 100 * abs(cv - pv) * bp / (pv * pv)
                        checkRatio(figure, expected: 100 * (cv - pv) / abs(pv), bound: bound, check: .growthRate,
                                   otherColumns: [pair.previous, pair.current], derived: [ck, pk].filter { figures[$0] == nil && $0.line.role == .summary }.map(\.line))
                    }
                }
            } else if Self.isChangeColumn(column), let pair = comparedColumns(fund, for: column) {
                for line in printed {
                    let k = FigureKey(fund: fund, column: column, line: line)
                    let ck = FigureKey(fund: fund, column: pair.current, line: line), pk = FigureKey(fund: fund, column: pair.previous, line: line)
                    guard let c = form(ck), let p = form(pk) else { continue }
                    checkLinear(LinearForm(k) - c + p, check: .growthAmount, subject: k,
                                derived: [ck, pk].filter { figures[$0] == nil && $0.line.role == .summary }.map(\.line),
                                otherColumns: [pair.previous, pair.current])
                }
            }
        }
    }

    /// 完成率 = 执行数 ÷ 预算数 × 100: the actual column names 执行, 决算 or 完成数 and the budget
    /// column 预算 (not 执行); both of the completion column's year when it names one.
    mutating func completion(_ fund: BudgetTableFund, _ column: String, _ printed: [BudgetLine]) {
        let year = PublishedTable.year(ofColumn: column)
        let money = columns(of: fund).filter { isMoney(fund, $0) && !Self.isChangeColumn($0) && (year == nil || PublishedTable.year(ofColumn: $0) == year) }
        var actual = money.filter { ["执行", "决算", "完成数"].contains(where: $0.contains) }
        let budget = money.filter { $0.contains("预算") && !$0.contains("执行") }
        // Beside last year's 决算 (2023年决算数, 2024年预算数, 2024年1-6月执行数, 完成率), the execution is the
        // budget's own year's.
        if actual.count > 1, budget.count == 1, let y = PublishedTable.year(ofColumn: budget[0]) {
            actual = actual.filter { PublishedTable.year(ofColumn: $0) == y }
        }
        guard actual.count == 1, budget.count == 1 else {
            if !printed.isEmpty { skipped.append(AuditSkip(fund: fund, column: column, check: .completion, missing: [])) }
            return
        }
        for line in printed {
            let figure = figures[FigureKey(fund: fund, column: column, line: line)]!
            let ak = FigureKey(fund: fund, column: actual[0], line: line), bk = FigureKey(fund: fund, column: budget[0], line: line)
            guard let a = form(ak), let b = form(bk) else { continue }
            let av = value(a), bv = value(b)
            guard bv != 0 else { continue }
            // r = 100 a/b: ∂r/∂a = 100/|b|, |∂r/∂b| = 100 |a|/b².
            let bound = figure.roundingBound + 100 * (roundingBound(a) + abs(av / bv) * roundingBound(b)) / abs(bv)
            checkRatio(figure, expected: 100 * av / bv, bound: bound, check: .completion, otherColumns: [actual[0], budget[0]],
                       derived: [ak, bk].filter { figures[$0] == nil && $0.line.role == .summary }.map(\.line))
        }
    }

    /// A column's name without a leading year (`2024年全市` → `全市`).
    private static func withoutYear(_ column: String) -> Substring {
        var name = Substring(column)
        if let y = PublishedTable.year(ofColumn: column), name.hasPrefix("\(y)") {
            name = name.dropFirst(4)
            if name.hasPrefix("年") { name = name.dropFirst() }
        }
        return name
    }

    /// Names of a total column: 全市, 全县, 全区, 全州, 全盟, 全省 (with anything after them), 合计, 总计,
    /// 汇总 (alone or with a note after them: 合计(全市)).
    static func isTotalColumn(_ column: String) -> Bool {
        let name = withoutYear(column)
        return ["全市", "全县", "全区", "全州", "全盟", "全省"].contains { name.hasPrefix($0) }
            || ["合计", "总计", "汇总"].contains { name == $0 || name.hasPrefix($0 + "(") || name.hasPrefix($0 + "（") }
    }

    /// A partial total (县区小计, 区县合计, 小计): neither a district nor the total.
    static func isSubtotalColumn(_ column: String) -> Bool {
        guard !isTotalColumn(column) else { return false }
        return ["小计", "合计", "总计", "汇总"].contains(where: column.contains)
    }

    /// 合计 = Σ districts, for every row the total column prints except inter-level flows (and,
    /// when the fund prints any inter-level row, the totals that hold them: a 全市 table nets the
    /// flows between its own levels). Districts are the other money columns of the total's year (or of
    /// none: 2024年A区 and 2024年B县 add to 2024年全市), partial totals (县区小计) left out.
    mutating func districtSums(_ fund: BudgetTableFund, _ money: [String]) {
        let columns = money.filter { !Self.isChangeColumn($0) && !PublishedTable.isPartYear($0) }
        var years: [Int?] = []
        for c in columns where !years.contains(PublishedTable.year(ofColumn: c)) { years.append(PublishedTable.year(ofColumn: c)) }
        for year in years {
            let inYear = columns.filter { PublishedTable.year(ofColumn: $0) == year }
            let totals = inYear.filter(Self.isTotalColumn)
            let districts = inYear.filter { !Self.isTotalColumn($0) && !Self.isSubtotalColumn($0) }
            guard totals.count == 1, districts.count >= 2, let total = totals.first else { continue }
            districtSums(fund, total: total, districts: districts, subtotals: inYear.filter(Self.isSubtotalColumn))
        }
    }

    private mutating func districtSums(_ fund: BudgetTableFund, total: String, districts: [String], subtotals: [String]) {
        if districtColumns[fund] == nil { districtColumns[fund] = (total, districts, subtotals) }
        let interLevelPrinted = interLevelFunds.contains(fund)
        if interLevelPrinted, !districtTotalsSkipped.contains(fund) { districtTotalsSkipped.append(fund) }
        let holdingFlows: Set<BudgetLine> = [.incomeTotal, .expenditureTotal, .incomeGrandTotal, .expenditureGrandTotal]
        for line in printedLines(fund, total) where line.role != .interLevel && !(interLevelPrinted && holdingFlows.contains(line)) {
            let t = FigureKey(fund: fund, column: total, line: line)
            let parts = districts.map { FigureKey(fund: fund, column: $0, line: line) }
            let forms = parts.map(form)
            guard forms.allSatisfy({ $0 != nil }) else {
                skipped.append(AuditSkip(fund: fund, column: total, check: .districtSum, missing: [line]))
                continue
            }
            let residual = forms.reduce(LinearForm(t)) { $0 - $1! }
            checkLinear(residual, check: .districtSum, subject: t,
                        derived: parts.filter { figures[$0] == nil && $0.line.role == .summary }.isEmpty ? [] : [line], otherColumns: districts)
        }
    }

    /// employee = pooled + personal accounts in every column all three print, for every row the
    /// combined table prints; the income totals less the accounts' 统筹基金划入收入 and the
    /// expenditure totals less the pooled fund's 划入个人账户支出 (internal to the scheme).
    mutating func employeeCombined() {
        let all = table.funds
        guard all.contains(.employee), all.contains(.employeePooled), all.contains(.employeePersonalAccount) else { return }
        let pooledColumns = Set(columns(of: .employeePooled)), accountColumns = Set(columns(of: .employeePersonalAccount))
        for column in columns(of: .employee) where isMoney(.employee, column) && pooledColumns.contains(column) && accountColumns.contains(column) {
            for line in printedLines(.employee, column) where line != .allocationFromPooledFund && line != .allocationToPersonalAccounts {
                let e = FigureKey(fund: .employee, column: column, line: line)
                let p = FigureKey(fund: .employeePooled, column: column, line: line), a = FigureKey(fund: .employeePersonalAccount, column: column, line: line)
                guard let pf = form(p), let af = form(a) else { continue }
                var residual = LinearForm(e) - pf - af
                let incomeTotals: Set<BudgetLine> = [.incomeSubtotal, .incomeTotal, .incomeGrandTotal]
                let spendingTotals: Set<BudgetLine> = [.expenditureSubtotal, .expenditureTotal, .expenditureGrandTotal]
                if incomeTotals.contains(line), let f = form(FigureKey(fund: .employeePersonalAccount, column: column, line: .allocationFromPooledFund)) { residual = residual + f }
                if spendingTotals.contains(line), let f = form(FigureKey(fund: .employeePooled, column: column, line: .allocationToPersonalAccounts)) { residual = residual + f }
                checkLinear(residual, check: .employeeCombined, subject: e,
                            derived: [p, a].filter { figures[$0] == nil && $0.line.role == .summary }.isEmpty ? [] : [line],
                            otherColumns: [])
            }
        }
    }
}
