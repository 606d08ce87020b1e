import Foundation

/// What a numeric leaf means, which decides its unit conversion and its allowed range.
enum Quantity {
    /// A fraction in [0, 1]: contribution and collection rates, shares. `8%` is accepted.
    case rate
    /// A yearly growth rate in (−1, 1].
    case growth
    /// Persons, ≥ 0.
    case count
    /// Aggregate money in the file's `unit` (or a unit written after the number), ≥ 0.
    case money
    /// Money per person a year, always 元 unless a unit is written, ≥ 0.
    case moneyPerHead
    /// A positive multiplier.
    case positiveRatio
    /// Months or years, ≥ 0.
    case nonNegative
    /// Any number of persons, positive or negative (net migration).
    case signed
    /// Births per woman, 0…10.
    case fertility
    /// A yearly interest rate on fund balances, 0…20 % (China's deposit rates have stayed far below).
    case interestRate
    /// A yearly rate of mortality improvement, −10 %…10 % (observed national rates are 1–3 %).
    case improvement
    /// Persistence φ of an AR(1) factor, 0…1 (1: a random walk).
    case persistence
    /// Standard deviation of a factor's yearly innovation, 0…1 (in the factor's own unit).
    case volatility
    /// A correlation coefficient, −1…1.
    case correlation

    var expected: String {
        switch self {
        case .rate: return "a rate between 0 and 1 (e.g. 0.08 or 8%)"
        case .growth: return "a yearly growth rate from -0.5 to 0.5 (e.g. 0.05 or 5%)"
        case .count: return "a number of persons: 0, or from 1 to 10 billion"
        case .money: return "an amount of money from 0 to 10¹⁷ 元"
        case .moneyPerHead: return "an amount in 元 per person from 0 to 10⁹"
        case .positiveRatio: return "a number above 0 and at most 1,000"
        case .nonNegative: return "a number from 0 to 1,000,000"
        case .signed: return "a number of persons between −10 billion and 10 billion"
        case .fertility: return "births per woman from 0 to 10"
        case .interestRate: return "an interest rate from 0 to 0.2 (20 %), e.g. 0.015 or 1.5%"
        case .improvement: return "a yearly mortality improvement from -0.1 to 0.1 (e.g. 0.01 or 1%)"
        case .persistence: return "an AR(1) persistence from 0 to 1 (e.g. 0.6; 1 is a random walk)"
        case .volatility: return "a standard deviation from 0 to 1 (e.g. 0.01 for 1 point a year)"
        case .correlation: return "a correlation from -1 to 1"
        }
    }

    /// Bounds keep every later product finite: no count, amount or ratio a scenario can give
    /// overflows a projection to the horizon.
    func accepts(_ v: Double) -> Bool {
        guard v.isFinite else { return false }
        switch self {
        case .rate: return v >= 0 && v <= 1
        case .growth: return v >= -0.5 && v <= 0.5
        case .count: return v == 0 || (v >= 1 && v <= 1e10)
        case .money: return v >= 0 && v <= 1e17
        case .moneyPerHead: return v >= 0 && v <= 1e9
        case .nonNegative: return v >= 0 && v <= 1e6
        case .positiveRatio: return v > 0 && v <= 1000
        case .signed: return abs(v) <= 1e10
        case .fertility: return v >= 0 && v <= 10
        case .interestRate: return v >= 0 && v <= 0.2
        case .improvement: return v >= -0.1 && v <= 0.1
        case .persistence, .volatility: return v >= 0 && v <= 1
        case .correlation: return v >= -1 && v <= 1
        }
    }
}

/// Reads one mapping of the scenario tree, collecting problems instead of stopping at the first.
///
/// The keys a reader asks for *are* the schema: once a mapping has been read, ``finish()`` reports
/// every key it holds that nobody asked for as unknown, with the closest known key as a suggestion.
final class MappingReader {
    let path: String
    let location: SourceLocation
    private let pairs: [(key: String, keyLocation: SourceLocation, value: SourceNode)]
    private var known: [String] = []
    let context: DecodingContext

