import Testing
@testable import Finance
import Membership
import Scenario
import TestSupport

// The 2021 personal-account reform (国办发〔2021〕14号), hand-worked on the rules scenario: 200 actives
// (payers) on a base of 50,000 元, employer 6 %, employee 2 %, 100 retirees; no wage growth, no interest.

@Test func reformMovesTheEmployerShareIntoThePooledFundToTheYuan() throws {
    let before = try employeeYears(rulesScenario(employee: "  personal_account: {employer_share_to_pa: 0.3}"))
    let after = try employeeYears(rulesScenario(employee: """
      personal_account:
        employer_share_to_pa: 0.3
        reform: {year: 2025, average_pension: 30000, retiree_pension_share: 0}
    """))
    // 2024 is before the reform: identical. 2025: employer 200 × 50,000 × 6 % = 600,000, of which 30 %
    // = 180,000 no longer goes to actives' accounts; without outpatient pooling that is the whole gain.
    #expect(after[0] == before[0])
    let gain = after[1].pooled.surplus - before[1].pooled.surplus
    #expect(gain == 180_000)
    #expect(after[1].pooled.employerContributions == 600_000)
    #expect(after[1].personalAccount.employerShare == 0)
    #expect(before[1].personalAccount.income - after[1].personalAccount.income == 180_000)
}

@Test func retireeAllocationIsFixedAtTheReformYearsPension() throws {
    let s = try rulesScenario(employee: """
      personal_account:
        retiree_allocation: 100
        reform: {year: 2025, average_pension: 30000, pension_growth: 0.05}
    """)
    let years = try employeeYears(s)
    // 2024 pre-reform: 100 元 × 100 retirees. 2025: 2 % × 30,000 × 1.05 = 630 元 each; 2026 still 630
    // (「今后年度不再调整」), though the pension has grown again.
    #expect(years[0].pooled.transferToPersonalAccounts == 10_000)
    #expect(abs(years[1].pooled.transferToPersonalAccounts - 63_000) < 1e-9)
    #expect(abs(years[2].pooled.transferToPersonalAccounts - 63_000) < 1e-9)
    #expect(abs(years[2].personalAccount.retireeAllocation - 63_000) < 1e-9)
}

@Test func employeeContributionAboveTheCapStaysPooled() throws {
    // employee rate 3 % against the 2 % cap: 1 % of 10,000,000 = 100,000 stays in the pooled fund
    var s = try rulesScenario(employee: "  personal_account: {reform: {year: 2025, average_pension: 30000}}")
    s.employee?.employeeRate = DatedValue(0.03)
    let y = try employeeYears(s)[1]
    #expect(abs(y.personalAccount.employeeContributions - 200_000) < 1e-9)
    #expect(abs(y.pooled.employerContributions - 700_000) < 1e-9)
}

@Test func outpatientPoolingByHand() throws {
    // A city of 200 actives and 100 retirees. 门诊共济 from the reform year 2025, phased in over 2 years:
    // claims 2 a year per active, 6 per retiree, 200 元 a claim, 50 % reimbursed, no deductible.
    let s = try rulesScenario(employee: """
      personal_account:
        employer_share_to_pa: 0.3
        reform: {year: 2025, average_pension: 30000, outpatient_phase_in_years: 2}
      spending:
        outpatient:
          claim_rates: {active: 2, retired: 6}
          cost_per_claimant: 200
          reimbursement: 0.5
          cost_dispersion: 0
    """)
    let years = try employeeYears(s)
    // base year 2024 (pre-reform): no outpatient pooling; benefits 1,000,000 calibrated over weights
    // 200 actives + 200 (100 retirees × 2) → 2,500 a weight.
    #expect(years[0].pooled.outpatientPooling == 0)
    #expect(years[0].pooled.expenditure == 1_000_000)
    // full level (200×2 + 100×6) × 200 × 0.5 = 100,000; half of it in 2025, all of it in 2026
    #expect(abs(years[1].pooled.outpatientPooling - 50_000) < 1e-9)
    #expect(abs(years[2].pooled.outpatientPooling - 100_000) < 1e-9)
    // 2025 pooled fund by hand: income 600,000 employer (the employee 2 % all goes to accounts);
    // spending 1,000,000 + 50,000 + 100 retirees × 2 % × 30,000 = 600 → 60,000; surplus −510,000
    let p = years[1].pooled
    #expect(abs(p.income - 600_000) < 1e-9)
    #expect(abs(p.expenditure - 1_110_000) < 1e-9)
    #expect(abs(p.surplus + 510_000) < 1e-9)
}

@Test func reformWithoutPensionIsAnError() throws {
    #expect(throws: ScenarioError.self) {
        _ = try rulesScenario(employee: "  personal_account: {reform: {year: 2025}}")
    }
}
