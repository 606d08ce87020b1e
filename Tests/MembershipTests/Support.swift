import Foundation
import Testing
@testable import Membership
import Demography
import Scenario
import TestSupport




/// Scenarios/example-city.yaml (4.5 million people, base year 2021), with overrides.
func exampleCity(_ overrides: [String] = []) throws -> Scenario {
    try ScenarioLoader.load(path: exampleCityPath, overrides: overrides)
}


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
