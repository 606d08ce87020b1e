import Foundation
import Testing
import Engine
import Projection
import Scenario
import Finance
import TestSupport

/// A shipped shock or assumption set, read from the repository.
func adjustment(_ path: String) throws -> Adjustment {
    try Adjustment.parse(String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8), file: path)
}

func shocked(_ name: String, _ base: Scenario) throws -> ProjectionResult {
    try Projection.run(try Engine.applying(try adjustment("Scenarios/shocks/\(name).yaml"), to: base).get())
}

@Suite("Shocks move the outcome in their documented direction")
struct ShockTests {
    let base: Scenario
    let baseline: ProjectionResult
    init() throws {
        base = try scenario("example-city.yaml")
        baseline = try Projection.run(base)
    }
    var b: Int { base.baseYear + 1 }
    func pooled(_ r: ProjectionResult, _ y: Int) -> PooledFundYear { r.year(y)!.employee!.pooled }

    @Test func employerRateCut() throws {
        let r = try shocked("employer-rate-cut", base)
        #expect(pooled(r, b).income < pooled(baseline, b).income)
        #expect(r.depletionYear(.employeePooled)! <= baseline.depletionYear(.employeePooled)!)
        #expect(pooled(r, b + 10).closingBalance < pooled(baseline, b + 10).closingBalance)
    }

    @Test func wageSlowdown() throws {
        let r = try shocked("wage-slowdown", base)
        #expect(pooled(r, b + 10).closingBalance < pooled(baseline, b + 10).closingBalance)
        // prices keep their path: spending per head does not slow with wages
        #expect(abs(pooled(r, b + 5).expenditure / pooled(baseline, b + 5).expenditure - 1) < 0.02)
    }

    @Test("medical inflation +2 points raises spending under either cost-growth model", arguments: [[], ["assumptions.medical_inflation=0.06"]])
    func medicalInflation(_ overrides: [String]) throws {
        let base = try scenario("example-city.yaml", overrides)
        let baseline = try Projection.run(base)
        let r = try shocked("medical-inflation", base)
        // 5 years of 2 more points: ≈ 1.02⁵ = 1.104 times the spending
        let ratio = pooled(r, b + 5).expenditure / pooled(baseline, b + 5).expenditure
        #expect(ratio > 1.08 && ratio < 1.12, "\(ratio)")
        #expect(r.year(b + 5)!.resident!.expenditure > baseline.year(b + 5)!.resident!.expenditure)
    }

    @Test func collectionDrop() throws {
        let r = try shocked("collection-drop", base)
        #expect(pooled(r, b).income < pooled(baseline, b).income)
        #expect(r.year(b)!.resident!.income < baseline.year(b)!.resident!.income)
    }

    @Test("the pandemic spike raises one year's spending by 10 %, then spending is back on its path", arguments: [[], ["assumptions.medical_inflation=0.06"]])
    func pandemicYear(_ overrides: [String]) throws {
        let base = try scenario("example-city.yaml", overrides)
        let baseline = try Projection.run(base)
        let r = try shocked("pandemic-year", base)
        let spike = r.year(b)!.resident!.expenditure / baseline.year(b)!.resident!.expenditure
        #expect(abs(spike - 1.10) < 1e-9, "\(spike)")
        #expect(abs(r.year(b + 2)!.resident!.expenditure / baseline.year(b + 2)!.resident!.expenditure - 1) < 1e-9)
        #expect(pooled(r, b + 2).closingBalance < pooled(baseline, b + 2).closingBalance)
    }

    @Test func fasterAgeing() throws {
        let r = try shocked("faster-ageing", base)
        let h = base.horizon
        #expect(r.year(h)!.members.retired > baseline.year(h)!.members.retired)
        #expect(pooled(r, h).closingBalance < pooled(baseline, h).closingBalance)
    }

    @Test func lowerFertility() throws {
        let r = try shocked("lower-fertility", base)
        #expect(r.year(b)!.members.demography!.births! < baseline.year(b)!.members.demography!.births!)
        #expect(r.year(base.horizon)!.members.population! < baseline.year(base.horizon)!.members.population!)
        // the national scenario gives no TFR: the shock lowers the embedded WPP path
        let national = try scenario("china-national.yaml")
        let shockedNational = try Engine.applying(try adjustment("Scenarios/shocks/lower-fertility.yaml"), to: national).get()
        #expect(abs(shockedNational.population.tfr!.value(in: 2030) - (Engine.defaultSeries(try key("population.tfr"), national)!.value(in: 2030) - 0.5)) < 1e-12)
    }