    init(_ node: SourceNode?, path: String, context: DecodingContext) {
        self.path = path
        self.context = context
        switch node {
        case .mapping(let pairs, let loc)?:
            self.pairs = pairs
            self.location = loc
        case let other?:
            self.pairs = []
            self.location = other.location
            if case .null = other {} else {
                context.report(other.location, path, expected: "a mapping of keys", found: other.found)
            }
        case nil:
            self.pairs = []
            self.location = SourceLocation(file: context.file)
        }
    }

    var isPresent: Bool { !pairs.isEmpty }

    /// Where `key` is written in this mapping, if it is.
    func keyLocation(_ key: String) -> SourceLocation? {
        pairs.first { $0.key == key }?.keyLocation
    }

    /// The unknown key of this mapping that names `key` in another way (a Chinese label, a
    /// full-width colon): its own error says so, and the key is not also reported missing.
    func misspelling(of key: String) -> Bool {
        pairs.contains { $0.key != key && intendedKey($0.key) == key }
    }

    /// Every key of a mapping whose keys are data (row codes, fund names), each marked as known:
    /// the caller checks the keys itself.
    func entries() -> [(key: String, keyLocation: SourceLocation, value: SourceNode)] {
        known += pairs.map(\.key)
        return pairs
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw node under `key`, marking the key as known. A key written with no value (`unit:`) is an
    /// error, not an absent key: the example files' comments say what a value would be, and reading
    /// the default instead (元 for `unit`, 0 for a rate) would change every figure without a word.
    func node(_ key: String) -> SourceNode? {
        known.append(key)
        guard let pair = pairs.first(where: { $0.key == key }) else { return nil }
        if case .null(let location) = pair.value {
            if !context.issues.contains(where: { $0.key == keyPath(key) }) {
                context.issues.append(ScenarioIssue(location: location, key: keyPath(key), expected: "a value (or no \(key) line at all, for its default)",
                                                    found: "an empty value"))
            }
            return nil
        }
        return pair.value
    }

    /// Reports a required key that is absent or empty, with an example of a value.
    func require<T>(_ value: T?, _ key: String, example: String) -> T? {
        if value == nil, !misspelling(of: key), !context.issues.contains(where: { $0.key == keyPath(key) || $0.key.hasPrefix(keyPath(key) + ".") }) {
            let location = pairs.first { $0.key == key }?.keyLocation ?? self.location
            context.issues.append(ScenarioIssue(location: location, key: keyPath(key), expected: "a value, e.g. \(key): \(example)",
                                                found: pairs.contains { $0.key == key } ? "an empty value" : "no \(key)"))
        }
        return value
    }

    /// An `age,sex,<column>` table named by a path under `key` (already made absolute by the loader).
    func table(_ key: String, column: String, expected: String, accepts: @escaping (Double) -> Bool) -> AgeSexTable? {
        guard let n = node(key) else { return nil }
        guard let text = context.readFile(n, key: keyPath(key)) else { return nil }
        do {
            return try AgeSexTable.parse(csv: text, file: context.display(n), column: column, expected: expected, accepts: accepts)
        } catch {
            context.issues += error.issues
            return nil
        }
    }

    func has(_ key: String) -> Bool {
        known.append(key)
        return pairs.contains { $0.key == key }
    }

    func child(_ key: String) -> MappingReader {
        MappingReader(node(key), path: keyPath(key), context: context)
    }

    func string(_ key: String) -> String? {
        guard let n = node(key) else { return nil }
        guard case .scalar(let s, _, _) = n else {
            context.report(n.location, keyPath(key), expected: "text", found: n.found)
            return nil
        }
        return s
    }

    func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let n = node(key) else { return nil }
        guard case .scalar(let s, let loc, _) = n, let v = Int(s.trimmingCharacters(in: .whitespaces)) else {
            var found = n.found
            if case .scalar(let s, _, _) = n, let range = yearRangeProblem(s) {
                found = "'\(s)', \(range): \(key) is one year"
            } else if case .scalar(let s, _, _) = n, s.unicodeScalars.contains(where: { (0xFF10...0xFF19).contains($0.value) }) {
                found = "'\(s)', written with full-width digits (全角数字): write '\(NumberText.halfWidthText(s))'"
            }
            context.report(n.location, keyPath(key), expected: "a whole number in \(range.lowerBound)…\(range.upperBound)", found: found)
            return nil
        }
        guard range.contains(v) else {
            context.report(loc, keyPath(key), expected: "a whole number in \(range.lowerBound)…\(range.upperBound)", found: "\(v)")
            return nil
        }
        return v
    }

