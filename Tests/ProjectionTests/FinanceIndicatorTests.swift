import Testing
import Projection
import Scenario
import TestSupport

@Test func generalAveragePremiumByHand() throws {
    // Three years, interest 10 %: 2 payers × base 500 = 1,000 a year of base, spending 120 a year,
    // opening fund 30, no other income. Mid-year discount factors 1.1^−0.5, 1.1^−1.5, 1.1^−2.5 =
    // 0.953463 + 0.866784 + 0.787986 = 2.608232. Target fund 6/12 × 120 = 60 at the end, × 1.1^−3 = 45.0789.
    // GAP = (120 × 2.608232 + 45.0789 − 30) / (1,000 × 2.608232) = 328.0668 / 2,608.232 = 0.1257813
    // (with no interest it would be (360 + 60 − 30) / 3,000 = 0.13).
    let s = try ScenarioLoader.load(text: """
    base_year: 2020
    horizon: 2023
    assumptions: {interest_rate: 0.1}
    employee:
      active: 2
      retired: 0
      average_base: 500
      employer_rate: 0.1
      employee_rate: 0
      base_year_actuals: {pooled_expenditure: 120, pa_expenditure: 0}
      balance: {pooled: 30, personal_account: 0}
    """, file: "gap.yaml")
    let result = try Projection.run(s)
    #expect(abs((result.generalAveragePremium() ?? 0) - 0.1257812671196855) < 1e-12)
    // At the GAP as employer rate the actuarial balance is zero (everything else is linear in it).
    let atGAP = try Projection.run(ScenarioLoader.load(text: """
    base_year: 2020
    horizon: 2023
    assumptions: {interest_rate: 0.1}
    employee:
      active: 2
      retired: 0
      average_base: 500
      employer_rate: {2020: 0.1, 2021: 0.1257812671196855}
      employee_rate: 0
      base_year_actuals: {pooled_expenditure: 120, pa_expenditure: 0}
      balance: {pooled: 30, personal_account: 0}
    """, file: "gap.yaml"))
    #expect(abs(atGAP.actuarialBalance() ?? 1) < 1e-12)
}

@Test func actuarialBalanceInEmployerRatePointsClosesTheBalance() throws {
    // The shipped example city: before its 2023 reform 30 % of an employer-rate rise goes to accounts,
    // so the points needed exceed the balance as a share of the base. Re-run with the employer rate
    // raised by those points from the budget year on: the balance closes within 0.01 points.
    let result = try Projection.run(loadShipped("example-city.yaml"))
    let points = try #require(result.actuarialBalanceEmployerRatePoints())
    let share = try #require(result.actuarialBalance())
    #expect(points < 0)
    #expect(points < share) // more negative: only part of a rise reaches the pool in 2022
    let raised = try Projection.run(loadShipped("example-city.yaml", overrides: ["employee.employer_rate={2021: 0.08, 2022: \(0.08 - points)}"]))
    let after = try #require(raised.actuarialBalanceEmployerRatePoints())
    #expect(abs(after) < 0.0001)
}