    @Test func retirementWave() throws {
        let r = try shocked("retirement-wave", base)
        #expect(r.year(b + 5)!.members.retired > baseline.year(b + 5)!.members.retired)
        #expect(r.year(b + 5)!.members.active < baseline.year(b + 5)!.members.active)
        #expect(pooled(r, b + 10).closingBalance < pooled(baseline, b + 10).closingBalance)
    }

    @Test func enrolmentDrop() throws {
        let r = try shocked("enrolment-drop", base)
        #expect(r.year(b)!.resident!.insured < baseline.year(b)!.resident!.insured)
        #expect(r.year(b)!.resident!.expenditure < baseline.year(b)!.resident!.expenditure)
    }

    @Test("a change to a scheme the scenario lacks is skipped; a key it lacks is an error")
    func absent() throws {
        var employeeOnly = base
        employeeOnly.resident = nil
        #expect((try? Engine.applying(try adjustment("Scenarios/shocks/collection-drop.yaml"), to: employeeOnly).get()) != nil)
        let bad = try Adjustment.parse("name: x\nchanges:\n  - {key: population.mortality_improvement, add: 0.01}\n", file: "x.yaml")
        guard case .failure(let e) = Engine.applying(bad, to: base) else { Issue.record("should fail"); return }
        #expect(e.key == "population.mortality_improvement")
    }

    @Test("a shock file's problems are reported with file and line")
    func badFile() {
        #expect(throws: ScenarioError.self) { try Adjustment.parse("name: x\nchanges:\n  - {key: employee.employer_rat, add: 0.01}\n", file: "x.yaml") }
        #expect(throws: ScenarioError.self) { try Adjustment.parse("name: x\nchanges:\n  - {key: employee.employer_rate, add: 0.01, set: 2}\n", file: "x.yaml") }
        // A misspelt key is the one problem of its change (its add is not reported as unknown too).
        do {
            _ = try Adjustment.parse("name: x\nchanges:\n  - {key: employee.employer_rat, add: 0.01}\n", file: "x.yaml")
        } catch {
            #expect(error.issues.count == 1 && error.issues[0].key == "changes[0].key", "\(error.issues)")
        }
    }

    /// A change starts in a projected year of the scenario it is applied to: before the budget year it would
    /// rewrite the reported base year, after the horizon it would change nothing.
    @Test("a change's from outside the projected years is refused when applied")
    func fromOutsideTheProjection() throws {
        for from in [base.baseYear, base.horizon + 1] {
            let a = try Adjustment.parse("name: x\nchanges:\n  - {key: employee.employer_rate, add: -0.01, from: \(from)}\n", file: "x.yaml")
            guard case .failure(let e) = Engine.applying(a, to: base) else { Issue.record("from \(from) accepted"); continue }
            #expect("\(e)".contains("expected from: a projected year \(base.baseYear + 1)–\(base.horizon)"), "\(e)")
        }
        let ok = try Adjustment.parse("name: x\nchanges:\n  - {key: employee.employer_rate, add: -0.01, from: \(base.horizon)}\n", file: "x.yaml")
        #expect((try? Engine.applying(ok, to: base).get()) != nil)
    }

