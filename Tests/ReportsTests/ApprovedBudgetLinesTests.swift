import Testing
@testable import Reports
import Scenario
import Finance
import TestSupport

/// `--approved`: every flow row the approved table gives is that line's 年度预算, not only the totals.
@Suite struct ApprovedBudgetLinesTests {
    @Test func everyFlowRowOfTheApprovedTableIsABudget() {
        let approved = ApprovedBudget(year: 2025, file: "approved.csv", columns: [.employeePooled: "2025年预算数", .resident: "2025年预算数"], amounts: [
            .employeePooled: [.contributions: 100, .employerContributions: 70, .interest: 5, .closingBalance: 300, .benefits: 80],
            .resident: [.fiscalSubsidy: 50, .incomeTotal: 90, .criticalIllness: 9],
        ])
        let b = ExecutionReport.budgets(approved)
        #expect(b[ExecutionKey(.employeePooled, .contributions)] == 100)
        #expect(b[ExecutionKey(.employeePooled, .employerContributions)] == 70)
        #expect(b[ExecutionKey(.employeePooled, .interest)] == 5)
        // Totals not printed come from the first-level items (其中 rows are not added again): 100 + 5, and 80.
        #expect(b[ExecutionKey(.employeePooled, .incomeTotal)] == 105)
        #expect(b[ExecutionKey(.employeePooled, .expenditureTotal)] == 80)
        #expect(b[ExecutionKey(.resident, .incomeTotal)] == 90)
        #expect(b[ExecutionKey(.resident, .criticalIllness)] == 9)
        // A balance is not a flow with a 完成率.
        #expect(b[ExecutionKey(.employeePooled, .closingBalance)] == nil)
    }
}
