import Testing
@testable import Reports
import Scenario
import TestSupport

/// The report model and its file renderers, by hand-worked cases.
@Suite("Report model")
struct ReportModelTests {
    @Test func indentationInLabelsIsReadAsLevels() {
        let row = BudgetRow(code: "x", label: Label("    其中: 住院", "    of which inpatient"), previous: 1, budget: 2, kind: .money)
        #expect(row.levelAndLabel.0 == 2)
        #expect(row.levelAndLabel.1 == Label("其中: 住院", "of which inpatient"))
        var explicit = BudgetRow(code: "y", label: Label("其中: 住院", "of which inpatient"), previous: 1, budget: 2, kind: .money)
        explicit.level = 1
        #expect(explicit.levelAndLabel.0 == 1) // a row that says its level keeps it
    }

    static let table = ReportTable(
        code: "t", title: Label("表", "Table"), caption: .money,
        columns: [ReportColumn("item", Label("项目", "Item")), ReportColumn("a", Label("金额", "Amount"), additive: true),
                  ReportColumn("r", Label("比率", "Rate"))],
        rows: [ReportRow(code: "total", cells: [.label(Label("合计", "Total")), .money(123_456_789), .rate(0.0894)], isTotal: true),
               ReportRow(code: "item", cells: [.label(Label("其中: 甲", "of which A")), .notApplicable, .ratePoints(0.005)], level: 1)],
        indentColumn: 0)

    @Test func textTablesFormatOnlyInTheRenderer() {
        let t = TextTables.table(Self.table, style: NumberStyle(unit: .wan, grouping: true), language: .zh)
        #expect(t.title == "表  (单位: 万元)")
        // 123,456,789 元 = 12,345.6789 万元 → 12,345.68; 0.005 as points = 0.50个百分点 (0.50pt in English)
        #expect(t.rows == [["合计", "12,345.68", "8.94%"], ["  其中: 甲", "—", "0.50个百分点"]])
        #expect(TextTables.table(Self.table, style: NumberStyle(unit: .wan, grouping: true), language: .en).rows[1][2] == "0.50pt")
        #expect(t.emphasised == [0])
        let both = TextTables.table(Self.table, style: NumberStyle(unit: .yi, grouping: true), language: .both)
        #expect(both.rows[1][0] == "  其中: 甲   of which A")
        #expect(both.rows[0][1] == "1.2346") // 亿元 with four decimals
    }

    @Test func csvHasABOMUnitsLevelsAndPlainNumbers() {
        let csv = ReportCSV.render(Self.table, unit: .wan, language: .zh, bom: true)
        // The money column holds one kind: its unit goes in the header; the rate column mixes rate and
        // points, so the table gets a 单位 column; money is kept to the 分 (12345.6789 万元).
        #expect(csv == "\u{FEFF}代码,项目,层级,单位,金额(万元),比率\ntotal,合计,0,万元,12345.6789,0.0894\nitem,其中: 甲,1,比率差,,0.005\n")
    }

    @Test func plainNumbersTrimZerosAndNeverShowMinusZero() {
        #expect(plainNumber(12.5000, decimals: 4) == "12.5")
        #expect(plainNumber(3, decimals: 2) == "3")
        #expect(plainNumber(-0.00001, decimals: 2) == "0")
        #expect(plainNumber(.nan, decimals: 2) == "")
    }

    @Test func duplicateHeadersAreMadeUnique() {
        let t = ReportTable(code: "p", title: Label("", ""), columns: [ReportColumn("year", Label("年份", "Year")),
                            ReportColumn("a.m", Label("可支付月数", "Months")), ReportColumn("b.m", Label("可支付月数", "Months"))],
                            rows: [ReportRow(cells: [.year(2024), .months(3), .months(4)])])
        #expect(t.fileHeaders(unit: .wan, language: .zh) == ["年份", "可支付月数(月)", "可支付月数(月) [b.m]"])
    }

