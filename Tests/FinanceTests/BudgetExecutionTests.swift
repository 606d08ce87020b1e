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

    func ytd(_ year: Int, _ month: Int, _ scheme: HistoryRecord.Scheme, _ metric: HistoryRecord.Metric, wan value: Double) -> YearToDateRecord {
        YearToDateRecord(year: year, month: month, scheme: scheme, metric: metric, value: value * Self.wan)
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

    @Test("default profiles are fitted to Yongfeng's first half of 2009")
    func defaultExponents() {
        // Employee: 1,100 of 1,900万 by June → share(6) = 0.578947; k = ln(0.578947) / ln(0.5) = -0.546544 / -0.693147 = 0.788496
        #expect(abs(SeasonalProfile.employeeContributionExponent - 0.788496) < 1e-6)
        // Resident: 153 of 400万 by June → share(6) = 0.3825; k = ln(0.3825) / ln(0.5) = -0.961029 / -0.693147 = 1.386468
        #expect(abs(SeasonalProfile.residentContributionExponent - 1.386468) < 1e-6)
        #expect(SeasonalProfile.spendingExponent == 1)
        let employee = SeasonalProfile.power(.employeeContributions)
        let resident = SeasonalProfile.power(.residentContributions)
        let spending = SeasonalProfile.power(.spending)
        #expect(abs(employee.share(atEndOf: 6) - 1_100.0 / 1_900.0) < 1e-9)   // 0.578947…
        #expect(abs(resident.share(atEndOf: 6) - 0.3825) < 1e-9)              // 153 / 400
        #expect(abs(spending.share(atEndOf: 6) - 0.5) < 1e-12)                // 6 / 12
        // (3/12)^0.788496 = 0.25^0.788496 = 0.335180
        #expect(abs(employee.share(atEndOf: 3) - 0.335180) < 1e-6)
        for p in [employee, resident, spending] {
            #expect(p.shares.count == 12)
            #expect(zip(p.shares, p.shares.dropFirst()).allSatisfy { $0 <= $1 })
            #expect(abs(p.share(atEndOf: 12) - 1) < 1e-12)
        }
        #expect(spending.isEven)
        #expect(!employee.isEven)
    }

    @Test("the default depends on scheme and flow; balances have none")
    func defaultChoice() {
        #expect(SeasonalProfile.defaultProfile(scheme: .employeePooled, metric: .income)?.source == .power(.employeeContributions))
        #expect(SeasonalProfile.defaultProfile(scheme: .employeePersonalAccount, metric: .income)?.source == .power(.employeeContributions))
        #expect(SeasonalProfile.defaultProfile(scheme: .resident, metric: .income)?.source == .power(.residentContributions))
        #expect(SeasonalProfile.defaultProfile(scheme: .resident, metric: .expenditure)?.source == .power(.spending))
        #expect(SeasonalProfile.defaultProfile(scheme: .employeePooled, metric: .balance) == nil)
        // Both schemes together, weighted by budget: (1,900 × 0.578947 + 400 × 0.3825) / 2,300
        //   = (1,100 + 153) / 2,300 = 1,253 / 2,300 = 0.544783
        let total = SeasonalProfile.defaultProfile(scheme: .total, metric: .income, employeeIncomeBudget: 1_900, residentIncomeBudget: 400)
        #expect(abs((total?.share(atEndOf: 6) ?? 0) - 1_253.0 / 2_300.0) < 1e-9)
        #expect(abs((total?.share(atEndOf: 12) ?? 0) - 1) < 1e-12)
    }

    @Test("a prior year's monthly actuals give the profile")
    func priorYearProfile() throws {
        // 2021: 900 by June, 2,000 for the year → share(6) = 0.45; months 1–5 interpolated from 0: share(3) = 0.45 × 3/6 = 0.225;
        // July–November between 0.45 and 1: share(9) = 0.45 + 0.55 × 3/6 = 0.725.
        let p = try #require(SeasonalProfile.priorYear([6: 900, 12: 2_000], year: 2021))
        #expect(abs(p.share(atEndOf: 6) - 0.45) < 1e-12)
        #expect(abs(p.share(atEndOf: 3) - 0.225) < 1e-12)
        #expect(abs(p.share(atEndOf: 9) - 0.725) < 1e-12)
        #expect(p.share(atEndOf: 12) == 1)
        #expect(p.source == .priorYear(year: 2021, cumulative: [6: 900, 12: 2_000]))
        #expect(SeasonalProfile.priorYear([6: 900], year: 2021) == nil)              // no December
        #expect(SeasonalProfile.priorYear([6: 900, 12: 0], year: 2021) == nil)       // nothing in the year
        #expect(SeasonalProfile.priorYear([6: 900, 9: 800, 12: 2_000], year: 2021) == nil) // falls
    }

    @Test("the prior year's profile is used when the file has it, not the default")
    func priorYearBeatsDefault() throws {
        let records = [
            ytd(2021, 6, .employee, .income, wan: 900), ytd(2021, 12, .employee, .income, wan: 2_000),
            ytd(2022, 6, .employee, .income, wan: 990),
        ]
        let e = BudgetExecution(records: records, year: 2022, budgets: [ExecutionKey(.employee, .income): 2_100 * Self.wan])
        let line = try #require(e.line(.employee, .income))
        #expect(line.profile.source == .priorYear(year: 2021, cumulative: [6: 900 * Self.wan, 12: 2_000 * Self.wan]))
        // share(6) = 900 / 2,000 = 0.45 → estimate 990 / 0.45 = 2,200万 (the default would give 990 / 0.578947 = 1,710万)
        #expect(abs(line.expectedShare - 0.45) < 1e-12)
        #expect(abs(try #require(line.fullYearEstimate) - 2_200 * Self.wan) < 1e-4)
        #expect(abs(try #require(line.gap) - 100 * Self.wan) < 1e-4)                     // 2,200 − 2,100
        #expect(abs(try #require(line.estimateToBudget) - 2_200.0 / 2_100.0) < 1e-12)
        #expect(line.unusablePriorYears.isEmpty)
    }

    @Test("a prior year without this month or December falls back to the default, and says so")
    func unusablePriorYear() throws {
        let records = [ytd(2021, 3, .resident, .income, wan: 50), ytd(2021, 12, .resident, .income, wan: 380),
                       ytd(2022, 6, .resident, .income, wan: 153)]
        let line = try #require(BudgetExecution(records: records, year: 2022, budgets: [:]).line(.resident, .income))
        #expect(line.profile.source == .power(.residentContributions))
        #expect(line.unusablePriorYears == [2021])  // June of 2021 is missing
        #expect(line.budget == nil)
        #expect(line.completion == nil)
        #expect(abs(try #require(line.fullYearEstimate) - 400 * Self.wan) < 1e-4)  // 153 / 0.3825
    }

    // MARK: execution

    @Test("Yongfeng, first half of 2009: 1,100 of 1,900万 collected, 57.9 %, estimate 1,900万")
    func yongfeng() throws {
        let records = try YearToDateRecord.load(path: Self.repository.appendingPathComponent("Scenarios/data/yongfeng-2009-ytd.csv").path)
        #expect(records.count == 5)
        let budgets: [ExecutionKey: Double] = [
            ExecutionKey(.employee, .income): 1_900 * Self.wan, ExecutionKey(.resident, .income): 400 * Self.wan,
            ExecutionKey(.employeePooled, .expenditure): 600 * Self.wan,
        ]
        let e = BudgetExecution(records: records, year: 2009, budgets: budgets)
        #expect(e.month == 6)
        let income = try #require(e.line(.employee, .income))
        #expect(income.yearToDate == 11_000_000)                                  // 1,100万元
        #expect(abs(try #require(income.completion) - 0.578947) < 1e-6)          // 1,100 / 1,900 = 57.9 %
        // 1,100 / share(6) = 1,100 / (1,100/1,900) = 1,900万: the default profile was fitted to this very
        // report, so the estimate equals the target — a check of the fit, not a forecast.
        #expect(abs(try #require(income.fullYearEstimate) - 19_000_000) < 1e-3)
        #expect(abs(try #require(income.gap)) < 1e-3)
        #expect(abs(try #require(income.fullYearEstimate) - 2 * income.yearToDate) > 1_000_000)  // not 1,100 × 12/6 = 2,200万
        let resident = try #require(e.line(.resident, .income))
        #expect(abs(try #require(resident.completion) - 0.3825) < 1e-12)          // 153 / 400
        #expect(abs(try #require(resident.fullYearEstimate) - 4_000_000) < 1e-3)  // 153 / 0.3825 = 400万
        // Spending is even: 289 / (6/12) = 578万; against a 600万 budget the gap is −22万 and completion 289/600 = 48.17 %.
        let pooled = try #require(e.line(.employeePooled, .expenditure))
        #expect(abs(try #require(pooled.fullYearEstimate) - 5_780_000) < 1e-3)
        #expect(abs(try #require(pooled.gap) + 220_000) < 1e-3)
        #expect(abs(try #require(pooled.completion) - 289.0 / 600.0) < 1e-12)
        // No budget for the accounts' spending was given; no balances in the report, so no months payable.
        #expect(e.line(.employeePersonalAccount, .expenditure)?.budget == nil)
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
        // Income 12,453万 by November; the employee default expects (11/12)^0.788496 = 0.933693 → 12,453 / 0.933693 = 13,337.37万.
        let income = try #require(e.line(.employee, .income))
        #expect(abs(try #require(income.fullYearEstimate) - 133_373_673.5) < 1)
    }

    @Test("a balance without spending for its month gives no months payable")
    func balanceWithoutSpending() {
        let e = BudgetExecution(records: [ytd(2022, 6, .resident, .balance, wan: 300), ytd(2022, 5, .resident, .expenditure, wan: 100)],
                                year: 2022, budgets: [:])
        #expect(e.monthsPayable.count == 1)
        #expect(e.monthsPayable(.resident) == nil)
        #expect(e.month == 6)
        // Only a personal-account balance: no lines, no months payable, but the month is still known.
        let pa = BudgetExecution(records: [ytd(2022, 9, .employeePersonalAccount, .balance, wan: 300)], year: 2022, budgets: [:])
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
            YearToDateRecord(year: 2022, month: 11, scheme: .employeePooled, metric: .balance, value: 31_780_000, line: 4),
            YearToDateRecord(year: 2022, month: 11, scheme: .employeePooled, metric: .expenditure, value: 50_000_000, line: 6),
            YearToDateRecord(year: 2022, month: 3, scheme: .resident, metric: .income, value: 0, line: 7),
        ])
    }

    @Test("a bad header is reported on its line")
    func badHeader() {
        let issues = csvIssues("# comment\nyear,scheme,metric,value,unit\n2022,employee,income,1,万元")
        #expect(issues.count == 1)
        #expect(issues.first?.location.file == "ytd.csv")
        #expect(issues.first?.location.line == 2)
        #expect(issues.first?.key == "header")
        #expect(issues.first?.expected == "'year,month,scheme,metric,value,unit'")
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
            #expect(error.description == "/nonexistent/ytd.csv: expected a readable year-to-date CSV (year,month,scheme,metric,value,unit), found no file '/nonexistent/ytd.csv'")
        }
    }

    @Test("the file must report the budget year; earlier years are prior-year actuals")
    func budgetYear() throws {
        let records = [ytd(2021, 12, .employee, .income, wan: 2_000), YearToDateRecord(year: 2022, month: 6, scheme: .employee, metric: .income, value: 1, line: 3)]
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
            #expect(error.issues.map(\.description) == ["ytd.csv: year: expected year-to-date figures for 2023, the budget year (base_year 2022 + 1), found only year 2021, 2022"])
        }
    }
}
