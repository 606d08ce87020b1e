import Testing
@testable import Finance
import Membership
import Scenario
import TestSupport

/// A small employee + resident scenario whose figures can be followed by hand.
func handScenario(extra: String = "") throws -> Scenario {
    try ScenarioLoader.load(text: """
    name: hand
    base_year: 2024
    horizon: 2027
    assumptions: {wage_growth: 0.05, medical_inflation: 0.10, interest_rate: 0.02}
    employee:
      active: 1000
      retired: 250
      average_base: 50000
      employer_rate: 0.06
      employee_rate: 0.02
      retiree_cost_ratio: 3
      personal_account: {employer_share_to_pa: 0.25, retiree_allocation: 400}
      base_year_actuals: {pooled_expenditure: 2100000, pa_expenditure: 1250000}
      balance: {pooled: 1000000, personal_account: 500000}
    resident:
      insured: 2000
      subsidy_per_capita: 600
      individual_per_capita: 300
      collection_rate: 0.9
      base_year_actuals: {expenditure: 1600000}
      balance: 800000
    \(extra)
    """, file: "hand.yaml")
}

@Test func contributionsSplitBetweenPooledFundAndAccounts() throws {
    let s = try handScenario()
    let members = AggregateMembership.project(s)
    let years = try EmployeeFinance(scenario: s, scheme: #require(s.employee), membership: members).project(members)
    let y = years[1] // 2025
    // base 50,000 × 1.05 = 52,500; payers 1,000 → total base 52,500,000
    // employer 6 % = 3,150,000: 25 % to PA = 787,500, pooled 2,362,500; employee 2 % = 1,050,000 to PA
    #expect(abs(y.drivers.totalBase - 52_500_000) < 1e-6)
    #expect(abs(y.pooled.employerContributions - 2_362_500) < 1e-6)
    #expect(abs(y.personalAccount.employerShare - 787_500) < 1e-6)
    #expect(abs(y.personalAccount.employeeContributions - 1_050_000) < 1e-6)
    // retirees' allocation 250 × 400 = 100,000 leaves the pooled fund and enters the accounts
    #expect(y.pooled.transferToPersonalAccounts == 100_000)
    #expect(y.personalAccount.retireeAllocation == 100_000)
}

@Test func costsAreCalibratedToTheBaseYearAndGrowWithMedicalInflation() throws {
    let s = try handScenario()
    let members = AggregateMembership.project(s)
    let finance = try EmployeeFinance(scenario: s, scheme: #require(s.employee), membership: members)
    // (2,100,000 − 250 × 400) / (1,000 + 3 × 250) = 2,000,000 / 1,750 = 1,142.857… per active member
    #expect(abs(finance.activeCostPerHead - 2_000_000.0 / 1_750) < 1e-9)
    let years = finance.project(members)
    #expect(abs(years[0].pooled.expenditure - 2_100_000) < 1e-6) // base year reproduces the report
    // 2026: cost × 1.1² on 1,000 actives and 250 retirees at 3×, plus the 100,000 transfer
    let expected2026 = 2_000_000.0 * 1.21 + 100_000
    #expect(abs(years[2].pooled.expenditure - expected2026) < 1e-6)
    // For information: base-year spending 1,250,000 against closing balance 500,000: X/(C + X) = 5/7
    #expect(abs(finance.personalAccountDrawdownRate - 5.0 / 7) < 1e-9)
    #expect(abs(years[0].personalAccount.spending - 1_250_000) < 1e-3)
    // 2025: account use grows with cost (× 1.1, same members): 1,375,000, within the resources
    // 500,000 + income (1,050,000 + 787,500 + 100,000), so paid in full.
    let pa = years[1].personalAccount
    #expect(abs(pa.demand - 1_375_000) < 1e-6)
    #expect(abs(pa.spending - 1_375_000) < 1e-6)
}

@Test func interestIsCreditedOnTheAverageBalance() {
    // r · (F + (I − X)/2) = 0.02 × (1,000,000 + 200,000/2) = 22,000
    #expect(abs(interestOnAverageBalance(rate: 0.02, opening: 1_000_000, netFlowBeforeInterest: 200_000) - 22_000) < 1e-9)
    // a fund in deficit earns nothing and is not charged
    #expect(interestOnAverageBalance(rate: 0.02, opening: -10, netFlowBeforeInterest: -100) == 0)
}

@Test func balancesFollowTheFundIdentityToTheYuan() throws {
    let s = try handScenario()
    let members = AggregateMembership.project(s)
    let employee = try EmployeeFinance(scenario: s, scheme: #require(s.employee), membership: members).project(members)
    let resident = try ResidentFinance(scenario: s, scheme: #require(s.resident), membership: members).project(members)
    #expect(employee[0].pooled.closingBalance == 1_000_000)
    for t in 1..<employee.count {
        let pooled = employee[t].pooled, previous = employee[t - 1].pooled
        #expect(abs(pooled.closingBalance - (previous.closingBalance + pooled.income - pooled.expenditure)) < 0.005)
        let pa = employee[t].personalAccount
        #expect(abs(pa.closingBalance - (employee[t - 1].personalAccount.closingBalance + pa.income - pa.expenditure)) < 0.005)
        #expect(abs(resident[t].closingBalance - (resident[t - 1].closingBalance + resident[t].income - resident[t].expenditure)) < 0.005)
        #expect(pooled.interest > 0)
    }
}

@Test func residentIncomeAppliesCollectionToIndividualContributionsOnly() throws {
    let s = try handScenario()
    let members = AggregateMembership.project(s)
    let finance = try ResidentFinance(scenario: s, scheme: #require(s.resident), membership: members)
    let y = finance.project(members)[1]
    // 2,000 × 300 × 0.9 = 540,000 individual; 2,000 × 600 = 1,200,000 subsidy
    #expect(y.individualContributions == 540_000)
    #expect(y.fiscalSubsidies == 1_200_000)
    // cost 1,600,000 / 2,000 = 800 a head, × 1.1 in 2025
    #expect(abs(y.benefits - 1_760_000) < 1e-6)
}

@Test func perCapitaFundingGrowsAfterItsLastKnot() throws {
    let s = try handScenario(extra: "")
    var scheme = try #require(s.resident)
    scheme.subsidyPerCapita = DatedValue(knots: [(2024, 600), (2025, 640)])
    scheme.perCapitaGrowth = DatedValue(0.05)
    let members = AggregateMembership.project(s)
    let finance = try ResidentFinance(scenario: s, scheme: scheme, membership: members)
    #expect(finance.subsidyPerCapita(in: 2025) == 640)
    #expect(abs(finance.subsidyPerCapita(in: 2027) - 640 * 1.05 * 1.05) < 1e-9)
}

@Test func personalAccountsAreNeverOverdrawn() throws {
    let s = try handScenario()
    var scheme = try #require(s.employee)
    scheme.personalAccountBalance = 0
    scheme.baseYearActuals.personalAccountExpenditure = 50_000_000 // far more than the accounts receive
    let members = AggregateMembership.project(s)
    let years = try EmployeeFinance(scenario: s, scheme: scheme, membership: members).project(members)
    for y in years.dropFirst() {
        #expect(y.personalAccount.closingBalance >= -1e-6)
    }
}

@Test func calibrationWithoutReportedSpendingIsAnError() throws {
    let s = try handScenario()
    var scheme = try #require(s.employee)
    scheme.baseYearActuals.pooledExpenditure = nil
    let members = AggregateMembership.project(s)
    #expect(throws: FinanceError.self) {
        _ = try EmployeeFinance(scenario: s, scheme: scheme, membership: members)
    }
    do {
        _ = try EmployeeFinance(scenario: s, scheme: scheme, membership: members)
    } catch {
        #expect(error.key == "employee.base_year_actuals.pooled_expenditure")
    }
}

@Test func allocationsLargerThanSpendingAreRejected() throws {
    let s = try handScenario()
    var scheme = try #require(s.employee)
    scheme.retireeAllocation = DatedValue(100_000) // 250 × 100,000 = 25,000,000 > 2,100,000
    let members = AggregateMembership.project(s)
    #expect(throws: FinanceError.self) {
        _ = try EmployeeFinance(scenario: s, scheme: scheme, membership: members)
    }
}
