import Testing
import Scenario
import Finance
@testable import Warnings

/// Year-to-date warnings: months payable at the year-to-date average against the bands, and
/// full-year estimates beyond the tolerance, with hand-worked figures.
@Suite("YearToDateWarnings")
struct YearToDateWarningsTests {
    func record(_ month: Int, _ scheme: HistoryRecord.Scheme, _ row: BudgetLine, wan: Double) -> YearToDateRecord {
        YearToDateRecord(year: 2025, month: month, scheme: scheme, row: row, value: wan * 10_000)
    }

    @Test("below 3 months at the year-to-date average is red; a 6.67 % overspend beyond 5 % is yellow; a 3.85 % shortfall is not raised")
    func bands() throws {
        // Pooled Jan–Jun: spending 4,800, balance 2,110 → 2,110 ÷ 800 = 2.6375 < 3: red.
        // Spending estimate 4,800 ÷ 0.5 = 9,600 against 9,000: +6.67 % > 5 %: yellow. Contributions 5,000 → 10,000 against 10,400: −3.85 %: none.
        let records = [record(6, .employeePooled, .expenditureTotal, wan: 4_800), record(6, .employeePooled, .closingBalance, wan: 2_110),
                       record(6, .employeePooled, .contributions, wan: 5_000)]
        let budgets = [ExecutionKey(.employeePooled, .expenditureTotal): 9_000 * 10_000.0, ExecutionKey(.employeePooled, .contributions): 10_400 * 10_000.0]
        let e = BudgetExecution(records: records, year: 2025, budgets: budgets)
        let w = WarningRules.yearToDate(e, thresholds: .defaults, tolerance: 0.05)
        #expect(w.map(\.code) == ["YTD_MONTHS_PAYABLE_LOW", "YTD_SPENDING_GAP"])
        #expect(w[0].level == .red)
        #expect(abs(w[0].value - 2.6375) < 1e-12)
        #expect(w[0].threshold == 3)
        #expect(w[0].source.contains("人社部发〔2009〕67号, 通行口径"))
        #expect(w[0].messageZh == "职工医保统筹基金2025年6月末可支付月数2.64个月(按1–6月月均支出), 低于3个月")
        #expect(w[1].level == .yellow)
        #expect(abs(w[1].value - 9_600.0 / 9_000) < 1e-12)
        #expect(w[1].source.hasPrefix("fundcast 默认阈值"))
        // 4 months is orange (below 6); truncation is what the message quotes under --round down.
        let four = BudgetExecution(records: [record(6, .employeePooled, .expenditureTotal, wan: 4_800), record(6, .employeePooled, .closingBalance, wan: 3_199)],
                                   year: 2025, budgets: [:])
        let orange = WarningRules.yearToDate(four, thresholds: .defaults, tolerance: 0.05, measure: MonthsPayableMeasure(rounding: .down))
        // 3,199 ÷ 800 = 3.99875 → 3.99 truncated
        #expect(orange.map(\.level) == [.orange])
        #expect(orange.first?.messageZh.contains("可支付月数3.99个月") == true)
    }
}
