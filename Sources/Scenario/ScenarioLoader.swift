import Foundation

/// Loads scenario files: reads YAML, resolves `extends` (relative to the file, never leaving the
/// scenario's directory tree), applies `--set KEY=VALUE` overrides, loads the `history` CSV and decodes.
/// This is the one place the scenario layer touches the file system.
public enum ScenarioLoader {
    /// Loads a scenario file with command-line overrides (`employee.employer_rate=0.07`).
    public static func load(path: String, overrides: [String] = []) throws(ScenarioError) -> Scenario {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        let root = url.deletingLastPathComponent().resolvingSymlinksInPath().path
        var chain: [String] = []
        var names = DisplayNames()
        let tree = try resolve(url: url, displayPath: path, rootDirectory: root, chain: &chain, names: &names)
        // The files the scenario names must stay in its folder tree, as `extends` must; a path given
        // with `--set` is the user's own choice on the command line and resolves against the working directory.
        let outside = containmentIssues(tree, root: root, names: names)
        if !outside.isEmpty {
            var issues = outside
            do throws(ScenarioError) {
                var cleaned = tree
                for key in pathKeys where tree.value(at: key[...]) != nil { cleaned = cleaned.setting(key[...], to: .null(SourceLocation(file: path))) }
                _ = try finish(cleaned, file: path, names: names, overrides: overrides)
            } catch {
                // The path keys were emptied to find the other problems: not theirs to report again.
                let emptied = Set(pathKeys.map { $0.joined(separator: ".") })
                issues += error.issues.filter { !$0.expected.hasPrefix("a value, e.g.") && !($0.found == "an empty value" && emptied.contains($0.key)) }
            }
            throw ScenarioError(issues)
        }
        var scenario = try finish(tree, file: path, names: names, overrides: overrides)
        // The shared economic assumptions a --set changes (assumptions.*) are the whole pool's: every district takes them too.
        let shared = overrides.filter { $0.hasPrefix("assumptions.") }
        scenario.districts = try districts(of: scenario, directory: url.deletingLastPathComponent(), root: root, display: path, overrides: shared)
        return scenario
    }

