import Foundation
import Testing
import Finance
import Scenario

/// Year-to-date execution by official row: the CSV's row column and its edge cases, prior-year fits
/// over several years, and months payable by basis with half-up rounding and truncation.
@Suite("ExecutionByLine")
struct ExecutionByLineTests {
    static let wan = 10_000.0

    func ytd(_ month: Int, _ scheme: HistoryRecord.Scheme, _ row: BudgetLine, wan value: Double, year: Int = 2025) -> YearToDateRecord {
        YearToDateRecord(year: year, month: month, scheme: scheme, row: row, value: value * Self.wan)
    }

    // MARK: the CSV

    @Test("rows by printed name or code, quoted thousands, a BOM, months out of order, old metric names")
    func rowsAndSpreadsheetHabits() throws {
        let records = try YearToDateRecord.parse(csv: "\u{FEFF}year,month,scheme,row,value,unit\n" + """
            2025,6,employee_pa,"其中:个人缴费收入","4,463",万元
            2025,3,resident,一、基本医疗保险费收入,"1,234.5",万元
            2025,1,resident,基本医疗保险费收入,100,万元
            2025,6,resident,财政补助收入,2000,万元
            2025,6,employee_pooled,滚存结余,3178,万元
            2025,6,employee_pooled,expenditure,100,万元
            """, file: "ytd.csv")
        #expect(records == [
            YearToDateRecord(year: 2025, month: 6, scheme: .employeePersonalAccount, row: .individualContributions, value: 44_630_000, line: 2),
            YearToDateRecord(year: 2025, month: 3, scheme: .resident, row: .contributions, value: 12_345_000, line: 3),
            YearToDateRecord(year: 2025, month: 1, scheme: .resident, row: .contributions, value: 1_000_000, line: 4),
            YearToDateRecord(year: 2025, month: 6, scheme: .resident, row: .fiscalSubsidy, value: 20_000_000, line: 5),
            YearToDateRecord(year: 2025, month: 6, scheme: .employeePooled, row: .closingBalance, value: 31_780_000, line: 6),
            YearToDateRecord(year: 2025, month: 6, scheme: .employeePooled, row: .expenditureTotal, value: 1_000_000, line: 7),
        ])
    }

    func issues(_ body: String) -> [ScenarioIssue] {
        do {
            _ = try YearToDateRecord.parse(csv: "year,month,scheme,row,value,unit\n" + body, file: "ytd.csv")
            Issue.record("expected the CSV to fail")
            return []
        } catch {
            return error.issues
        }
    }

    @Test("unknown rows get a did-you-mean, 总计 and head counts are refused, an open quote is located")
    func badRows() {
        let found = issues("""
            2025,6,resident,基本医疗保险费收,1,万元
            2025,6,resident,总计,1,万元
            2025,6,resident,insured,1,万元
            2025,6,resident,incme,1,万元
            2025,6,resident,"4,463,万元
            2025,6,resident,利息收入,"1,00",万元
            """)
        #expect(found.map { $0.location.line ?? 0 } == [2, 3, 4, 5, 6, 7])
        #expect(found[0].key == "row")
        #expect(found[0].suggestion == "基本医疗保险费收入")
        #expect(found[1].expected.contains("总计 = 合计 + 上年结余"))
        #expect(found[2].expected.contains("head counts"))
        #expect(found[3].suggestion == "income")
        #expect(found[4].found == "a quoted field left open")
        #expect(found[5].key == "value")
    }

    @Test("a cumulative row that falls is reported even when the months come out of order")
    func fallingOutOfOrder() {
        let found = issues("""
            2025,6,resident,fiscal_subsidy,900,万元
            2025,3,resident,fiscal_subsidy,1000,万元
            """)
        #expect(found.count == 1)
        #expect(found.first?.location.line == 2)   // June (line 2) is below March (line 3)
        #expect(found.first?.expected.contains("1000 万元 (line 3)") == true)
    }

    // MARK: profiles

    @Test("two prior years: the mean of their shares")
    func twoPriorYears() throws {
        // 2023: 300 of 1,000 by June (0.30); 2024: 500 of 1,250 (0.40); mean share(6) = 0.35.
        // 2025: 700 by June → estimate 700 ÷ 0.35 = 2,000.
        let records = [ytd(6, .resident, .fiscalSubsidy, wan: 300, year: 2023), ytd(12, .resident, .fiscalSubsidy, wan: 1_000, year: 2023),
                       ytd(6, .resident, .fiscalSubsidy, wan: 500, year: 2024), ytd(12, .resident, .fiscalSubsidy, wan: 1_250, year: 2024),
                       ytd(6, .resident, .fiscalSubsidy, wan: 700)]
        let line = try #require(BudgetExecution(records: records, year: 2025, budgets: [:]).line(.resident, .fiscalSubsidy))
        #expect(abs(line.expectedShare - 0.35) < 1e-12)
        #expect(abs(try #require(line.fullYearEstimate) - 2_000 * Self.wan) < 1e-4)
    }

    @Test("the scenario's shape is used without prior years; Guizhou's Q1 lump by February")
    func scenarioShape() throws {
        let settings = ExecutionSettings(preset: .q1Premiums)
        // Feb: q1_lump share 2/3; 8,000 collected → estimate 8,000 ÷ 2/3 = 12,000.
        let line = try #require(BudgetExecution(records: [ytd(2, .resident, .contributions, wan: 8_000)], year: 2025, budgets: [:],
                                                settings: settings).line(.resident, .contributions))
        #expect(line.profile.source == .shape(.q1Lump, .preset(.q1Premiums)))
        #expect(abs(try #require(line.fullYearEstimate) - 12_000 * Self.wan) < 1e-4)
    }

    // MARK: months payable

    /// Jan–Jun 2025 (万元): pooled spending 4,800, balance 2,110; accounts spending 1,200, balance 3,166.
    var halfYear: [YearToDateRecord] {
        [ytd(6, .employeePooled, .expenditureTotal, wan: 4_800), ytd(6, .employeePooled, .closingBalance, wan: 2_110),
         ytd(6, .employeePersonalAccount, .expenditureTotal, wan: 1_200), ytd(6, .employeePersonalAccount, .closingBalance, wan: 3_166)]
    }

    @Test("months payable by basis, rounded half up or truncated")
    func monthsPayableVariants() throws {
        // pooled: 2,110 ÷ (4,800 ÷ 6) = 2,110 ÷ 800 = 2.6375 → 2.64 half up, 2.63 truncated
        let pooled = try #require(BudgetExecution(records: halfYear, year: 2025, budgets: [:], basis: .pooled).monthsPayable.first)
        #expect(pooled.scheme == .employeePooled)
        #expect(abs(try #require(pooled.months) - 2.6375) < 1e-12)
        #expect(MonthsPayableRounding.halfUp.apply(2.6375) == 2.64)
        #expect(MonthsPayableRounding.down.apply(2.6375) == 2.63)
        // employee: (2,110 + 3,166) ÷ ((4,800 + 1,200) ÷ 6) = 5,276 ÷ 1,000 = 5.276 → 5.28 half up, 5.27 truncated
        let employee = try #require(BudgetExecution(records: halfYear, year: 2025, budgets: [:], basis: .employee).monthsPayable.first)
        #expect(employee.basis == .employee)
        #expect(abs(try #require(employee.months) - 5.276) < 1e-12)
        #expect(MonthsPayableMeasure(rounding: .halfUp).reported(employee.months) == 5.28)
        #expect(MonthsPayableMeasure(rounding: .down).reported(employee.months) == 5.27)
        // total: 2,110 ÷ 1,000 = 2.11 (exactly: truncation keeps it, not 2.10)
        let total = try #require(BudgetExecution(records: halfYear, year: 2025, budgets: [:], basis: .total).monthsPayable.first)
        #expect(abs(try #require(total.months) - 2.11) < 1e-12)
        #expect(MonthsPayableRounding.down.apply(try #require(total.months)) == 2.11)
        #expect(MonthsPayableRounding.down.apply(5.27) == 5.27)
        #expect(MonthsPayableRounding.halfUp.apply(5.275) == 5.28)
        #expect(MonthsPayableRounding.down.apply(-1.239) == -1.23)
    }

    @Test("the employee basis needs the accounts' balance and spending; the pooled fund's allocation is counted once")
    func employeeBasisNeedsAccounts() throws {
        let withoutBalance = Array(halfYear.dropLast())
        #expect(BudgetExecution(records: withoutBalance, year: 2025, budgets: [:], basis: .employee).monthsPayable.first?.months == nil)
        // An allocation of 600 inside pooled spending: employee spending (4,800 − 600 + 1,200) ÷ 6 = 900; 5,276 ÷ 900 = 5.8622
        let allocated = halfYear + [ytd(6, .employeePooled, .allocationToPersonalAccounts, wan: 600)]
        let m = try #require(BudgetExecution(records: allocated, year: 2025, budgets: [:], basis: .employee).monthsPayable.first?.months)
        #expect(abs(m - 5_276.0 / 900) < 1e-12)
    }

    @Test("year-end months payable by basis from a projected year")
    func projectedBasis() {
        // Pooled: balance 600, spending 1,200 of which 120 allocated to accounts; accounts: balance 300, spending 240.
        // pooled 600 ÷ 100 = 6; scheme spending 1,200 − 120 + 240 = 1,320 → employee 900 ÷ 110 = 8.1818; total 600 ÷ 110 = 5.4545
        #expect(abs((monthsPayable(balance: 600, spending: 1_200) ?? 0) - 6) < 1e-12)
        #expect(abs((monthsPayable(balance: 900, spending: 1_320) ?? 0) - 900.0 / 110) < 1e-12)
        #expect(monthsPayable(balance: 900, spending: 0) == nil)
    }
}
