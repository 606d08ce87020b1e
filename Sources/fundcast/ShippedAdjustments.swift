import Foundation
import Scenario

/// The shipped shocks and assumption sets (embedded from Scenarios/shocks and Scenarios/assumptions,
/// so they work from any directory), and the user's own files.
enum ShippedAdjustments {
    static let assumptionSetNames = ["low-cost", "intermediate", "high-cost"]

    /// Every shipped shock, in file-name order.
    static var shocks: [Adjustment] {
        EmbeddedAdjustments.files.filter { $0.path.hasPrefix("Scenarios/shocks/") }.compactMap { try? Adjustment.parse($0.text, file: $0.path) }
    }

    static var shockNames: [String] { shocks.map(\.name) }

    /// The shipped shock `name`, or an error naming the argument with the closest name.
    static func shock(_ name: String) throws(CommandFailure) -> Adjustment {
        if let s = shocks.first(where: { $0.name == name }) { return s }
        let hint = closestMatch(to: name, in: shockNames).map { " (did you mean '\($0)'?)" } ?? ""
        throw CommandFailure.message("--shock \(name): expected one of \(shockNames.joined(separator: ", ")), found unknown shock '\(name)'\(hint)")
    }

    /// `--assumptions SET`: a shipped set for the scenario's family (its own folder under
    /// Scenarios/assumptions when it has one, else the shared set), or a YAML file of changes.
    static func assumptionSet(_ set: String, scenario: String?) throws(CommandFailure) -> Adjustment {
        if set.hasSuffix(".yaml") || set.hasSuffix(".yml") || set.contains("/") {
            do { return try Adjustment.read(path: set, option: "--assumptions") } catch { throw CommandFailure.input(error) }
        }
        guard assumptionSetNames.contains(set) else {
            let hint = closestMatch(to: set, in: assumptionSetNames).map { " (did you mean '\($0)'?)" } ?? ""
            throw CommandFailure.message("--assumptions \(set): expected low-cost, intermediate, high-cost or a YAML file of changes, found '\(set)'\(hint)")
        }
        let family = scenario.map { URL(fileURLWithPath: ScenarioLoader.familyRoot(path: $0)).deletingPathExtension().lastPathComponent } ?? "example-city"
        for path in ["Scenarios/assumptions/\(family)/\(set).yaml", "Scenarios/assumptions/\(set).yaml"] {
            if let file = EmbeddedAdjustments.files.first(where: { $0.path == path }) {
                do { return try Adjustment.parse(file.text, file: file.path) } catch { throw CommandFailure.input(error) }
            }
        }
        throw CommandFailure.message("--assumptions \(set): no shipped set found")
    }
}
