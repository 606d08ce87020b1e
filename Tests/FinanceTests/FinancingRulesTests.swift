import Testing
@testable import Finance
import Membership
import Scenario
import TestSupport

// Hand-worked checks of each financing rule (MODEL.md §3–5). Scenarios use the aggregate model and
// hand-built membership so that every count is known.

/// An employee scheme without interest or inflation unless `extra` says otherwise.
func rulesScenario(_ extra: String = "", employee: String = "", resident: String = "") throws -> Scenario {
    try ScenarioLoader.load(text: """
    base_year: 2024
    horizon: 2026
    \(extra)
    employee:
      active: 200
      retired: 100
    \(employee.contains("average_wage") ? "" : "  average_base: 50000")
      employer_rate: 0.06
      employee_rate: 0.02
      retiree_cost_ratio: 2
      base_year_actuals: {pooled_expenditure: 1000000, pa_expenditure: 100000}
      balance: {pooled: 0, personal_account: 0}
    \(employee)
    \(resident)
    """, file: "rules.yaml")
}

/// Members by hand: 100 actives aged 30 (men) and 100 aged 50 (women), 100 retirees.
func handMembers(_ s: Scenario, buyIns: Double = 0) -> [MembershipYear] {
    (s.baseYear...s.horizon).map { year in
        var m = MembershipYear(year: year, active: 200, retired: 100, payers: 200, residentInsured: 1000 + 100 * Double(year - s.baseYear))
        var cells = [Double](repeating: 0, count: AgeSex.cells)
        cells[AgeSex.index(age: 30, sex: .male)] = 100
        cells[AgeSex.index(age: 50, sex: .female)] = 100
        m.activeCells = cells
        m.retiredCostWeight = 200
        m.flows = MembershipFlows(retirements: 10, buyIns: buyIns, retireesToResident: 0, lapses: 0, switches: 0, entries: 0)
        return m
    }
}

