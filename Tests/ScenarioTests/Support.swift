import Foundation
import Testing
@testable import Scenario
import TestSupport


/// The issues of a scenario text that must fail to load; records a test issue if it loads.
func issues(
    _ text: String, file: String = "test.yaml", overrides: [String] = [],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> [ScenarioIssue] {
    do {
        let scenario = try ScenarioLoader.load(text: text, file: file, overrides: overrides)
        Issue.record("expected the scenario to fail, but it loaded: \(scenario.name)", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.issues
    }
}

/// The issues of a scenario file that must fail to load.
func issues(
    atPath path: String, overrides: [String] = [],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) -> [ScenarioIssue] {
    do {
        let scenario = try ScenarioLoader.load(path: path, overrides: overrides)
        Issue.record("expected \(path) to fail, but it loaded: \(scenario.name)", sourceLocation: sourceLocation)
        return []
    } catch {
        return error.issues
    }
}


