import Foundation
import Testing
@testable import Scenario

/// The reader of published fund tables (`fundcast audit`, `--approved`): names, units, numbers as
/// Excel writes them, and every bad line located.
@Suite("Published table reader")
struct PublishedTableTests {
    func issues(_ csv: String) -> [ScenarioIssue] {
        do {
            _ = try PublishedTable.parse(csv: csv, file: "t.csv")
            return []
        } catch {
            return error.issues
        }
    }

    @Test func readsPrintedNamesBOMAndQuotedThousands() throws {
        let csv = "\u{FEFF}fund,row,column,value,unit\n"
            + "resident,一、基本医疗保险费收入,2024年预算数,\"4,463\",万元\n"
            + "resident,其中:城乡医疗救助资助收入,2024年预算数,12.5,万元\n"
            + "resident,收入合计,2024年预算数,\"1,234,567.89\",元\n"
            + "resident,closing_balance,2024年预算数,1.2,亿元\n"
        let t = try PublishedTable.parse(csv: csv, file: "t.csv")
        #expect(t.figures.map(\.line) == [.contributions, .medicalAssistanceFunding, .incomeTotal, .closingBalance])
        // "4,463" 万元 = 44,630,000 元, printed to the 万元: half a unit is 0.5 万元 = 5,000 元.
        #expect(t.figures[0].value == 44_630_000)
        #expect(t.figures[0].written == "4,463")
        #expect(t.figures[0].roundingBound == 5_000)
        #expect(t.figures[1].value == 125_000)
        #expect(t.figures[2].value == 1_234_567.89)
        #expect(abs(t.figures[2].roundingBound - 0.005) < 1e-12)
        #expect(t.figures[3].value == 120_000_000)
        #expect(t.figures[0].location == SourceLocation(file: "t.csv", line: 2, column: 10))
    }

    @Test func expenditureSideGrandTotalByPosition() throws {
        let t = try PublishedTable.parse(csv: """
            fund,row,column,value,unit
            employee,总计,2024年,10,万元
            employee,本年支出合计,2024年,8,万元
            employee,总计,2024年,10,万元
            """, file: "t.csv")
        #expect(t.figures.map(\.line) == [.incomeGrandTotal, .expenditureTotal, .expenditureGrandTotal])
    }

    @Test func badFundIsLocatedWithSuggestion() {
        let found = issues("fund,row,column,value,unit\nresdent,利息收入,2024年,1,万元\n")
        #expect(found.count == 1)
        #expect(found.first?.description == "t.csv:2:1: fund: expected one of employee, employee_pooled, employee_pa, resident, found 'resdent' (did you mean 'resident'?)")
    }

    @Test func totalIsNoTableFund() {
        let found = issues("fund,row,column,value,unit\ntotal,利息收入,2024年,1,万元\n")
        #expect(found.first?.expected == "one of employee, employee_pooled, employee_pa, resident")
    }

    @Test func unknownRowSuggestsTheOfficialName() {
        let found = issues("fund,row,column,value,unit\nresident,二、利息收,2024年,1,万元\n")
        #expect(found.count == 1)
        #expect(found.first?.location == SourceLocation(file: "t.csv", line: 2, column: 10))
        #expect(found.first?.suggestion == "利息收入")
        #expect(found.first?.description.contains("found '二、利息收'") == true)
    }

    @Test func badUnitAndFullWidthUnit() {
        let found = issues("fund,row,column,value,unit\nresident,利息收入,2024年,1,千元\nresident,其他收入,2024年,1,％\n")
        #expect(found.count == 2)
        #expect(found[0].location == SourceLocation(file: "t.csv", line: 2, column: 23)) // character columns: 千元 is the 23rd
        #expect(found[0].expected == "元, 万元, 亿元 or % (for a 完成率 or 增减% column)")
        #expect(found[1].suggestion == "%")
        #expect(found[1].found.contains("全角"))
    }

