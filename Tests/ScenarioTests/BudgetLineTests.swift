import XCTest
@testable import Scenario
import TestSupport

final class BudgetLineTests: XCTestCase {
    func testPrintedNamesWithPrefixesAndSynonyms() {
        XCTAssertEqual(BudgetLine.named("一、基本医疗保险费收入"), .contributions)
        XCTAssertEqual(BudgetLine.named("其中:住院费用支出"), .inpatient)
        XCTAssertEqual(BudgetLine.named("  其中：城乡医疗救助资助收入"), .medicalAssistanceFunding)
        XCTAssertEqual(BudgetLine.named("（二）财政补助收入"), .fiscalSubsidy)
        XCTAssertEqual(BudgetLine.named("八、本年收入合计"), .incomeTotal)
        XCTAssertEqual(BudgetLine.named("收入合计"), .incomeTotal)
        XCTAssertEqual(BudgetLine.named("支出合计"), .expenditureTotal)
        XCTAssertEqual(BudgetLine.named("累计滚存结余"), .closingBalance)
        XCTAssertEqual(BudgetLine.named("当期结余"), .surplus)
        XCTAssertEqual(BudgetLine.named("十一、上解上级支出"), .remittanceToHigherLevel)
        XCTAssertEqual(BudgetLine.named("3.利息收入"), .interest)
        XCTAssertEqual(BudgetLine.named("总计"), .incomeGrandTotal)
        XCTAssertEqual(BudgetLine.named("expenditure_grand_total"), .expenditureGrandTotal)
        XCTAssertNil(BudgetLine.named("养老保险费收入"))
        XCTAssertEqual(BudgetLine.suggestion(for: "利息收"), "利息收入")
    }

    func testRolesAndSides() {
        XCTAssertEqual(BudgetLine.inpatient.parent, .benefits)
        XCTAssertEqual(BudgetLine.standardSubsidy.parent, .fiscalSubsidy)
        XCTAssertEqual(BudgetLine.subsidyFromHigherLevel.role, .interLevel)
        XCTAssertEqual(BudgetLine.interest.role, .item)
        XCTAssertEqual(BudgetLine.openingBalance.side, .income)
        XCTAssertEqual(BudgetLine.criticalIllness.side, .expenditure)
        // Every name and synonym denotes one row only.
        var seen: [String: BudgetLine] = [:]
        for line in BudgetLine.allCases where line != .expenditureGrandTotal {
            for name in [line.chineseName] + line.synonyms {
                XCTAssertNil(seen[name], "\(name) names both \(seen[name]!) and \(line)")
                seen[name] = line
            }
        }
    }
}
