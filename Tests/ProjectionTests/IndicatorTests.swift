import Testing
import Projection
import Scenario
import TestSupport

@Test func breakEvenEmployerRateBalancesThePooledFund() throws {
    let base = try loadShipped("example-city.yaml", overrides: ["assumptions.interest_rate=0"])
    let result = try Projection.run(base)
    let year = try #require(result.year(2030))
    let rate = try #require(result.breakEvenEmployerRate(year))
    // Re-run with that employer rate in 2030 only: the pooled fund's 2030 surplus is zero.
    let balanced = try Projection.run(loadShipped("example-city.yaml", overrides: [
        "assumptions.interest_rate=0", "employee.employer_rate={2021: 0.08, 2030: \(rate), 2031: 0.08}"]))
    let pooled = try #require(balanced.year(2030)?.employee?.pooled)
    #expect(abs(pooled.surplus) < 1)
}

@Test func actuarialBalanceByHand() throws {
    // Aggregate scheme with no interest: income 100 a year (2 payers × 500 × 10 %), spending 120 a year,
    // for 10 years; opening fund 1,000; base 1,000 a year.
    // (1,000 + 10×100 − 10×120 − 6/12 × 120) / (10 × 1,000) = 740 / 10,000 = 0.074
    let s = try ScenarioLoader.load(text: """
    base_year: 2020
    horizon: 2030
    employee:
      active: 2
      retired: 0
      average_base: 500
      employer_rate: 0.1
      employee_rate: 0
      base_year_actuals: {pooled_expenditure: 120, pa_expenditure: 0}
      balance: {pooled: 1000, personal_account: 0}
    """, file: "ab.yaml")
    let result = try Projection.run(s)
    #expect(abs((result.actuarialBalance() ?? 0) - 0.074) < 1e-12)
    #expect(result.yearsToDepletion(.employeePooled) == nil)
}

@Test func yearsToDepletionCountFromTheBaseYear() throws {
    let result = try Projection.run(loadShipped("example-city.yaml", overrides: ["employee.employer_rate=0.03"]))
    let year = try #require(result.depletionYear(.employeePooled))
    #expect(result.yearsToDepletion(.employeePooled) == year - 2021)
}
