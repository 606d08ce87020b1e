import Foundation
import Yams

/// One setting of a scenario as the model ran it, after `extends` and `--set`: a key path and its
/// value as the scenario wrote it. Dated series (`{2021: 580, 2022: 610}`) are one parameter.
public struct ResolvedParameter: Sendable, Equatable, Hashable, Codable {
    /// Dotted key path, e.g. `employee.employer_rate`.
    public var path: String
    /// The value as YAML flow text: `0.08`, `{2021: 580, 2022: 610}`, `"示例市 2022 年度基金预算"`.
    public var value: String
    /// What the value is measured in: 万元 (money in the scenario's unit), 元/人·年, 人, 比率, 年增长率, 倍,
    /// 孩次/妇女, 文件 (a path), empty for text and counts of months or years.
    public var unit: String
    /// Where the value came from: `file:line` or `--set KEY=VALUE`.
    public var source: String

    public init(path: String, value: String, unit: String, source: String) {
        self.path = path
        self.value = value
        self.unit = unit
        self.source = source
    }
}

/// A parameter that differs between two resolved scenarios: `old` nil when added, `new` nil when removed.
public struct ParameterChange: Sendable, Equatable, Hashable {
    public var path: String
    public var old: ResolvedParameter?
    public var new: ResolvedParameter?
}

/// A scenario flattened into its parameters, enough to decode it again (with the data files it names).
public struct ResolvedScenario: Sendable, Equatable {
    /// The scenario file as the user named it.
    public var file: String
    public var parameters: [ResolvedParameter]
    /// FNV-1a 64-bit hash (16 hex digits) of every `path=value` line and of the bytes of each data
    /// file a parameter names: two runs with the same hash ran on the same inputs.
    public var hash: String

    public init(file: String, parameters: [ResolvedParameter]) {
        self.file = file
        self.parameters = parameters
        self.hash = ResolvedScenario.hash(parameters)
    }

    /// Where `key` (a dotted path) was given: its `file:line:column` or `--set`; nil when it was not.
    public func source(of key: String) -> String? {
        parameters.first { $0.path == key }?.source
    }

