import Testing
@testable import Finance
import Membership
import Scenario
import TestSupport

// Personal-account use, maternity and 大病保险 lines, on the rules scenario (200 actives: 100 men aged
// 30, 100 women aged 50; 100 retirees; no growth) and its resident fund.

@Test func accountSpendingFollowsUseCappedByResources() throws {
    // Use 100,000 a year (the base year's spending) against income 200 × 50,000 × 2 % = 200,000 and
    // no balance: paid in full. Raise use to 500,000 and the accounts pay only what they hold.
    let years = try employeeYears(rulesScenario())
    #expect(abs(years[1].personalAccount.spending - 100_000) < 1e-6)
    let s = try rulesScenario()
    var scheme = try #require(s.employee)
    scheme.baseYearActuals.personalAccountExpenditure = 500_000
    let members = handMembers(s)
    let heavy = try EmployeeFinance(scenario: s, scheme: scheme, membership: members).project(members)
    // 2025: resources 0 (the reported 2024 balance) + 200,000 income → spending 200,000, 300,000 unmet
    #expect(abs(heavy[1].personalAccount.demand - 500_000) < 1e-6)
    #expect(abs(heavy[1].personalAccount.spending - 200_000) < 1e-6)
    #expect(abs(heavy[1].personalAccount.unmetDemand - 300_000) < 1e-6)
    #expect(abs(heavy[1].personalAccount.closingBalance) < 1e-6)
}

@Test func exhaustedAccountsEndAtZeroNotARoundingResidue() throws {
    // No interest; use 500,000 against a reported balance F plus income 200,000: the accounts pay F +
    // 200,000 and hold nothing. `F + (I − (F + I))` is a rounding residue of either sign (for F = 0.01
    // it is −9.3e−12), and a negative one would count the accounts as depleted. They end at 0 or above.
    let s = try rulesScenario()
    for cents in [1, 22, 29, 57, 64, 1_234_567] {
        var scheme = try #require(s.employee)
        scheme.baseYearActuals.personalAccountExpenditure = 500_000
        scheme.personalAccountBalance = Double(cents) / 100
        let members = handMembers(s)
        let years = try EmployeeFinance(scenario: s, scheme: scheme, membership: members).project(members)
        for y in years.dropFirst() {
            #expect(y.personalAccount.closingBalance >= 0, "F = \(Double(cents) / 100): \(y.year) ends at \(y.personalAccount.closingBalance)")
            #expect(y.personalAccount.unmetDemand > 0)
            #expect(abs(y.personalAccount.closingBalance) < 1e-6)
        }
    }
}

@Test func maternityFollowsBirthsToInsuredWomen() throws {
    // Births: TFR 1.2 × φ(30) × 100 women aged 30. Benefit 20,000 元 a birth.
    let s = try rulesScenario("population: {tfr: 1.2}", employee: "  maternity: {per_birth: 20000}")
    var members = handMembers(s)
    for k in members.indices {
        var cells = [Double](repeating: 0, count: AgeSex.cells)
        cells[AgeSex.index(age: 30, sex: .female)] = 100
        cells[AgeSex.index(age: 50, sex: .male)] = 100
        members[k].activeCells = cells
    }
    let finance = try EmployeeFinance(scenario: s, scheme: #require(s.employee), membership: members)
    let years = finance.project(members)
    let phi30 = finance.fertility.schedule[30]
    #expect(phi30 > 0)
    #expect(abs(years[1].pooled.insuredBirths - 1.2 * phi30 * 100) < 1e-9)
    #expect(abs(years[1].pooled.maternityBenefits - 20_000 * 1.2 * phi30 * 100) < 1e-6)
    // Calibration leaves the maternity line out of the other benefits: the base year still totals 1,000,000.
    #expect(abs(years[0].pooled.expenditure - 1_000_000) < 1e-6)
    // The same 100 women at 50 have far fewer births: 1.2 × φ(50) × 100.
    let older = try employeeYears(rulesScenario("population: {tfr: 1.2}", employee: "  maternity: {per_birth: 20000}"))
    #expect(abs(older[1].pooled.insuredBirths - 1.2 * finance.fertility.schedule[50] * 100) < 1e-9)
    #expect(older[1].pooled.maternityBenefits < years[1].pooled.maternityBenefits / 10)
}

@Test func criticalIllnessPremiumIsItsOwnResidentLine() throws {
    // 1,000 insured in 2024 (1,100 in 2025) × 60 元; spending 600,000 reported in 2024 → benefits 540,000.
    let s = try rulesScenario(resident: """
    resident:
      insured: 1000
      subsidy_per_capita: 600
      individual_per_capita: 300
      critical_illness_premium: 60
      base_year_actuals: {expenditure: 600000}
    """)
    let members = handMembers(s)
    let years = try ResidentFinance(scenario: s, scheme: #require(s.resident), membership: members).project(members)
    #expect(years[0].criticalIllnessPremiums == 60_000)
    #expect(abs(years[0].benefits - 540_000) < 1e-6)
    #expect(abs(years[0].expenditure - 600_000) < 1e-6)
    // 2025: 1,100 × 60 = 66,000; benefits 540 a head × 1,100 = 594,000
    #expect(years[1].criticalIllnessPremiums == 66_000)
    #expect(abs(years[1].benefits - 594_000) < 1e-6)
}
