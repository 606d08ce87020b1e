import Foundation
import Testing
import Finance
import Scenario
import TestSupport

/// Mid-year budget execution (`fundcast budget --actuals`): seasonal profiles, 完成率, full-year
/// estimates and months payable, with the figures of seeds 000 (Yongfeng County, first half of
/// 2009) and 001 (an unnamed city, January–November) worked by hand.
@Suite("BudgetExecution")
struct BudgetExecutionTests {
    static let wan = 10_000.0
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func ytd(_ year: Int, _ month: Int, _ scheme: HistoryRecord.Scheme, _ row: BudgetLine, wan value: Double) -> YearToDateRecord {
        YearToDateRecord(year: year, month: month, scheme: scheme, row: row, value: value * Self.wan)
    }

    /// The CSV's issues; records a test issue if it parses.
    func csvIssues(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [ScenarioIssue] {
        do {
            let records = try YearToDateRecord.parse(csv: text, file: "ytd.csv")
            Issue.record("expected the CSV to fail, got \(records.count) records", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.issues
        }
    }

    // MARK: seasonal profiles

    @Test("the documented shapes: straight line, Q1 and Q4 lumps, quarterly tranches, December peak")
    func shapes() {
        // share(m) at the ends of March, June, September, November and December
        let months = [3, 6, 9, 11, 12]
        func shares(_ s: SeasonalShape) -> [Double] { months.map { s.share(atEndOf: $0) } }
        let even: [Double] = [0.25, 0.5, 0.75, 11.0 / 12, 1]
        #expect(shares(.even) == even)
        #expect(shares(.q1Lump) == [1, 1, 1, 1, 1])
        #expect(SeasonalShape.q1Lump.share(atEndOf: 2) == 2.0 / 3)
        #expect(shares(.q4Lump) == [0, 0, 0, 2.0 / 3, 1])
        #expect(shares(.quarterlyTranches) == [0.25, 0.5, 0.75, 0.75, 1])
        #expect(SeasonalShape.quarterlyTranches.share(atEndOf: 2) == 0)
        let peak: [Double] = [3.0 / 13, 6.0 / 13, 9.0 / 13, 11.0 / 13, 1]
        #expect(shares(.decemberPeak) == peak)
        for shape in SeasonalShape.allCases {
            let p = SeasonalProfile.shape(shape, .straightLine)
            #expect(zip(p.shares, p.shares.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(p.share(atEndOf: 12) == 1)
            #expect(p.isEven == (shape == .even))
        }
    }

    @Test("defaults: resident premiums in a Q4 lump (the preset), every other line the straight line; presets and scenario keys change it")
    func defaultChoice() {
        let d = ExecutionSettings.defaults
        #expect(d.shape(for: .contributions, scheme: .resident)?.shape == .q4Lump)
        #expect(d.shape(for: .individualContributions, scheme: .resident)?.choice == .preset(.q4Premiums))
        #expect(d.shape(for: .contributions, scheme: .employeePooled)?.shape == .even)
        #expect(d.shape(for: .fiscalSubsidy, scheme: .resident)?.choice == .straightLine)
        #expect(d.shape(for: .benefits, scheme: .resident)?.shape == .even)
        #expect(d.shape(for: .incomeTotal, scheme: .resident) == nil)   // a total: its items weighted by budget
        let guizhou = ExecutionSettings(preset: .q1Premiums, profiles: [.fiscalSubsidy: .quarterlyTranches],
                                        fundProfiles: [.resident: [.benefits: .decemberPeak]])
        #expect(guizhou.shape(for: .contributions, scheme: .resident)?.shape == .q1Lump)
        #expect(guizhou.shape(for: .fiscalSubsidy, scheme: .employeePooled)?.choice == .scenario(key: "fiscal_subsidy"))
        #expect(guizhou.shape(for: .benefits, scheme: .resident)?.choice == .scenario(key: "resident.benefits"))
        #expect(guizhou.shape(for: .benefits, scheme: .employeePooled)?.shape == .even)
    }

    @Test("a total line nobody set mixes its items' shapes by budget")
    func totalMixesItems() throws {
        // Resident Jan–Jun: premiums budget 1,000 (Q4 lump: 0 by June), subsidy 2,000 (straight line: 0.5).
        // income_total share(6) = (1,000 × 0 + 2,000 × 0.5) / 3,000 = 1/3; YTD 1,100 → estimate 1,100 ÷ 1/3 = 3,300.
        let budgets: [ExecutionKey: Double] = [ExecutionKey(.resident, .contributions): 1_000 * Self.wan,
                                               ExecutionKey(.resident, .fiscalSubsidy): 2_000 * Self.wan,
                                               ExecutionKey(.resident, .incomeTotal): 3_000 * Self.wan]
        let records = [ytd(2025, 6, .resident, .incomeTotal, wan: 1_100), ytd(2025, 6, .resident, .contributions, wan: 40)]
        let e = BudgetExecution(records: records, year: 2025, budgets: budgets)
        let total = try #require(e.line(.resident, .incomeTotal))
        #expect(abs(total.expectedShare - 1.0 / 3) < 1e-12)
        #expect(abs(try #require(total.fullYearEstimate) - 3_300 * Self.wan) < 1e-4)
        guard case .mixture(let parts) = total.profile.source else { Issue.record("expected a mixture"); return }
        #expect(parts.map(\.name) == ["contributions", "fiscal_subsidy"])
        // The premiums line itself: Q4 lump, nothing expected by June, so no estimate (not 40 × 12/6 = 80).
        let premiums = try #require(e.line(.resident, .contributions))
        #expect(premiums.expectedShare == 0)
        #expect(premiums.fullYearEstimate == nil)
        #expect(abs(try #require(premiums.completion) - 0.04) < 1e-12)   // 40 / 1,000
        // The lines come in the official order: 基本医疗保险费收入 before 本年收入合计.
        #expect(e.lines.map(\.row) == [.contributions, .incomeTotal])
    }

    @Test("a prior year's monthly actuals give the profile")
    func priorYearProfile() throws {
        // 2021: 900 by June, 2,000 for the year → share(6) = 0.45; months 1–5 interpolated from 0: share(3) = 0.45 × 3/6 = 0.225;
        // July–November between 0.45 and 1: share(9) = 0.45 + 0.55 × 3/6 = 0.725.
        let p = SeasonalProfile.fitted([try #require(SeasonalProfile.priorYear([6: 900, 12: 2_000], year: 2021))])
        #expect(abs(p.share(atEndOf: 6) - 0.45) < 1e-12)
        #expect(abs(p.share(atEndOf: 3) - 0.225) < 1e-12)
        #expect(abs(p.share(atEndOf: 9) - 0.725) < 1e-12)
        #expect(p.share(atEndOf: 12) == 1)
        guard case .priorYears(let years) = p.source else { Issue.record("expected prior years"); return }
        #expect(years.map(\.year) == [2021])
        #expect(years.first?.cumulative == [6: 900, 12: 2_000])
        #expect(SeasonalProfile.priorYear([6: 900], year: 2021) == nil)              // no December
        #expect(SeasonalProfile.priorYear([6: 900, 12: 0], year: 2021) == nil)       // nothing in the year
        #expect(SeasonalProfile.priorYear([6: 900, 9: 800, 12: 2_000], year: 2021) == nil) // falls
    }

    @Test("the prior year's profile is used when the file has it, not the default")
    func priorYearBeatsDefault() throws {
        let records = [
            ytd(2021, 6, .employee, .incomeTotal, wan: 900), ytd(2021, 12, .employee, .incomeTotal, wan: 2_000),
            ytd(2022, 6, .employee, .incomeTotal, wan: 990),
        ]
        let e = BudgetExecution(records: records, year: 2022, budgets: [ExecutionKey(.employee, .incomeTotal): 2_100 * Self.wan])
        let line = try #require(e.line(.employee, .incomeTotal))
        guard case .priorYears(let years) = line.profile.source else { Issue.record("expected prior years"); return }
        #expect(years.first?.cumulative == [6: 900 * Self.wan, 12: 2_000 * Self.wan])
        // share(6) = 900 / 2,000 = 0.45 → estimate 990 / 0.45 = 2,200万 (the straight line would give 990 / 0.5 = 1,980万)
        #expect(abs(line.expectedShare - 0.45) < 1e-12)
        #expect(abs(try #require(line.fullYearEstimate) - 2_200 * Self.wan) < 1e-4)
        #expect(abs(try #require(line.gap) - 100 * Self.wan) < 1e-4)                     // 2,200 − 2,100
        #expect(abs(try #require(line.estimateToBudget) - 2_200.0 / 2_100.0) < 1e-12)
        #expect(line.unusablePriorYears.isEmpty)
    }

    @Test("a prior year without this month or December falls back to the default, and says so")
    func unusablePriorYear() throws {
        let records = [ytd(2021, 3, .resident, .incomeTotal, wan: 50), ytd(2021, 12, .resident, .incomeTotal, wan: 380),
                       ytd(2022, 6, .resident, .incomeTotal, wan: 153)]
        let line = try #require(BudgetExecution(records: records, year: 2022, budgets: [:]).line(.resident, .incomeTotal))
        #expect(line.profile.source == .shape(.even, .straightLine))   // a total without item budgets: the straight line
        #expect(line.unusablePriorYears == [2021])  // June of 2021 is missing
        #expect(line.budget == nil)
        #expect(line.completion == nil)
        #expect(abs(try #require(line.fullYearEstimate) - 306 * Self.wan) < 1e-4)  // 153 / (6/12)
    }

    // MARK: execution

    @Test("Yongfeng, first half of 2009: 1,100 of 1,900万 collected, 57.9 %, on the straight line 2,200万")
    func yongfeng() throws {
        let records = try YearToDateRecord.load(path: Self.repository.appendingPathComponent("Scenarios/data/yongfeng-2009-ytd.csv").path)
        #expect(records.count == 5)
        let budgets: [ExecutionKey: Double] = [
            ExecutionKey(.employee, .incomeTotal): 1_900 * Self.wan, ExecutionKey(.resident, .incomeTotal): 400 * Self.wan,
            ExecutionKey(.employeePooled, .expenditureTotal): 600 * Self.wan,
        ]
        let e = BudgetExecution(records: records, year: 2009, budgets: budgets)
        #expect(e.month == 6)
        let income = try #require(e.line(.employee, .incomeTotal))
        #expect(income.yearToDate == 11_000_000)                                  // 1,100万元
        #expect(abs(try #require(income.completion) - 0.578947) < 1e-6)          // 1,100 / 1,900 = 57.9 %
        // No item budgets, no prior year: the straight line, 1,100 ÷ 6/12 = 2,200万, 300万 above the target.
        #expect(abs(try #require(income.fullYearEstimate) - 22_000_000) < 1e-3)
        #expect(abs(try #require(income.gap) - 3_000_000) < 1e-3)
        #expect(income.profile.isEven)
        let resident = try #require(e.line(.resident, .incomeTotal))
        #expect(abs(try #require(resident.completion) - 0.3825) < 1e-12)          // 153 / 400
        #expect(abs(try #require(resident.fullYearEstimate) - 3_060_000) < 1e-3)  // 153 / 0.5 = 306万
        // Spending is even: 289 / (6/12) = 578万; against a 600万 budget the gap is −22万 and completion 289/600 = 48.17 %.
        let pooled = try #require(e.line(.employeePooled, .expenditureTotal))
        #expect(abs(try #require(pooled.fullYearEstimate) - 5_780_000) < 1e-3)
        #expect(abs(try #require(pooled.gap) + 220_000) < 1e-3)
        #expect(abs(try #require(pooled.completion) - 289.0 / 600.0) < 1e-12)
        // No budget for the accounts' spending was given; no balances in the report, so no months payable.
        #expect(e.line(.employeePersonalAccount, .expenditureTotal)?.budget == nil)
        #expect(e.monthsPayable.isEmpty)
        #expect(e.monthsPayable(.employeePooled) == nil)
        #expect(e.lines.map(\.scheme) == [.employee, .employeePooled, .employeePersonalAccount, .resident, .resident])
    }

    @Test("the unnamed city's Jan–Nov figures give 6.43 months payable")
    func unnamedCityMonthsPayable() throws {
        let records = try YearToDateRecord.load(path: Self.repository.appendingPathComponent("Scenarios/data/unnamed-city-ytd.csv").path)
        let e = BudgetExecution(records: records, year: 2022, budgets: [:])
        // 3,178 / (5,440 / 11) = 3,178 / 494.545 = 6.4261 ≈ 6.43 (the report's "≈ 6.4")
        let months = try #require(e.monthsPayable(.employeePooled))
        #expect(abs(months - 6.426103) < 1e-6)
        let line = try #require(e.monthsPayable.first)
        #expect(line.month == 11)
        #expect(abs(try #require(line.averageMonthlySpending) - 54_400_000.0 / 11) < 1e-6)
        // Personal accounts (3,587万) belong to their holders: no months payable, as in the budget tables.
        #expect(e.monthsPayable.map(\.scheme) == [.employeePooled])
        // Income 12,453万 by November on the straight line: 12,453 ÷ 11/12 = 13,585.09万 (135,850,909.09 元).
        let income = try #require(e.line(.employee, .incomeTotal))
        #expect(abs(try #require(income.fullYearEstimate) - 135_850_909.09) < 0.01)
    }

    @Test("a balance without spending for its month gives no months payable")
    func balanceWithoutSpending() {
        let e = BudgetExecution(records: [ytd(2022, 6, .resident, .closingBalance, wan: 300), ytd(2022, 5, .resident, .expenditureTotal, wan: 100)],
                                year: 2022, budgets: [:])
        #expect(e.monthsPayable.count == 1)
        #expect(e.monthsPayable(.resident) == nil)
        #expect(e.month == 6)
        // Only a personal-account balance: no lines, no months payable, but the month is still known.
        let pa = BudgetExecution(records: [ytd(2022, 9, .employeePersonalAccount, .closingBalance, wan: 300)], year: 2022, budgets: [:])
        #expect(pa.lines.isEmpty)
        #expect(pa.monthsPayable.isEmpty)
        #expect(pa.month == 9)
    }

    // MARK: the CSV

    @Test("the CSV parses, skipping comments before the header, in 元")
    func parses() throws {
        let records = try YearToDateRecord.parse(csv: """
            # a comment before the header

            year,month,scheme,metric,value,unit
            2022,11,employee_pooled,balance,3178,万元
            # and one between rows
            2022,11,employee_pooled,expenditure,0.5,亿元\r
            2022,3,resident,income,-0,元
            """, file: "ytd.csv")
        #expect(records == [
            YearToDateRecord(year: 2022, month: 11, scheme: .employeePooled, row: .closingBalance, value: 31_780_000, line: 4),
            YearToDateRecord(year: 2022, month: 11, scheme: .employeePooled, row: .expenditureTotal, value: 50_000_000, line: 6),
            YearToDateRecord(year: 2022, month: 3, scheme: .resident, row: .incomeTotal, value: 0, line: 7),
        ])
    }

    @Test("a bad header is reported on its line")
    func badHeader() {
        let issues = csvIssues("# comment\nyear,scheme,metric,value,unit\n2022,employee,income,1,万元")
        #expect(issues.count == 1)
        #expect(issues.first?.location.file == "ytd.csv")
        #expect(issues.first?.location.line == 2)
        #expect(issues.first?.key == "header")
        #expect(issues.first?.expected == "'year,month,scheme,row,value,unit' or 'year,month,scheme,metric,value,unit' or 'year,month,scheme,row,value,unit,district' or 'year,month,scheme,metric,value,unit,district'")
        #expect(csvIssues("").first?.found == "an empty file")
    }

    @Test("every bad line is reported at once: month 13, unknown scheme with a suggestion, head counts, units")
    func badLines() {
        let issues = csvIssues("""
            year,month,scheme,metric,value,unit
            2022,13,employee,income,1,万元
            2022,6,employe_pooled,income,1,万元
            2022,6,resident,insured,1000,人
            2022,6,resident,income,1,万人
            2022,6,resident,income,x,万元
            2022,6,resident,expenditure,-5,万元
            2022,6,resident
            """)
        #expect(issues.map { $0.location.line ?? 0 } == [2, 3, 4, 5, 6, 7, 8])
        #expect(issues.map(\.key) == ["month", "scheme", "metric", "unit", "value", "value", ""])
        #expect(issues[0].found == "'13'")
        #expect(issues[0].expected.hasPrefix("a month from 1 to 12"))
        #expect(issues[1].suggestion == "employee_pooled")
        #expect(issues[1].description.contains("did you mean 'employee_pooled'?"))
        #expect(issues[2].expected.contains("head counts are not year-to-date figures"))
        #expect(issues[6].found == "3")
    }

    @Test("a cumulative figure that falls is reported with both lines")
    func decreasing() {
        let issues = csvIssues("""
            year,month,scheme,metric,value,unit
            2022,6,employee,income,1100,万元
            2022,7,employee,income,0.1,亿元
            2022,8,employee,income,1200,万元
            2022,8,employee,balance,900,万元
            2022,9,employee,balance,800,万元
            2022,8,employee,income,1300,万元
            """)
        // 0.1亿元 = 1,000万 < 1,100万 (line 3); balances may fall (lines 5–6); line 7 repeats August.
        #expect(issues.count == 2)
        #expect(issues[0].location.line == 3)
        #expect(issues[0].key == "value")
        #expect(issues[0].found == "0.1 亿元")
        #expect(issues[0].expected.contains("1100 万元 (line 2)"))
        #expect(issues[1].location.line == 7)
        #expect(issues[1].found.contains("first on line 4"))
    }

    @Test("a missing file names the file")
    func missingFile() {
        do {
            _ = try YearToDateRecord.load(path: "/nonexistent/ytd.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.description == "/nonexistent/ytd.csv: expected a readable year-to-date CSV (year,month,scheme,row,value,unit), found no file '/nonexistent/ytd.csv'")
        }
    }

    @Test("the file must report the budget year; earlier years are prior-year actuals")
    func budgetYear() throws {
        let records = [ytd(2021, 12, .employee, .incomeTotal, wan: 2_000), YearToDateRecord(year: 2022, month: 6, scheme: .employee, row: .incomeTotal, value: 1, line: 3)]
        try YearToDateRecord.check(records, budgetYear: 2022, file: "ytd.csv", yearSource: "base_year 2021 + 1")
        do {
            try YearToDateRecord.check(records, budgetYear: 2021, file: "ytd.csv", yearSource: "--year 2021")
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.description) == ["ytd.csv:3: year: expected 2021, the budget year (--year 2021), or an earlier year of prior-year actuals, found 2022"])
        }
        do {
            try YearToDateRecord.check(records, budgetYear: 2023, file: "ytd.csv", yearSource: "base_year 2022 + 1")
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.description) == ["ytd.csv:3: year: expected year-to-date figures for 2023, the budget year (base_year 2022 + 1), found only year 2021, 2022"])
        }
    }
}
