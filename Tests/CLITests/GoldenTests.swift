import Foundation
import Testing
import TestSupport

/// Golden outputs: each command's table and JSON on every shipped scenario, byte for byte, beside the
/// `.contains` checks of the other suites. A change to any figure or label shows up as a reviewed diff
/// of `Tests/Golden/`: regenerate with `FUNDCAST_UPDATE_GOLDEN=1 swift test --filter GoldenTests`
/// and read the diff before committing it.
@Suite(.serialized) struct GoldenTests {
    /// The commands whose output is kept, per shipped scenario (`name` is the golden file's suffix).
    static let commands: [(name: String, arguments: [String])] = [
        ("budget.txt", ["budget"]),
        ("budget.en.txt", ["budget", "--lang", "en"]),
        ("budget.json", ["budget", "--format", "json"]),
        ("run.txt", ["run"]),
        ("run.json", ["run", "--format", "json"]),
    ]

    static let update = ProcessInfo.processInfo.environment["FUNDCAST_UPDATE_GOLDEN"] == "1"

    @Test(arguments: shippedScenarios)
    func outputsMatchTheGoldenFiles(scenario: String) throws {
        let stem = URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
        for (name, arguments) in Self.commands {
            let result = try fundcast([arguments[0], scenario] + arguments.dropFirst())
            #expect(result.status == 0, "\(arguments.joined(separator: " ")) \(scenario): \(result.stderr)")
            let golden = repositoryRoot.appendingPathComponent("Tests/Golden/\(stem).\(name)")
            if Self.update {
                try result.stdout.write(to: golden, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            if result.stdout != expected {
                let a = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
                let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
                Issue.record("""
                    \(stem).\(name) differs from Tests/Golden at line \(first + 1):
                      got:      \(first < a.count ? String(a[first]) : "<end>")
                      expected: \(first < b.count ? String(b[first]) : "<end>")
                    (regenerate with FUNDCAST_UPDATE_GOLDEN=1 after reviewing the change)
                    """)
            }
        }
    }
}
