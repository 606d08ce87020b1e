import Foundation
import Testing
@testable import Scenario

/// Relative closeness for amounts that went through a unit factor (`1.2 × 10⁸`, `8 × 0.01`).
func close(_ x: Double?, _ y: Double, tolerance: Double = 1e-12) -> Bool {
    guard let x else { return false }
    return abs(x - y) <= tolerance * max(1, abs(y))
}

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

/// A fresh folder under the system's temporary directory, one per test, removed by `remove()`.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fundcast-scenario-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `relative` (creating sub-folders) and returns the file's path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The smallest employee scheme the decoder accepts, as YAML lines indented under `employee:`.
let minimalEmployee = """
    employee:
      active: 1000
      retired: 500
      average_base: 50000
      employer_rate: 0.08
    """