    /// What would be ignored or misapplied is refused: `from`/`years` on a key with one value for every year,
    /// a spike on a key that is not a growth rate (it would move the rate itself up, then below where it was).
    @Test("from or years on an undated key, and a spike on a rate, are refused with their line")
    func ignoredOrMisappliedChanges() throws {
        func issue(_ change: String) -> String {
            do { _ = try Adjustment.parse("name: x\nchanges:\n  - \(change)\n", file: "x.yaml"); return "accepted" } catch { return "\(error)" }
        }
        #expect(issue("{key: membership.early_retirement_share, add: 0.2, from: 2040}")
            .contains("x.yaml:3:62: changes[0].from: expected no from or years for membership.early_retirement_share"))
        #expect(issue("{key: membership.early_retirement_share, add: 0.2, years: 1}").contains("changes[0].years: expected no from or years"))
        #expect(issue("{key: employee.employer_rate, spike: 0.01}").contains("changes[0].spike: expected spike on a growth rate"))
        #expect(issue("{key: assumptions.wage_growth, spike: 0.01, from: 2023}") == "accepted")
        #expect(issue("{key: employee.employer_rate, add: -0.01, from: 2023, years: 2}") == "accepted")
    }

    /// What explain and the export's parameter sheet show: the value the figures were projected from. The
    /// example city's interest rate 0.015 less the high-cost set's 0.005 is 0.01 from the budget year; its
    /// source names the file's line and the set's.
    @Test("an assumption set's keys are shown at their adjusted values, with both sources")
    func shownParameters() throws {
        let (scenario, resolved) = try ScenarioLoader.loadResolved(path: repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml").path)
        let set = try adjustment("Scenarios/assumptions/high-cost.yaml")
        let adjusted = try Engine.applying(set, to: scenario).get()
        let shown = set.parameters(resolved.parameters, adjusted: adjusted, option: "--assumptions high-cost")
        let interest = try #require(shown.first { $0.path == "assumptions.interest_rate" })
        #expect(interest.value == "{2021: 0.015, 2022: 0.01}")
        #expect(interest.source.hasSuffix("example-city.yaml:25:18; --assumptions high-cost (Scenarios/assumptions/high-cost.yaml:13:5)"), "\(interest.source)")
        // cost_growth is the excess cost growth under the price-and-utilisation model: 0.01 + 0.01.
        #expect(shown.first { $0.path == "assumptions.excess_cost_growth" }?.value == "{2021: 0.01, 2022: 0.02}")
        #expect(shown.first { $0.path == "population.tfr" }?.value == "{2021: 0.999488, 2022: 0.499488}")
        // Keys the set does not move are the file's, and nothing is dropped.
        #expect(shown.count == resolved.parameters.count)
        #expect(shown.first { $0.path == "employee.employer_rate" } == resolved.parameters.first { $0.path == "employee.employer_rate" })
        // Without a TFR in the file, the adjusted embedded path is added (in births per woman).
        var noTFR = scenario
        noTFR.population.tfr = nil
        let withoutFile = set.parameters(resolved.parameters.filter { $0.path != "population.tfr" }, adjusted: try Engine.applying(set, to: noTFR).get(), option: "--assumptions high-cost")
        let added = try #require(withoutFile.first { $0.path == "population.tfr" })
        #expect(added.unit == "孩次/妇女" && added.source == "--assumptions high-cost (Scenarios/assumptions/high-cost.yaml:14:5)")
    }

    /// A level the model grows between its knots keeps growing under a shock: `multiply` is the baseline
    /// path times x in every year (not the base-year figure held flat), and `add` moves the level at
    /// `from`, which then grows at its rate; with `years`, the baseline resumes after them.
    @Test("add and multiply on a growing level keep its growth")
    func growingLevels() throws {
        let cut = try Adjustment.parse("""
            name: base-cut
            changes:
              - {key: employee.average_base, multiply: 0.9}
              - {key: resident.subsidy_per_capita, add: -30, years: 3}
            """, file: "cut.yaml")
        let r = try Projection.run(try Engine.applying(cut, to: base).get())
        for y in b...base.horizon {
            let ratio = r.year(y)!.employee!.drivers.averageWage / baseline.year(y)!.employee!.drivers.averageWage
            #expect(abs(ratio - 0.9) < 1e-12, "\(y): \(ratio)")
        }
        func perHead(_ p: ProjectionResult, _ y: Int) -> Double { p.year(y)!.resident!.fiscalSubsidies / p.year(y)!.resident!.insured }
        // The example announces each year's standard to 2025: each is 30 元 lower for three years, then the baseline's.
        for y in b..<(b + 3) { #expect(abs(perHead(r, y) - (perHead(baseline, y) - 30)) < 1e-6, "\(y): \(perHead(r, y)) vs \(perHead(baseline, y))") }
        #expect(abs(perHead(r, b + 3) - perHead(baseline, b + 3)) < 1e-6 && abs(perHead(r, b + 10) - perHead(baseline, b + 10)) < 1e-6)
        // A standard given for the base year only grows at per_capita_growth: 30 元 lower in the budget year, and
        // the growth applies to the lower level (the gap grows with it) until the baseline resumes.
        let plain = try scenario("example-city.yaml", ["resident.subsidy_per_capita=580"])
        let plainBaseline = try Projection.run(plain), plainCut = try Projection.run(try Engine.applying(cut, to: plain).get())
        let g = plain.resident!.perCapitaGrowth
        #expect(abs(perHead(plainCut, b) - (perHead(plainBaseline, b) - 30)) < 1e-6, "\(perHead(plainCut, b)) vs \(perHead(plainBaseline, b))")
        #expect(abs(perHead(plainCut, b + 2) - (perHead(plainBaseline, b + 2) - 30 * (1 + g.value(in: b + 1)) * (1 + g.value(in: b + 2)))) < 1e-6)
        #expect(abs(perHead(plainCut, b + 3) - perHead(plainBaseline, b + 3)) < 1e-6)
    }
}
