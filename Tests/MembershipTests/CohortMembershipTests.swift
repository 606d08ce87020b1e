import Foundation
import Testing
@testable import Membership
import Demography
import Scenario
import TestSupport

/// Cells where a person is not in exactly one state (`A + C + R + U + N ≠ P` beyond 1e-6 relative),
/// a state is negative, or men hold cadre posts.
func partitionViolations(_ result: CohortMembership.Result) -> [String] {
    var wrong: [String] = []
    for (c, y) in zip(result.cells, result.years) {
        for i in 0..<AgeSex.cells {
            let states = [c.active[i], c.activeCadres[i], c.retired[i], c.resident[i], c.uninsured[i]]
            if abs(states.total - c.population[i]) > 1e-6 * max(1, c.population[i]) {
                wrong.append("\(y.year) cell \(i): states \(states.total) ≠ P \(c.population[i])")
            }
            if states.contains(where: { $0 < -1e-9 }) { wrong.append("\(y.year) cell \(i): negative state \(states)") }
            if i < AgeSex.ages, c.activeCadres[i] != 0 { wrong.append("\(y.year) cell \(i): male cadres \(c.activeCadres[i])") }
        }
    }
    return wrong
}

@Suite struct StatePartitionTests {
    @Test func everyPersonIsInExactlyOneStateNationally() throws {
        let result = try project(chinaNational())
        #expect(result.years.map(\.year) == Array(2021...2050))
        #expect(result.cells.count == 30)
        let wrong = partitionViolations(result)
        #expect(wrong.isEmpty, "\(wrong.count) violations: \(wrong.prefix(5))")
    }

    @Test func everyPersonIsInExactlyOneStateInTheExampleCity() throws {
        let result = try project(exampleCity())
        #expect(result.years.first?.year == 2021 && result.years.last?.year == 2056)
        let wrong = partitionViolations(result)
        #expect(wrong.isEmpty, "\(wrong.count) violations: \(wrong.prefix(5))")
    }

    @Test func yearTotalsAreTheSumsOfTheCells() throws {
        let result = try project(exampleCity(["horizon=2040"]))
        for (c, y) in zip(result.cells, result.years) {
            let p = c.population.total
            #expect(close(try #require(y.population), p, relative: 1e-12))
            #expect(close(y.active, c.allActive.total, relative: 1e-12))
            #expect(close(y.retired, c.retired.total, relative: 1e-12))
            #expect(close(y.residentInsured, c.resident.total, relative: 1e-12))
            #expect(close(try #require(y.uninsured), c.uninsured.total, relative: 1e-12))
            // Σ states = population
            #expect(close(y.active + y.retired + y.residentInsured + (y.uninsured ?? .nan), p, relative: 1e-9), "\(y.year)")
            #expect(y.oldAgeDependency == AgeSex.oldAgeDependency(c.population))
        }
    }

    @Test func baseYearReproducesTheGivenCounts() throws {
        let s = try chinaNational(["employee.payers=250000000"])
        let base = try project(s).year(2021)
        // 在职 261,060,000 = A + C; 退休 93,240,000; 居民 1,008,660,000; 缴费人数 250,000,000.
        #expect(close(base.active, 261_060_000, relative: 1e-12))
        #expect(close(base.retired, 93_240_000, relative: 1e-12))
        #expect(close(base.residentInsured, 1_008_660_000, relative: 1e-12))
        #expect(close(base.payers, 250_000_000, relative: 1e-12))
        #expect(close(try #require(base.population), 1_412_600_000, relative: 1e-12))
        // Uninsured = 1,412,600,000 − 261,060,000 − 93,240,000 − 1,008,660,000 = 49,640,000.
        #expect(close(try #require(base.uninsured), 49_640_000, relative: 1e-9))
        #expect(close(try #require(base.dependencyRatio), 261_060_000.0 / 93_240_000, relative: 1e-12)) // 2.7999
        // Without payers every active pays; payers keep their ratio to actives (250/261.06) later on.
        let noPayers = try project(chinaNational(["horizon=2023"]))
        #expect(noPayers.years.allSatisfy { $0.payers == $0.active })
        let later = try project(chinaNational(["employee.payers=250000000", "horizon=2023"])).year(2023)
        #expect(close(later.payers, later.active * 250_000_000 / 261_060_000, relative: 1e-12))
    }

