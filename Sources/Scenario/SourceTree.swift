import Yams
import CYaml

/// Where a value came from: a file and line, or a `--set` argument.
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    /// 1-based line; nil for command-line values.
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        guard let line else { return file }
        return column.map { "\(file):\(line):\($0)" } ?? "\(file):\(line)"
    }
}

/// A YAML document as a tree whose every node remembers its location, so that errors found long
/// after parsing (after `extends` and `--set` merged several sources) still name file and line.
indirect enum SourceNode: Sendable {
    case scalar(String, SourceLocation, quoted: Bool)
    case mapping([(key: String, keyLocation: SourceLocation, value: SourceNode)], SourceLocation)
    case sequence([SourceNode], SourceLocation)
    case null(SourceLocation)

    var location: SourceLocation {
        switch self {
        case .scalar(_, let l, _), .mapping(_, let l), .sequence(_, let l), .null(let l): return l
        }
    }

    /// A short description of what the node is, for "found …" in error messages.
    var found: String {
        switch self {
        case .scalar(let s, _, _):
            // A long value (a whole text file read as one scalar) is quoted by its start only.
            guard s.count > 120 else { return "'\(s)'" }
            return "'\(s.prefix(80))…' (\(s.count) characters)"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "nothing (null)"
        }
    }

    /// Parses YAML text. Syntax errors become a ``ScenarioIssue`` with the line Yams reports.
    static func parse(_ text: String, file: String, limits: InputLimits = .current) throws(ScenarioError) -> SourceNode {
        if text.utf8.count > limits.yamlBytes {
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: file), key: "",
                                               expected: "YAML of at most \(byteCount(limits.yamlBytes)) (fundcast's input limit; raise it with \(InputLimits.environmentNames.yamlBytes)=BYTES)",
                                               found: byteCount(text.utf8.count))])
        }
        if let issue = expansionIssue(text, file: file, budget: limits.yamlNodes) { throw ScenarioError([issue]) }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            var issue = ScenarioIssue.yamlSyntax(error, file: file)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if let colon = fullWidthColonIssue(text, file: file, errorLine: issue.location.line) {
                issue = colon
            } else if case .duplicatedKeysInMapping(let duplicates, _) = error, let first = issue.location.line, let column = issue.location.column,
                      let key = duplicates.first {
                // Yams marks the first occurrence; the one to delete or merge is the next at the same indentation.
                let prefix = String(repeating: " ", count: max(0, column - 1)) + key
                if let again = lines.indices.first(where: { $0 >= first && lines[$0].hasPrefix(prefix) && lines[$0].dropFirst(prefix.count).drop(while: { $0 == " " }).first == ":" }) {
                    issue.location = SourceLocation(file: file, line: again + 1, column: column)
                    issue.found = "a syntax error: duplicated key '\(key)' (first on line \(first)): give each key once (merge the two blocks)"
                }
            } else if let n = lines.firstIndex(where: { $0.contains("\t") }) {
                issue.found += " (line \(n + 1) has a tab: YAML indents with spaces only)"
            }
            throw ScenarioError([issue])
        } catch {
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: file), key: "",
                                               expected: "valid YAML", found: "\(error)")])
        }
        guard let node else { return .null(SourceLocation(file: file, line: 1)) }
        return convert(node, file: file)
    }

    /// Walks libyaml's event stream (without building a tree) and counts the nodes the document has once
    /// every alias is expanded: an anchored node's size is known when it ends, an alias adds that size.
    /// A document over `budget` nodes (a "billion laughs" alias bomb is ~10⁹ from 342 bytes) is refused
    /// before Yams composes it, so neither composing nor hashing keys nor converting can blow up.
    /// Syntax errors are left for Yams to report with its message.
    static func expansionIssue(_ text: String, file: String, budget: Int) -> ScenarioIssue? {
        var bytes = Array(text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeMutableBufferPointer { buffer -> ScenarioIssue? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var total = 0
            var starts: [(total: Int, anchor: String?)] = []
            var sizes: [String: Int] = [:]
            var aliases = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                func name(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? { p.map { String(cString: $0) } }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    total += 1
                    if let a = name(event.data.scalar.anchor) { sizes[a] = 1 }
                case YAML_SEQUENCE_START_EVENT:
                    starts.append((total, name(event.data.sequence_start.anchor)))
                    total += 1
                case YAML_MAPPING_START_EVENT:
                    starts.append((total, name(event.data.mapping_start.anchor)))
                    total += 1
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let start = starts.popLast(), let a = start.anchor { sizes[a] = total - start.total }
                case YAML_ALIAS_EVENT:
                    aliases += 1
                    total += name(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1
                default:
                    break
                }
                if total > budget {
                    let mark = event.start_mark
                    return ScenarioIssue(location: SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1), key: "",
                                         expected: "a YAML document of at most \(wholeNumber(Double(budget))) values"
                                            + (aliases > 0 ? " once its aliases (*name) are expanded" : "")
                                            + " (fundcast's input limit; raise it with \(InputLimits.environmentNames.yamlNodes)=N)",
                                         found: aliases > 0 ? "more after \(aliases) aliases (aliases that repeat anchors of anchors grow exponentially: a \"billion laughs\" document?)"
                                            : "more by line \(Int(mark.line) + 1)")
                }
            }
        }
    }

    private static func convert(_ node: Node, file: String) -> SourceNode {
        let loc = SourceLocation(file: file, line: node.mark.map { $0.line }, column: node.mark.map { $0.column })
        switch node {
        case .scalar(let s):
            if s.style == .plain, ["", "~", "null", "Null", "NULL"].contains(s.string) { return .null(loc) }
            return .scalar(s.string, loc, quoted: s.style != .plain)
        case .mapping(let m):
            var pairs: [(key: String, keyLocation: SourceLocation, value: SourceNode)] = []
            for (k, v) in m {
                let keyLoc = SourceLocation(file: file, line: k.mark.map { $0.line }, column: k.mark.map { $0.column })
                pairs.append((k.scalar?.string ?? "\(k)", keyLoc, convert(v, file: file)))
            }
            return .mapping(pairs, loc)
        case .sequence(let s):
            return .sequence(s.map { convert($0, file: file) }, loc)
        case .alias:
            return .null(loc) // Yams resolves aliases while composing; unreachable in practice.
        }
    }

    /// Deep merge for `extends`: mappings merge key by key, anything else in `override` replaces `self`.
    func merged(with override: SourceNode) -> SourceNode {
        guard case .mapping(let base, _) = self, case .mapping(let over, let overLoc) = override else {
            return override
        }
        // A dated-value mapping (year keys) replaces the inherited one whole: merging years would mix two series.
        if over.contains(where: { Int($0.key) != nil }) { return override }
        var result = base
        for pair in over {
            if let i = result.firstIndex(where: { $0.key == pair.key }) {
                result[i] = (pair.key, pair.keyLocation, result[i].value.merged(with: pair.value))
            } else {
                result.append(pair)
            }
        }
        return .mapping(result, overLoc)
    }

    /// Sets the value at a dotted path (for `--set a.b.c=…`), creating mappings on the way.
    func setting(_ path: ArraySlice<String>, to value: SourceNode) -> SourceNode {
        guard let head = path.first else { return value }
        var pairs: [(key: String, keyLocation: SourceLocation, value: SourceNode)] = []
        var loc = value.location
        if case .mapping(let existing, let l) = self {
            pairs = existing
            loc = l
        }
        let rest = path.dropFirst()
        if let i = pairs.firstIndex(where: { $0.key == head }) {
            pairs[i] = (head, value.location, pairs[i].value.setting(rest, to: value))
        } else {
            pairs.append((head, value.location, SourceNode.null(value.location).setting(rest, to: value)))
        }
        return .mapping(pairs, loc)
    }

    /// The same tree with every location replaced (command-line values have no lines).
    func relocated(to location: SourceLocation) -> SourceNode {
        switch self {
        case .scalar(let s, _, let quoted): return .scalar(s, location, quoted: quoted)
        case .mapping(let pairs, _): return .mapping(pairs.map { ($0.key, location, $0.value.relocated(to: location)) }, location)
        case .sequence(let items, _): return .sequence(items.map { $0.relocated(to: location) }, location)
        case .null: return .null(location)
        }
    }

    /// The value at a key path, if every step is a mapping that has it.
    func value(at path: ArraySlice<String>) -> SourceNode? {
        guard let head = path.first else { return self }
        return self[head]?.value(at: path.dropFirst())
    }

    /// The value of a top-level key, if the node is a mapping that has it.
    subscript(key: String) -> SourceNode? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// The node without a top-level key.
    func removing(_ key: String) -> SourceNode {
        guard case .mapping(let pairs, let loc) = self else { return self }
        return .mapping(pairs.filter { $0.key != key }, loc)
    }
}
