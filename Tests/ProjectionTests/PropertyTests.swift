import Foundation
import Testing
import Yams
import Projection
import Scenario
import TestSupport

/// Valid variations of a shipped scenario: rates, growths and inflation drawn inside plausible ranges.
func randomOverrides(_ rng: inout SeededGenerator, scenario: Scenario) -> [String] {
    func draw(_ range: ClosedRange<Double>) -> String { String(format: "%.4f", Double.random(in: range, using: &rng)) }
    // A scenario calibrated to a later history year keeps its contribution drivers: a lower rate
    // could leave the accounts unable to pay the reported spending (a calibration error, not a bug).
    if !scenario.history.isEmpty { return ["assumptions.medical_inflation=\(draw(0...0.1))"] }
    var sets = [
        "assumptions.wage_growth=\(draw(0...0.08))",
        "assumptions.medical_inflation=\(draw(0...0.1))",
        "assumptions.interest_rate=\(draw(0...0.03))",
    ]
    if scenario.employee != nil {
        sets += ["employee.employer_rate=\(draw(0.04...0.1))", "employee.collection_rate=\(draw(0.8...1))"]
    }
    if scenario.resident != nil { sets.append("resident.collection_rate=\(draw(0.8...1))") }
    return sets
}

@Suite("Properties over random valid scenarios")
struct PropertyTests {
    static let shipped = ["example-city.yaml", "china-national.yaml", "china-pre-2025.yaml", "huoshan-2013.yaml"]

    @Test("F(t+1) = F(t) + I − X to the 元, and people are conserved, in every fund and year", arguments: shipped)
    func identities(_ name: String) throws {
        var rng = SeededGenerator(state: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        let plain = try loadShipped(name)
        for _ in 0..<4 {
            let overrides = randomOverrides(&rng, scenario: plain)
            let result = try Projection.run(loadShipped(name, overrides: overrides))
            for (previous, year) in zip(result.years, result.years.dropFirst()) {
                for fund in result.funds {
                    let a = try #require(result.account(fund, in: year)), p = try #require(result.account(fund, in: previous))
                    #expect(abs(a.closingBalance - (p.closingBalance + a.income - a.expenditure)) < 0.5, "\(name) \(overrides) \(fund) \(year.year)")
                }
                let m = year.members
                #expect(m.active >= 0 && m.retired >= 0 && m.residentInsured >= 0 && m.payers <= m.active + 1e-6)
                // people conserved: every person of the population is in exactly one state
                if let population = m.population, let uninsured = m.uninsured {
                    let states = m.active + m.retired + m.residentInsured + uninsured
                    #expect(abs(states - population) <= 1e-6 * population, "\(name) \(year.year): \(states) vs \(population)")
                }
            }
        }
    }

    @Test("a scenario re-emitted as YAML (with what it extends) projects identically", arguments: shipped)
    func yamlRoundTrip(_ name: String) throws {
        // a copy of Scenarios/ whose every YAML file is composed and serialized again by Yams
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-roundtrip-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Scenarios"), to: copy)
        for file in try FileManager.default.contentsOfDirectory(atPath: copy.path) where file.hasSuffix(".yaml") {
            let url = copy.appendingPathComponent(file)
            let node = try #require(try Yams.compose(yaml: try String(contentsOf: url, encoding: .utf8)))
            try Yams.serialize(node: node).write(to: url, atomically: true, encoding: .utf8)
        }
        let original = try Projection.run(loadShipped(name))
        let again = try Projection.run(ScenarioLoader.load(path: copy.appendingPathComponent(name).path))
        #expect(original.years == again.years)
        #expect(original.scenario.history == again.scenario.history)
    }
}