    @Test func baseYearPlacementFollowsRetirementAges() throws {
        // pre-2025 in 2021: men 60+ (born ≤ 1961) are all past their date, men 59 (born 1962) retire
        // in 2022 and are all active-eligible; women workers retire at 50, cadres at 55.
        let result = try project(chinaNational(["population.retirement_schedule=pre-2025", "horizon=2022"]))
        let c = result.cells(2021)
        #expect(c.active[AgeSex.index(age: 60, sex: .male)] == 0)
        #expect(c.retired[AgeSex.index(age: 59, sex: .male)] == 0)
        #expect(c.active[AgeSex.index(age: 59, sex: .male)] > 0)
        #expect(c.active[AgeSex.index(age: 15, sex: .male)] == 0) // below the working age of 16
        #expect(c.retired[AgeSex.index(age: 15, sex: .male)] == 0)
        // Women 52: workers (non-cadres) retired, cadres active — in the 1:1 default split.
        let w52 = AgeSex.index(age: 52, sex: .female)
        #expect(c.active[w52] == 0 && c.activeCadres[w52] > 0)
        // Women 40: actives split evenly between workers and cadres (female_cadre_share 0.5).
        let w40 = AgeSex.index(age: 40, sex: .female)
        #expect(close(c.active[w40], c.activeCadres[w40], relative: 1e-14))
        // Coverage of the not-yet-retired is uniform: A/P is the same at men 30 and men 45.
        let m30 = AgeSex.index(age: 30, sex: .male), m45 = AgeSex.index(age: 45, sex: .male)
        #expect(close(c.active[m30] / c.population[m30], c.active[m45] / c.population[m45], relative: 1e-12))
    }
}

@Suite struct ReformTests {
    /// The 2025 reform keeps people active longer: fewer retirees and more actives per retiree in 2035.
    @Test func delayedRetirementLowersRetireesIn2035() throws {
        let reform = try project(exampleCity(["horizon=2035"])).year(2035)
        let old = try project(exampleCity(["horizon=2035", "population.retirement_schedule=pre-2025"])).year(2035)
        // Observed at this commit (example city, 2035):
        //   china-2025: retirees 409,656, actives 810,779, dependency ratio 1.979
        //   pre-2025:   retirees 462,475, actives 757,960, dependency ratio 1.639
        #expect(reform.retired < old.retired)
        #expect(reform.retired < 0.95 * old.retired) // 409,656 / 462,475 = 0.886
        let ratioReform = try #require(reform.dependencyRatio), ratioOld = try #require(old.dependencyRatio)
        #expect(ratioReform > ratioOld)
        #expect(ratioReform > ratioOld + 0.2) // 1.979 − 1.639 = 0.34
        // The reform only moves people between A and R: every employee cohort keeps its size, so
        // A + R is the same both ways (810,779 + 409,656 = 757,960 + 462,475 = 1,220,435).
        #expect(close(reform.active + reform.retired, old.active + old.retired, relative: 1e-9))
        // Same people either way.
        #expect(reform.population == old.population)
        // In 2021 (before the reform applies) both agree.
        let r2021 = try project(exampleCity(["horizon=2022"])).year(2021)
        let o2021 = try project(exampleCity(["horizon=2022", "population.retirement_schedule=pre-2025"])).year(2021)
        #expect(close(r2021.retired, o2021.retired, relative: 1e-12) && close(r2021.active, o2021.active, relative: 1e-12))
    }
}

@Suite struct FlowTests {
    /// Lapses leave the scheme for good above the entry ages: entries only top up the cohorts at
    /// 16–24 to the entry schedule, so a lapse rate lowers actives year after year (seed 004: people
    /// moving to the resident scheme).
    @Test func lapsesAccumulate() throws {
        let base = try project(exampleCity(["horizon=2030"]))
        let lapse = try project(exampleCity(["horizon=2030", "membership.lapse_rate=0.1"]))
        // First year: both runs start from the same states, so actives differ by the lapses less the
        // extra entries that refill the lapsed at entry ages.
        let b1 = base.year(2022), l1 = lapse.year(2022)
        let lf1 = try #require(l1.flows), bf1 = try #require(b1.flows)
        #expect(bf1.lapses == 0)
        #expect(close(b1.active - l1.active, lf1.lapses - (lf1.entries - bf1.entries), relative: 1e-9))
        // Refilling happens only at entry ages: far fewer extra entries than lapses.
        #expect(lf1.entries >= bf1.entries && lf1.entries - bf1.entries < 0.5 * lf1.lapses)
        // Later years: the gap keeps growing, lapse after lapse.
        var gap = b1.active - l1.active
        for y in 2023...2030 {
            let next = base.year(y).active - lapse.year(y).active
            #expect(next > gap, "\(y)")
            gap = next
        }
    }