    /// 小计 = Σ first-level items (the 其中 row is inside its parent, not added); a formula only when it gives the figure.
    @Test func totalsBecomeSumsOnlyWhenTheItemsAddUp() {
        func rows(_ total: Double) -> [ReportRow] {
            [ReportRow(code: "contributions", cells: [.empty, .money(1.25), .money(1.25)]),
             ReportRow(code: "flexible_contributions", cells: [.empty, .money(0.5), .money(0.5)], level: 1),
             ReportRow(code: "interest", cells: [.empty, .money(2), .money(2)]),
             ReportRow(code: "income_subtotal", cells: [.empty, .money(total), .money(total)])]
        }
        var adding = rows(3.25) // 1.25 + 2
        Budget.addFormulas(&adding)
        #expect(adding[3].formula == .sum(["contributions", "interest"]))
        var short = rows(3.30)
        Budget.addFormulas(&short)
        #expect(short[3].formula == nil)
    }

    @Test func chartTicksAreRound() {
        #expect(ChartSVG.niceStep(50) == 10)
        #expect(ChartSVG.niceStep(7) == 2)
        #expect(ChartSVG.niceStep(2_400_000) == 500_000)
        #expect(ChartSVG.niceStep(0) == 1)
    }
}

/// Charts for results with categories (stress shocks) and fans (Monte Carlo percentiles).
@Suite("Report charts")
struct ReportChartTests {
    @Test func categoryBarsAndFansAreDrawn() {
        let style = NumberStyle(unit: .yuan, grouping: true)
        let bars = ReportChart(code: "stress", title: Label("压力测试", "Stress"), caption: Label("", ""), kind: .year, years: [2024],
                               series: [.init(key: "d", label: Label("耗尽年份", "Depletion year"), values: [2031, 2035])],
                               categories: [Label("工资增长放缓", "Slower wages"), Label("基准", "Baseline")])
        #expect(bars.years.isEmpty && bars.style == .bars)
        #expect(bars.xLabels(.zh) == ["工资增长放缓", "基准"])
        let svg = ChartSVG.svg(bars, style: style, language: .zh)
        #expect(svg.contains(">工资增长放缓</text>") && svg.components(separatedBy: "<rect ").count - 1 == 2 + 2) // background, legend, 2 bars
        let fan = ReportChart(code: "mc", title: Label("蒙特卡洛", "Monte Carlo"), caption: Label("", ""), kind: .months, years: [2024, 2025, 2026],
                              series: [.init(key: "p50", label: Label("中位数", "Median"), values: [10, 9, 8])],
                              ranges: [.init(key: "p5-p95", label: Label("5%–95%", "5–95 %"), lower: [9, 7, 5], upper: [11, 11, 11])])
        let fanSVG = ChartSVG.svg(fan, style: style, language: .zh)
        #expect(fanSVG.components(separatedBy: "<polygon ").count - 1 == 1)
        let html = HTMLReport.figure(fan, style: style, language: .zh)
        #expect(html.contains("<th>5%–95%(下限)</th>") && html.contains("<th>5%–95%(上限)</th>"))
    }
}

/// 增减% over a base that rounds to zero (under half a 元) is left out, not the ratio of rounding residues
/// (a base of 1e-9 元 gave 10¹¹ %).
@Test func changePercentOverAZeroBaseIsLeftOut() {
    var row = BudgetRow(code: "interest", label: Label("利息收入", "Interest"), previous: 1e-9, budget: 100, kind: .money)
    #expect(row.changePercent == nil)
    row.previous = 50
    #expect(row.changePercent == 1)
    // Months and ratios below one keep theirs (塔城's resident months payable 0.17 → −0.13).
    let months = BudgetRow(code: "months_payable", label: Label("可支付月数", "Months payable"), previous: 0.2, budget: -0.1, kind: .months)
    #expect(abs((months.changePercent ?? 0) + 1.5) < 1e-12)
}