func employeeYears(_ s: Scenario, buyIns: Double = 0) throws -> [EmployeeYear] {
    let members = handMembers(s, buyIns: buyIns)
    return try EmployeeFinance(scenario: s, scheme: #require(s.employee), membership: members).project(members)
}

@Test func lognormalPartialExpectations() {
    #expect(abs(Lognormal.normalCDF(0) - 0.5) < 1e-15)
    // E[(Y − 1)⁺], mean 1, σ 0.5: d₁ = 0.125/0.5 = 0.25, Φ(0.25) − Φ(−0.25) = 0.5987063 − 0.4012937 = 0.1974127
    #expect(abs(Lognormal.excess(mean: 1, sigma: 0.5, over: 1) - 0.1974126513658474) < 1e-12)
    #expect(Lognormal.excess(mean: 10, sigma: 0, over: 4) == 6)
    // E[clamp(X, 0.6, 3)], mean 1, σ 1: 0.6 + E[(X − 0.6)⁺] − E[(X − 3)⁺] = 1.0315033 (the floor lifts more than the ceiling cuts)
    #expect(abs(Lognormal.clampedMean(mean: 1, sigma: 1, low: 0.6, high: 3) - 1.031503259345916) < 1e-12)
}

@Test func fundPaidShareWithDeductibleAndCap() {
    // One claimant of 10,000 元: 80 % above a 1,000 deductible = 7,200 → φ = 0.72; a 5,000 cap → 0.5
    #expect(abs(fundPaidShare(reimbursement: 0.8, deductible: 1000, cap: nil, meanCost: 10000, sigma: 0) - 0.72) < 1e-12)
    #expect(abs(fundPaidShare(reimbursement: 0.8, deductible: 1000, cap: 5000, meanCost: 10000, sigma: 0) - 0.5) < 1e-12)
    // With dispersion a deductible below the mean costs the fund less than it would on the mean alone
    #expect(fundPaidShare(reimbursement: 1, deductible: 1000, cap: nil, meanCost: 10000, sigma: 1) > 0.9)
}

@Test func contributionBasesFollowTheWageWithFloorAndCeiling() throws {
    // average wage 100,000, σ 1, floor 60 %, ceiling 300 %: base per payer 100,000 × 1.0315033
    let s = try rulesScenario(employee: "  average_wage: 100000\n  wage_dispersion: 1")
    let y = try employeeYears(s)[0]
    #expect(abs(y.drivers.averageBase - 103_150.3259345916) < 1e-6)
    #expect(y.drivers.averageWage == 100_000)
    // no dispersion: everyone earns the average wage, inside the bounds
    let flat = try employeeYears(rulesScenario(employee: "  average_wage: 100000"))[0]
    #expect(abs(flat.drivers.averageBase - 100_000) < 1e-9)
    // a floor above the wage lifts every base to it: 120 % × 100,000
    let floored = try employeeYears(rulesScenario(employee: "  average_wage: 100000\n  base_floor: 1.2"))[0]
    #expect(abs(floored.drivers.averageBase - 120_000) < 1e-9)
}

@Test func flexibleWorkersPayByAgeOnThePriorYearsWage() throws {
    // half of each cell is flexible: 50 aged 30 at 3 %, 50 aged 50 at 4 %, of last year's wage
    let s = try rulesScenario("assumptions: {wage_growth: 0.1}", employee: "  flexible_share: 0.5")
    let y = try employeeYears(s)[1] // 2025: prior wage = 50,000 (2024)
    #expect(abs(y.pooled.flexibleContributions - (50 * 0.03 * 50_000 + 50 * 0.04 * 50_000)) < 1e-6)
    #expect(y.drivers.flexiblePayers == 100)
    // the other 100 are employees paying 8 % of 55,000
    #expect(abs(y.drivers.contributionsCollected - 100 * 55_000 * 0.08) < 1e-6)
}

@Test func ageBandedPersonalAccounts() throws {
    // Zhenjiang-style bands: 4 % under 35, 5 % from 35, 6 % from 45 (seed 004)
    let s = try rulesScenario(employee: "  personal_account: {by_age: {0: 0.04, 35: 0.05, 45: 0.06}}")
    let y = try employeeYears(s)[1]
    // 100 × 50,000 × 4 % + 100 × 50,000 × 6 % = 200,000 + 300,000 credited; 8 % × 10,000,000 = 800,000 due
    #expect(abs(y.personalAccount.employeeContributions + y.personalAccount.employerShare - 500_000) < 1e-6)
    #expect(abs(y.pooled.employerContributions - 300_000) < 1e-6)
}

@Test func retireeContributionsLargeClaimsTransfersAndBuyIns() throws {
    let s = try rulesScenario(employee: """
      retiree_contribution: 120
      large_claims_premium: 60
      large_claims_loss_ratio: 0.9
      transfers_in: 5000
    """, resident: "membership: {buy_in_years: 5}")
    let y = try employeeYears(s, buyIns: 10)[1]
    #expect(y.pooled.retireeContributions == 100 * 120)
    #expect(y.pooled.largeClaimsPremiums == 300 * 60)              // every insured member pays 60 元 (seed 001)
    #expect(abs(y.pooled.largeClaimsPayments - 300 * 60 * 0.9) < 1e-9)
    #expect(y.pooled.transfersIn == 5000)
    #expect(abs(y.pooled.buyIns - 10 * 5 * 0.04 * 50_000) < 1e-9) // 10 people × 5 years × 4 % × average wage
}

@Test func lateFeesOnRecoveredArrears() throws {
    // due 200 × 50,000 × 8 % = 800,000; 10 % uncollected; half recovered 90 days late at 0.05 % a day
    let s = try rulesScenario(employee: "  collection_rate: 0.9\n  arrears_recovery: 0.5\n  arrears_days: 90")
    let y = try employeeYears(s)[1]
    #expect(abs(y.pooled.lateFees - 800_000 * 0.1 * 0.5 * 0.0005 * 90) < 1e-9)
    #expect(abs(y.drivers.effectiveCollectionRate - 0.95) < 1e-12)
}

@Test func leversScaleCategorySpendingWithElasticity() throws {
    // inpatient 60 % of benefits, reimbursement 80 % → 90 % above a 1,000 deductible on 10,000 a claimant:
    // φ 0.72 → 0.81, factor 1.125; the rest (40 %) unaffected: total × (0.4 + 0.6 × 1.125) = × 1.075
    let inpatient = "  spending: {inpatient: {share: 0.6, reimbursement: {2024: 0.8, 2025: 0.9}, deductible: 1000, cost_per_claimant: 10000, cost_dispersion: 0}}"
    let s = try rulesScenario(employee: inpatient)
    let years = try employeeYears(s)
    let benefits = { (y: EmployeeYear) in y.pooled.activeBenefits + y.pooled.retireeBenefits }
    #expect(abs(benefits(years[1]) / benefits(years[0]) - 1.075) < 1e-12)
    let cat = try #require(years[1].pooled.categories.first)
    #expect(abs(cat.fundPaidShare - 0.81) < 1e-12)
    #expect(abs(cat.amount - benefits(years[0]) * 0.6 * 1.125) < 1e-6)
    // demand elasticity −0.2 on the out-of-pocket share 0.28 → 0.19: × (0.19/0.28)^−0.2 = 1.0806396
    let elastic = try employeeYears(rulesScenario(employee: inpatient + "\n  demand_elasticity: -0.2"))
    #expect(abs(benefits(elastic[1]) / benefits(elastic[0]) - (0.4 + 0.6 * 1.125 * 1.0806396196004002)) < 1e-9)
}

@Test func residentSubsidySplitAndBenefitLag() throws {
    let s = try rulesScenario(resident: """
    resident:
      insured: 1000
      subsidy_per_capita: 600
      individual_per_capita: 300
      central_subsidy_share: 0.8
      benefit_lag_years: 1
      base_year_actuals: {expenditure: 800000}
      balance: 0
    """)
    let members = handMembers(s) // residents 1,000 in 2024, 1,100 in 2025, 1,200 in 2026
    let years = try ResidentFinance(scenario: s, scheme: #require(s.resident), membership: members).project(members)
    #expect(years[1].centralSubsidies == 1100 * 600 * 0.8)
    #expect(abs(years[1].localSubsidies - 1100 * 600 * 0.2) < 1e-9)
    // benefits of 2025 cover those who paid in 2024 (1,000 people at 800 元), not the 1,100 of 2025
    #expect(abs(years[1].benefits - 800_000) < 1e-6)
    #expect(abs(years[2].benefits - 1100 * 800) < 1e-6)
}

@Test func hospitalisationDecomposition() throws {
    // Inpatient as claims × cost per stay × φ: 200 actives at 10 %, 100 retirees at 40 % = 60 stays,
    // 10,000 元 a stay, 80 % reimbursed → 480,000 of the reported 1,000,000; the other 520,000 is
    // calibrated spending. In 2025 the ratio rises to 90 %: 60 × 9,000 = 540,000.
    let s = try rulesScenario(employee: """
      spending:
        inpatient: {claim_rates: {active: 0.1, retired: 0.4}, reimbursement: {2024: 0.8, 2025: 0.9}, cost_per_claimant: 10000, cost_dispersion: 0}
    """)
    let years = try employeeYears(s)
    let base = try #require(years[0].pooled.categories.first)
    #expect(abs(base.amount - 480_000) < 1e-6)
    #expect(abs(years[0].pooled.expenditure - 1_000_000) < 1e-6)
    let next = try #require(years[1].pooled.categories.first)
    #expect(abs(next.amount - 540_000) < 1e-6)
    // the calibrated rest is unchanged (no inflation): total 540,000 + 520,000
    #expect(abs(years[1].pooled.activeBenefits + years[1].pooled.retireeBenefits - 1_060_000) < 1e-6)
    // retirees' stays are theirs: 40 × 9,000 of the decomposed part
    #expect(years[1].pooled.retireeBenefits > 40 * 9000)
}

@Test func decomposedSpendingAboveTheReportIsAnError() throws {
    let s = try rulesScenario(employee: """
      spending:
        inpatient: {claim_rates: {active: 1, retired: 1}, reimbursement: 1, cost_per_claimant: 100000, cost_dispersion: 0}
    """)
    #expect(throws: FinanceError.self) { _ = try employeeYears(s) }
}