    /// A number that may not vary by year.
    func number(_ key: String, _ quantity: Quantity) -> Double? {
        guard let n = node(key) else { return nil }
        return context.number(n, path: keyPath(key), quantity)
    }

    /// A number or a dated series `{2024: 0.08, 2027: 0.07, interpolate: linear}`.
    func dated(_ key: String, _ quantity: Quantity) -> DatedValue<Double>? {
        guard let n = node(key) else { return nil }
        return context.dated(n, path: keyPath(key), quantity)
    }

    /// Reports keys present but never asked for.
    /// Unknown keys beyond the first ``ScenarioError/listedIssues`` of one mapping are counted in one line.
    func finish() {
        var names: [String] = []
        for key in known where !names.contains(key) { names.append(key) }
        let knownSet = Set(names)
        var unknown = 0
        for pair in pairs where !knownSet.contains(pair.key) {
            unknown += 1
            guard unknown <= ScenarioError.listedIssues else { continue }
            context.issues.append(ScenarioIssue(
                location: pair.keyLocation, key: keyPath(pair.key),
                expected: names.isEmpty ? "no keys here" : "one of " + names.joined(separator: ", "),
                found: "unknown key '\(pair.key)'" + unknownKeyNote(pair.key),
                suggestion: keySuggestion(pair.key, among: names)))
        }
        if unknown > ScenarioError.listedIssues {
            context.issues.append(ScenarioIssue(location: location, key: path, expected: "known keys only",
                                                found: "\(wholeNumber(Double(unknown - ScenarioError.listedIssues))) more unknown keys"))
        }
    }
}

/// State shared by the readers of one scenario: the money unit and the problems found so far.
final class DecodingContext {
    let file: String
    var unit: MoneyUnit = .yuan
    var issues: [ScenarioIssue] = []
    /// The scenario's base year, once read: dated series must say what holds in it.
    var baseYear: Int?

    init(file: String) { self.file = file }

    /// What each numeric key read meant (by dotted path), for the resolved parameter list's units.
    var quantities: [String: Quantity] = [:]

    /// How a path was written (for messages), from the loader's record of relative spellings.
    var displayNames: [String: String] = [:]

    func display(_ node: SourceNode) -> String {
        guard case .scalar(let path, _, _) = node else { return file }
        return displayNames[path] ?? path
    }

    /// Reads a file named by a scalar node, reporting a missing or unreadable one at the node.
    func readFile(_ node: SourceNode, key: String) -> String? {
        guard case .scalar(let path, let loc, _) = node else {
            report(node.location, key, expected: "a path to a CSV file", found: node.found)
            return nil
        }
        guard path.hasPrefix("/") else {
            report(loc, key, expected: "a scenario file to resolve '\(path)' against", found: "an embedded scenario")
            return nil
        }
        do {
            return try readUTF8(path, display: display(node), location: loc, key: key, expected: "a readable UTF-8 file")
        } catch {
            issues += error.issues
            return nil
        }
    }

    func report(_ location: SourceLocation, _ key: String, expected: String, found: String) {
        issues.append(ScenarioIssue(location: location, key: key, expected: expected, found: found))
    }

