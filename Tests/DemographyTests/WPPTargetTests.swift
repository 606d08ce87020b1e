import Foundation
import Testing
@testable import Demography
import LinearAlgebra
import Scenario
import TestSupport

/// The default demography against the UN's own medium variant (WPP 2024).
@Suite struct WPPTargetTests {
    /// National projection with the default inputs only (no total, TFR or migration in the scenario).
    static func defaultProjection(baseYear: Int = 2021, to horizon: Int = 2051) throws -> (Demographics, [[Double]]) {
        let s = try loadScenario(populationScenarioText(baseYear: baseYear, horizon: horizon, population: "  retirement_schedule: china-2025"))
        let d = Demographics(s)
        let years = CohortProjection.project(Matrix(column: d.basePopulation), demographics: d, to: horizon).map { $0.column(0) }
        return (d, years)
    }

    /// e0 of the projected life table against `china-e0-wpp2024-projection.csv` (WPP 2024 medium variant):
    /// 2050 men 81.5435, women 85.2573 (the target: within 0.3 years); also 2030, 2040 and 2060.
    /// Measured errors: 2030 −0.021 / −0.021, 2040 −0.009 / +0.001, 2050 −0.014 / −0.007, 2060 −0.005 / −0.001.
    /// Not 2025: +0.37 / +0.25 there, since ln m interpolated between the 2020-2025 knot (2023.0, with
    /// the COVID deaths) and the 2025-2030 knot (2028.0) is straighter than the UN's annual path.
    @Test func lifeExpectancyMatchesWPP() throws {
        let (d, _) = try Self.defaultProjection()
        let wpp: [(Int, Double, Double)] = [(2030, 77.3004, 82.4066), (2040, 79.5541, 83.8829),
                                            (2050, 81.5435, 85.2573), (2060, 83.266, 86.5732)]
        for (year, men, women) in wpp {
            let t = d.lifeTable(in: year)
            #expect(abs(t.lifeExpectancy(.male) - men) < 0.3, "\(year) men \(t.lifeExpectancy(.male))")
            #expect(abs(t.lifeExpectancy(.female) - women) < 0.3, "\(year) women \(t.lifeExpectancy(.female))")
        }
    }

    /// Total population at the end of 2030, 2040 and 2050 against the WPP 2024 medium variant
    /// (R package wpp2024, `data-raw/popprojMed.txt`, China, thousands on 1 July): the end of year `Y`
    /// is compared with the mean of 1 July `Y` and `Y + 1`.
    /// 2030/31: 1,396,026.459 / 1,391,470.880; 2040/41: 1,339,469.683 / 1,332,510.780;
    /// 2050/51: 1,255,125.875 / 1,244,259.201.
    @Test func totalPopulationWithinOnePercentOfWPP() throws {
        let (_, years) = try Self.defaultProjection()
        let wpp: [Int: Double] = [2030: (1_396_026.459 + 1_391_470.880) / 2 * 1000,
                                  2040: (1_339_469.683 + 1_332_510.780) / 2 * 1000,
                                  2050: (1_255_125.875 + 1_244_259.201) / 2 * 1000]
        for (year, target) in wpp.sorted(by: { $0.key < $1.key }) {
            let total = years[year - 2021].reduce(0, +)
            #expect(abs(total / target - 1) < 0.01, "\(year): \(total) against \(target)")
        }
    }

    /// Ageing the 1 July 2020 structure forward and back: the end of 2020 lies between mid-2020 and
    /// mid-2021, and a step back then forward returns the structure (up to the open-group split).
    @Test func baseStructureIsAgedToTheEndOfTheBaseYear() throws {
        let mid2020 = DefaultDemography.population2020
        let end2020 = Demographics.agedToEndOfYear(2020)
        let end2021 = Demographics.agedToEndOfYear(2021)
        // Half a year of ageing moves each cohort half a cell: end-2020 age 1 is the mean of the
        // mid-2020 age-1 cell and the mid-2021 age-1 cell (= survivors of mid-2020 age 0).
        #expect(end2020.count == 202 && end2021.count == 202)
        let totals = [mid2020, end2020, end2021].map { $0.reduce(0, +) }
        #expect(totals[1] != totals[0])
        // 2018: two steps back; its end lies between mid-2018 and mid-2019, all cells non-negative.
        let end2018 = Demographics.agedToEndOfYear(2018)
        #expect(end2018.allSatisfy { $0 >= 0 })
        // Fewer over-65s at the end of 2018 than at the end of 2021 (China is ageing).
        #expect(AgeSex.sum(end2018, ages: 65...100) < AgeSex.sum(end2021, ages: 65...100))
    }

