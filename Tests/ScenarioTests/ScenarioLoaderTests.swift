import Foundation
import Testing
@testable import Scenario
import TestSupport

@Suite("ScenarioLoader: valid scenarios")
struct ScenarioLoaderTests {
    @Test("a minimal scenario loads with its defaults")
    func minimal() throws {
        let s = try ScenarioLoader.load(text: """
            base_year: 2020
            \(minimalEmployee)
            """, file: "minimal.yaml")
        #expect(s.baseYear == 2020)
        #expect(s.horizon == 2095) // default horizon: base year + 75 = 2020 + 75 (within the UN projections to 2100)
        #expect(s.projectionYears == 2021...2095)
        #expect(s.unit == .yuan) // default unit
        #expect(s.name == "minimal.yaml" && s.region == "minimal.yaml" && s.source == "minimal.yaml")
        let e = try #require(s.employee)
        #expect(e.active == DatedValue(1000))
        #expect(e.retired == DatedValue(500))
        #expect(e.averageBase == DatedValue(50_000))
        #expect(e.employerRate == DatedValue(0.08))
        // defaults of the optional keys
        #expect(e.employeeRate == DatedValue(0.02))
        #expect(e.collectionRate == DatedValue(1))
        #expect(e.payers == nil)
        #expect(e.retireeCostRatio == DatedValue(39.5 / 9.9))
        #expect(e.pooledBalance == nil)
        #expect(s.resident == nil)
        // Without medical_inflation, cost grows as price (wage growth + excess cost growth) × utilisation.
        var neutral = Assumptions.neutral
        neutral.costGrowthModel = .priceAndUtilisation
        #expect(s.assumptions == neutral)
        #expect(s.costs == .defaults)
        #expect(s.warnings == .defaults)
        #expect(s.history.isEmpty)
    }

    @Test("unit 万元 converts money to 元 but leaves per-head amounts in 元")
    func unitWan() throws {
        let s = try ScenarioLoader.load(text: """
            name: 测试市
            region: 测试
            base_year: 2020
            horizon: 2030
            unit: 万元
            employee:
              active: 1000
              retired: 500
              average_base: 50000
              employer_rate: 0.08
              fiscal_subsidy: {2020: 10, 2025: 20}
              personal_account: {retiree_allocation: 1200}
              balance: {pooled: 100, personal_account: 0.5}
            resident:
              insured: 2000
              subsidy_per_capita: 600
              individual_per_capita: 300
              balance: 100
            """, file: "wan.yaml")
        #expect(s.name == "测试市" && s.region == "测试")
        #expect(s.horizon == 2030)
        #expect(s.unit == .wan)
        let e = try #require(s.employee)
        let r = try #require(s.resident)
        #expect(r.balance == 1_000_000)        // 100 万元 × 10,000 = 1,000,000 元
        #expect(e.pooledBalance == 1_000_000)  // 100 万元
        #expect(e.personalAccountBalance == 5_000) // 0.5 万元 × 10,000
        #expect(e.fiscalSubsidy.value(in: 2020) == 100_000) // 10 万元
        #expect(e.fiscalSubsidy.value(in: 2030) == 200_000) // 20 万元
        // per head: always 元
        #expect(e.averageBase == DatedValue(50_000))
        #expect(e.retireeAllocation == DatedValue(1200))
        #expect(r.subsidyPerCapita == DatedValue(600))
        #expect(r.individualPerCapita == DatedValue(300))
        // counts are persons, not scaled by the money unit
        #expect(r.insured == DatedValue(2000))
    }

    @Test("numbers may carry a unit, a percent sign or thousands separators")
    func numberSpellings() throws {
        let s = try ScenarioLoader.load(text: """
            base_year: 2020
            unit: 万元
            employee:
              active: 4,500,000
              retired: 4_500
              average_base: 9.8万
              employer_rate: 8%
              employee_rate: 2 %
              other_income: 980元
              balance:
                pooled: 3178万元
                personal_account: 1.2亿元
            """, file: "units.yaml")
        let e = try #require(s.employee)
        #expect(e.active == DatedValue(4_500_000))   // "4,500,000"
        #expect(e.retired == DatedValue(4_500))      // "4_500"
        #expect(close(e.averageBase.value(in: 2020), 98_000))   // 9.8 × 10,000
        #expect(close(e.employerRate.value(in: 2020), 0.08))    // 8 × 0.01
        #expect(close(e.employeeRate.value(in: 2020), 0.02))    // 2 × 0.01
        #expect(e.otherIncome == DatedValue(980))                // 元 overrides the file's 万元
        #expect(close(e.pooledBalance, 31_780_000))              // 3178 × 10,000
        #expect(close(e.personalAccountBalance, 120_000_000))    // 1.2 × 100,000,000
    }

