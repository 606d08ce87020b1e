/// Why the finance model could not be set up from a scenario. Rendered at the CLI edge like a
/// scenario error: the key, what was expected, what was found.
public struct FinanceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Dotted scenario key the problem is about.
    public var key: String
    public var expected: String
    public var found: String

    public init(key: String, expected: String, found: String) {
        self.key = key
        self.expected = expected
        self.found = found
    }

    public var description: String { "\(key): expected \(expected), found \(found)" }
}
