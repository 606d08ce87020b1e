import Foundation
import Testing
@testable import Membership
import Demography
import Scenario
import TestSupport

@Suite struct CoverageTests {
    /// Entry schedule: 0 below 16, (a − 15)/10 at 16…24 (0.1 … 0.9), 1 from 25.
    @Test func entryShapeRampsOverAges16To24() {
        #expect(CohortMembership.entryShape(15) == 0)
        #expect(CohortMembership.entryShape(16) == 0.1)
        #expect(abs(CohortMembership.entryShape(20) - 0.5) < 1e-15)
        #expect(abs(CohortMembership.entryShape(24) - 0.9) < 1e-15)
        #expect(CohortMembership.entryShape(25) == 1 && CohortMembership.entryShape(60) == 1)
    }

    /// Base-year actives follow the entry schedule: at 20 half the coverage of 30 (both not retired),
    /// and the placed total is the reported count.
    @Test func baseYearActivesFollowTheEntrySchedule() throws {
        let r = try project(chinaNational())
        let c = r.cells[0]
        let p = c.population
        let i20 = AgeSex.index(age: 20, sex: .male), i30 = AgeSex.index(age: 30, sex: .male)
        let cov20 = c.allActive[i20] / p[i20], cov30 = c.allActive[i30] / p[i30]
        #expect(abs(cov20 / cov30 - 0.5) < 1e-12)
        #expect(close(r.years[0].active, 261_060_000, relative: 1e-12))
    }

    /// A given trend g: from age 25 on, a cohort's actives grow by (1 + g) a year beyond what
    /// survival, migration and retirement do; without one (no history) there is none.
    @Test func givenTrendRaisesActives() throws {
        let flat = try project(chinaNational(["horizon=2023"]))
        let trend = try project(chinaNational(["horizon=2023", "membership.active_coverage_trend=0.02"]))
        let i = AgeSex.index(age: 41, sex: .male) // 40 in 2021: men retire at 60, far from retirement
        let ratio = trend.cells[1].allActive[i] / flat.cells[1].allActive[i]
        #expect(abs(ratio - 1.02) < 1e-12)
        #expect(trend.years[1].active > flat.years[1].active * 1.015)
        // Every person still in exactly one state.
        for cells in trend.cells {
            for k in 0..<AgeSex.cells {
                let sum = cells.active[k] + cells.activeCadres[k] + cells.retired[k] + cells.resident[k] + cells.uninsured[k]
                #expect(close(sum, cells.population[k], relative: 1e-9))
            }
        }
        #expect(CoverageTrend(try chinaNational()).calibrated == nil) // no history, no trend
    }

    /// Calibration on the history: actives 23,308万 (2018) → 26,106万 (2021) give
    /// (26,106/23,308)^(1/3) − 1 = 3.851 % a year, less the growth of the WPP population aged 16–59
    /// over the same years; year 2021 + k then grows by g₀·0.8^k.
    @Test func trendIsCalibratedOnTheHistoryAndDamped() throws {
        let history = """
        year,scheme,metric,value,unit
        2018,employee,active,23308,万人
        2019,employee,active,24224,万人
        2020,employee,active,25429,万人
        2021,employee,active,26106,万人
        """
        var s = try chinaNational()
        s.history = try HistoryRecord.parse(csv: history, file: "h.csv")
        let t = CoverageTrend(s)
        let w18 = AgeSex.sum(Demographics.agedToEndOfYear(2018), ages: 16...59)
        let w21 = AgeSex.sum(Demographics.agedToEndOfYear(2021), ages: 16...59)
        let g0 = pow(26_106.0 / 23_308, 1.0 / 3) - pow(w21 / w18, 1.0 / 3)
        #expect(abs(try #require(t.calibrated) - g0) < 1e-15)
        #expect(g0 > 0.04 && g0 < 0.046) // working-age population falling ≈ 0.3–0.6 % a year
        #expect(abs(t.growth(in: 2022) - g0 * 0.8) < 1e-15)
        #expect(abs(t.growth(in: 2025) - g0 * pow(0.8, 4)) < 1e-15)
        #expect(t.growth(in: 2021) == 0)
    }

    /// Premium elasticity ε: with the individual contribution up 10 % and wages 5 %, enrolment falls by
    /// ε·5 % a year: ε = 0.4 → factor 0.98 in the first year, 0.98² in the second.
    @Test func premiumElasticityLowersResidentEnrolment() throws {
        let base = ["horizon=2023", "resident.individual_per_capita={2021: 320, 2022: 352, 2023: 387.2}", "assumptions.wage_growth=0.05"]
        let neutral = try project(chinaNational(base))
        let elastic = try project(chinaNational(base + ["membership.resident_premium_elasticity=0.4"]))
        // Same employee states (the elasticity acts on residents only).
        #expect(neutral.years[2].active == elastic.years[2].active)
        let i = AgeSex.index(age: 50, sex: .female)
        let n1 = neutral.cells[1], e1 = elastic.cells[1]
        let coveredN = n1.resident[i] + n1.allActive[i] + n1.retired[i], coveredE = e1.resident[i] + e1.allActive[i] + e1.retired[i]
        // Total coverage c·P is scaled by 0.98: c·P·0.98 − employed.
        #expect(abs(coveredE / coveredN - 0.98) < 1e-9)
        let n2 = neutral.cells[2], e2 = elastic.cells[2]
        let ratio2 = (e2.resident[i] + e2.allActive[i] + e2.retired[i]) / (n2.resident[i] + n2.allActive[i] + n2.retired[i])
        #expect(abs(ratio2 - 0.98 * 0.98) < 1e-9)
    }
}

@Suite struct EntryScheduleOverrideTests {
    /// `membership.full_coverage_age: 20`: entry over 16…19 (0.2, 0.4, 0.6, 0.8), full from 20.
    @Test func fullCoverageAgeMovesTheEntrySchedule() throws {
        #expect(abs(CohortMembership.entryShape(17, fullAge: 20) - 0.4) < 1e-15)
        let r = try project(chinaNational(["membership.full_coverage_age=20"]))
        let c = r.cells[0], p = c.population
        let i18 = AgeSex.index(age: 18, sex: .male), i30 = AgeSex.index(age: 30, sex: .male)
        #expect(abs((c.allActive[i18] / p[i18]) / (c.allActive[i30] / p[i30]) - 0.6) < 1e-12)
        #expect(close(r.years[0].active, 261_060_000, relative: 1e-12))
    }

    @Test func fullCoverageAgeMustBeAWholeAge() {
        #expect(throws: ScenarioError.self) { try chinaNational(["membership.full_coverage_age=16.5"]) }
        #expect(throws: ScenarioError.self) { try chinaNational(["membership.full_coverage_age=60"]) }
    }
}
