import Foundation
import TestSupport
import Testing
@testable import Reports
import Projection
import Scenario
import Audit

private let shipped = shippedScenarioPaths.map { String($0.dropFirst(repositoryRoot.path.count + 1)) }
private let fixtureFiles = ["tacheng-2024.yaml", "changning-2025.yaml", "interest-base-year.yaml"].map { "Tests/ReportsTests/Fixtures/\($0)" }

private func budget(_ path: String) throws -> Budget {
    try Budget(try Projection.run(try ScenarioLoader.load(path: repositoryPath(path))))
}

private func column(_ t: BudgetTable, _ value: (BudgetRow) -> Double?) -> BudgetLineValues {
    Dictionary(uniqueKeysWithValues: t.rows.compactMap { r in r.line.flatMap { l in value(r).map { (l, $0) } } })
}

/// An aggregate employee scheme of 1,000 actives on a 50,000 元 base at 8 % (2 % to the accounts), 500 retirees,
/// whose base year is given as the combined fund's `base_year_lines` only.
private func combinedOnly(unit: String, balance: Double, actuals: String, lines: String) -> String {
    """
    name: x
    base_year: 2024
    unit: \(unit)
    membership: {model: aggregate}
    \(minimalEmployee)
      balance: {pooled: \(plainDecimal(balance))}
      base_year_actuals: \(actuals)
      base_year_lines: \(lines)
    """
}

@Suite struct BudgetLayoutTests {
    /// With only an income total reported (interest inside it), the base year's interest comes from the
    /// reported figures alone: 1.5 % × (563,727.36 − (339,201.97 − 256,379.11)/2) = 7,834.74万 for the example
    /// city's pooled fund, whatever the average base; the drivers' contributions do not move it.
    @Test func baseYearInterestFromAReportedTotalIgnoresTheDrivers() throws {
        for base in ["60000", "71223", "80000"] {
            let s = try ScenarioLoader.load(path: repositoryPath("Scenarios/example-city.yaml"), overrides: ["employee.average_base=\(base)"])
            let y = try #require(try Projection.run(s).years.first?.employee)
            #expect(abs(y.pooled.interest - 0.015 * (563_727.36 - (339_201.97 - 256_379.11) / 2) * 1e4) < 0.01, "\(base): \(y.pooled.interest)")
            // Reported income = contributions derived + that interest, to the 分.
            #expect(abs(y.pooled.income - 339_201.97e4) < 0.01)
        }
    }

