import Testing
@testable import Scenario
import TestSupport

/// `sources:` — documents cited for parameters, checked against the scenario's own parameter paths.
@Suite("Parameter sources") struct ParameterSourcesTests {
    static let scenario = """
        name: sources
        base_year: 2021
        horizon: 2025
        membership: {model: aggregate}
        \(minimalEmployee)
        warnings:
          months_payable: {red: 3, orange: 6}
        """

    @Test func documentsAttachToParametersAndBlocks() throws {
        let text = Self.scenario + """

            sources:
              employee.employer_rate: 《某市职工基本医疗保险办法》(某政发〔2021〕12号)
              warnings.months_payable: "人社部发〔2009〕67号 (通行口径)"
            """
        let (_, resolved) = try ScenarioLoader.loadResolved(text: text, file: "s.yaml")
        let p = resolved.parameters
        #expect(p.document(for: "employee.employer_rate") == "《某市职工基本医疗保险办法》(某政发〔2021〕12号)")
        #expect(p.document(for: "warnings.months_payable.red") == "人社部发〔2009〕67号 (通行口径)")
        #expect(p.document(for: "employee.average_base") == nil)
        #expect(!p.withoutSources.contains { $0.path.hasPrefix("sources.") })
        // The stored form decodes again (nested keys after the round trip).
        let again = try ScenarioLoader.load(resolved)
        #expect(again.employee?.employerRate.value(in: 2022) == 0.08)
    }

    @Test func anUnknownPathIsLocatedWithTheClosestPath() {
        let found = issues(Self.scenario + "\nsources:\n  employee.employer_rat: 某文件\n", file: "s.yaml")
        #expect(found.count == 1)
        #expect(found.first?.location.line == 13) // line 12 is `sources:`
        #expect(found.first?.found.contains("did you mean 'employee.employer_rate'") == true)
    }

    @Test func aSourceMustBeOneLineOfText() {
        let found = issues(Self.scenario + "\nsources:\n  employee.employer_rate: [a, b]\n", file: "s.yaml")
        #expect(found.first?.expected.contains("one line of text") == true)
        let notMapping = issues(Self.scenario + "\nsources: 国发〔1998〕44号\n", file: "s.yaml")
        #expect(notMapping.first?.key == "sources")
    }
}
