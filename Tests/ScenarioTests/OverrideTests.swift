import Testing
@testable import Scenario
import TestSupport

/// `--set KEY=VALUE` overrides, VALUE being YAML.
@Suite("ScenarioLoader: --set overrides")
struct OverrideTests {
    let base = """
        base_year: 2020
        unit: 万元
        \(minimalEmployee)
        """

    @Test("a scalar override replaces the file's value")
    func scalar() throws {
        let s = try ScenarioLoader.load(text: base, file: "t.yaml", overrides: ["employee.employer_rate=0.07"])
        #expect(s.employee?.employerRate == DatedValue(0.07)) // file says 0.08
        #expect(s.employee?.active == DatedValue(1000))      // siblings untouched
    }

    /// A base-year row named by its code or another name overrides the row as the file writes it (not the same row twice).
    @Test("a base-year row overridden by its code or a synonym replaces the file's row")
    func baseYearRowSynonyms() throws {
        let text = base + "\n  base_year_lines: {基本医疗保险费收入: 4000, 财政补贴收入: 50, 本年收入合计: 4050}\n"
        for key in ["fiscal_subsidy", "财政补助收入", "财政补贴收入"] {
            let s = try ScenarioLoader.load(text: text, file: "t.yaml", overrides: ["employee.base_year_lines.\(key)=60", "employee.base_year_lines.本年收入合计=4060"])
            #expect(s.employee?.baseYearLines.combined[.fiscalSubsidy] == 600_000, "\(key)")
        }
    }

    @Test("a YAML mapping override changes the value from its first year on")
    func dated() throws {
        // the file's 0.08 holds from the base year (2020) to 2025, the override from 2026
        let s = try ScenarioLoader.load(text: base, file: "t.yaml", overrides: ["employee.employer_rate={2026: 0.07}"])
        let rate = try #require(s.employee?.employerRate)
        #expect(rate.knots.map(\.year) == [2020, 2026])
        #expect(rate.value(in: 2025) == 0.08)
        #expect(rate.value(in: 2030) == 0.07)
    }

    @Test("overrides create missing blocks, apply in order and use the file's unit")
    func createAndOrder() throws {
        let s = try ScenarioLoader.load(text: base, file: "t.yaml", overrides: [
            "assumptions.wage_growth=0.04",
            "employee.balance.pooled=3",
            "assumptions.wage_growth=0.05", // the later one wins
        ])
        #expect(s.assumptions.wageGrowth == DatedValue(0.05))
        #expect(s.employee?.pooledBalance == 30_000) // 3 万元
    }

    @Test("an override without '=' is an error")
    func missingEquals() throws {
        let found = issues(base, overrides: ["employee.employer_rate"])
        let issue = try #require(found.first) // exactly one: see reportedOnce
        #expect(issue.location.file == "--set employee.employer_rate")
        #expect(issue.location.line == nil)
        #expect(issue.key == "")
        #expect(issue.expected == "KEY=VALUE with a dotted key, e.g. employee.employer_rate=0.07")
        #expect(issue.found == "'employee.employer_rate'")
        // '=' first: no key at all
        #expect(issues(base, overrides: ["=0.07"]).first?.found == "'=0.07'")
    }

    @Test("an override problem is reported once")
    func reportedOnce() {
        #expect(issues(base, overrides: ["employee.employer_rate"]).count == 1)
    }

    @Test("an empty segment in a dotted key is an error")
    func emptySegment() {
        #expect(issues(base, overrides: ["employee..employer_rate=0.07"]).first?.expected == "a dotted key such as employee.employer_rate")
    }

    @Test("an override with an unknown key is an error with a suggestion")
    func unknownKey() throws {
        let found = issues(base, overrides: ["employee.employer_rat=0.07"])
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "employee.employer_rat")
        #expect(issue.suggestion == "employer_rate")
        #expect(issue.location.file == "--set employee.employer_rat=0.07")
    }

    @Test("an invalid override value names the --set argument")
    func badValue() throws {
        let found = issues(base, overrides: ["employee.employer_rate=1.5"])
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "employee.employer_rate")
        #expect(issue.found == "1.5")
        #expect(issue.location.file == "--set employee.employer_rate=1.5")
    }

    @Test("command-line locations carry no line number")
    func setLocationHasNoLine() throws {
        let issue = try #require(issues(base, overrides: ["employee.employer_rate=1.5"]).first)
        #expect(issue.location.line == nil)
        #expect(issue.description == "--set employee.employer_rate=1.5: employee.employer_rate: expected a rate between 0 and 1 (e.g. 0.08 or 8%), found 1.5 (did you mean '1.5%'?)")
    }

    @Test("override errors and file errors are reported together")
    func together() throws {
        let found = issues(base.replacingOccurrences(of: "active: 1000", with: "active: -1"),
                           overrides: ["oops", "employee.retired=-2"])
        // "oops" has no '=', active −1 in the file, retired −2 from --set
        #expect(found.count == 3)
        #expect(Set(found.map(\.key)) == ["", "employee.active", "employee.retired"])
    }
}