    @Test func badNumbersSayWhatWasMeant() {
        let found = issues("""
            fund,row,column,value,unit
            resident,利息收入,2024年,"12,5",万元
            resident,其他收入,2024年,abc,万元
            resident,财政补贴收入,2024年,１２,万元
            """)
        #expect(found.count == 3)
        #expect(found[0].found.contains("a decimal comma"))
        #expect(found[0].suggestion == "12.5")
        #expect(found[1].found == "'abc'")
        #expect(found[2].suggestion == "12")
        #expect(found.map(\.key) == ["value", "value", "value"])
        #expect(found.map(\.location.column) == [21, 21, 23])
    }

    @Test func duplicatesOpenQuotesAndWidthsAreIssuesEachOnItsLine() {
        let found = issues("""
            fund,row,column,value,unit
            resident,利息收入,2024年,1,万元
            resident,利息,2024年,2,万元
            resident,其他收入,2024年,"3,万元
            resident,其他收入,2024年,3
            """)
        #expect(found.map(\.location.line) == [3, 4, 5])
        #expect(found[0].found == "a second one (first at t.csv:2:10)")
        #expect(found[1].found == "a quoted field left open")
        #expect(found[2].expected.hasPrefix("5 fields"))
    }

    @Test func aColumnIsMoneyOrPercentNotBoth() {
        let found = issues("fund,row,column,value,unit\nresident,利息收入,完成率,50,%\nresident,其他收入,完成率,3,万元\n")
        #expect(found.count == 1)
        #expect(found.first?.expected.hasPrefix("% like the rest of column '完成率'") == true)
    }

    @Test func yamlHoldsTheSameTable() throws {
        let t = try PublishedTable.parse(yaml: """
            unit: 万元
            resident:
              2025年预算数:
                基金收入: 34275
                当期结余: 4086.5
                大病保险支出: 2799万元
              完成率:
                基金收入: 50.25%
            """, file: "a.yaml")
        #expect(t.figures.count == 4)
        #expect(t.figure(.resident, "2025年预算数", .incomeTotal)?.value == 342_750_000)
        #expect(t.figure(.resident, "2025年预算数", .surplus)?.decimals == 1)
        #expect(t.figure(.resident, "2025年预算数", .criticalIllness)?.value == 27_990_000)
        #expect(t.figure(.resident, "完成率", .incomeTotal)?.unit == .percent)
        #expect(t.figure(.resident, "完成率", .incomeTotal)?.value == 50.25)
    }

    @Test func yamlErrorsAreLocated() {
        do {
            _ = try PublishedTable.parse(yaml: "unit: 万元\nresident:\n  2025年预算数:\n    利息收: 1\n    利息收入: x\n", file: "a.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.location.line) == [4, 5])
            #expect(error.issues[0].suggestion == "利息收入")
        }
    }

    @Test func approvedBudgetTakesTheBudgetYearColumn() throws {
        let t = try PublishedTable.parse(csv: """
            fund,row,column,value,unit
            resident,本年收入合计,2024年执行数,30000,万元
            resident,本年收入合计,2025年预算数,34275,万元
            resident,本年支出小计,2025年预算数,30000,万元
            resident,上解上级支出,2025年预算数,189,万元
            employee_pooled,基本医疗保险费收入,2025年预算数,100,万元
            employee_pooled,利息收入,2025年预算数,1.5,万元
            """, file: "a.csv")
        let approved = try ApprovedBudget(t, year: 2025, file: "a.csv")
        #expect(approved.columns == [.resident: "2025年预算数", .employeePooled: "2025年预算数"])
        #expect(approved.total(.resident, .income) == 342_750_000)
        // 支出合计 not given: 小计 30,000 + 上解上级 189 = 30,189 万元.
        #expect(approved.total(.resident, .expenditure) == 301_890_000)
        // Pooled income: no total, no 小计: the items 100 + 1.5 = 101.5 万元.
        #expect(approved.total(.employeePooled, .income) == 1_015_000)
        #expect(approved.total(.employeePooled, .expenditure) == nil)
        #expect(throws: ScenarioError.self) { try ApprovedBudget(t, year: 2026, file: "a.csv") }
    }
}