    /// The district scenarios a city-level scenario lists (市级统筹): each relative to the city's file,
    /// inside its folder, a scenario file that lists no districts itself, with the city's base year.
    static func districts(of city: Scenario, directory: URL, root: String, display: String, overrides: [String] = []) throws(ScenarioError) -> [Scenario] {
        var districts: [Scenario] = []
        var issues: [ScenarioIssue] = []
        // 全市 adds every level once: a file listed twice, or two districts of one region, would count it twice.
        var seenFiles: [String: Int] = [:], seenRegions: [String: Int] = [:]
        for (i, file) in city.districtFiles.enumerated() {
            let url = directory.appendingPathComponent(file.path).standardizedFileURL
            let canonical = url.resolvingSymlinksInPath().path
            let key = "districts[\(i)]"
            if let first = seenFiles[canonical] {
                issues.append(ScenarioIssue(location: file.location, key: key, expected: "each district once (全市 adds every level once)",
                                            found: "'\(file.path)', already districts[\(first)]"))
                continue
            }
            seenFiles[canonical] = i
            guard canonical.hasPrefix(root + "/") else {
                issues.append(ScenarioIssue(location: file.location, key: key, expected: "a file inside the scenario's folder \(root)", found: "'\(file.path)', which leaves it"))
                continue
            }
            let shown = ((display as NSString).deletingLastPathComponent as NSString).appendingPathComponent(file.path)
            do throws(ScenarioError) {
                let d = try load(path: shown.isEmpty ? url.path : shown, overrides: overrides)
                if !d.districtFiles.isEmpty {
                    issues.append(ScenarioIssue(location: file.location, key: key, expected: "a district scenario without districts of its own", found: "'\(file.path)', which lists districts"))
                } else if d.baseYear != city.baseYear {
                    issues.append(ScenarioIssue(location: file.location, key: key, expected: "a district with the city's base year \(city.baseYear)", found: "'\(file.path)' with base year \(d.baseYear)"))
                } else if !d.region.isEmpty, let first = seenRegions[d.region] {
                    issues.append(ScenarioIssue(location: file.location, key: key, expected: "districts of different regions (each level of 全市 once)",
                                                found: "'\(file.path)' with region \(d.region), as districts[\(first)]"))
                } else {
                    if !d.region.isEmpty { seenRegions[d.region] = i }
                    districts.append(d)
                }
            } catch {
                issues += error.issues
            }
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
        return districts
    }

    /// The path keys of a file's merged tree that lead outside the scenario's folder `root` (after symlinks).
    static func containmentIssues(_ tree: SourceNode, root: String, names: DisplayNames) -> [ScenarioIssue] {
        pathKeys.compactMap { key -> ScenarioIssue? in
            guard case .scalar(let absolute, let loc, _)? = tree.value(at: key[...]), absolute.hasPrefix("/") else { return nil }
            let canonical = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
            guard !canonical.hasPrefix(root + "/") else { return nil }
            return ScenarioIssue(location: loc, key: key.joined(separator: "."), expected: "a file inside the scenario's folder \(root) (give files outside it with --set)",
                                 found: "'\(names.byPath[absolute] ?? absolute)', which leaves the scenario's folder")
        }
    }

    /// Loads a scenario from text (the embedded example, tests). `extends` is not available without a folder.
    public static func load(text: String, file: String, overrides: [String] = []) throws(ScenarioError) -> Scenario {
        let tree = try SourceNode.parse(text, file: file)
        if let ext = tree["extends"] {
            throw ScenarioError([ScenarioIssue(location: ext.location, key: "extends", expected: "no extends in an embedded scenario", found: ext.found)])
        }
        let scenario = try finish(tree, file: file, names: DisplayNames(), overrides: overrides)
        // District files are read beside a scenario file; text has no folder to read them from.
        if let first = scenario.districtFiles.first {
            throw ScenarioError([ScenarioIssue(location: first.location, key: "districts",
                                               expected: "no districts in a scenario without a file (districts are read from the scenario file's folder)",
                                               found: scenario.districtFiles.map(\.path).joined(separator: ", "))])
        }
        return scenario
    }

    private static func finish(_ tree: SourceNode, file: String, names: DisplayNames, overrides: [String]) throws(ScenarioError) -> Scenario {
        var names = names
        let (tree, issues) = applying(overrides, to: tree, names: &names)
        let scenario: Scenario
        do throws(ScenarioError) {
            scenario = try ScenarioDecoder.decode(tree.removing("extends"), file: file, displayNames: names.byPath)
        } catch {
            throw ScenarioError(issues + error.issues)
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
        var changed = scenario
        changed.commandLineChanges = overrides.map(CommandLineChange.set)
        return changed
    }

    /// A dated override `{2026: 0.07}` changes the value from 2026 on: the years before it keep what the
    /// scenario said (a plain number becomes the base year's knot). Anything else replaces the value.
    static func mergingDated(_ value: SourceNode, into existing: SourceNode?, baseYear: SourceNode?) -> SourceNode {
        guard case .mapping(let new, let location) = value,
              let firstNew = new.compactMap({ Int($0.key) }).min(),
              new.allSatisfy({ Int($0.key) != nil || $0.key == "interpolate" }), let existing else { return value }
        var kept: [(key: String, keyLocation: SourceLocation, value: SourceNode)] = []
        switch existing {
        case .scalar:
            guard case .scalar(let year, _, _)? = baseYear, let base = Int(year), base < firstNew else { return value }
            kept = [(String(base), existing.location, existing)]
        case .mapping(let old, _):
            guard old.allSatisfy({ Int($0.key) != nil || $0.key == "interpolate" }) else { return value }
            kept = old.filter { pair in Int(pair.key).map { $0 < firstNew } ?? !new.contains { $0.key == "interpolate" } }
        default:
            return value
        }
        return .mapping(kept + new, location)
    }

    /// Keys whose values are paths to files, resolved against the file that names them.
    static let pathKeys: [[String]] = [
        ["history"], ["population", "age_sex"], ["population", "life_table"], ["population", "migration_profile"],
        ["membership", "cost_profile", "active"], ["membership", "cost_profile", "retired"], ["membership", "cost_profile", "resident"],
        ["employee", "wage_profile"],
    ]

    /// Keys that only a scenario file can give.
    static let fileOnlyKeys: Set<String> = ["extends"]

    /// How each absolute path was written, for messages.
    struct DisplayNames {
        var byPath: [String: String] = [:]
    }

    /// Rewrites the path-valued keys of one file's tree as absolute paths against `directory`.
    static func absolutizingPaths(_ tree: SourceNode, against directory: URL, names: inout DisplayNames) -> SourceNode {
        var tree = tree
        for key in pathKeys {
            guard case .scalar(let path, let loc, let quoted)? = tree.value(at: key[...]), !path.hasPrefix("/") else { continue }
            let absolute = directory.appendingPathComponent(path).standardizedFileURL.path
            names.byPath[absolute] = path
            tree = tree.setting(key[...], to: .scalar(absolute, loc, quoted: quoted))
        }
        return tree
    }

    /// Applies one `KEY=VALUE`, where VALUE is YAML (`--set employee.employer_rate='{2026: 0.07}'`).
    static func apply(override: String, to tree: SourceNode, workingDirectory: URL? = nil) throws(ScenarioError) -> SourceNode {
        var names = DisplayNames()
        return try apply(override: override, to: tree, workingDirectory: workingDirectory, names: &names)
    }

    /// Paths given with `--set` resolve against the working directory.
    static func apply(override: String, to tree: SourceNode, workingDirectory: URL?, names: inout DisplayNames) throws(ScenarioError) -> SourceNode {
        let origin = "--set \(override)"
        guard let eq = override.firstIndex(of: "="), eq != override.startIndex else {
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: origin), key: "", expected: "KEY=VALUE with a dotted key, e.g. employee.employer_rate=0.07", found: "'\(override)'")])
        }
        let key = String(override[..<eq]).trimmingCharacters(in: .whitespaces)
        var path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // A base-year row named by its code or another of its names (fiscal_subsidy, 财政补助收入) is the row the
        // file writes (财政补贴收入): the override replaces it rather than adding the same row twice.
        if path.count >= 2, path[path.count - 2] == "base_year_lines", let line = BudgetLine.named(path[path.count - 1]),
           case .mapping(let pairs, _)? = tree.value(at: path.dropLast()[...]),
           let written = pairs.first(where: { $0.key != path[path.count - 1] && BudgetLine.named($0.key) == line }) {
            path[path.count - 1] = written.key
        }
        guard !path.isEmpty, !path.contains(where: \.isEmpty) else {
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: origin), key: key, expected: "a dotted key such as employee.employer_rate", found: "'\(key)'")])
        }
        if let first = path.first, fileOnlyKeys.contains(first) {
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: origin), key: key,
                                               expected: "a key --set can change (\(first) is resolved when the scenario file is read: write it in the file)", found: "'\(key)'")])
        }
        var value = try SourceNode.parse(String(override[override.index(after: eq)...]), file: origin)
            .relocated(to: SourceLocation(file: origin))
        value = mergingDated(value, into: tree.value(at: path[...]), baseYear: tree["base_year"])
        if let workingDirectory, pathKeys.contains(path) {
            value = absolutizingPaths(SourceNode.null(value.location).setting(path[...], to: value), against: workingDirectory, names: &names)
                .value(at: path[...]) ?? value
        }
        return tree.setting(path[...], to: value)
    }

    /// Reads a file and everything it extends, merging parents first.
    static func resolve(url: URL, displayPath: String, rootDirectory: String, chain: inout [String],
                                names: inout DisplayNames, via: SourceLocation? = nil) throws(ScenarioError) -> SourceNode {
        let canonical = url.resolvingSymlinksInPath().path
        if chain.contains(canonical) {
            throw ScenarioError([ScenarioIssue(location: via ?? SourceLocation(file: displayPath), key: "extends",
                                               expected: "no cycle of extends", found: (chain + [canonical]).map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: " → "))])
        }
        chain.append(canonical)
        let text = try readInput(url.path, display: displayPath, location: via, key: via == nil ? "" : "extends",
                                 expected: "a readable file", limit: (InputLimits.current.yamlBytes, InputLimits.environmentNames.yamlBytes))
        let tree = absolutizingPaths(try SourceNode.parse(text, file: displayPath), against: url.deletingLastPathComponent(), names: &names)
        guard let parentNode = tree["extends"] else { return tree }
        guard case .scalar(let relative, let loc, _) = parentNode else {
            throw ScenarioError([ScenarioIssue(location: parentNode.location, key: "extends", expected: "a path to a scenario file", found: parentNode.found)])
        }
        // An absolute path is that file (refused below when it leaves the folder), not a path under this one.
        let parentURL = (relative.hasPrefix("/") ? URL(fileURLWithPath: relative) : url.deletingLastPathComponent().appendingPathComponent(relative)).standardizedFileURL
        let parentCanonical = parentURL.resolvingSymlinksInPath().path
        let kind = FileKind(path: parentCanonical)
        guard kind == .regular || kind == .missing else {
            throw ScenarioError([ScenarioIssue(location: loc, key: "extends", expected: "a path to a scenario file",
                                               found: "'\(relative)', which is \(kind.description)")])
        }
        guard parentCanonical.hasPrefix(rootDirectory + "/") else {
            throw ScenarioError([ScenarioIssue(location: loc, key: "extends", expected: "a file inside \(rootDirectory)", found: "'\(relative)', which leaves the scenario's folder")])
        }
        let parentDisplay = (displayPath as NSString).deletingLastPathComponent.isEmpty
            ? relative : ((displayPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(relative)
        let parent = try resolve(url: parentURL, displayPath: parentDisplay, rootDirectory: rootDirectory, chain: &chain, names: &names, via: loc)
        return parent.removing("extends").merged(with: tree)
    }
}
