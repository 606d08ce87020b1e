import Yams

/// One problem in a scenario: where, which key, what was expected and what was found.
public struct ScenarioIssue: Equatable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    /// Dotted key path, for example `employee.employer_rate`.
    public var key: String
    public var expected: String
    public var found: String
    /// "did you mean …?" for unknown keys.
    public var suggestion: String?

    public init(location: SourceLocation, key: String, expected: String, found: String, suggestion: String? = nil) {
        self.location = location
        self.key = key
        self.expected = expected
        self.found = found
        self.suggestion = suggestion
    }

    /// `file:line: key: expected …, found … (did you mean …?)`, with control characters of user text
    /// (file names, keys, values) written out as `\u{1B}` so a message can never drive the terminal.
    public var description: String {
        var text = "\(location): "
        if !key.isEmpty { text += "\(key): " }
        text += "expected \(expected), found \(found)"
        if let suggestion { text += " (did you mean '\(suggestion)'?)" }
        return escapingControlCharacters(text)
    }

    static func yamlSyntax(_ error: YamlError, file: String) -> ScenarioIssue {
        var line: Int?
        var column: Int?
        var problem = "\(error)"
        switch error {
        case .scanner(_, let p, let mark, _), .parser(_, let p, let mark, _):
            line = mark.line
            column = mark.column
            problem = p
        case .composer(_, let p, let mark, _):
            line = mark.line
            column = mark.column
            problem = p
        case .duplicatedKeysInMapping(let duplicates, let context):
            line = context.mark.line
            column = context.mark.column
            problem = "duplicated key " + duplicates.map { "'\($0)'" }.joined(separator: ", ")
        default:
            break
        }
        return ScenarioIssue(location: SourceLocation(file: file, line: line, column: column), key: "",
                             expected: "valid YAML", found: "a syntax error: \(problem)")
    }
}

/// Every problem found in a scenario and the files it extends. Loading reports all problems at
/// once, so a user fixes a file in one pass instead of one error per run.
public struct ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    public var issues: [ScenarioIssue]

    public init(_ issues: [ScenarioIssue]) {
        self.issues = issues
    }

    /// At most this many issues are listed; the rest are counted ("… and K more").
    public static let listedIssues = 100

    /// One line per issue, the first ``listedIssues`` of them, then "… and K more problems" if any.
    public var lines: [String] {
        var lines = issues.prefix(Self.listedIssues).map(\.description)
        if issues.count > Self.listedIssues {
            lines.append("… and \(wholeNumber(Double(issues.count - Self.listedIssues))) more problems (the first \(Self.listedIssues) are listed)")
        }
        return lines
    }

    public var description: String {
        lines.joined(separator: "\n")
    }
}
