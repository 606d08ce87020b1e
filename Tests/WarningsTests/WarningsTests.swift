import Testing
import Projection
import Scenario
@testable import Warnings
import TestSupport

/// An employee scheme whose pooled fund spends 12,000,000 元 in the base year (1,000,000 a month).
func scenario(balance: Double, employerRate: Double = 0.06, inflation: Double = 0, active: Int = 1000, retired: Int = 250,
              warnings: String = "", resident: String = "") throws -> ProjectionResult {
    try Projection.run(ScenarioLoader.load(text: """
    name: w
    base_year: 2024
    horizon: 2034
    assumptions: {medical_inflation: \(inflation)}
    employee:
      active: \(active)
      retired: \(retired)
      average_base: 200000
      employer_rate: \(employerRate)
      employee_rate: 0.02
      base_year_actuals: {pooled_expenditure: 12000000, pa_expenditure: 4000000}
      balance: {pooled: \(balance), personal_account: 0}
    \(resident)
    \(warnings)
    """, file: "w.yaml"))
}

func codes(_ w: [RiskWarning]) -> [String] { w.map { "\($0.level.rawValue):\($0.code):\($0.year)" } }

@Test func monthsPayableBelowThreeIsRedAndBelowSixOrange() throws {
    // income 1,000 × 200,000 × 6 % = 12,000,000 = spending: balance stays at 2,000,000 → 2 months
    let w = WarningRules.evaluate(try scenario(balance: 2_000_000))
    #expect(codes(w).contains("red:MONTHS_PAYABLE_LOW:2025"))
    #expect(codes(w).contains("orange:MONTHS_PAYABLE_LOW:2025"))
    let red = try #require(w.first { $0.code == "MONTHS_PAYABLE_LOW" && $0.level == .red })
    #expect(abs(red.value - 2) < 1e-9)
    #expect(red.threshold == 3)
    #expect(red.source.contains("67号"))
}

@Test func healthyFundRaisesNoBalanceWarning() throws {
    // 8 months of spending in the bank, balanced flows: within 6–15
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, active: 1000, retired: 100))
    #expect(!w.contains { $0.code == "MONTHS_PAYABLE_LOW" || $0.code == "MONTHS_PAYABLE_EXCESS" || $0.code == "FUND_DEPLETED" })
    #expect(WarningRules.summary(w, funds: [.employeePooled]).first?.1 == .green)
}

@Test func excessBalanceIsANotice() throws {
    let w = WarningRules.evaluate(try scenario(balance: 20_000_000, retired: 100))
    #expect(codes(w).contains("notice:MONTHS_PAYABLE_EXCESS:2025"))
}

@Test func thresholdsAreOverridable() throws {
    // 8 months is fine by default, but red when the scenario sets red below 9
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, retired: 100,
                                               warnings: "warnings: {months_payable: {red: 9, orange: 10, excess: 20}}"))
    #expect(codes(w).contains("red:MONTHS_PAYABLE_LOW:2025"))
}

@Test func deficitsOneYearOrangeTwoYearsRedAndDepletionWithYear() throws {
    // employer rate 3 %: income 6,000,000 against spending 12,000,000 → deficit every year
    let w = WarningRules.evaluate(try scenario(balance: 20_000_000, employerRate: 0.03))
    #expect(codes(w).contains("orange:CURRENT_DEFICIT:2025"))
    #expect(codes(w).contains("red:CURRENT_DEFICIT:2026"))
    // balance 20m loses 6m a year (interest 0): 14, 8, 2, −4 → depleted in 2028, urgent (within 5 years)
    let depleted = try #require(w.first { $0.code == "FUND_DEPLETED" })
    #expect(depleted.year == 2028)
    #expect(depleted.isUrgent)
    #expect(w.first?.level == .red)
}

@Test func dependencyRatioWarnings() throws {
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, active: 1000, retired: 550))
    // 1,000 / 550 = 1.82 < 2 → orange and yellow from the base year
    #expect(codes(w).contains("orange:DEPENDENCY_RATIO_LOW:2024"))
    #expect(codes(w).contains("yellow:DEPENDENCY_RATIO_LOW:2024"))
}

@Test func spendingOutgrowingIncomeForTwoYearsIsYellow() throws {
    // spending +10 % a year against flat income: the gap (10 points) exceeds 2 points in 2025 and 2026
    let w = WarningRules.evaluate(try scenario(balance: 200_000_000, inflation: 0.10, retired: 100))
    #expect(codes(w).contains("yellow:SPENDING_OUTPACES_INCOME:2026"))
}

@Test func residentNoticesAndRedMonths() throws {
    let rich = """
    resident:
      insured: 1000
      subsidy_per_capita: 700
      individual_per_capita: 400
      base_year_actuals: {expenditure: 800000}
      balance: 900000
    """
    // income 1,100,000, spending 800,000: surplus rate 27 % > 15 %; balance > 25 % of income
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, retired: 100, resident: rich))
    #expect(codes(w).contains("notice:RESIDENT_SURPLUS_HIGH:2025"))
    #expect(codes(w).contains("notice:RESIDENT_BALANCE_HIGH:2025"))
    let poor = rich.replacingOccurrences(of: "balance: 900000", with: "balance: 100000")
        .replacingOccurrences(of: "expenditure: 800000", with: "expenditure: 1100000")
    // balanced flows, 100,000 / (1,100,000/12) = 1.1 months < 3 → red
    let w2 = WarningRules.evaluate(try scenario(balance: 8_000_000, retired: 100, resident: poor))
    #expect(w2.contains { $0.code == "MONTHS_PAYABLE_LOW" && $0.scheme == .resident && $0.level == .red && $0.year == 2025 })
}

@Test func balanceWarningsNeedAReportedBalance() throws {
    let result = try Projection.run(ScenarioLoader.load(text: """
    base_year: 2024
    employee:
      active: 100
      retired: 100
      average_base: 1000
      employer_rate: 0.01
      base_year_actuals: {pooled_expenditure: 12000000, pa_expenditure: 0}
    """, file: "nobalance.yaml"))
    let w = WarningRules.evaluate(result)
    #expect(!w.contains { $0.code == "MONTHS_PAYABLE_LOW" || $0.code == "FUND_DEPLETED" })
    #expect(w.contains { $0.code == "CURRENT_DEFICIT" })
}
