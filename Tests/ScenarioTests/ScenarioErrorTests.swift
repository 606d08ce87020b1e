import Testing
@testable import Scenario
import TestSupport

/// Each kind of problem a scenario can have: the issue must name the key path, the line, and what was
/// expected versus found. Line numbers are 1-based and counted in the comment beside each fixture.
@Suite("ScenarioLoader: errors")
struct ScenarioErrorTests {
    @Test("an unknown key is reported at its line with a did-you-mean")
    func unknownKeySuggestion() throws {
        let found = issues("""
            base_year: 2020
            employee:
              active: 1000
              retired: 500
              average_base: 50000
              employer_rat: 0.08
            """)
        // line 6 holds the typo; employer_rate is then also missing.
        #expect(found.count == 2)
        let unknown = try #require(found.first { $0.key == "employee.employer_rat" })
        #expect(unknown.location.file == "test.yaml")
        #expect(unknown.location.line == 6)
        #expect(unknown.location.column == 3)
        #expect(unknown.found == "unknown key 'employer_rat'")
        #expect(unknown.suggestion == "employer_rate") // edit distance 1
        #expect(unknown.expected.contains("employer_rate"))
        #expect(unknown.description.contains("did you mean 'employer_rate'?"))
        #expect(unknown.description.hasPrefix("test.yaml:6:3: employee.employer_rat: "))
        let missing = try #require(found.first { $0.key == "employee.employer_rate" })
        #expect(missing.expected == "a value, e.g. employer_rate: 0.08")
    }

    @Test("unknown keys at the top level and deeper; no suggestion when nothing is close")
    func unknownKeysElsewhere() throws {
        let found = issues("""
            base_year: 2020
            horizn: 2050
            flavour: sweet
            employee:
              active: 1000
              retired: 500
              average_base: 50000
              employer_rate: 0.08
              personal_account: {retiree_allocaton: 1200}
            """)
        #expect(found.count == 3)
        let horizon = try #require(found.first { $0.key == "horizn" })
        #expect(horizon.location.line == 2 && horizon.suggestion == "horizon")
        let flavour = try #require(found.first { $0.key == "flavour" })
        #expect(flavour.location.line == 3 && flavour.suggestion == nil)
        let allocation = try #require(found.first { $0.key == "employee.personal_account.retiree_allocaton" })
        #expect(allocation.location.line == 9 && allocation.suggestion == "retiree_allocation")
    }

    @Test("a rate outside [0, 1] is rejected, also inside a dated value and as a percentage")
    func rateOutOfRange() throws {
        let found = issues("""
            base_year: 2020
            employee:
              active: 1000
              retired: 500
              average_base: 50000
              employer_rate: 1.5
              employee_rate: {2020: 0.02, 2025: 150%}
            """)
        #expect(found.count == 2)
        let employer = try #require(found.first { $0.key == "employee.employer_rate" })
        #expect(employer.location.line == 6)
        #expect(employer.expected == "a rate between 0 and 1 (e.g. 0.08 or 8%)")
        #expect(employer.found == "1.5")
        let dated = try #require(found.first { $0.key == "employee.employee_rate.2025" })
        #expect(dated.location.line == 7)
        #expect(dated.found == "150%") // 150 × 0.01 = 1.5 > 1
    }

