import Foundation
import Testing
import Finance
import Scenario

/// 市级统筹 execution: 全市 = the city level + Σ districts, row by row, worked by hand (万元).
@Suite("DistrictExecution")
struct DistrictExecutionTests {
    static let wan = 10_000.0

    func records(_ rows: [(BudgetLine, Double)]) -> [YearToDateRecord] {
        rows.map { YearToDateRecord(year: 2025, month: 6, scheme: .resident, row: $0.0, value: $0.1 * Self.wan) }
    }

    func budgets(_ rows: [(BudgetLine, Double)]) -> [ExecutionKey: Double] {
        Dictionary(uniqueKeysWithValues: rows.map { (ExecutionKey(.resident, $0.0), $0.1 * Self.wan) })
    }

    /// City level: subsidy 300 of 600, 下级上解 1000 of 2500, 收入合计 1300 of 3100, benefits 400 of 800,
    /// 补助下级 1300 of 2300, 支出合计 1700 of 3100, balance 426.5. District: subsidy 600 of 1200, 上级补助 800
    /// of 1300, 收入合计 1400 of 2500, benefits 700 of 1700, 上解上级 600 of 1500, 支出合计 1300 of 3200,
    /// balance 140.5. Straight line: estimate = 2 × YTD.
    /// 全市: subsidy 900 of 1800 (50 %), estimate 600·2 + 600·2 = 1800. 上级补助 800 vs 补助下级 1300: 800 internal
    /// (YTD), budgets 1300 vs 2300 → 1300, estimates 1600 vs 2600 → 1600; 下级上解 1000 vs 上解上级 600 → 600,
    /// budgets 2500 vs 1500 → 1500, estimates 2000 vs 1200 → 1200. 收入合计 = 1300 + 1400 − 800 − 600 = 1300
    /// (budget 3100 + 2500 − 1300 − 1500 = 2800; 完成率 1300 ÷ 2800 = 46.43 %, not the mean of 41.94 % and 56 %;
    /// estimate 2600 + 2800 − 1600 − 1200 = 2600). 支出合计 = 1700 + 1300 − 1400 = 1600 (budget 6300 − 2800 = 3500;
    /// estimate 3400 + 2600 − 2800 = 3200). 上级补助 left 0, 下级上解 400, 补助下级 500, 上解上级 0.
    /// Months payable: (426.5 + 140.5) ÷ (1600 ÷ 6) = 567 ÷ 266.67 = 2.12625.
    @Test func cityTotalIsTheSumOfEveryRow() throws {
        let city = BudgetExecution(records: records([(.fiscalSubsidy, 300), (.remittanceFromLowerLevel, 1000), (.incomeTotal, 1300), (.benefits, 400),
                                                     (.subsidyToLowerLevel, 1300), (.expenditureTotal, 1700), (.closingBalance, 426.5)]),
                                   year: 2025, budgets: budgets([(.fiscalSubsidy, 600), (.remittanceFromLowerLevel, 2500), (.incomeTotal, 3100), (.benefits, 800),
                                                                 (.subsidyToLowerLevel, 2300), (.expenditureTotal, 3100)]), settings: ExecutionSettings(preset: .straightLine))
        let district = BudgetExecution(records: records([(.fiscalSubsidy, 600), (.subsidyFromHigherLevel, 800), (.incomeTotal, 1400), (.benefits, 700),
                                                         (.remittanceToHigherLevel, 600), (.expenditureTotal, 1300), (.closingBalance, 140.5)]),
                                       year: 2025, budgets: budgets([(.fiscalSubsidy, 1200), (.subsidyFromHigherLevel, 1300), (.incomeTotal, 2500), (.benefits, 1700),
                                                                     (.remittanceToHigherLevel, 1500), (.expenditureTotal, 3200)]), settings: ExecutionSettings(preset: .straightLine))
        let (total, unsummed) = BudgetExecution.consolidated([city, district])
        #expect(unsummed.isEmpty)
        let expected: [(BudgetLine, ytd: Double, budget: Double, estimate: Double)] = [
            (.fiscalSubsidy, 900, 1800, 1800), (.subsidyFromHigherLevel, 0, 0, 0), (.remittanceFromLowerLevel, 400, 1000, 800),
            (.incomeTotal, 1300, 2800, 2600), (.benefits, 1100, 2500, 2200), (.subsidyToLowerLevel, 500, 1000, 1000),
            (.remittanceToHigherLevel, 0, 0, 0), (.expenditureTotal, 1600, 3500, 3200),
        ]
        #expect(total.lines.map(\.row) == expected.map(\.0))
        for e in expected {
            let line = try #require(total.line(.resident, e.0))
            #expect(abs(line.yearToDate - e.ytd * Self.wan) < 0.005, "\(e.0.rawValue) ytd \(line.yearToDate)")
            #expect(abs(line.budget! - e.budget * Self.wan) < 0.005, "\(e.0.rawValue) budget \(line.budget!)")
            #expect(abs(line.fullYearEstimate! - e.estimate * Self.wan) < 0.005, "\(e.0.rawValue) estimate \(line.fullYearEstimate!)")
        }
        let income = try #require(total.line(.resident, .incomeTotal))
        #expect(abs(income.completion! - 1300.0 / 2800) < 1e-12)
        let months = try #require(total.monthsPayable(.resident))
        #expect(abs(months - 567 / (1600.0 / 6)) < 1e-9)
    }