    @Test("unit 亿元 and its ASCII spelling")
    func unitYi() throws {
        for spelling in ["亿元", "yi", "100m"] {
            let s = try ScenarioLoader.load(text: """
                base_year: 2020
                unit: \(spelling)
                resident:
                  insured: 10
                  subsidy_per_capita: 1
                  individual_per_capita: 1
                  balance: 2.5
                """, file: "yi.yaml")
            #expect(s.unit == .yi)
            #expect(close(s.resident?.balance, 250_000_000)) // 2.5 × 10⁸
        }
    }

    @Test("dated values, interpolation, assumptions, population and warnings")
    func datedAndBlocks() throws {
        let s = try ScenarioLoader.load(text: """
            base_year: 2020
            assumptions:
              wage_growth: {2020: 0.04, 2030: 0.02, interpolate: linear}
              medical_inflation: 6%
              interest_rate: 0.015
            population:
              total: 4,500,000
              net_migration: -2000
            employee:
              active: 1000
              retired: 500
              average_base: 50000
              employer_rate: {2020: 0.08, 2025: 0.07}
            warnings:
              months_payable: {red: 2, orange: 5, excess: 12}
              depletion_alert_years: 8
            """, file: "dated.yaml")
        // 0.04 + (0.02 − 0.04)·5/10 = 0.03
        #expect(close(s.assumptions.wageGrowth.value(in: 2025), 0.03))
        #expect(s.assumptions.wageGrowth.interpolation == .linear)
        #expect(close(s.assumptions.medicalInflation.value(in: 2021), 0.06))
        #expect(s.assumptions.interestRate == DatedValue(0.015))
        #expect(s.population.total == 4_500_000)
        #expect(s.population.netMigration == DatedValue(-2000))
        let rate = try #require(s.employee?.employerRate)
        #expect(rate.value(in: 2024) == 0.08 && rate.value(in: 2025) == 0.07)
        #expect(rate.interpolation == .step)
        #expect(s.warnings.monthsPayableRed == 2)
        #expect(s.warnings.monthsPayableOrange == 5)
        #expect(s.warnings.monthsPayableExcess == 12)
        #expect(s.warnings.depletionAlertYears == 8)
        #expect(s.warnings.dependencyYellow == WarningThresholds.defaults.dependencyYellow)
    }

    @Test("a resident-only scenario has no employee scheme")
    func residentOnly() throws {
        let s = try ScenarioLoader.load(text: """
            base_year: 2024
            resident:
              insured: 2000000
              subsidy_per_capita: {2024: 670, 2025: 700}
              individual_per_capita: {2024: 400}
            """, file: "resident.yaml")
        #expect(s.employee == nil)
        let r = try #require(s.resident)
        #expect(r.subsidyPerCapita.value(in: 2026) == 700)
        #expect(r.individualPerCapita.value(in: 2026) == 400)
        #expect(r.collectionRate == DatedValue(1))
    }

    @Test("the horizon may be exactly 100 years after the base year")
    func longestHorizon() throws {
        let s = try ScenarioLoader.load(text: """
            base_year: 2020
            horizon: 2120
            \(minimalEmployee)
            """, file: "long.yaml")
        #expect(s.horizon == 2120) // 2120 − 2020 = 100 = the maximum
    }

    /// Scenarios/ next to Tests/, found from this file's path.
    static let scenarios = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Scenarios")

    @Test("the shipped Huoshan scenario loads with its history")
    func huoshan() throws {
        let s = try ScenarioLoader.load(path: Self.scenarios.appendingPathComponent("huoshan-2013.yaml").path)
        #expect(s.baseYear == 2013 && s.unit == .wan)
        let e = try #require(s.employee)
        // payers 25,500 (2013) and 26,500 (2014)
        #expect(e.active.value(in: 2013) == 25_500 && e.active.value(in: 2014) == 26_500)
        // reported 2014 income 7,485 万元 = 74,850,000 元 (data/huoshan-history.csv)
        #expect(s.history.value(year: 2014, scheme: .employee, metric: .income) == 74_850_000)
    }

    @Test("the shipped example city loads")
    func exampleCity() throws {
        let s = try ScenarioLoader.load(path: Self.scenarios.appendingPathComponent("example-city.yaml").path)
        #expect(s.baseYear == 2021 && s.unit == .wan)
        #expect(s.employee != nil && s.resident != nil)
    }
}
