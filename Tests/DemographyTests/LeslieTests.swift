import Foundation
import Testing
@testable import Demography
import LinearAlgebra
import Scenario
import TestSupport

@Suite struct LeslieTests {
    static func demographics(tfr: Double) throws -> Demographics {
        try Demographics(loadScenario(populationScenarioText(population: """
          total: 1000000
          tfr: \(tfr)
          net_migration: 0
          sex_ratio_at_birth: 1.05
        """)))
    }

    @Test func structureIsSurvivalOpenGroupAndBirths() throws {
        let d = try Self.demographics(tfr: 1.5)
        let year = 2030
        let l = d.leslie(in: year)
        let table = d.lifeTable(in: year)
        let s = table.survival
        let phi = d.fertilitySchedule
        #expect(l.rows == 202 && l.columns == 202)
        let male0 = AgeSex.index(age: 0, sex: .male), female0 = AgeSex.index(age: 0, sex: .female)
        // Boys' share 1.05/2.05, girls' 1/2.05, each times L0/l0 of its sex.
        let boys = 1.05 / 2.05 * table.infantSurvival(.male), girls = 1 / 2.05 * table.infantSurvival(.female)
        var birthColumns: [Int] = []
        var wrong: [String] = []
        for i in 0..<202 {
            for j in 0..<202 {
                let (ageI, ageJ) = (i % 101, j % 101)
                let sameSex = i / 101 == j / 101
                let value = l[i, j]
                if sameSex, ageI == ageJ + 1 {
                    if value != s[j] { wrong.append("subdiagonal (\(i), \(j))") }
                } else if sameSex, ageI == 100, ageJ == 100 {
                    if value != s[j] || !(value > 0 && value < 1) { wrong.append("open group (\(i), \(j))") }
                } else if (i == male0 || i == female0), j >= 101, value != 0 {
                    // births: (f(a) + S(a)·f(a+1))/2 with f = TFR·φ
                    let a = ageJ
                    let births = (1.5 * phi[a] + s[j] * 1.5 * (a < 100 ? phi[a + 1] : 0)) / 2
                    if !close(value, births * (i == male0 ? boys : girls), relative: 1e-14) { wrong.append("birth entry (\(i), \(j))") }
                    if i == female0 { birthColumns.append(ageJ) }
                } else {
                    if value != 0 { wrong.append("(\(i), \(j)) should be 0, is \(value)") }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        // Fertile columns: φ > 0 at 10…54, so (f(a) + S·f(a+1))/2 > 0 at 9…54 (age 9 bears after turning 10).
        #expect(birthColumns == Array(9...54))
        for a in 9...54 { #expect(l[male0, 101 + a] > 0) }
        // Men bear nothing.
        for j in 0..<101 { #expect(l[male0, j] == 0 && l[female0, j] == 0) }
        // Girls per woman over a life without mortality would be TFR/2.05 ≈ 0.7317; with survival a little less.
        let girlsPerWoman = (9...54).reduce(0.0) { $0 + l[female0, 101 + $1] }
        #expect(girlsPerWoman < 1.5 / 2.05 && girlsPerWoman > 0.99 * 1.5 / 2.05)
    }

    @Test func zeroFertilityLeavesTheFirstRowsEmpty() throws {
        let l = try Self.demographics(tfr: 0).leslie(in: 2030)
        for row in [AgeSex.index(age: 0, sex: .male), AgeSex.index(age: 0, sex: .female)] {
            for j in 0..<202 { #expect(l[row, j] == 0) }
        }
        // …while survival is unchanged.
        #expect(l[1, 0] > 0.99)
    }

    @Test func datedFertilityChangesTheBirthRowsByYear() throws {
        let d = try Demographics(loadScenario(populationScenarioText(population: """
          total: 1000000
          tfr: {2020: 1.0, 2030: 2.0}
        """)))
        // TFR steps from 1.0 to 2.0 in 2030: the birth entries double, up to the one year of
        // mortality improvement in S(27) and L0/l0 (well under 1 %).
        let l29 = d.leslie(in: 2029), l30 = d.leslie(in: 2030)
        let j = AgeSex.index(age: 27, sex: .female), row = AgeSex.index(age: 0, sex: .female)
        let ratio = l30[row, j] / l29[row, j]
        #expect(ratio > 1.99 && ratio < 2.01)
    }
}