    /// The reverse step inverts the forward step exactly below the open group when no births matter:
    /// ages 1…99 of `L·P + m` stepped back give `P` at 0…98.
    @Test func reverseStepInvertsSurvival() throws {
        let p = DefaultDemography.population2020
        let table = DefaultDemography.mortalityPath.table(atTime: 2021)
        let m = DefaultDemography.nationalMigrants(atTime: 2021)
        let l = Demographics.leslie(table: table, tfr: 1, sexRatioAtBirth: 1.1, schedule: DefaultDemography.fertilitySchedule)
        let next = zip(CohortProjection.step(Matrix(column: p), leslie: l).column(0), m).map(+)
        let back = Demographics.reverseStep(next, table: table, migrants: m)
        for sex in Sex.allCases {
            for age in 0..<99 {
                let i = AgeSex.index(age: age, sex: sex)
                #expect(close(back[i], p[i], relative: 1e-12), "cell \(i)")
            }
        }
    }

    /// Mid-points: WPP period 2025-2030 is its knot at 2028.0; calendar 2027 (read at 2027.5) lies
    /// halfway between the 2020-2025 knot (2023.0)... no: between 2023.0 and 2028.0, w = 0.9;
    /// ln m interpolates linearly.
    @Test func pathInterpolatesLogRatesBetweenPeriodMidPoints() {
        let path = DefaultDemography.mortalityPath
        #expect(path.times.prefix(3) == [2018.0, 2023.0, 2028.0])
        let i = AgeSex.index(age: 70, sex: .female)
        let a = path.rates[1][i], b = path.rates[2][i]
        // 2027.5 = 2023 + 0.9 × 5
        #expect(close(path.centralRates(atTime: 2027.5)[i], exp(0.1 * log(a) + 0.9 * log(b)), relative: 1e-14))
        #expect(path.table(in: 2027).mx?[i] == path.centralRates(atTime: 2027.5)[i])
        // Before the first knot and after the last the end tables hold.
        #expect(path.centralRates(atTime: 1990) == path.rates[0])
        #expect(path.centralRates(atTime: 2200) == path.rates[path.rates.count - 1])
    }

    /// The default TFR is the WPP path: 2030 1.06119, 2050 1.18416 (`china-tfr-wpp2024-projection.csv`).
    @Test func defaultTFRIsTheWPPMediumPath() throws {
        let (d, _) = try Self.defaultProjection(to: 2025)
        #expect(d.totalFertilityRate.value(in: 2030) == 1.06119)
        #expect(d.totalFertilityRate.value(in: 2050) == 1.18416)
        #expect(d.totalFertilityRate.value(in: 2021) == 1.11744)
    }

    /// National migrants: 2020-2025 sums to −1,740.165 thousand over five years = −348,033 a year.
    @Test func nationalMigrationIsWPPByAgeAndSex() throws {
        let (d, _) = try Self.defaultProjection(to: 2025)
        #expect(d.nationalMigrationScale == 1)
        let m = d.migrants(in: 2022)
        #expect(abs(m.reduce(0, +) + 348_033) < 1)
    }

    /// Rogers–Castro: at x = 20.5, the labour term is a₂·exp(−0.1·0.5 − e^(−0.4·0.5)) = 0.06·exp(−0.05 − 0.818731)
    /// = 0.025172; the child term 0.02·e^(−2.05) = 0.002575; plus c 0.003 → 0.030747 before normalising.
    @Test func youngMigrantProfileIsRogersCastro() {
        let v = DefaultDemography.youngMigrantProfile
        #expect(abs(v.reduce(0, +) - 1) < 1e-12)
        let i20 = AgeSex.index(age: 20, sex: .male), i60 = AgeSex.index(age: 60, sex: .male)
        let raw20 = 0.06 * exp(-0.05 - exp(-0.2)) + 0.02 * exp(-2.05) + 0.003
        let x60 = 60.5
        let raw60 = 0.06 * exp(-0.1 * (x60 - 20) - exp(-0.4 * (x60 - 20))) + 0.02 * exp(-0.1 * x60) + 0.003
        #expect(close(v[i20] / v[i60], raw20 / raw60, relative: 1e-12))
        // The peak lies in the early twenties.
        let men = Array(v[0...100])
        let peak = men.indices.dropFirst(10).max { men[$0] < men[$1] }!
        #expect((18...25).contains(peak), "peak at \(peak)")
        #expect(v[AgeSex.index(age: 22, sex: .female)] == v[AgeSex.index(age: 22, sex: .male)])
    }
}
