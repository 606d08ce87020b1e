import Foundation

/// One value a scenario sets, as written: its dotted key, its YAML text and where it came from
/// (file and line, or the `--set` argument). The assumptions sheet of an export lists them all.
public struct ScenarioParameter: Sendable, Equatable {
    /// Dotted key: `employee.employer_rate`.
    public var key: String
    /// The value as written; a dated value reads `{2021: 580, 2022: 610}`.
    public var value: String
    public var location: SourceLocation
}

extension ScenarioLoader {
    /// Every value the scenario file (with what it extends) and the overrides set, in file order.
    public static func parameters(path: String, overrides: [String] = []) throws(ScenarioError) -> [ScenarioParameter] {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var chain: [String] = []
        var names = DisplayNames()
        let tree = try resolve(url: url, displayPath: path, rootDirectory: url.deletingLastPathComponent().resolvingSymlinksInPath().path,
                               chain: &chain, names: &names)
        return try parameters(tree, overrides: overrides, names: &names)
    }

    /// The same for a scenario given as text (the embedded example).
    public static func parameters(text: String, file: String, overrides: [String] = []) throws(ScenarioError) -> [ScenarioParameter] {
        var names = DisplayNames()
        return try parameters(SourceNode.parse(text, file: file), overrides: overrides, names: &names)
    }

    private static func parameters(_ tree: SourceNode, overrides: [String], names: inout DisplayNames) throws(ScenarioError) -> [ScenarioParameter] {
        var tree = tree
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for override in overrides {
            tree = try apply(override: override, to: tree, workingDirectory: workingDirectory, names: &names)
        }
        var out: [ScenarioParameter] = []
        flatten(tree.removing("extends"), key: "", into: &out)
        return out
    }

    /// Leaves of the tree with dotted keys; a dated value (year keys) is one parameter.
    static func flatten(_ node: SourceNode, key: String, into out: inout [ScenarioParameter]) {
        switch node {
        case .null: return
        case .scalar(let s, let loc, _):
            out.append(ScenarioParameter(key: key, value: s, location: loc))
        case .sequence(let items, let loc):
            out.append(ScenarioParameter(key: key, value: "[" + items.map(inline).joined(separator: ", ") + "]", location: loc))
        case .mapping(let pairs, let loc):
            if !key.isEmpty, pairs.contains(where: { Int($0.key) != nil }) {
                out.append(ScenarioParameter(key: key, value: inline(node), location: pairs.first?.keyLocation ?? loc))
                return
            }
            for pair in pairs { flatten(pair.value, key: key.isEmpty ? pair.key : key + "." + pair.key, into: &out) }
        }
    }

    static func inline(_ node: SourceNode) -> String {
        switch node {
        case .null: return "null"
        case .scalar(let s, _, _): return s
        case .sequence(let items, _): return "[" + items.map(inline).joined(separator: ", ") + "]"
        case .mapping(let pairs, _): return "{" + pairs.map { "\($0.key): \(inline($0.value))" }.joined(separator: ", ") + "}"
        }
    }
}
