import Testing
@testable import Scenario
import TestSupport

/// Dated series must say what holds in the base year; a dated `--set` changes a value from its first year on.
@Suite("Dated series and the base year")
struct DatedSeriesTests {
    static let text = """
    base_year: 2021
    employee:
      active: 1000
      retired: 500
      average_base: 50000
      employer_rate: 0.08
      base_year_actuals: {pooled_expenditure: 1, pa_expenditure: 0}
    """

    @Test func aSeriesStartingAfterTheBaseYearIsAnError() throws {
        var caught: ScenarioError?
        do {
            _ = try ScenarioLoader.load(text: Self.text.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate: {2026: 0.06}"), file: "s.yaml")
        } catch {
            caught = error
        }
        let issue = try #require(caught?.issues.first)
        #expect(issue.key == "employee.employer_rate")
        #expect(issue.expected.contains("starts at or before the base year 2021"))
        #expect(issue.location.line == 6)
    }

    @Test func aDatedOverrideKeepsTheYearsBeforeIt() throws {
        // 0.08 in the file, {2026: 0.06} on the command line: 0.08 until 2025, 0.06 from 2026
        let s = try ScenarioLoader.load(text: Self.text, file: "s.yaml", overrides: ["employee.employer_rate={2026: 0.06}"])
        let rate = try #require(s.employee?.employerRate)
        #expect(rate.value(in: 2021) == 0.08)
        #expect(rate.value(in: 2025) == 0.08)
        #expect(rate.value(in: 2026) == 0.06)
    }

    @Test func aDatedOverrideReplacesLaterKnotsOfASeries() throws {
        let file = Self.text.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate: {2021: 0.08, 2023: 0.075, 2030: 0.07}")
        let s = try ScenarioLoader.load(text: file, file: "s.yaml", overrides: ["employee.employer_rate={2025: 0.06}"])
        let rate = try #require(s.employee?.employerRate)
        #expect(rate.knots.map(\.year) == [2021, 2023, 2025]) // 2030 is replaced by the override from 2025 on
        #expect(rate.value(in: 2024) == 0.075)
        #expect(rate.value(in: 2031) == 0.06)
    }

    @Test func theCohortModelTakesBaseYearCountsOnly() throws {
        let file = Self.text.replacingOccurrences(of: "base_year: 2021", with: "base_year: 2021\npopulation: {total: 1000000}")
        var caught: ScenarioError?
        do {
            _ = try ScenarioLoader.load(text: file, file: "s.yaml", overrides: ["employee.payers={2021: 900, 2022: 800}"])
        } catch {
            caught = error
        }
        #expect(caught?.issues.contains { $0.key == "employee.payers" && $0.found == "a count for 2022" } == true)
        // the aggregate model takes them
        _ = try ScenarioLoader.load(text: file, file: "s.yaml", overrides: ["employee.payers={2021: 900, 2022: 800}", "membership.model=aggregate"])
    }
}

@Test func payersCannotExceedActives() throws {
    var caught: ScenarioError?
    do {
        _ = try ScenarioLoader.load(text: DatedSeriesTests.text, file: "s.yaml", overrides: ["employee.payers=1500"])
    } catch {
        caught = error
    }
    let issue = try #require(caught?.issues.first)
    #expect(issue.key == "employee.payers")
    #expect(issue.found == "1,500")
}