    /// The parameters that differ from `self` to `other`, in `other`'s order, then those `other` drops.
    public func changes(to other: ResolvedScenario) -> [ParameterChange] {
        let mine = Dictionary(parameters.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        let theirs = Dictionary(other.parameters.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [ParameterChange] = []
        for p in other.parameters where mine[p.path]?.value != p.value {
            out.append(ParameterChange(path: p.path, old: mine[p.path], new: p))
        }
        for p in parameters where theirs[p.path] == nil {
            out.append(ParameterChange(path: p.path, old: p, new: nil))
        }
        return out
    }

    /// These parameters with `changes` applied (replacing, adding or removing keys).
    public func applying(_ changes: [ParameterChange]) -> ResolvedScenario {
        var params = parameters
        for change in changes {
            let i = params.firstIndex { $0.path == change.path }
            switch (i, change.new) {
            case (let i?, let new?): params[i] = new
            case (nil, let new?): params.append(new)
            case (let i?, nil): params.remove(at: i)
            case (nil, nil): break
            }
        }
        return ResolvedScenario(file: file, parameters: params)
    }

    static func hash(_ parameters: [ResolvedParameter]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func feed<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
            for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        }
        for p in parameters {
            feed("\(p.path)=\(p.value)\n".utf8)
            if p.unit == ResolvedScenario.fileUnit, let path = ResolvedScenario.unquoted(p.value),
               let data = FileManager.default.contents(atPath: path) {
                feed(data)
            }
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static let fileUnit = "文件"

    static func unquoted(_ flow: String) -> String? {
        guard case .scalar(let s, _, _)? = try? SourceNode.parse(flow, file: "") else { return nil }
        return s
    }
}

extension ScenarioLoader {
    /// Loads a scenario file and its resolved parameters (what `--save` stores).
    public static func loadResolved(path: String, overrides: [String] = []) throws(ScenarioError) -> (scenario: Scenario, resolved: ResolvedScenario) {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let root = url.deletingLastPathComponent().resolvingSymlinksInPath().path
        var chain: [String] = []
        var names = DisplayNames()
        let tree = try resolve(url: url, displayPath: path, rootDirectory: root, chain: &chain, names: &names)
        let outside = containmentIssues(tree, root: root, names: names)
        if !outside.isEmpty { throw ScenarioError(outside) }
        return try resolved(tree, file: path, names: names, overrides: overrides)
    }

    /// Loads a scenario text and its resolved parameters.
    public static func loadResolved(text: String, file: String, overrides: [String] = []) throws(ScenarioError) -> (scenario: Scenario, resolved: ResolvedScenario) {
        let tree = try SourceNode.parse(text, file: file)
        if tree["extends"] != nil { _ = try load(text: text, file: file, overrides: overrides) } // throws the loader's own message
        return try resolved(tree, file: file, names: DisplayNames(), overrides: overrides)
    }

    /// Decodes a scenario from its resolved parameters (a stored run's, possibly with changes applied).
    public static func load(_ resolved: ResolvedScenario) throws(ScenarioError) -> Scenario {
        var tree = SourceNode.mapping([], SourceLocation(file: resolved.file))
        for p in resolved.parameters {
            let location = SourceLocation(file: p.source)
            let value = try SourceNode.parse(p.value, file: p.source).relocated(to: location)
            tree = tree.setting(p.path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)[...], to: value)
        }
        return try ScenarioDecoder.decode(tree, file: resolved.file)
    }

    /// Applies `--set` overrides in order, collecting every problem.
    static func applying(_ overrides: [String], to tree: SourceNode, names: inout DisplayNames) -> (SourceNode, [ScenarioIssue]) {
        var tree = tree
        var issues: [ScenarioIssue] = []
        let workingDirectory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for override in overrides {
            do throws(ScenarioError) {
                tree = try apply(override: override, to: tree, workingDirectory: workingDirectory, names: &names)
            } catch {
                issues += error.issues
            }
        }
        return (tree, issues)
    }

    private static func resolved(_ tree: SourceNode, file: String, names: DisplayNames, overrides: [String]) throws(ScenarioError) -> (scenario: Scenario, resolved: ResolvedScenario) {
        var names = names
        let (merged, issues) = applying(overrides, to: tree, names: &names)
        let final = merged.removing("extends")
        let context = DecodingContext(file: file)
        let scenario: Scenario
        do throws(ScenarioError) {
            scenario = try ScenarioDecoder.decode(final, file: file, displayNames: names.byPath, context: context)
        } catch {
            throw ScenarioError(issues + error.issues)
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
        var parameters: [ResolvedParameter] = []
        flatten(final, path: [], into: &parameters, unit: { path in
            if pathKeys.contains(path) || path == ["history"] { return ResolvedScenario.fileUnit }
            return context.quantities[path.joined(separator: ".")].map { unitName($0, money: context.unit) } ?? ""
        })
        return (scenario, ResolvedScenario(file: file, parameters: parameters))
    }

    static func unitName(_ q: Quantity, money: MoneyUnit) -> String {
        switch q {
        case .money: return money.rawValue
        case .moneyPerHead: return "元/人·年"
        case .rate, .interestRate: return "比率"
        case .growth, .improvement: return "年增长率"
        case .count, .signed: return "人"
        case .positiveRatio: return "倍"
        case .nonNegative, .persistence, .volatility, .correlation: return ""
        case .fertility: return "孩次/妇女"
        }
    }

    /// A double-quoted YAML scalar on one line (Yams' emitter does the escaping).
    static func doubleQuoted(_ s: String) -> String {
        let text = (try? Yams.serialize(node: .scalar(Node.Scalar(s, .implicit, .doubleQuoted)), width: -1, allowUnicode: true)) ?? ""
        return text.trimmingCharacters(in: .newlines)
    }

    /// Leaves: scalars, lists, nulls and dated mappings (every key a year or `interpolate`).
    static func flatten(_ node: SourceNode, path: [String], into out: inout [ResolvedParameter], unit: ([String]) -> String) {
        if case .mapping(let pairs, _) = node, !pairs.isEmpty,
           !pairs.allSatisfy({ Int($0.key) != nil || $0.key == "interpolate" }) {
            for pair in pairs { flatten(pair.value, path: path + [pair.key], into: &out, unit: unit) }
            return
        }
        guard !path.isEmpty else { return }
        out.append(ResolvedParameter(path: path.joined(separator: "."), value: flow(node), unit: unit(path), source: node.location.description))
    }

    /// YAML flow text that parses back to the same node.
    static func flow(_ node: SourceNode) -> String {
        switch node {
        case .null: return "~"
        case .scalar(let s, _, let quoted):
            let special = CharacterSet(charactersIn: ",{}[]:#\"'&*!|>%@`\\\n\t")
            let plain = !quoted && !s.isEmpty && s.rangeOfCharacter(from: special) == nil && s.trimmingCharacters(in: .whitespaces) == s
                && !["~", "null", "Null", "NULL", "-", "?"].contains(s)
            return plain ? s : doubleQuoted(s)
        case .sequence(let items, _): return "[" + items.map(flow).joined(separator: ", ") + "]"
        case .mapping(let pairs, _): return "{" + pairs.map { flow(.scalar($0.key, $0.keyLocation, quoted: false)) + ": " + flow($0.value) }.joined(separator: ", ") + "}"
        }
    }
}

extension ResolvedScenario {
    /// The English of a unit name ``ScenarioLoader/unitName(_:money:)`` (or ``fileUnit``) gives, for renderers; other
    /// text is returned as it is.
    public static func englishUnit(_ unit: String) -> String {
        switch unit {
        case "元/人·年": return "yuan per person a year"
        case "比率": return "ratio"
        case "年增长率": return "annual growth rate"
        case "人": return "persons"
        case "倍": return "times"
        case "孩次/妇女": return "births per woman"
        case fileUnit: return "file"
        default: return MoneyUnit(rawValue: unit)?.english ?? unit
        }
    }
}