    /// A row only one level gives is not summed (it would be a partial figure), except an inter-level row;
    /// a level whose profile expects nothing by now leaves 全市 without an estimate.
    @Test func partialRowsAreNotSummed() throws {
        let a = BudgetExecution(records: records([(.benefits, 100), (.otherIncome, 5), (.contributions, 10)]), year: 2025,
                                budgets: budgets([(.contributions, 300)]), settings: .defaults)
        let b = BudgetExecution(records: records([(.benefits, 50), (.contributions, 20)]), year: 2025, budgets: budgets([(.contributions, 200)]),
                                settings: ExecutionSettings(preset: .straightLine))
        let (total, unsummed) = BudgetExecution.consolidated([a, b])
        #expect(unsummed == [ExecutionKey(.resident, .otherIncome)])
        #expect(total.line(.resident, .otherIncome) == nil)
        let premiums = try #require(total.line(.resident, .contributions))
        #expect(premiums.yearToDate == 30 * Self.wan && premiums.budget == 500 * Self.wan && premiums.completion == 0.06)
        #expect(premiums.fullYearEstimate == nil) // a's resident premiums: the Q4 preset expects 0 by June
        #expect(total.line(.resident, .benefits)?.fullYearEstimate == 300 * Self.wan)
    }

    /// The `district` column: blank = the city level, the file stem or the region name = that district (its code after
    /// assignment); the same row for two levels is not a duplicate; an unknown name is located with the districts expected.
    @Test func theDistrictColumn() throws {
        let csv = "year,month,scheme,row,value,unit,district\n2025,6,resident,待遇支出,400,万元,\n2025,6,resident,待遇支出,700,万元,district-a\n2025,6,resident,待遇支出,600,万元,B县\n"
        let names = [YearToDateRecord.DistrictName(code: "district-a", region: "A区", file: "district-a.yaml"),
                     YearToDateRecord.DistrictName(code: "district-b", region: "B县", file: "district-b.yaml")]
        let records = try YearToDateRecord.assigningDistricts(try YearToDateRecord.parse(csv: csv, file: "ytd.csv"), districts: names, file: "ytd.csv")
        #expect(records.map(\.district) == [nil, "district-a", "district-b"])
        #expect(try YearToDateRecord.parse(csv: "year,month,scheme,row,value,unit\n2025,6,resident,待遇支出,400,万元\n", file: "x.csv").first?.district == nil)
        let unknown = try YearToDateRecord.parse(csv: csv.replacingOccurrences(of: "B县", with: "B区"), file: "ytd.csv")
        var issues: [ScenarioIssue] = []
        do { _ = try YearToDateRecord.assigningDistricts(unknown, districts: names, file: "ytd.csv") } catch { issues = error.issues }
        let issue = try #require(issues.first, "an unknown district is an error")
        #expect(issues.count == 1 && issue.location.line == 4 && issue.key == "district" && issue.found == "'B区'")
        #expect(issue.expected.contains("district-b or B县 (district-b.yaml)"))
    }
}
