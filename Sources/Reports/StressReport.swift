import Scenario
import Projection
import Engine

/// One row of a stress test: the baseline or a shock, and what it keeps of its projection, or why the
/// shock could not be projected (its own row: the other shocks still compare with the baseline).
public struct StressRow: Sendable {
    public var name: String
    public var title: Label
    /// Nil when the shock failed (``failure`` says why).
    public var summary: PointSummary?
    /// Why the shock could not be applied or projected, e.g. a TFR taken below 0.
    public var failure: String?

    public init(name: String, title: Label, summary: PointSummary) {
        self.name = name
        self.title = title
        self.summary = summary
    }

    public init(name: String, title: Label, failure: String) {
        self.name = name
        self.title = title
        self.failure = failure
    }
}

/// `fundcast stress` as report tables: the baseline and each shock side by side — depletion year,
/// months payable in the budget year and 5 and 10 years on, and the gap of the cumulative balance
/// (累计结余) to the baseline 10 years on and at the horizon.
public enum StressReport {
    /// The years a stress row keeps: the budget year, 5 and 10 years on, the horizon.
    public static func years(_ s: Scenario) -> [Int] {
        let b = s.baseYear + 1
        var years = [b, b + 5, b + 10].filter { $0 <= s.horizon }
        if years.last != s.horizon { years.append(s.horizon) }
        return years
    }

    /// `rows[0]` is the baseline and must have projected: there is nothing to compare a shock with otherwise.
    public static func document(_ rows: [StressRow], scenario: Scenario) -> ReportDocument {
        ReportDocument(
            title: Label("\(scenario.name) — 压力测试", "\(scenario.name) — stress test"),
            subtitle: [Label("情景文件: \(scenario.source); 基期 \(scenario.baseYear) 年; 冲击自预算年度 \(scenario.baseYear + 1) 年起",
                             "Scenario: \(scenario.source); base year \(scenario.baseYear); shocks from the budget year \(scenario.baseYear + 1)")] + [Label.commandLineChanges(scenario)].compactMap { $0 },
            sections: [ReportSection(code: "stress", title: Label("压力测试", "Stress test"), tables: [table(rows, scenario: scenario)],
                                     charts: charts(rows, scenario: scenario))],
            slug: "stress", baseYear: scenario.baseYear, unit: scenario.unit)
    }

    static func table(_ rows: [StressRow], scenario: Scenario) -> ReportTable {
        typealias Column = (ReportColumn, (StressRow) -> ReportValue)
        let years = years(scenario)
        let baseline = rows[0].summary!
        var columns: [Column] = [
            (ReportColumn("shock", Label("情景", "Scenario")), { .label($0.title) }),
        ]
        for fund in baseline.funds.map(\.fund) {
            let name = SweepReport.fundName(fund), code = fund.rawValue
            columns.append((ReportColumn("\(code).depletion_year", Label("\(name.zh)穿底年份", "\(name.en): depletion year")),
                            { $0.summary.map { SweepReport.depletion($0.fund(fund)) } ?? .notApplicable }))
            for (i, y) in years.enumerated() where y != scenario.horizon || years.count <= 3 {
                columns.append((ReportColumn("\(code).months_payable.\(y)", Label("\(y)年可支付月数", "months \(y)"), long: Label("\(name.zh)\(y)年可支付月数", "\(name.en): months payable \(y)")),
                                { r in r.summary?.fund(fund).map { $0.balanceKnown ? .of($0.monthsPayable[i], .months) : .notApplicable } ?? .notApplicable }))
            }
            for (i, y) in years.enumerated() where i >= 2 {
                columns.append((ReportColumn("\(code).balance_gap.\(y)", Label("\(y)年累计结余差额", "balance gap \(y)"),
                                             long: Label("\(name.zh)\(y)年累计结余较基准差额", "\(name.en): balance gap to the baseline \(y)")),
                                { r in
                                    guard let f = r.summary?.fund(fund), let b = baseline.fund(fund), f.balanceKnown,
                                          let x = f.balances[i], let x0 = b.balances[i] else { return .notApplicable }
                                    return .money(x - x0)
                                }))
            }
        }
        return ReportTable(
            code: "stress", title: Label("冲击与基准对比", "Shocks against the baseline"), shortTitle: Label("压力测试", "Stress"),
            caption: .money, columns: columns.map(\.0), rows: rows.enumerated().map { i, r in ReportRow(code: r.name, cells: columns.map { $0.1(r) }, isTotal: i == 0) },
            labelColumns: 1,
            notes: [Label("首行为基准情景; 累计结余差额 = 冲击情景年末滚存结余 − 基准情景年末滚存结余(负数: 冲击使结余减少)",
                          "First row: the baseline; balance gap = the shock's year-end balance − the baseline's (negative: the shock lowers the balance)")]
                + rows.compactMap { r in
                    r.failure.map { Label("「\(r.title.zh)」(\(r.name))未能测算, 该行留空: \($0)", "“\(r.title.en)” (\(r.name)) could not be projected; its row is empty: \($0)") }
                })
    }

    /// Months payable of each fund 10 years on (or at the last kept year), one bar per scenario.
    static func charts(_ rows: [StressRow], scenario: Scenario) -> [ReportChart] {
        let years = years(scenario)
        let i = min(2, years.count - 1)
        return [ReportChart(
            code: "stress_months", title: Label("\(years[i])年可支付月数: 基准与冲击", "Months payable in \(years[i]): baseline and shocks"),
            caption: Label("各冲击自预算年度起作用", "each shock acts from the budget year"), kind: .months, years: [],
            series: rows[0].summary!.funds.map { f in
                ReportChart.Series(key: f.fund.rawValue, label: SweepReport.fundName(f.fund), values: rows.map { $0.summary?.fund(f.fund)?.monthsPayable[i] })
            },
            categories: rows.map(\.title))]
    }
}