    /// Parses one numeric scalar (see ``NumberText``): thousands separators only in the `1,234,567.8`
    /// shape, rates may end in `%`, money may end in a unit (`3178万元`, `1.2 亿元`, `5万亿`, `980元`),
    /// scaled exactly by a decimal exponent. Comma decimals, full-width digits, hex, octal, `inf` and
    /// `nan` are refused with what was meant.
    func number(_ node: SourceNode, path: String, _ quantity: Quantity) -> Double? {
        quantities[path] = quantities[path] ?? quantity
        guard case .scalar(let raw, let loc, _) = node else {
            report(node.location, path, expected: quantity.expected, found: node.found)
            return nil
        }
        let fileExponent = quantity == .money ? unit.decimalExponent : 0
        switch NumberText.parse(raw, money: quantity == .money || quantity == .moneyPerHead,
                                percent: [.rate, .growth, .interestRate, .improvement].contains(quantity), defaultExponent: fileExponent) {
        case .failure(let problem):
            issues.append(ScenarioIssue(location: loc, key: path, expected: quantity.expected, found: problem.found, suggestion: problem.suggestion))
            return nil
        case .success(let value):
            guard quantity.accepts(value) else {
                // `8` for a rate (or `5` for a growth rate) is 8 % (5 %), written without its sign.
                let percent = [.rate, .interestRate, .growth, .improvement].contains(quantity) && abs(value) > 1 && abs(value) <= 100 && !raw.contains("%")
                issues.append(ScenarioIssue(location: loc, key: path, expected: quantity.expected, found: raw,
                                            suggestion: percent ? "\(raw.trimmingCharacters(in: .whitespaces))%" : nil))
                return nil
            }
            return value
        }
    }

    /// Parses a plain number or a mapping of years to numbers, with an optional `interpolate`.
    func dated(_ node: SourceNode, path: String, _ quantity: Quantity) -> DatedValue<Double>? {
        quantities[path] = quantity
        switch node {
        case .scalar:
            return number(node, path: path, quantity).map { DatedValue($0) }
        case .mapping(let pairs, let loc):
            var knots: [(year: Int, value: Double)] = []
            var interpolation = Interpolation.step
            var ok = true
            for pair in pairs {
                if pair.key == "interpolate" {
                    guard case .scalar(let s, let l, _) = pair.value, let i = Interpolation(rawValue: s) else {
                        report(pair.value.location, "\(path).interpolate", expected: "'step' or 'linear'", found: pair.value.found)
                        ok = false
                        continue
                    }
                    _ = l
                    interpolation = i
                    continue
                }
                guard let year = Int(pair.key), (1900...2200).contains(year) else {
                    issues.append(ScenarioIssue(location: pair.keyLocation, key: "\(path).\(pair.key)",
                                                expected: "a year (1900…2200) or 'interpolate'", found: yearKeyProblem(pair.key),
                                                suggestion: closestMatch(to: pair.key, in: ["interpolate"])))
                    ok = false
                    continue
                }
                guard let v = number(pair.value, path: "\(path).\(year)", quantity) else { ok = false; continue }
                if knots.contains(where: { $0.year == year }) {
                    report(pair.keyLocation, "\(path).\(year)", expected: "each year once", found: "\(year) twice")
                    ok = false
                }
                knots.append((year, v))
            }
            guard ok else { return nil }
            guard !knots.isEmpty else {
                report(loc, path, expected: "at least one year: value pair", found: "none")
                return nil
            }
            if let base = baseYear, let first = knots.map(\.year).min(), first > base {
                report(loc, path, expected: "a series that starts at or before the base year \(base), e.g. {\(base): …, \(first): …}",
                       found: "a first year of \(first) (what holds from \(base) to \(first - 1)?)")
                return nil
            }
            return DatedValue(knots: knots, interpolation: interpolation)
        case .sequence, .null:
            report(node.location, path, expected: quantity.expected + ", or a mapping of years to values", found: node.found)
            return nil
        }
    }
}