    /// Every identity of the official table holds to the 分 in both columns of every fund table of every
    /// shipped scenario and fixture, and next year's 上年结余 is this year's 年末滚存结余.
    @Test(arguments: shipped + fixtureFiles)
    func identitiesHoldInEveryTable(_ file: String) throws {
        let b = try budget(file)
        let tables = b.tables.filter { $0.fund != nil }
        #expect(Set(tables.map(\.code)).isSuperset(of: ["employee_pooled", "employee_pa", "employee"]) || tables.map(\.code) == ["resident"])
        for t in tables {
            for (name, values) in [("previous", column(t) { $0.previous }), ("budget", column(t) { $0.budget })] {
                let breaks = BudgetLine.identityBreaks(values)
                #expect(breaks.isEmpty, "\(file) \(t.code) \(name): \(breaks)")
                // 其中 rows sit inside their parent and are never added again.
                for line in values.keys where line.parent != nil { #expect(line.role != .item) }
            }
            let previous = column(t) { $0.previous }, current = column(t) { $0.budget }
            #expect(abs((current[.openingBalance] ?? 0) - (previous[.closingBalance] ?? 0)) < 0.005, "\(file) \(t.code)")
            #expect(t.rows.filter { $0.line != nil }.map(\.line!) == BudgetLine.allCases.filter { l in t.rows.contains { $0.line == l } }, "rows in the official order")
        }
    }

    /// 塔城 2024 (万元): the page's lines come back line for line; the printed 滚存结余 996.84 is recomputed as
    /// 1079.96 + 21772.41 − 21885.53 = 966.84 and the 30.00 difference is listed in the reconciliation.
    @Test func tachengComesBackInTheOfficialLayout() throws {
        let b = try budget(fixtureFiles[0])
        let w = 10_000.0
        for code in ["employee", "employee_pooled"] {
            let t = try #require(b.tables.first { $0.code == code })
            let p = column(t) { $0.previous }
            let expected: BudgetLineValues = [.openingBalance: 1079.96, .contributions: 13857.11, .interest: 19.02, .otherIncome: 126.18,
                                              .transfersIn: 22.87, .subsidyFromHigherLevel: 7747.23, .incomeSubtotal: 14025.18, .incomeTotal: 21772.41,
                                              .benefits: 7512.06, .transfersOut: 24.78, .otherExpenditure: 279.19, .remittanceToHigherLevel: 14069.5,
                                              .expenditureSubtotal: 7816.03, .expenditureTotal: 21885.53, .surplus: -113.12, .closingBalance: 966.84,
                                              .incomeGrandTotal: 22852.37, .expenditureGrandTotal: 22852.37]
            for (line, v) in expected { #expect(abs((p[line] ?? .nan) - v * w) < 0.005, "\(code) \(line.rawValue): \(p[line] ?? .nan)") }
            // Every 塔城 row is reported but the 滚存结余 shown (the recomputed 966.84, not the printed 996.84): marked *.
            // (the combined table prints them; the pooled one is derived from it, the accounts' part 0)
            let marked: [BudgetLine] = code == "employee" ? [.closingBalance, .expenditureGrandTotal] : []
            #expect(t.rows.filter { $0.line != nil && $0.modelled }.map(\.line) == marked, "\(t.rows.filter { $0.modelled }.map(\.line))")
        }
        let resident = column(try #require(b.tables.first { $0.code == "resident" })) { $0.previous }
        #expect(abs(resident[.closingBalance]! - 128.01 * w) < 0.005)
        #expect(abs(resident[.incomeTotal]! - 8689.16 * w) < 0.005 && abs(resident[.expenditureTotal]! - 8915.3 * w) < 0.005)
        let printed = b.reconciliation.filter { $0.label.zh.contains("年末滚存结余") }
        #expect(printed.count == 1 && printed.allSatisfy { abs($0.gap - 30 * w) < 0.005 && $0.label.zh.hasPrefix("职工") }, "\(printed)")
        // The notes say beside the tables that the recomputed figure is the one shown, and carried into 2025.
        #expect(b.notes.contains { $0.zh == "职工基本医疗保险基金(含个人账户)报表所列年末滚存结余 996.84万元 与按报表各项重算的 966.84万元 不符; 本表上年数取重算数(下年上年结余亦然), 请核对报表" },
                "\(b.notes.map(\.zh))")
    }

    /// 昌宁 2025 (万元): employee 11440 = 11364 + 20 + 50 + 6, 6514 = 6513.5 + 0.5, 结余 4926; resident
    /// 34275 = 12438 + 21767 + 65 + 5, 30189 = 27390 + 2799 (大病保险), 结余 4086, 累计结余 33752.
    @Test func changningComesBackInTheOfficialLayout() throws {
        let b = try budget(fixtureFiles[1])
        let w = 10_000.0
        let e = column(try #require(b.tables.first { $0.code == "employee_pooled" })) { $0.previous }
        #expect(abs(e[.incomeTotal]! - 11440 * w) < 0.005 && abs(e[.expenditureTotal]! - 6514 * w) < 0.005 && abs(e[.surplus]! - 4926 * w) < 0.005)
        let r = column(try #require(b.tables.first { $0.code == "resident" })) { $0.previous }
        #expect(abs(r[.incomeTotal]! - 34275 * w) < 0.005 && abs(r[.criticalIllness]! - 2799 * w) < 0.005)
        #expect(abs(r[.expenditureTotal]! - 30189 * w) < 0.005 && abs(r[.surplus]! - 4086 * w) < 0.005)
        #expect(abs(r[.closingBalance]! - 33752 * w) < 0.005 && abs(r[.openingBalance]! - 29666 * w) < 0.005) // 33752 − 4086
        #expect(b.reconciliation.allSatisfy { !$0.label.zh.contains("报表数") }, "the page is consistent")
    }

    /// 昌宁 prints no employee 累计结余 (held at city level): the pooled fund's 上年结余, 年末滚存结余 and
    /// both 总计 are shown empty in both columns, not 上年结余 = −4,926 (−本年收支结余) and 年末 0 from the model's
    /// zero start. The table written back in the audit's long format audits clean (an invented 0 年末 beside
    /// 结余 4,926 would break 年末滚存结余 = 上年结余 + 本年收支结余); the resident fund keeps its real balances.
    @Test func changningEmployeeBalanceIsNotInvented() throws {
        let b = try budget(fixtureFiles[1])
        for code in ["employee_pooled", "employee_pa", "employee"] {
            let t = try #require(b.tables.first { $0.code == code })
            for line in Budget.balanceRows {
                let row = try #require(t.rows.first { $0.line == line }, "\(code) \(line.rawValue) is shown")
                #expect(row.previous == nil && row.budget == nil && !row.modelled, "\(code) \(line.rawValue): \(String(describing: row.previous)), \(String(describing: row.budget))")
            }
        }
        let pooled = try #require(b.tables.first { $0.code == "employee_pooled" })
        #expect(pooled.rows.first { $0.line == .surplus }?.previous.map { abs($0 - 4926 * 10_000) < 0.005 } == true)
        let resident = column(try #require(b.tables.first { $0.code == "resident" })) { $0.previous }
        #expect(abs(resident[.openingBalance]! - 29666 * 10_000) < 0.005)
        // The two columns as a published table (元): every row with a figure, none for the empty ones.
        var csv = "fund,row,column,value,unit\n"
        for t in b.tables where t.fund != nil {
            for row in t.rows {
                guard let line = row.line else { continue }
                if let v = row.previous { csv += "\(t.code),\(line.chineseName),\(b.previousYear)年执行数,\(v),元\n" }
                if let v = row.budget { csv += "\(t.code),\(line.chineseName),\(b.year)年预算数,\(v),元\n" }
            }
        }
        let audit = TableAudit(try PublishedTable.parse(csv: csv, file: "changning-budget.csv"))
        #expect(audit.findings.isEmpty, "\(audit.findings)")
    }

    /// Without a reported employee balance the model's balance is only the change since 2025, so 2026's
    /// interest is not 1.5 % of half a year's surplus (4,747 / 2 × 0.015 ≈ 35.6万) but the reported 50万
    /// held; the resident fund, with its 累计结余 33,752万, earns 1.5 % on (33,752 + N/2)万: more than 506万.
    @Test func interestIsHeldWhenTheBalanceIsUnknown() throws {
        let b = try budget(fixtureFiles[1])
        let pooled = try #require(b.tables.first { $0.code == "employee_pooled" })
        let interest = try #require(pooled.rows.first { $0.line == .interest })
        #expect(interest.previous == 50 * 10_000 && interest.budget == 50 * 10_000, "\(interest)")
        #expect(b.notes.contains { $0.zh.contains("利息收入按基期数持平") })
        let resident = try #require(b.tables.first { $0.code == "resident" }?.rows.first { $0.line == .interest }?.budget)
        #expect(resident > 33_752 * 10_000 * 0.015)
    }

    /// 全市 has no balance when a part has none: summing the others' would print a partial figure as the city's.
    @Test func cityTotalHasNoBalanceWhenAPartHasNone() {
        let city: BudgetLineValues = BudgetLine.completed([.openingBalance: 500, .benefits: 100])
        let district: BudgetLineValues = [.contributions: 300, .benefits: 200, .surplus: 100]
        let t = Budget.consolidated([city, district])
        #expect(Budget.balanceRows.allSatisfy { t[$0] == nil }, "\(t)")
        #expect(abs(t[.surplus]! - 0) < 1e-9 && t[.expenditureTotal] == 300)
        #expect(Budget.consolidated([city, city])[.openingBalance] == 1000)
    }

    /// Reported interest keeps its own line (万元): base year 上年结余 1000, contributions 790, interest 20,
    /// benefits 600 → 年末 1210. Budget year: contributions from drivers 1000 × 100000 元 × 8 % = 800
    /// (interest is not in the calibration), benefits 600 (no growth), interest 2 % × (1210 + (800 − 600)/2) = 26.2.
    @Test func interestKeepsItsOwnLine() throws {
        let b = try budget(fixtureFiles[2])
        let t = try #require(b.tables.first { $0.code == "employee_pooled" })
        func row(_ l: BudgetLine) throws -> BudgetRow { try #require(t.rows.first { $0.line == l }) }
        let w = 10_000.0
        let interest = try row(.interest), contributions = try row(.contributions), closing = try row(.closingBalance)
        #expect(abs(interest.previous! - 20 * w) < 0.005 && abs(interest.budget! - 26.2 * w) < 0.005)
        #expect(abs(contributions.previous! - 790 * w) < 0.005 && abs(contributions.budget! - 800 * w) < 0.005)
        #expect(abs(closing.previous! - 1210 * w) < 0.005 && abs(closing.budget! - 1436.2 * w) < 0.005)
        let rec = try #require(b.reconciliation.first { $0.label.zh.hasPrefix("统筹基金基本医疗保险费收入") })
        #expect(abs(rec.reported - 790 * w) < 0.005 && abs(rec.model - 800 * w) < 0.005) // contributions only, without the interest
    }

    /// A consistent combined table (含个人账户, 万元: 上年结余 10,000, 保险费 14,400, 利息 150, 收入合计 14,550, 待遇 12,000,
    /// 滚存 12,550) with the accounts' totals (pa_income 4,800, pa_expenditure 4,000, closing 3,000) and retirees'
    /// allocations of 12,000 × 1,000 元 = 1,200: the allocation is internal to the combined table, so the accounts'
    /// contributions are 4,800 − 1,200 = 3,600 (their interest 0: the combined interest is the pooled fund's), the
    /// pooled fund's 14,400 − 3,600 = 10,800, its 上年结余 10,000 − (3,000 − 4,800 + 4,000) = 7,800 and its spending
    /// 8,000 + 1,200. The combined column then shows exactly what the bureau printed, with nothing to reconcile.
    @Test func combinedTableNetsTheAllocationAndSplitsTheOpeningBalance() throws {
        let text = """
            name: x
            base_year: 2024
            unit: 万元
            membership: {model: aggregate}
            employee:
              active: 30000
              retired: 12000
              average_base: 60000
              employer_rate: 0.06
              personal_account: {retiree_allocation: 1000}
              base_year_actuals: {pa_income: 4800, pa_expenditure: 4000}
              balance: {personal_account: 3000}
              base_year_lines: {上年结余: 10000, 基本医疗保险费收入: 14400, 利息收入: 150, 收入合计: 14550, 待遇支出: 12000, 支出合计: 12000, 滚存结余: 12550}
            """
        let b = try Budget(try Projection.run(try ScenarioLoader.load(text: text, file: "x.yaml")))
        func previous(_ fund: Fund, _ line: BudgetLine) throws -> Double {
            try #require(b.tables.first { $0.fund == fund }?.rows.first { $0.line == line }?.previous, "\(fund) \(line)") / 1e4
        }
        let expected: [(Fund, BudgetLine, Double)] = [
            (.employee, .contributions, 14400), (.employee, .interest, 150), (.employee, .incomeTotal, 14550), (.employee, .openingBalance, 10000),
            (.employee, .benefits, 12000), (.employee, .expenditureTotal, 12000), (.employee, .closingBalance, 12550),
            (.employeePooled, .contributions, 10800), (.employeePooled, .openingBalance, 7800), (.employeePooled, .expenditureTotal, 9200),
            (.employeePooled, .closingBalance, 9550), (.employeePersonalAccount, .contributions, 3600), (.employeePooled, .interest, 150),
            (.employeePersonalAccount, .openingBalance, 2200)]
        for (fund, line, value) in expected {
            #expect(abs(try previous(fund, line) - value) < 1e-6, "\(fund) \(line)")
        }
        #expect(b.reconciliation.allSatisfy { abs($0.reported - $0.model) < 0.005 }, "\(b.reconciliation)")
        // Accounts holding more than the combined fund leave the pooled fund a negative 上年结余: refused, located.
        let tooMuch = text.replacingOccurrences(of: "personal_account: 3000", with: "personal_account: 13000")
        #expect {
            _ = try ScenarioLoader.load(text: tooMuch, file: "x.yaml")
        } throws: { error in
            let message = "\(error)"
            return message.contains("x.yaml:13:3") && message.contains("employee.base_year_lines") && message.contains("上年结余")
                && message.contains("the accounts' 12200 万元, which leaves the pooled fund -2200 万元")
        }
    }

    /// A resident table with 支出合计 and 其他支出 but no 待遇支出: the previous year's 待遇支出 is the total less
    /// the other line (10,000 − 400 = 9,600), and the notes say it is derived, not reported.
    @Test func benefitsDerivedFromTheExpenditureTotalAreNoted() throws {
        let text = "name: x\nbase_year: 2024\nunit: 万元\nmembership: {model: aggregate}\nresident:\n  insured: 100000\n  subsidy_per_capita: 600\n  individual_per_capita: 300\n  balance: 5000\n  base_year_lines: {支出合计: 10000, 其他支出: 400}\n"
        let b = try Budget(try Projection.run(try ScenarioLoader.load(text: text, file: "x.yaml")))
        let table = try #require(b.tables.first { $0.fund == .resident })
        #expect(abs((table.rows.first { $0.line == .benefits }?.previous ?? 0) - 9_600 * 10_000) < 0.005)
        #expect(b.notes.contains { $0.zh == "居民医保基金上年基本医疗保险待遇支出为推算数: 报告支出合计减其他各项(未报告的项目按模型测算)" }, "\(b.notes.map(\.zh))")
        // With 待遇支出 reported there is nothing derived to say.
        let reported = text.replacingOccurrences(of: "{支出合计: 10000, 其他支出: 400}", with: "{待遇支出: 9600, 其他支出: 400}")
        let r = try Budget(try Projection.run(try ScenarioLoader.load(text: reported, file: "x.yaml")))
        #expect(!r.notes.contains { $0.zh.contains("待遇支出为推算数") }, "\(r.notes.map(\.zh))")
    }

    /// The members note names the document behind the retirement ages, or the scenario for a custom schedule.
    @Test func membersNoteCitesTheRetirementDocument() throws {
        func note(_ schedule: String) throws -> String {
            let text = "name: x\nbase_year: 2024\nunit: 万元\npopulation: {total: 1000000, retirement_schedule: \(schedule)}\n" + minimalEmployee
                + "\n  base_year_actuals: {pooled_expenditure: 100, pa_expenditure: 20}\n"
            let b = try Budget(try Projection.run(try ScenarioLoader.load(text: text, file: "x.yaml")))
            return try #require(b.notes.first { $0.zh.hasPrefix("参保人数由年龄结构模型推算") }).zh
        }
        #expect(try note("china-2025").hasSuffix("退休年龄按《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》(2024年9月13日)(retirement_schedule: china-2025)"))
        #expect(try note("pre-2025").contains("(国发〔1978〕104号)(retirement_schedule: pre-2025)"))
        #expect(try note("{male: {age: 62}}").hasSuffix("退休年龄按情景文件设定(population.retirement_schedule)"))
    }

    /// An unknown row name is a located error with the closest official name.
    @Test func unknownRowNameSuggestsTheOfficialOne() throws {
        let text = "name: x\nbase_year: 2024\nunit: 万元\nmembership: {model: aggregate}\nresident:\n  insured: 100\n  subsidy_per_capita: 600\n  individual_per_capita: 300\n  base_year_lines: {基本医疗保险待遇支: 10}\n"
        #expect {
            _ = try ScenarioLoader.load(text: text, file: "x.yaml")
        } throws: { error in
            let message = "\(error)"
            return message.contains("x.yaml:9") && message.contains("基本医疗保险待遇支出") && message.contains("base_year_lines")
        }
    }

    /// Only the combined employee table is given, with 其中 rows but no 基本医疗保险费收入: the pooled table's
    /// parent is modelled (1,000 × 50,000 × 8 % = 4,000,000 元, the employee's 2 % going to the accounts), below the
    /// 其中 rows it received whole (3,000,000 + 2,000,000), because the accounts report neither. Both are said.
    @Test func detailRowsAboveAModelledParentAndLinesTakenWholeAreNoted() throws {
        let text = combinedOnly(unit: "元", balance: 1000000, actuals: "{pooled_expenditure: 3000000, pa_expenditure: 500000}",
                                lines: "{其中:单位缴费收入: 3000000, 其中:个人缴费收入: 2000000, 利息收入: 10000}")
        let b = try Budget(try Projection.run(try ScenarioLoader.load(text: text, file: "x.yaml")))
        let pooled = try #require(b.tables.first { $0.fund == .employeePooled })
        #expect(abs((pooled.rows.first { $0.line == .contributions }?.previous ?? 0) - 4_000_000) < 0.005)
        #expect(b.notes.contains { $0.zh == "职工基本医疗保险统筹基金 2024 年: 其中项之和 5000000 元超过其上级项目基本医疗保险费收入 4000000 元(模型测算数), 请核对报告的其中项或补报上级项目" },
                "\(b.notes.map(\.zh))")
        // The budget column holds the 其中 rows at their previous shares (125 %): above the parent too.
        #expect(b.notes.contains { $0.zh == "职工基本医疗保险统筹基金 2025 年: 其中项之和 5000000 元超过其上级项目基本医疗保险费收入 4000000 元(本年预算数), 请核对报告的其中项或补报上级项目" },
                "\(b.notes.map(\.zh))")
        #expect(b.notes.contains { $0.zh == "个人账户未报告个人缴费收入、单位缴费收入、利息收入: 统筹基金该项按含个人账户报告数全额列示(个人账户按0扣减)" }, "\(b.notes.map(\.zh))")
        // Consistent rows (within the modelled parent), with the accounts' lines given: neither note.
        let fine = text.replacingOccurrences(of: "其中:个人缴费收入: 2000000", with: "其中:个人缴费收入: 1000000")
            + "\n  personal_account:\n    base_year_lines: {其中:个人缴费收入: 1000000, 其中:单位缴费收入: 0, 利息收入: 0}"
        let ok = try Budget(try Projection.run(try ScenarioLoader.load(text: fine, file: "x.yaml")))
        #expect(!ok.notes.contains { $0.zh.contains("其中项之和") || $0.zh.hasPrefix("个人账户未报告") }, "\(ok.notes.map(\.zh))")
    }

    /// A combined table's reported 收入合计 (450 万元) with the accounts' income reported (pa_income 100): the pooled
    /// total is 350, its contributions 350 − 1 (interest) = 349, and the combined table prints the 450 reported.
    /// Without the accounts' income nothing can be derived: the combined totals are the model's sums and say so (*).
    @Test func combinedIncomeTotalDerivesThePooledContributionsOrIsMarkedModelled() throws {
        let text = combinedOnly(unit: "万元", balance: 100, actuals: "{pooled_expenditure: 300, pa_expenditure: 50, pa_income: 100}",
                                lines: "{收入合计: 450, 利息收入: 1}")
        func row(_ b: Budget, _ fund: Fund, _ line: BudgetLine) throws -> BudgetRow {
            try #require(b.tables.first { $0.fund == fund }?.rows.first { $0.line == line })
        }
        let derived = try Budget(try Projection.run(try ScenarioLoader.load(text: text, file: "x.yaml")))
        #expect(abs(try row(derived, .employeePooled, .contributions).previous! - 349e4) < 0.005)
        let total = try row(derived, .employee, .incomeTotal)
        #expect(abs(total.previous! - 450e4) < 0.005 && !total.modelled)
        let unknown = try Budget(try Projection.run(try ScenarioLoader.load(text: text.replacingOccurrences(of: ", pa_income: 100", with: ""), file: "x.yaml")))
        let modelled = try row(unknown, .employee, .incomeTotal)
        #expect(abs(modelled.previous! - 450e4) > 1 && modelled.modelled, "\(modelled)")
        #expect(try row(unknown, .employee, .incomeSubtotal).modelled && row(unknown, .employee, .surplus).modelled)
        // The accounts' income as their table's 收入合计 alone, or as its items alone, or as pa_income beside a table
        // without income lines: each is the same 100, so the pooled contributions are 349 each time, and a combined
        // 基本医疗保险费收入 printed as 449 is not counted with the accounts' 100 twice (it was 549, unmarked).
        let noActuals = text.replacingOccurrences(of: ", pa_income: 100", with: "")
        for (accounts, combined) in [("{收入合计: 100, 支出合计: 50}", "{收入合计: 450, 基本医疗保险费收入: 449, 利息收入: 1}"),
                                     ("{基本医疗保险费收入: 100, 待遇支出: 50}", "{收入合计: 450, 利息收入: 1}")] {
            let t = noActuals.replacingOccurrences(of: "{收入合计: 450, 利息收入: 1}", with: combined)
                + "\n  personal_account:\n    base_year_lines: \(accounts)"
            let b = try Budget(try Projection.run(try ScenarioLoader.load(text: t, file: "x.yaml")))
            #expect(abs(try row(b, .employeePooled, .contributions).previous! - 349e4) < 0.005, "\(accounts)")
            let c = try row(b, .employee, .contributions), total = try row(b, .employee, .incomeTotal)
            #expect(abs(c.previous! - 449e4) < 0.005 && abs(total.previous! - 450e4) < 0.005 && !total.modelled, "\(accounts): \(c) \(total)")
        }
        let withActuals = text + "\n  personal_account:\n    base_year_lines: {待遇支出: 50}"
        let b = try Budget(try Projection.run(try ScenarioLoader.load(text: withActuals.replacingOccurrences(of: "pa_expenditure: 50, ", with: ""), file: "x.yaml")))
        #expect(abs(try row(b, .employeePooled, .contributions).previous! - 349e4) < 0.005)
    }

    /// Rows with no value anywhere are hidden unless every row is asked for.
    @Test func allRowsShowsEveryOfficialRow() throws {
        let result = try Projection.run(try ScenarioLoader.load(path: repositoryPath(fixtureFiles[2])))
        let some = try Budget(result).tables[0].rows.compactMap(\.line)
        let all = try Budget(result, allRows: true).tables[0].rows.compactMap(\.line)
        #expect(!some.contains(.subsidyFromHigherLevel) && all == BudgetLine.allCases)
    }
}

@Suite struct DistrictRollUpTests {
    /// 全市 = 市本级 + Σ districts for every row; the internal flows net out (万元: 下级上解 2500 = A区 1500 +
    /// B县 1000 上解上级, 补助下级 2300 = 1300 + 1000 上级补助), so 全市 has no inter-level row and its 结余 is the
    /// parts' sum; the identities hold.
    @Test func cityTotalIsTheSumOfItsParts() throws {
        let city = try ScenarioLoader.load(path: repositoryPath("Tests/ReportsTests/Fixtures/city/city.yaml"))
        #expect(city.districts.map(\.region) == ["A区", "B县"])
        let parts = try ([city] + city.districts).map { try Budget(try Projection.run($0)) }
        let b = parts[0].addingDistricts(zip(["a", "b"], zip(city.districts, parts.dropFirst())).map { ($0.0, $0.1.0.region, $0.1.1) })
        let total = try #require(b.tables.first { $0.code == "city_total.resident" })
        #expect(b.tables.contains { $0.code == "a.resident" } && b.tables.contains { $0.code == "b.resident" })
        let w = 10_000.0
        for (name, value) in [("previous", { (r: BudgetRow) in r.previous }), ("budget", { (r: BudgetRow) in r.budget })] {
            let sums = parts.map { column($0.tables.first { $0.code == "resident" }!, value) }
            let t = column(total, value)
            #expect(BudgetLine.identityBreaks(t).isEmpty, "\(name)")
            for line in BudgetLine.allCases where line.role != .interLevel && line.role != .summary || [.openingBalance, .surplus, .closingBalance].contains(line) {
                let sum = sums.reduce(0) { $0 + ($1[line] ?? 0) }
                #expect(abs((t[line] ?? 0) - sum) < 0.005, "\(name) \(line.rawValue): \(t[line] ?? 0) vs Σ \(sum)")
            }
            for line in BudgetLine.allCases where line.role == .interLevel { #expect(abs(t[line] ?? 0) < 0.005, "\(name) \(line.rawValue) nets out") }
        }
        #expect(abs(column(total) { $0.previous }[.expenditureTotal]! - 3800 * w) < 0.005) // 800 + 1700 + 1300 of benefits only
        // The levels' indicators from the sums (万元, 2024): 当期结余率 257.75 ÷ 4,057.75 = 6.352 %, 可支付月数
        // 907.75 ÷ (3,800 ÷ 12) = 2.8666 — not the mean of the levels' 3.12, 0.00 and 0.53.
        let rate = try #require(total.rows.first { $0.code == "surplus_rate" }?.previous)
        let months = try #require(total.rows.first { $0.code == "months_payable" }?.previous)
        #expect(abs(rate - 0.063521) < 1e-6 && abs(months - 2.866579) < 1e-6, "\(rate) \(months)")
    }

    /// What only one side of a pair has is not internal: it stays (a district's subsidy from the province).
    @Test func unmatchedFlowsStay() {
        let city: BudgetLineValues = [.remittanceFromLowerLevel: 100]
        let district: BudgetLineValues = [.remittanceToHigherLevel: 130, .subsidyFromHigherLevel: 40]
        let t = Budget.consolidated([city, district])
        #expect(t[.remittanceFromLowerLevel] == 0 && t[.remittanceToHigherLevel] == 30 && t[.subsidyFromHigherLevel] == 40)
        #expect(abs(t[.surplus]! - 10) < 1e-9, "\(t[.surplus]!)") // the parts' surpluses: 100 + (40 − 130) = 10
    }
}
