import Scenario
import Projection
import Engine

/// `fundcast sweep` as report tables: one row a point, and for a grid of two keys a matrix of
/// depletion years per fund (rows: the first key, columns: the second).
public enum SweepReport {
    public static func document(_ sweep: SweepResult, scenario: Scenario) -> ReportDocument {
        var tables = [table(sweep, scenario: scenario)]
        if sweep.axes.count == 2 {
            for fund in sweep.funds { tables.insert(matrix(sweep, fund: fund, scenario: scenario), at: tables.count - 1) }
        }
        let keys = sweep.axes.map(\.key.path).joined(separator: " × ")
        return ReportDocument(
            title: Label("\(scenario.name) — 参数敏感性分析", "\(scenario.name) — parameter sweep"),
            subtitle: [Label("情景文件: \(scenario.source); 基期 \(scenario.baseYear) 年; 变动参数 \(keys)",
                             "Scenario: \(scenario.source); base year \(scenario.baseYear); varying \(keys)")] + [Label.commandLineChanges(scenario)].compactMap { $0 },
            sections: [ReportSection(code: "sweep", title: Label("参数敏感性分析", "Parameter sweep"), tables: tables)],
            slug: "sweep", baseYear: scenario.baseYear, unit: scenario.unit)
    }

    /// A key's value as a typed cell: rates as rates, money (in the scenario's unit) in 元.
    public static func value(_ v: Double, _ key: NumericKey, scenario: Scenario) -> ReportValue {
        switch key.measure {
        case .rate: return .rate(v)
        case .money: return .money(v * scenario.unit.yuanPerUnit)
        case .moneyPerHead: return .moneyPerHead(v)
        case .persons: return .persons(v)
        case .number: return .ratio(v)
        }
    }

    /// The unit files name for a key's column when its values are plain numbers (``value(_:_:scenario:)``
    /// gives them kind ratio): the key's own (孩次/妇女 for a TFR, 倍 for a multiplier, none for a count
    /// of years or a volatility). Nil for the other measures, whose kind names their unit.
    public static func unit(_ key: NumericKey) -> Label? {
        guard key.measure == .number else { return nil }
        let zh = key.unitName(money: .yuan)
        return Label(zh, ResolvedScenario.englishUnit(zh))
    }

    static func fundName(_ fund: Fund) -> Label { Budget.shortTitle(fund) }

    /// 穿底年份 as a cell: the year, 未穿底 when the fund lasts to the horizon, — when its balance is unknown.
    public static func depletion(_ f: FundSummary?) -> ReportValue {
        guard let f, f.balanceKnown else { return .notApplicable }
        return f.depletionYear.map { .year($0) } ?? .never(Label("未穿底", "none"))
    }

    /// Decimals of a rate key's values as percentages: enough for each as written (0.06001 is 6.001 %,
    /// three), at least two, at most eight, so points 0.001 points apart do not print alike.
    static func percentDecimals(_ values: [Double]) -> Int {
        let written = values.map { v -> Int in
            let text = plainDecimal(v * 100)
            return text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
        }
        return min(8, max(2, written.max() ?? 2))
    }

