import Yams

/// `sources:` — the document each parameter's value comes from, so the drafted 测算说明 (`explain`) and the
/// exports' assumptions sheet can cite it:
///
///     sources:
///       employee.employer_rate: "《某市职工基本医疗保险办法》(某政发〔2021〕12号) 第八条"
///       assumptions.wage_growth: https://www.stats.gov.cn/…
///
/// Keys are dotted parameter paths of this scenario, or of a block of them (`warnings.months_payable`
/// covers its red, orange and excess thresholds; nested mappings that mirror the scenario's own
/// structure are read the same way); each value is one line of text: a document's title and 文号, or a URL.
/// A key that names no parameter of the scenario is an error, with the closest path suggested.
enum ParameterSources {
    /// Checks the `sources:` block of `tree` against the scenario's own parameters, reporting each bad entry.
    static func check(_ tree: SourceNode, context: DecodingContext) {
        guard let block = tree["sources"] else { return }
        guard case .mapping = block else {
            context.report(block.location, "sources", expected: "a mapping from parameter paths to documents", found: block.found)
            return
        }
        var parameters: [ResolvedParameter] = []
        ScenarioLoader.flatten(tree.removing("sources"), path: [], into: &parameters, unit: { _ in "" })
        let paths = Set(parameters.map(\.path))
        var cited: [ResolvedParameter] = []
        ScenarioLoader.flatten(.mapping([("sources", block.location, block)], block.location), path: [], into: &cited, unit: { _ in "" })
        for entry in cited {
            let path = String(entry.path.dropFirst("sources.".count))
            guard let node = node(at: "sources." + path, in: tree) else { continue }
            if !paths.contains(path), !paths.contains(where: { $0.hasPrefix(path + ".") }) {
                let suggestion = closestMatch(to: path, in: paths.sorted()).map { "; did you mean '\($0)'?" } ?? ""
                context.report(node.location, entry.path, expected: "the path of a parameter this scenario sets (e.g. employee.employer_rate)",
                               found: "'\(path)'" + suggestion)
            }
            guard case .scalar(let text, _, _) = node, !text.isEmpty, !text.contains("\n") else {
                context.report(node.location, entry.path, expected: "one line of text: a document's title and 文号, or a URL", found: node.found)
                continue
            }
        }
    }

    /// The node at a dotted path, following nested mappings and keys that themselves hold dots.
    static func node(at path: String, in tree: SourceNode) -> SourceNode? {
        if path.isEmpty { return tree }
        guard case .mapping(let pairs, _) = tree else { return nil }
        for pair in pairs where path == pair.key || path.hasPrefix(pair.key + ".") {
            let rest = path == pair.key ? "" : String(path.dropFirst(pair.key.count + 1))
            if let found = node(at: rest, in: pair.value) { return found }
        }
        return nil
    }
}

extension Array where Element == ResolvedParameter {
    /// The document the scenario's `sources:` block cites for the parameter at `path` or for the
    /// nearest block holding it, if any.
    public func document(for path: String) -> String? {
        var key = Substring(path)
        while !key.isEmpty {
            if let p = first(where: { $0.path == "sources." + key }) { return Self.text(p) }
            key = key.lastIndex(of: ".").map { key[..<$0] } ?? ""
        }
        return nil
    }

    /// A `sources:` entry's flow text back to the text the scenario wrote.
    private static func text(_ p: ResolvedParameter) -> String {
        ((try? Yams.load(yaml: p.value)) as? String) ?? p.value
    }

    /// The parameters without the `sources:` block's own entries.
    public var withoutSources: [ResolvedParameter] { filter { !$0.path.hasPrefix("sources.") } }
}
