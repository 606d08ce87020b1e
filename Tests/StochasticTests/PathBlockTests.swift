import Foundation
import Testing
import Scenario
import Membership
import Projection
import Finance
import TestSupport
@testable import Stochastic

/// The batched path engine (``CohortPathBlock``, ``Simulation/block(_:)``) against each path projected
/// on its own by the deterministic model (``Simulation/path(_:)``, ``CohortMembership/project(_:keepCells:)``).
/// The two differ only in the order of the births sum (a GEMM row against a loop), so counts agree to
/// rounding (1e-11 relative after 36 years of compounding) and money to well within the 元.
@Suite("Batched Monte Carlo paths equal each path's own deterministic projection")
struct PathBlockTests {
    /// The national scenario to 2057 with every factor moving; mortality at twice its fitted volatility
    /// so that the Lee–Carter factors are far from 1.
    static func simulation() throws -> Simulation {
        let s = try ScenarioLoader.load(path: repositoryPath("Scenarios/china-national.yaml"),
                                        overrides: ["horizon=2057", "stochastic.mortality.volatility_scale=2"])
        return try Simulation(s, header: SimulationHeader(s, scenarioHash: "test", seed: 3, paths: 6))
    }

    @Test("each path's yearly counts, flows and cells equal CohortMembership.project of its scenario")
    func membershipEqualsEachPathsOwnProjection() throws {
        let sim = try Self.simulation()
        let scenarios = (0..<6).map(sim.pathScenario)
        #expect(CohortPathBlock.canShare(scenarios))
        let block = CohortPathBlock.project(scenarios)
        var checked = 0
        for (p, s) in scenarios.enumerated() {
            let own = try CohortMembership.project([s])[0].years
            let batched = try block[p].get()
            #expect(batched.count == own.count)
            for (b, o) in zip(batched, own) {
                let pairs: [(Double?, Double?)] = [
                    (b.active, o.active), (b.retired, o.retired), (b.payers, o.payers), (b.residentInsured, o.residentInsured),
                    (b.population, o.population), (b.uninsured, o.uninsured), (b.oldAgeDependency, o.oldAgeDependency),
                    (b.activeCostWeight, o.activeCostWeight), (b.retiredCostWeight, o.retiredCostWeight), (b.residentCostWeight, o.residentCostWeight),
                    (b.flows?.retirements, o.flows?.retirements), (b.flows?.buyIns, o.flows?.buyIns), (b.flows?.lapses, o.flows?.lapses),
                    (b.flows?.entries, o.flows?.entries), (b.flows?.switches, o.flows?.switches),
                ]
                for (i, (x, y)) in pairs.enumerated() {
                    #expect((x == nil) == (y == nil), "path \(p) \(b.year) field \(i)")
                    if let y { #expect(close(x, y, relative: 1e-11), "path \(p) \(b.year) field \(i): \(x ?? .nan) vs \(y)") }
                }
                #expect(close(b.activeCells ?? [], o.activeCells ?? [1], relative: 1e-11))
                #expect(close(b.retiredCells ?? [], o.retiredCells ?? [1], relative: 1e-11))
                #expect(close(b.residentCells ?? [], o.residentCells ?? [1], relative: 1e-11))
                checked += 1
            }
        }
        #expect(checked == 6 * 37)
        // The paths differ: the test compares distinct populations, not one path six times.
        let last = try block.map { try $0.get().last!.population! }
        #expect(Set(last).count == 6)
    }

    @Test("a block's series equal each path run alone: balances to the 元, months payable and 赡养比 to 1e-9")
    func seriesEqualEachPathRunAlone() throws {
        let sim = try Self.simulation()
        let block = sim.block(0..<6)
        let years = sim.header.years.count
        for p in 0..<6 {
            let batched = try block[p].get(), own = try sim.path(p)
            #expect(batched.count == own.count)
            for (k, series) in sim.header.series.enumerated() {
                for y in 0..<years {
                    let b = batched[k * years + y], o = own[k * years + y]
                    if case .balance = series {
                        #expect(abs(b - o) <= 0.5, "path \(p) \(series.code) year \(y): \(b) vs \(o)")
                    } else {
                        #expect(close(b, o, relative: 1e-9), "path \(p) \(series.code) year \(y): \(b) vs \(o)")
                    }
                }
            }
        }
    }

    @Test("the calibration computed once equals each path's own, bit for bit (it reads only the base year)")
    func sharedCalibrationIsEachPathsOwn() throws {
        let sim = try Self.simulation()
        let shared = try #require(sim.calibrations)
        let block = CohortPathBlock.project((0..<6).map(sim.pathScenario))
        for p in 0..<6 {
            let s = sim.pathScenario(p), members = try block[p].get()
            let employee = try EmployeeFinance(scenario: s, scheme: #require(s.employee), membership: members)
            let resident = try ResidentFinance(scenario: s, scheme: #require(s.resident), membership: members)
            #expect(employee.calibrated == shared.employee, "path \(p)")
            #expect(resident.calibrated == shared.resident, "path \(p)")
            // The paths' later years do move: the test is not comparing six copies of one scenario.
            #expect(s.assumptions.wageGrowth.value(in: 2040) != sim.scenario.assumptions.wageGrowth.value(in: 2040))
        }
    }

    @Test("finance advanced year by year on the shared calibration equals each path's finance on its whole membership, bit for bit")
    func streamedFinanceIsTheWholeRun() throws {
        let sim = try Self.simulation()
        let scenarios = (0..<6).map(sim.pathScenario)
        let members = CohortPathBlock.project(scenarios)
        let streamed = sim.block(0..<6)
        for p in 0..<6 {
            let whole = try Projection.finance(scenarios[p], membership: members[p].get(), cells: nil)
            #expect(try streamed[p].get() == sim.series(whole), "path \(p)")
        }
    }

    @Test("a path's numbers do not depend on the block it is computed in")
    func blocksDoNotMatter() throws {
        let sim = try Self.simulation()
        let whole = sim.block(0..<6)
        for p in [0, 3, 5] {
            let alone = sim.block(p..<(p + 1))
            #expect(try alone[0].get() == whole[p].get())
        }
        let tail = sim.block(2..<6)
        for p in 2..<6 { #expect(try tail[p - 2].get() == whole[p].get()) }
    }

    @Test("the bench's membership-only run projects the same paths: none fail here, all fail with too many emigrants, nothing to time without cohorts")
    func membershipOnlyCountsThePathsThatFail() throws {
        let sim = try Self.simulation()
        #expect(sim.membershipOnly(paths: 0..<6, threads: 2) == 0)
        // Two million emigrants a year empty the youngest cells of the national population within the
        // horizon on every path; `block` reports each of those paths as failed too.
        let emptied = try ScenarioLoader.load(path: repositoryPath("Scenarios/china-national.yaml"),
                                              overrides: ["horizon=2057", "population.net_migration=-2000000"])
        let failing = try Simulation(emptied, header: SimulationHeader(emptied, scenarioHash: "test", seed: 3, paths: 5))
        let failed = failing.block(0..<5).filter { if case .failure = $0 { return true } else { return false } }.count
        #expect(failed == 5)
        #expect(failing.membershipOnly(paths: 0..<5, threads: 2) == failed)
        let aggregate = try ScenarioLoader.load(path: repositoryPath("Scenarios/huoshan-2013.yaml"))
        let plain = try Simulation(aggregate, header: SimulationHeader(aggregate, scenarioHash: "test", seed: 3, paths: 2))
        #expect(plain.membershipOnly(paths: 0..<2, threads: 1) == nil)
    }
}