    @Test("a negative count is rejected")
    func negativeCount() throws {
        let found = issues("""
            base_year: 2020
            employee:
              active: -5
              retired: 500
              average_base: 50000
              employer_rate: 0.08
            """)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "employee.active")
        #expect(issue.location.line == 3)
        #expect(issue.expected == "a number of persons: 0, or from 1 to 10 billion")
        #expect(issue.found == "-5")
    }

    @Test("text where a number is expected, and a growth rate of −100 %")
    func textForNumber() throws {
        let found = issues("""
            base_year: 2020
            assumptions:
              wage_growth: -1
            employee:
              active: 1000
              retired: 500
              average_base: lots
              employer_rate: 0.08
            """)
        #expect(found.count == 2)
        let base = try #require(found.first { $0.key == "employee.average_base" })
        #expect(base.location.line == 7)
        #expect(base.expected == "an amount in 元 per person from 0 to 10⁹")
        #expect(base.found == "'lots'")
        let growth = try #require(found.first { $0.key == "assumptions.wage_growth" })
        #expect(growth.location.line == 3)
        #expect(growth.expected.contains("from -0.5 to 0.5")) // −1 would wipe out the level; beyond ±50 % a year is no forecast
    }

    @Test("a mapping where a number is expected")
    func mappingForNumber() throws {
        let found = issues("""
            base_year: 2020
            employee:
              active: 1000
              retired: 500
              average_base: 50000
              employer_rate: 0.08
              balance: {pooled: {a: 1}}
            """)
        let issue = try #require(found.first)
        #expect(found.count == 1)
        #expect(issue.key == "employee.balance.pooled")
        #expect(issue.location.line == 7)
        #expect(issue.found == "a mapping")
    }

    @Test("a horizon before the base year")
    func horizonBeforeBase() throws {
        let found = issues("""
            base_year: 2020
            horizon: 2015
            \(minimalEmployee)
            """)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "horizon")
        #expect(issue.location.line == 2)
        #expect(issue.expected == "a year after base_year 2020")
        #expect(issue.found == "2015")
        // The base year itself is not after the base year either.
        #expect(issues("base_year: 2020\nhorizon: 2020\n\(minimalEmployee)").map(\.key) == ["horizon"])
    }

    @Test("a horizon more than 100 years after the base year")
    func horizonTooFar() throws {
        let found = issues("""
            base_year: 2020
            horizon: 2121
            \(minimalEmployee)
            """)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "horizon")
        #expect(issue.location.line == 2)
        #expect(issue.expected == "at most 100 years after base_year 2020") // 2121 − 2020 = 101
        #expect(issue.found == "2121")
    }

    @Test("a missing base_year")
    func missingBaseYear() throws {
        let found = issues("""
            name: x
            \(minimalEmployee)
            """)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "base_year")
        #expect(issue.found == "no base_year")
        #expect(issue.expected.contains("base_year: 2024"))
    }

    @Test("a base year that is not a year")
    func badBaseYear() throws {
        let text = try #require(issues("base_year: twenty\n\(minimalEmployee)").first)
        #expect(text.key == "base_year" && text.location.line == 1)
        #expect(text.found == "'twenty'")
        #expect(text.expected == "a whole number in 1990…2100")
        let early = try #require(issues("base_year: 1989\n\(minimalEmployee)").first)
        #expect(early.found == "1989")
    }

    @Test("a missing required employee key")
    func missingAverageBase() throws {
        let found = issues("""
            base_year: 2020
            employee:
              active: 1000
              retired: 500
              employer_rate: 0.08
            """)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "employee.average_base")
        #expect(issue.expected == "a value, e.g. average_base: 98000")
        #expect(issue.found == "no average_base")
    }

    @Test("a required key written with no value is reported by name")
    func emptyRequiredValue() throws {
        let found = issues("""
            base_year: 2020
            employee:
              active: 1000
              retired: 500
              average_base:
              employer_rate: 0.08
            """)
        let issue = try #require(found.first)
        #expect(issue.key == "employee.average_base")
        #expect(issue.location.line == 5)
    }

    @Test("an empty base_year is reported by name")
    func emptyBaseYear() throws {
        let found = issues("base_year:\n\(minimalEmployee)")
        #expect(found.first?.key == "base_year")
        #expect(found.first?.location.line == 1)
    }

    @Test("a bad year key in a dated value")
    func badYearKey() throws {
        let found = issues("""
            base_year: 2020
            assumptions:
              wage_growth: {20x4: 0.1}
              interest_rate: {1850: 0.01}
            \(minimalEmployee)
            """)
        #expect(found.count == 2)
        let typo = try #require(found.first { $0.key == "assumptions.wage_growth.20x4" })
        #expect(typo.location.line == 3)
        #expect(typo.expected == "a year (1900…2200) or 'interpolate'")
        #expect(typo.found == "'20x4'")
        let early = try #require(found.first { $0.key == "assumptions.interest_rate.1850" })
        #expect(early.location.line == 4) // 1850 is outside 1900…2200
    }

    @Test("a bad interpolate value, and a misspelt interpolate key")
    func badInterpolate() throws {
        let found = issues("""
            base_year: 2020
            assumptions:
              wage_growth: {2020: 0.1, interpolate: cubic}
              medical_inflation: {2020: 0.1, interpolat: linear}
            \(minimalEmployee)
            """)
        #expect(found.count == 2)
        let bad = try #require(found.first { $0.key == "assumptions.wage_growth.interpolate" })
        #expect(bad.location.line == 3)
        #expect(bad.expected == "'step' or 'linear'")
        #expect(bad.found == "'cubic'")
        let typo = try #require(found.first { $0.key == "assumptions.medical_inflation.interpolat" })
        #expect(typo.location.line == 4)
        #expect(typo.suggestion == "interpolate")
    }

    @Test("a bad unit")
    func badUnit() throws {
        let found = issues("""
            base_year: 2020
            unit: dollars
            \(minimalEmployee)
            """)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "unit")
        #expect(issue.location.line == 2)
        #expect(issue.expected == "元, 万元 or 亿元")
        #expect(issue.found == "'dollars'")
    }

    @Test("neither an employee nor a resident scheme")
    func noScheme() throws {
        let found = issues("""
            base_year: 2020
            assumptions:
              wage_growth: 0.05
            """)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "employee/resident")
        #expect(issue.found == "neither")
    }

    @Test("warning thresholds out of order")
    func warningOrder() throws {
        // red 7 > default orange 6
        let found = issues("""
            base_year: 2020
            \(minimalEmployee)
            warnings:
              months_payable: {red: 7}
            """)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "warnings.months_payable")
        #expect(issue.expected == "red ≤ orange ≤ excess")
        #expect(issue.found == "red 7.0, orange 6.0, excess 15.0")
    }

    @Test("a YAML syntax error names the line")
    func yamlSyntax() throws {
        let found = issues("""
            base_year: 2020
            employee:
              active: 1000: 2
            """)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.location.file == "test.yaml")
        #expect(issue.location.line == 3) // "mapping values are not allowed" at the second ':'
        #expect(issue.expected == "valid YAML")
        #expect(issue.found.hasPrefix("a syntax error: "))
    }

    @Test("a duplicated key is reported at its line without echoing the whole file")
    func duplicatedKey() throws {
        let found = issues("""
            base_year: 2020
            employee:
              active: 1000
              active: 1200
              retired: 500
              average_base: 50000
              employer_rate: 0.08
            """)
        let issue = try #require(found.first)
        // At the second occurrence, the one to remove or merge, naming the first.
        #expect(issue.location.line == 4 && issue.location.column == 3, "\(issue)")
        #expect(issue.found.contains("duplicated key 'active' (first on line 3)"), "\(issue)")
        #expect(!issue.found.contains("average_base"))
    }

    @Test("several problems in one file are all reported at once")
    func allAtOnce() throws {
        let found = issues("""
            base_year: 2020
            horizon: 2010
            unit: dollars
            assumptions:
              wage_growth: {20x4: 0.1}
            employee:
              active: -5
              retired: 500
              average_base: 50000
              employer_rate: 1.5
              colection_rate: 0.9
            """)
        // line 2 horizon, line 3 unit, line 5 year key, line 7 active, line 10 employer_rate, line 11 unknown key
        #expect(found.count == 6)
        #expect(Set(found.map(\.key)) == [
            "horizon", "unit", "assumptions.wage_growth.20x4",
            "employee.active", "employee.employer_rate", "employee.colection_rate",
        ])
        #expect(found.compactMap(\.location.line).sorted() == [2, 3, 5, 7, 10, 11])
        #expect(found.first { $0.key == "employee.colection_rate" }?.suggestion == "collection_rate")
        // The rendered error has one line per issue.
        #expect(ScenarioError(found).description.split(separator: "\n").count == 6)
    }

    @Test("extends is not allowed in a scenario loaded from text")
    func extendsInText() throws {
        let found = issues("""
            extends: parent.yaml
            base_year: 2020
            """)
        #expect(found.count == 1)
        #expect(found.first?.key == "extends")
        #expect(found.first?.location.line == 1)
    }
}
