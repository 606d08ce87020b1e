import Foundation
import TestSupport
import Testing
@testable import Reports
import Projection
import Scenario

private let scenarios: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Scenarios").path)) ?? [])
    .filter { $0.hasSuffix(".yaml") }.sorted()

@Suite struct DriverAttributionTests {
    /// Every split line of every projected year of every shipped scenario: the parts add up to the
    /// line's change to the 元, and the line's two figures are the budget table's.
    @Test(arguments: scenarios)
    func partsAddUpToEachLinesChange(_ file: String) throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("Scenarios/\(file)").path)
        let result = try Projection.run(scenario)
        var checked = 0
        for year in result.projectedYears.map(\.year) {
            let split = try DriverAttribution(result, year: year)
            let budget = try Budget(result, year: year)
            for line in split.lines {
                let sum = line.parts.values.reduce(0, +)
                #expect(abs(sum - line.change) < 0.5, "\(file) \(year) \(line.fund.rawValue) \(line.code): parts \(sum) vs change \(line.change)")
                // A whole row has the table's figures; a component lies within its row (budget year: no reported gap in it).
                let row = try #require(budget.tables.first { $0.code == line.fund.rawValue }?.rows.first { $0.line == line.row },
                                       "\(file) \(year) \(line.code): no row \(line.row.rawValue)")
                if line.isWholeRow {
                    #expect(row.previous == line.previous && row.budget == line.budget, "\(file) \(year) \(line.code) is not the budget table's line")
                } else {
                    #expect(line.budget <= (row.budget ?? 0) + 0.5, "\(file) \(year) \(line.code) exceeds its row \(line.row.rawValue)")
                }
                checked += 1
            }
        }
        #expect(checked > 0)
    }

    /// The example city's base year reports more income than its drivers give (its unexplained income): the
    /// split's previous-year contributions plus that gap are the budget table's previous-year row, to the 元,
    /// and the note names each fund's gap; a later year has none.
    @Test func theBaseYearsUnexplainedIncomeReconcilesTheTable() throws {
        let result = try Projection.run(try ScenarioLoader.load(path: repositoryPath("Scenarios/example-city.yaml")))
        let split = try DriverAttribution(result)
        let budget = try Budget(result)
        #expect(split.baseYearGaps.map(\.fund) == [.employeePooled, .employeePersonalAccount, .resident])
        for gap in split.baseYearGaps {
            let lines = split.lines.filter { $0.fund == gap.fund && $0.row == .contributions }
            let row = try #require(budget.tables.first { $0.code == gap.fund.rawValue }?.rows.first { $0.line == .contributions }?.previous)
            #expect(!lines.isEmpty)
            #expect(abs(lines.map(\.previous).reduce(0, +) + gap.amount - row) < 0.5, "\(gap.fund): \(lines.map(\.previous)) + \(gap.amount) vs \(row)")
        }
        let note = try #require(split.tables(style: NumberStyle(unit: .wan, grouping: true), language: .zh)[0].notes.last)
        // The example's drivers reproduce the combined contributions; the pooled/account split of its income
        // (56 : 44, as the contributions) and of its interest (by balance) differ, by ±522万.
        #expect(note.contains("职工统筹 -522.83, 个人账户 521.61, 居民医保 0.00"), "\(note)")
        #expect(try DriverAttribution(result, year: 2023).baseYearGaps.isEmpty)
    }

    /// Raising only the employer rate from 2022 moves the pooled contribution line through the rate alone.
    @Test func aRateChangeIsAllRate() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml").path,
                                               overrides: ["employee.employer_rate={2021: 0.08, 2023: 0.09}", "employee.active_growth=0",
                                                           "membership.model=aggregate", "employee.retired_growth=0", "assumptions.wage_growth=0"])
        let split = try DriverAttribution(result(scenario), year: 2023)
        let line = try #require(split.lines.first { $0.code == "contributions.employer_pooled" })
        #expect(line.change > 0)
        #expect(abs((line.parts[.rate] ?? 0) - line.change) < 0.5)
        #expect(abs(line.parts[.payers] ?? 1) < 0.5 && abs(line.parts[.averageBase] ?? 1) < 0.5 && abs(line.parts[.collectionRate] ?? 1) < 0.5)
    }

    /// A utilisation trend of 3 % a year (claims per head at every age) is the utilisation part: with the
    /// index 1.03 in the budget year, LMDI gives it L(v₁, v₀) × ln 1.03 of the resident benefit line, and
    /// the parts still add up. Without the trend the utilisation part is 0.
    @Test func aUtilisationTrendIsUtilisation() throws {
        let path = repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml").path
        let trending = try ScenarioLoader.load(path: path, overrides: ["assumptions.utilisation_trend=0.03"])
        let line = try #require(try DriverAttribution(result(trending), year: 2022).lines.first { $0.fund == .resident && $0.code == "benefits" })
        let mean = (line.budget - line.previous) / log(line.budget / line.previous)
        #expect(abs((line.parts[.utilisation] ?? 0) - mean * log(1.03)) < 0.5, "\(line.parts)")
        #expect(abs(line.parts.values.reduce(0, +) - line.change) < 0.5)
        let flat = try ScenarioLoader.load(path: path)
        let still = try #require(try DriverAttribution(result(flat), year: 2022).lines.first { $0.fund == .resident && $0.code == "benefits" })
        #expect(abs(still.parts[.utilisation] ?? 1) < 0.5)
        // The age mix moves on its own in a cohort model (ageing), and the unit cost with the price index.
        #expect(abs(still.parts[.ageing] ?? 0) > 1 && (still.parts[.unitPrice] ?? 0) > 1)
    }

    private func result(_ s: Scenario) throws -> ProjectionResult { try Projection.run(s) }
}
