import Foundation
import Testing
@testable import Demography
import LinearAlgebra
import Scenario
import TestSupport

@Suite struct CohortProjectionTests {
    /// Without deaths, births or migrants nobody is lost: ages shift by one a year and 100+ keeps everyone.
    @Test func zeroMortalityConservesThePopulation() throws {
        let d = try immortalDemographics(total: 1_000_000, baseYear: 2020)
        let start = d.basePopulation
        let years = CohortProjection.project(Matrix(column: start), demographics: d, to: 2050)
        #expect(years.count == 31) // 2020 … 2050
        let total0 = start.reduce(0, +)
        #expect(close(total0, 1_000_000, relative: 1e-12))
        for (k, m) in years.enumerated() {
            #expect(close(m.column(0).reduce(0, +), total0, relative: 1e-12), "year \(2020 + k)")
        }
        let end = years[30].column(0)
        for sex in Sex.allCases {
            // Ages 0…29 are empty (no births); age a ≥ 30 holds the base age a − 30 unchanged.
            for age in 0..<30 { #expect(end[AgeSex.index(age: age, sex: sex)] == 0) }
            for age in 30..<100 { #expect(end[AgeSex.index(age: age, sex: sex)] == start[AgeSex.index(age: age - 30, sex: sex)]) }
            // 100+ gathers base ages 70…100.
            let open = (70...100).reduce(0.0) { $0 + start[AgeSex.index(age: $1, sex: sex)] }
            #expect(close(end[AgeSex.index(age: 100, sex: sex)], open, relative: 1e-12))
        }
    }

    /// A 202 × 3 batch advances like three single columns. Survival cells are a single product and
    /// agree bit for bit; the birth cells are a dot product over the fertile ages whose summation order
    /// OpenBLAS chooses by problem shape (a 1-column GEMM takes another kernel), so they agree to rounding.
    @Test func batchedStepEqualsColumnByColumn() throws {
        let d = try Demographics(loadScenario(populationScenarioText(population: "  total: 5000000\n  tfr: 1.3")))
        let l = d.leslie(in: 2025)
        let p = d.basePopulation
        let columns = [p, p.map { $0 * 0.37 }, p.reversed().map { $0 * 1.9 + 1 }]
        let batch = CohortProjection.step(Matrix(rows: 202, columns: 3, columnMajor: columns.flatMap { $0 }), leslie: l)
        for (j, c) in columns.enumerated() {
            let single = CohortProjection.step(Matrix(column: c), leslie: l)
            let b = batch.column(j), s = single.column(0)
            for i in b.indices { #expect(close(b[i], s[i], relative: 1e-13), "column \(j), cell \(i)") }
            for age in 1..<100 { for sex in Sex.allCases {
                let i = AgeSex.index(age: age, sex: sex)
                #expect(b[i] == s[i], "survival cell \(i) of column \(j) is a single product")
            } }
        }
        // And the step is L·x: age 1 men = S(0, M)·P(0, M).
        #expect(batch[1, 0] == l[1, 0] * p[0])
    }

    /// Power iteration to the stable population of the 2030 matrix held fixed, with the matrix squared
    /// repeatedly (L, L², L⁴, … L^(2^12)) so that the slowly damped generation waves die out: 400 plain
    /// steps from the 2020 structure still leave cells off λ by 2e-5 (TFR 1) and 8e-6 (TFR 3).
    static func stablePopulation(tfr: Double) throws -> (vector: [Double], next: [Double], leslie: Matrix) {
        let d = try Demographics(loadScenario(populationScenarioText(population: """
          total: 1000000
          tfr: \(tfr)
          net_migration: 0
        """)))
        let l = d.leslie(in: 2030)
        var power = l
        var v = d.basePopulation
        for _ in 0..<400 { v = normalised(CohortProjection.step(Matrix(column: v), leslie: l).column(0)) }
        for _ in 0..<12 {
            power = CohortProjection.step(power, leslie: power)
            let scale = power.storage.max()!
            power = Matrix(rows: 202, columns: 202, columnMajor: power.storage.map { $0 / scale })
            v = normalised(CohortProjection.step(Matrix(column: v), leslie: power).column(0))
        }
        for _ in 0..<5 { v = normalised(CohortProjection.step(Matrix(column: v), leslie: l).column(0)) }
        return (v, CohortProjection.step(Matrix(column: v), leslie: l).column(0), l)
    }

    static func normalised(_ v: [Double]) -> [Double] {
        let total = v.reduce(0, +)
        return v.map { $0 / total }
    }

    @Test(arguments: [1.0, 3.0])
    func stablePopulationGrowsByOneFactorInEveryCell(tfr: Double) throws {
        let (v, next, l) = try Self.stablePopulation(tfr: tfr)
        #expect(v.allSatisfy { $0 > 0 })
        let lambda = next.reduce(0, +) // Σv = 1
        let worst = zip(next, v).map { abs($0 / $1 / lambda - 1) }.max()!
        #expect(worst < 1e-9, "largest relative deviation from λ = \(lambda): \(worst)")
        // Below replacement the stable population shrinks, above it grows. NRR ≈ TFR/2.137·0.99:
        // TFR 1 → 0.46, r ≈ ln 0.46/28 ≈ −2.8 %; TFR 3 → 1.39, r ≈ ln 1.39/28 ≈ +1.2 %.
        // Observed: λ = 0.973692 (TFR 1), 1.011386 (TFR 3) with the WPP 2030 life table (before the
        // mortality path: 0.973766, 1.011468).
        let r = lambda - 1
        if tfr < 2 { #expect(r < -0.02 && r > -0.04, "r = \(r)") } else { #expect(r > 0.005 && r < 0.02, "r = \(r)") }
        // Independent check, Euler–Lotka for the female block: 1 = Σₐ F(a)·ℓ(a)·λ^−(a+1), with
        // F(a) the girls row and ℓ(a) = Π_{x<a} S(x) of the subdiagonal.
        let f0 = AgeSex.index(age: 0, sex: .female)
        var sum = 0.0, survivors = 1.0
        for a in 0..<100 {
            sum += l[f0, f0 + a] * survivors * pow(lambda, -Double(a + 1))
            survivors *= l[f0 + a + 1, f0 + a]
        }
        #expect(abs(sum - 1) < 1e-9)
    }

    /// With net migration N a year and nothing else changing the population, the total grows by N a year
    /// and the migrants land in the cells of the (normalised) profile.
    @Test func migrationAddsNetMigrantsByProfile() throws {
        // Profile: 1 at age 25 men, 3 at age 25 women, 0 elsewhere → shares 0.25 and 0.75.
        let profile = ageSexCSV(header: "age,sex,share") { age, sex in age == 25 ? (sex == .male ? "1" : "3") : "0" }
        let s = try loadScenarioFile(populationScenarioText(population: """
          total: 1000000
          tfr: 0
          net_migration: 10000
          migration_profile: profile.csv
        """), files: ["profile.csv": profile])
        let d = immortal(Demographics(s))
        #expect(d.migrationProfile[AgeSex.index(age: 25, sex: .male)] == 0.25)
        #expect(d.migrationProfile[AgeSex.index(age: 25, sex: .female)] == 0.75)
        #expect(d.migrationProfile.reduce(0, +) == 1)
        let start = d.basePopulation
        let years = CohortProjection.project(Matrix(column: start), demographics: d, to: 2030)
        for k in 0...10 {
            // total = 1,000,000 + 10,000·k
            #expect(close(years[k].column(0).reduce(0, +), 1_000_000 + 10_000 * Double(k), relative: 1e-12), "year \(2020 + k)")
        }
        let y1 = years[1].column(0)
        // 2021: age 25 holds the base age 24 plus 2,500 men / 7,500 women; age 26 only base age 25.
        #expect(close(y1[AgeSex.index(age: 25, sex: .male)], start[AgeSex.index(age: 24, sex: .male)] + 2_500, relative: 1e-14))
        #expect(close(y1[AgeSex.index(age: 25, sex: .female)], start[AgeSex.index(age: 24, sex: .female)] + 7_500, relative: 1e-14))
        #expect(y1[AgeSex.index(age: 26, sex: .male)] == start[AgeSex.index(age: 25, sex: .male)])
        // 2022: the 2021 migrants are 26 now.
        let y2 = years[2].column(0)
        #expect(close(y2[AgeSex.index(age: 26, sex: .female)], start[AgeSex.index(age: 24, sex: .female)] + 7_500, relative: 1e-14))
    }

    /// A total without a profile is spread by the young (Rogers–Castro) migrant profile.
    @Test func defaultMigrationProfileIsTheYoungMigrantSchedule() throws {
        let d = try Demographics(loadScenario(populationScenarioText(population: "  total: 2000000\n  net_migration: -5000")))
        let m = d.migrants(in: 2021)
        #expect(close(m.reduce(0, +), -5_000, relative: 1e-12))
        #expect(d.nationalMigrationScale == nil)
        // Each cell gets −5,000 × its Rogers–Castro share.
        let i = AgeSex.index(age: 40, sex: .female)
        #expect(close(m[i], -5_000 * DefaultDemography.youngMigrantProfile[i], relative: 1e-12))
    }

    /// Without a total, an area's migrants are the WPP national ones scaled by its population share.
    @Test func withoutATotalTheNationalMigrantsAreScaled() throws {
        let d = try Demographics(loadScenario(populationScenarioText(baseYear: 2021, population: "  total: 14261060")))
        let scale = try #require(d.nationalMigrationScale)
        let china = Demographics.agedToEndOfYear(2021).reduce(0, +)
        #expect(close(scale, 14_261_060 / china, relative: 1e-12))
        // 2020-2025: −348,033 a year nationally → about −3,480 for an area of 1 % of China.
        #expect(close(d.migrants(in: 2022).reduce(0, +), -348_033 * scale, relative: 1e-6)) // the CSV holds 4 decimals a cell
    }
}
