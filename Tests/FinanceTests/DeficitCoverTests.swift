import Testing
@testable import Finance
import Membership
import Scenario
import TestSupport

// 财社〔2017〕144号 第三十八条: a shortfall is met from the carried-forward balance, then the higher-level
// adjustment fund, then the same-level treasury; the rest is the gap.

@Test func deficitIsCoveredInTheStatutoryOrder() throws {
    // Rules scenario: pooled income 600,000 (employer 6 % of 10,000,000), spending 1,000,000 → 400,000 short
    // every year. Opening balance 500,000; adjustment fund up to 150,000 a year, treasury up to 100,000.
    let s = try rulesScenario(employee: "  deficit_cover: {adjustment_fund: 150000, fiscal_subsidy: 100000}")
    var scheme = try #require(s.employee)
    scheme.pooledBalance = 500_000
    let members = handMembers(s)
    let years = try EmployeeFinance(scenario: s, scheme: scheme, membership: members).project(members)
    // 2025: the balance pays all 400,000 → 100,000 left
    let c25 = years[1].pooled.deficitCover
    #expect(c25.shortfall == 400_000 && c25.balanceDrawn == 400_000 && c25.coverIncome == 0 && c25.gap == 0)
    #expect(c25.stage == .carriedForwardBalance)
    #expect(years[1].pooled.closingBalance == 100_000)
    // 2026: balance 100,000, adjustment fund 150,000, treasury 100,000, gap 50,000 → closing −50,000
    let c26 = years[2].pooled.deficitCover
    #expect(c26.balanceDrawn == 100_000)
    #expect(c26.adjustmentFund == 150_000)
    #expect(c26.fiscalSubsidy == 100_000)
    #expect(c26.gap == 50_000)
    #expect(c26.stage == .gap)
    #expect(years[2].pooled.closingBalance == -50_000)
    for t in 1..<years.count {
        let p = years[t].pooled, c = p.deficitCover
        // the lines add up to the shortfall, and F(t+1) = F(t) + I − X holds with them inside I
        #expect(abs(c.balanceDrawn + c.adjustmentFund + c.fiscalSubsidy + c.gap - c.shortfall) < 0.005)
        #expect(abs(p.closingBalance - (years[t - 1].pooled.closingBalance + p.income - p.expenditure)) < 0.005)
    }
}

@Test func unlimitedTreasuryCoverKeepsTheBalanceAtZero() throws {
    let s = try rulesScenario(employee: "  deficit_cover: {fiscal_subsidy: unlimited}")
    let years = try employeeYears(s)
    // opening 0: each year's 400,000 comes from the treasury; the balance stays 0
    #expect(years[1].pooled.deficitCover.fiscalSubsidy == 400_000)
    #expect(years[1].pooled.deficitCover.stage == .fiscalSubsidy)
    #expect(years[2].pooled.closingBalance == 0)
    // without cover (the default) the gap is the whole shortfall and the balance falls below zero
    let bare = try employeeYears(rulesScenario())
    #expect(bare[1].pooled.deficitCover.gap == 400_000)
    #expect(bare[2].pooled.closingBalance == -800_000)
}

@Test func residentFundCoverToo() throws {
    // 1,000 insured → 900,000 income; spending 1,000,000 in 2024, 1,100,000 in 2025 (1,100 insured): 110,000 short (income 990,000)
    let s = try rulesScenario(resident: """
    resident:
      insured: 1000
      subsidy_per_capita: 600
      individual_per_capita: 300
      base_year_actuals: {expenditure: 1000000}
      balance: 0
      deficit_cover: {adjustment_fund: 60000}
    """)
    let members = handMembers(s)
    let y = try ResidentFinance(scenario: s, scheme: #require(s.resident), membership: members).project(members)[1]
    #expect(abs(y.deficitCover.shortfall - 110_000) < 1e-6)
    #expect(y.deficitCover.adjustmentFund == 60_000)
    #expect(abs(y.deficitCover.gap - 50_000) < 1e-6)
    #expect(abs(y.closingBalance + 50_000) < 1e-6)
}