    @Test func switchingMovesResidentsIntoActives() throws {
        let base = try project(exampleCity(["horizon=2023"]))
        let switching = try project(exampleCity(["horizon=2023", "membership.switch_rate=0.05"]))
        let b = base.year(2022), s = switching.year(2022)
        let bf = try #require(b.flows), sf = try #require(s.flows)
        #expect(bf.switches == 0)
        #expect(sf.switches > 0)
        // Δ actives = switches + Δ entries (switchers at 16 displace entries); retirements are unchanged.
        #expect(close(s.active - b.active, sf.switches + sf.entries - bf.entries, relative: 1e-6))
        #expect(s.active > b.active)
        #expect(s.residentInsured < b.residentInsured)
        #expect(close(sf.retirements, bf.retirements, relative: 1e-12))
        // Total coverage is kept: A + C + R + U the same (switchers were covered as residents).
        #expect(close(s.active + s.retired + s.residentInsured, b.active + b.retired + b.residentInsured, relative: 1e-9))
    }

    @Test func minimumYearsAndBuyIn() throws {
        let result = try project(exampleCity(["horizon=2030", "membership.minimum_years_met_share=0.8",
                                              "membership.buy_in_share=0.5"]))
        var checked = 0
        for y in result.years.dropFirst() {
            let f = try #require(y.flows)
            guard f.retirements > 0 else { continue }
            checked += 1
            // Of those reaching the age: 0.8 meet the years; of the 0.2 short, half buy in (0.1), half leave (0.1).
            // buyIns / retirements = 0.1 / 0.9; toResident / all reaching the age = 0.1.
            #expect(close(f.buyIns / f.retirements, (0.2 * 0.5) / (0.8 + 0.2 * 0.5), relative: 1e-9), "\(y.year)")
            #expect(close(f.retireesToResident / (f.retirements + f.retireesToResident), 0.1, relative: 1e-9), "\(y.year)")
        }
        #expect(checked == 9)
        // With the defaults everyone qualifies.
        let neutral = try #require(project(exampleCity(["horizon=2023"])).year(2023).flows)
        #expect(neutral.retirements > 0 && neutral.buyIns == 0 && neutral.retireesToResident == 0)
    }
}

@Suite struct PlacementTests {
    static func scenario(active: Int, retired: Int, insured: Int) -> String {
        """
        name: placement
        base_year: 2021
        horizon: 2023
        population: {total: 1000000}
        employee: {active: \(active), retired: \(retired), average_base: 50000, employer_rate: 0.08}
        resident: {insured: \(insured), subsidy_per_capita: 600, individual_per_capita: 300}
        """
    }

    static func placementError(_ text: String) throws -> CohortMembership.PlacementError? {
        let s = try ScenarioLoader.load(text: text, file: "placement.yaml")
        do {
            _ = try CohortMembership.project([s])
            return nil
        } catch {
            return error
        }
    }

    @Test func tooManyActives() throws {
        // Working-age (16+) people below their retirement age are well under 900,000 of 1,000,000.
        let error = try #require(try Self.placementError(Self.scenario(active: 900_000, retired: 10_000, insured: 0)))
        #expect(error.key == "employee.active")
        #expect(error.found == "900,000")
        #expect(error.description.hasPrefix("employee.active: expected at most the "))
    }

    @Test func tooManyRetirees() throws {
        let error = try #require(try Self.placementError(Self.scenario(active: 100_000, retired: 600_000, insured: 0)))
        #expect(error.key == "employee.retired")
    }

    @Test func tooManyResidents() throws {
        // 1,000,000 − 100,000 − 50,000 = 850,000 people left for 900,000 residents.
        let error = try #require(try Self.placementError(Self.scenario(active: 100_000, retired: 50_000, insured: 900_000)))
        #expect(error.key == "resident.insured")
        #expect(error.found == "900,000")
        #expect(error.expected.contains("850,000"))
        // 850,000 fit exactly.
        #expect(try Self.placementError(Self.scenario(active: 100_000, retired: 50_000, insured: 850_000)) == nil)
    }
}

