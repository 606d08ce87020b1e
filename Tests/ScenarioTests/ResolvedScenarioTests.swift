import Foundation
import TestSupport
import Testing
@testable import Scenario

private let shipped: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Scenarios").path)) ?? [])
    .filter { $0.hasSuffix(".yaml") }.sorted()

@Suite struct ResolvedScenarioTests {
    /// The flat parameter list decodes to the very scenario it was read from (what a stored run re-runs on).
    @Test(arguments: shipped)
    func parametersDecodeToTheSameScenario(_ file: String) throws {
        let path = repositoryRoot.appendingPathComponent("Scenarios/\(file)").path
        let (scenario, resolved) = try ScenarioLoader.loadResolved(path: path)
        #expect(try ScenarioLoader.load(path: path) == scenario)
        var again = try ScenarioLoader.load(resolved)
        again.source = scenario.source
        #expect(again == scenario)
        #expect(resolved.hash.count == 16)
    }

    @Test func unitsAndSourcesAreRecorded() throws {
        let path = repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml").path
        let (_, resolved) = try ScenarioLoader.loadResolved(path: path, overrides: ["employee.employer_rate=0.075"])
        func p(_ key: String) -> ResolvedParameter? { resolved.parameters.first { $0.path == key } }
        #expect(p("employee.average_base")?.unit == "元/人·年")
        #expect(p("employee.active")?.unit == "人")
        #expect(p("employee.balance.pooled")?.unit == "万元")
        #expect(p("employee.employer_rate")?.unit == "比率")
        #expect(p("employee.employer_rate")?.source == "--set employee.employer_rate=0.075")
        #expect(p("employee.employer_rate")?.value == "0.075")
        #expect(p("resident.subsidy_per_capita")?.value == "{2021: 580, 2022: 610, 2023: 640, 2024: 670, 2025: 700}")
        #expect(p("name")?.source.contains("example-city.yaml:") == true)
    }

    /// One override is one change, old → new; applying it to the first gives the second.
    @Test func oneOverrideIsOneChange() throws {
        let path = repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml").path
        let a = try ScenarioLoader.loadResolved(path: path).resolved
        let b = try ScenarioLoader.loadResolved(path: path, overrides: ["resident.insured_growth=0.01"]).resolved
        let changes = a.changes(to: b)
        #expect(changes.map(\.path) == ["resident.insured_growth"])
        #expect(changes.first?.old?.value == "0" && changes.first?.new?.value == "0.01")
        #expect(a.applying(changes).parameters == b.parameters)
        #expect(a.hash != b.hash && a.applying(changes).hash == b.hash)
        #expect(b.changes(to: a).map(\.path) == ["resident.insured_growth"])
    }

    @Test func quotedAndSpecialTextSurvivesTheFlowForm() throws {
        let text = #"name: "示例: a, b {c}\n第二行 \"q\" \\ 完""# + "\nregion: 'x#y'\nbase_year: 2021\nunit: 万元\nresident: {insured: 100, subsidy_per_capita: 600, individual_per_capita: 300, base_year_actuals: {expenditure: 10}}\nmembership: {model: aggregate}\n"
        let (scenario, resolved) = try ScenarioLoader.loadResolved(text: text, file: "t.yaml")
        let again = try ScenarioLoader.load(resolved)
        #expect(again.name == "示例: a, b {c}\n第二行 \"q\" \\ 完" && again.region == "x#y")
        #expect(again == scenario)
    }
}
