import Foundation
import Testing
@testable import Demography
import LinearAlgebra
import Scenario
import TestSupport

@Suite struct ChinaPlausibilityTests {
    /// Reference, approximate: UN World Population Prospects 2024, medium variant, China — about
    /// 1.40 billion in 2030 and 1.26 billion in 2050, about 30 % aged 65+ in 2050 (the default now
    /// follows the medium variant's TFR and mortality paths; WPPTargetTests checks the totals within 1 %).
    @Test func nationalProjectionIsPlausible() throws {
        let s = try ScenarioLoader.load(text: chinaNational2021, file: "china-2021.yaml")
        #expect(s.employee?.baseYearActuals.pooledExpenditure == 8043.35e8) // 亿元 → 元
        #expect(s.resident?.balance == 6716.58e8)
        let d = Demographics(s)
        #expect(d.totalFertilityRate.value(in: 2040) == 1.130892) // WPP 2024 medium, 2040
        #expect(close(d.basePopulation.reduce(0, +), 1_412_600_000, relative: 1e-12))
        let years = CohortProjection.project(Matrix(column: d.basePopulation), demographics: d, to: 2050)
        #expect(years.count == 30) // 2021 … 2050
        let p2030 = years[2030 - 2021].column(0), p2050 = years[2050 - 2021].column(0)
        let t2030 = p2030.reduce(0, +), t2050 = p2050.reduce(0, +)
        // Observed at this commit: 2030 1,388,459,518; 2050 1,252,517,717; 65+ share 2050 0.3172
        // (2022 1,411,358,498: −1,241,502 in the first year). Before the WPP paths (constant TFR 0.999,
        // improvement from 2015-20 → 2020-25): 1,388,317,073; 1,209,706,520; 0.2934.
        #expect(t2030 >= 1.36e9 && t2030 <= 1.43e9, "2030: \(t2030)")
        #expect(t2050 >= 1.15e9 && t2050 <= 1.33e9, "2050: \(t2050)")
        let old2050 = AgeSex.sum(p2050, ages: 65...100) / t2050
        #expect(old2050 >= 0.26 && old2050 <= 0.40, "65+ share 2050: \(old2050)")
        // The population falls every year from 2022 on (deaths exceed births at TFR ≈ 1).
        for k in 1..<years.count {
            #expect(years[k].column(0).reduce(0, +) < years[k - 1].column(0).reduce(0, +), "year \(2021 + k)")
        }
    }
}