@Suite struct BatchingTests {
    /// A variant's result does not depend on the other variants in its batch.
    @Test func batchedVariantEqualsItsSingleRun() throws {
        let s1 = try exampleCity(["horizon=2035"])
        let s2 = try exampleCity(["horizon=2035", "employee.active=700000"])
        let batch = try CohortMembership.project([s1, s2])
        let single = try project(s1)
        #expect(batch[0].cells == single.cells)
        #expect(batch[0].years == single.years)
        // The second variant really differs (and equals its own single run).
        #expect(close(batch[1].year(2021).active, 700_000, relative: 1e-12))
        #expect(batch[1].cells == (try project(s2)).cells)
        // Population is shared.
        #expect(batch[1].cells.map(\.population) == single.cells.map(\.population))
    }

    @Test func variantsWithDifferentDemographyAreGroupedApart() throws {
        let s1 = try exampleCity(["horizon=2030"])
        let s3 = try exampleCity(["horizon=2030", "population.mortality_improvement=0.03"])
        let batch = try CohortMembership.project([s3, s1])
        #expect(batch[1].cells == (try project(s1)).cells)
        #expect(batch[0].year(2030).population! > batch[1].year(2030).population!)
    }

    /// Variants differing only in TFR share one GEMM a year (a population column each, births rows
    /// scaled by each TFR): each equals its single run up to rounding (TFR·B against B computed at the
    /// TFR, ~1e-16 relative a step), far inside a person.
    @Test func variantsDifferingInTFRShareTheStep() throws {
        let s1 = try exampleCity(["horizon=2030"])
        let s3 = try exampleCity(["horizon=2030", "population.tfr=1.5"])
        let batch = try CohortMembership.project([s3, s1])
        for (b, s) in zip(batch, [s3, s1]) {
            let single = try project(s)
            for (x, y) in zip(b.cells, single.cells) {
                for (u, v) in zip(x.population + x.active + x.retired + x.resident, y.population + y.active + y.retired + y.resident) {
                    #expect(abs(u - v) <= 1e-9 * max(1, abs(v)))
                }
            }
        }
        #expect(batch[0].year(2030).population! > batch[1].year(2030).population!)
    }
}

@Suite struct FlexibleRetirementTests {
    /// Early and late shares above 1 in total (0.7 + 0.7) are scaled to sum to 1 (0.5 each), so a
    /// cohort is never more than 100 % retired (a regression test: the weights once summed to 1.4).
    @Test
    func flexibleSharesAboveOneStillSumToOne() {
        let t = RetirementTiming(rule: RetirementSchedule.china2025.male, earlyShare: 0.7, lateShare: 0.7)
        // Born 1977: early at 60 (2037), late at 66 (2043). Everyone has retired by 2100: share 1, not 1.4.
        #expect(abs(t.retiredBefore(2100, birthYear: 1977) - 1) < 1e-12)
        #expect(t.retiredBefore(2038, birthYear: 1977) <= 1)
    }

    @Test func sharesAboveOneKeepStatesNonNegativeInTheCohortModel() throws {
        // Either the decoder rejects the pair, naming it, or the projection keeps every state ≥ 0.
        let s: Scenario
        do {
            s = try exampleCity(["horizon=2045", "membership.early_retirement_share=0.7", "membership.late_retirement_share=0.7"])
        } catch let error as ScenarioError {
            #expect(error.issues.contains { $0.key.contains("retirement_share") }, "\(error)")
            return
        }
        let wrong = partitionViolations(try project(s))
        #expect(wrong.isEmpty, "\(wrong.count) violations: \(wrong.prefix(3))")
    }

    @Test func sharesUpToOneKeepStatesNonNegative() throws {
        let s = try exampleCity(["horizon=2045", "membership.early_retirement_share=0.3", "membership.late_retirement_share=0.4"])
        let wrong = partitionViolations(try project(s))
        #expect(wrong.isEmpty, "\(wrong.count) violations: \(wrong.prefix(3))")
        // Late retirement keeps more actives than the statutory schedule alone.
        let plain = try project(exampleCity(["horizon=2045"])).year(2040)
        let flexible = try project(s).year(2040)
        #expect(flexible.active != plain.active)
    }
}