    static func table(_ sweep: SweepResult, scenario: Scenario) -> ReportTable {
        typealias Column = (ReportColumn, (SweepPoint) -> ReportValue)
        var columns: [Column] = sweep.axes.enumerated().map { i, axis in
            (ReportColumn(axis.key.path, Label(axis.key.path, axis.key.path), rateDecimals: percentDecimals(axis.values), exactInFiles: true, unit: unit(axis.key)), { value($0.values[i], axis.key, scenario: scenario) })
        }
        let funds = sweep.funds
        for fund in funds {
            let name = fundName(fund), code = fund.rawValue
            columns += [
                (ReportColumn("\(code).depletion_year", Label("\(name.zh)穿底年份", "\(name.en): depletion year")), { depletion($0.summary?.fund(fund)) }),
                (ReportColumn("\(code).minimum_months_payable", Label("\(name.zh)最低可支付月数", "\(name.en): lowest months payable")),
                 { .of($0.summary?.fund(fund)?.minimumMonthsPayable, .months) }),
                (ReportColumn("\(code).minimum_months_year", Label("最低月数年份", "in year"), long: Label("\(name.zh)最低可支付月数年份", "\(name.en): year of the lowest months payable")),
                 { p in p.summary?.fund(fund)?.minimumMonthsYear.map { .year($0) } ?? .notApplicable }),
            ]
            for (i, y) in sweep.years.enumerated() {
                columns += [
                    (ReportColumn("\(code).balance.\(y)", Label("\(name.zh)\(y)年结余", "\(name.en): balance \(y)")),
                     { p in p.summary?.fund(fund).map { $0.balanceKnown ? .of($0.balances[i], .money) : .notApplicable } ?? .notApplicable }),
                    (ReportColumn("\(code).months_payable.\(y)", Label("\(y)年可支付月数", "months \(y)"), long: Label("\(name.zh)\(y)年可支付月数", "\(name.en): months payable \(y)")),
                     { p in p.summary?.fund(fund).map { $0.balanceKnown ? .of($0.monthsPayable[i], .months) : .notApplicable } ?? .notApplicable }),
                ]
            }
        }
        if scenario.employee != nil {
            for (i, y) in sweep.years.enumerated() {
                columns.append((ReportColumn("employee_pooled.break_even_employer_rate.\(y)", Label("\(y)年收支平衡单位费率", "break-even employer rate \(y)"), rateDecimals: 2),
                                { .of($0.summary?.breakEvenEmployerRates[i], .rate) }))
            }
        }
        return ReportTable(
            code: "sweep", title: Label("逐点结果", "Results by point"), shortTitle: Label("敏感性分析", "Sweep"),
            caption: .money, columns: columns.map(\.0),
            rows: sweep.points.map { p in ReportRow(cells: columns.map { $0.1(p) }) }, labelColumns: sweep.axes.count,
            notes: [Label("穿底年份: 累计结余首次为负的年份; 可支付月数 = 年末滚存结余 ÷ (当年支出 ÷ 12); 收支平衡单位费率: 当年统筹基金收支相抵的单位缴费率",
                          "Depletion year: first year with a negative balance; months payable = year-end balance ÷ (the year's spending ÷ 12); break-even employer rate: the rate at which the pooled fund's income equals its spending in that year")]
                + failureNotes(sweep))
    }

    /// The points that could not be projected, each with its reason (the first 20, then a count): their rows are empty.
    static func failureNotes(_ sweep: SweepResult) -> [Label] {
        let failed = sweep.points.compactMap { p in p.failure.map { (p, $0) } }
        var notes = failed.prefix(20).map { p, e in
            Label("\(e.label) 未能测算, 该行留空: \(e.message)", "\(e.label) could not be projected; its row is empty: \(e.message)")
        }
        if failed.count > 20 { notes.append(Label("另有 \(failed.count - 20) 个点未能测算", "\(failed.count - 20) more points could not be projected")) }
        return notes
    }

    /// Depletion years of `fund` on the grid: a row per value of the first key, a column per value of the second.
    static func matrix(_ sweep: SweepResult, fund: Fund, scenario: Scenario) -> ReportTable {
        let (a, b) = (sweep.axes[0], sweep.axes[1])
        let name = fundName(fund)
        var rows: [ReportRow] = []
        for (i, x) in a.values.enumerated() {
            let cells = b.values.indices.map { j in depletion(sweep.points[i * b.values.count + j].summary?.fund(fund)) }
            rows.append(ReportRow(cells: [value(x, a.key, scenario: scenario)] + cells))
        }
        let columns = [ReportColumn(a.key.path, Label("\(a.key.path) \\ \(b.key.path)", "\(a.key.path) \\ \(b.key.path)"), rateDecimals: percentDecimals(a.values), exactInFiles: true, unit: unit(a.key))]
            + b.values.map { v in
                let text = TextTables.cell(value(v, b.key, scenario: scenario), column: ReportColumn("", Label("", ""), rateDecimals: percentDecimals(b.values)), row: ReportRow(cells: []),
                                           indent: false, style: NumberStyle(unit: scenario.unit, grouping: true), language: .zh)
                return ReportColumn("\(b.key.path)=\(plainDecimal(v))", Label(text, text))
            }
        return ReportTable(code: "depletion_matrix.\(fund.rawValue)", title: Label("\(name.zh)穿底年份矩阵", "\(name.en): depletion year by point"),
                           shortTitle: Label("\(name.zh)穿底年份", "\(name.en) depletion"), columns: columns, rows: rows, labelColumns: 1)
    }
}

extension SweepResult {
    /// The funds the points report, from the first point that was projected.
    var funds: [Fund] { points.lazy.compactMap(\.summary).first?.funds.map(\.fund) ?? [] }
}
