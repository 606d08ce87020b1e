import Foundation
import Testing
@testable import Membership
import Demography
import Scenario

/// The repository root, found from this file: Tests/MembershipTests/Support.swift.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let exampleCityPath = repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml").path

/// `|x − y| ≤ tolerance·max(1, |y|)`.
func close(_ x: Double, _ y: Double, relative tolerance: Double) -> Bool {
    abs(x - y) <= tolerance * max(1, abs(y))
}

/// Scenarios/example-city.yaml (4.5 million people, base year 2021), with overrides.
func exampleCity(_ overrides: [String] = []) throws -> Scenario {
    try ScenarioLoader.load(path: exampleCityPath, overrides: overrides)
}

/// China as a whole, 2021: NBS year-end population and the national medical-security bulletin's
/// members, spending and balances.
let chinaNational2021 = """
    name: 中国 2021 全国
    region: 全国
    base_year: 2021
    horizon: 2050
    unit: 亿元
    population:
      total: 1412600000
      net_migration: 0
    employee:
      active: 261060000
      retired: 93240000
      average_base: 72792
      employer_rate: 0.08
      base_year_actuals:
        pooled_expenditure: 8043.35亿元
        pa_expenditure: 6703.38亿元
      balance:
        pooled: 17685.74亿元
        personal_account: 11753.98亿元
    resident:
      insured: 1008660000
      subsidy_per_capita: 580
      individual_per_capita: 320
      base_year_actuals:
        expenditure: 9296.37亿元
      balance: 6716.58亿元
    """

func chinaNational(_ overrides: [String] = []) throws -> Scenario {
    try ScenarioLoader.load(text: chinaNational2021, file: "china-2021.yaml", overrides: overrides)
}

/// The one result of projecting a single scenario.
func project(_ scenario: Scenario) throws -> CohortMembership.Result {
    try CohortMembership.project([scenario])[0]
}

extension CohortMembership.Result {
    func year(_ y: Int) -> MembershipYear { years.first { $0.year == y }! }
    func cells(_ y: Int) -> StateCells { cells[y - years[0].year] }
}

extension Array where Element == Double {
    var total: Double { reduce(0, +) }
}
