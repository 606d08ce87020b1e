import Foundation
import Scenario

/// One dimension of a sweep: a numeric key and the values it takes, `FROM, FROM+STEP, … ≤ TO`.
public struct SweepAxis: Sendable {
    public var key: NumericKey
    public var values: [Double]

    public init(key: NumericKey, values: [Double]) {
        self.key = key
        self.values = values
    }

    /// Most grid points a sweep runs without `--force`.
    public static let maximumPoints = 100_000
    /// Most grid points with `--force`: a million points took about 3 GB and two minutes on 2 cores.
    public static let maximumForcedPoints = 1_000_000
    /// Most values one key takes, even with `--force` (the grid is built in memory).
    public static let maximumValuesPerKey = 1e6

    /// Parses `KEY=FROM:TO:STEP` (`employee.employer_rate=0.06:0.10:0.005`). Each value is rounded to
    /// the decimals written in FROM and STEP, so the point `0.065` is exactly what `--set KEY=0.065` reads.
    public static func parse(_ text: String) -> Result<SweepAxis, SweepInputError> {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            return .failure(SweepInputError(argument: text, expected: "KEY=FROM:TO:STEP, e.g. employee.employer_rate=0.06:0.10:0.005", found: "'\(text)'"))
        }
        let path = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        let key: NumericKey
        switch NumericKey.named(path) {
        case .success(let k): key = k
        case .failure(let e): return .failure(SweepInputError(argument: text, expected: e.expected, found: e.found, suggestion: e.suggestion))
        }
        let range = String(text[text.index(after: eq)...])
        let parts = range.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            return .failure(SweepInputError(argument: text, expected: "a range FROM:TO:STEP after '=', e.g. 0.06:0.10:0.005", found: range.isEmpty ? "an empty range" : "'\(range)'"))
        }
        var numbers: [Double] = []
        for (name, part) in zip(["FROM", "TO", "STEP"], parts) {
            guard let x = key.commandLineValue(part) else {
                return .failure(SweepInputError(argument: text, expected: "\(name) a plain number (e.g. 0.06\(key.measure == .rate ? " or 6%" : ""))", found: "'\(part)'"))
            }
            numbers.append(x)
        }
        let (from, to, step) = (numbers[0], numbers[1], numbers[2])
        guard step > 0 else {
            return .failure(SweepInputError(argument: text, expected: "a STEP above 0", found: parts[2]))
        }
        guard from <= to else {
            return .failure(SweepInputError(argument: text, expected: "FROM at most TO (a reversed range is empty)", found: "\(parts[0]) > \(parts[1])"))
        }
        // To rounding (0.3 − 0.2 is 0.0999…98 in binary), as the point count below allows.
        guard step <= (to - from) * (1 + 1e-9) || from == to else {
            return .failure(SweepInputError(argument: text, expected: "a STEP at most TO − FROM (\(plainDecimal(to - from))), or FROM equal to TO for one point", found: "\(parts[2]), which gives FROM only"))
        }
        let count = (to - from) / step
        guard count < maximumValuesPerKey else {
            return .failure(SweepInputError(argument: text, expected: "at most \(wholeNumber(maximumValuesPerKey)) values of one key", found: "\(wholeNumber(count + 1)) values"))
        }
        let n = Int((count + 1e-9).rounded(.down)) + 1
        let decimals = min(15, max(decimalPlaces(parts[0]), decimalPlaces(parts[2])))
        let values = (0..<n).map { i in Double(String(format: "%.\(decimals)f", from + Double(i) * step))! }
        return .success(SweepAxis(key: key, values: values))
    }

    /// Decimals a number is written with: `0.065` 3, `6e-2` 2, `2.5e-3` 4, `1.5e2` 0, `6.5%` 3.
    static func decimalPlaces(_ s: String) -> Int {
        var text = s.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("%") { return decimalPlaces(String(text.dropLast())) + 2 }
        text = text.replacingOccurrences(of: "_", with: "")
        let parts = text.split(whereSeparator: { $0 == "e" || $0 == "E" }).map(String.init)
        let mantissa = parts.first ?? text
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let written = mantissa.firstIndex(of: ".").map { mantissa[mantissa.index(after: $0)...].prefix { $0.isNumber }.count } ?? 0
        return max(0, written - max(-400, min(400, exponent)))
    }

    /// Every point of a grid of axes, the first axis outermost.
    public static func grid(_ axes: [SweepAxis]) -> [Variant] {
        var points: [[(key: NumericKey, value: Double)]] = [[]]
        for axis in axes {
            points = points.flatMap { p in axis.values.map { p + [(axis.key, $0)] } }
        }
        return points.map { Variant($0) }
    }
}

/// A bad `--vary`, `--for` or `--keep` argument: the argument as given, what was expected, what was found.
public struct SweepInputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var argument: String
    public var expected: String
    public var found: String
    public var suggestion: String?

    public init(argument: String, expected: String, found: String, suggestion: String? = nil) {
        self.argument = argument
        self.expected = expected
        self.found = found
        self.suggestion = suggestion
    }

    public var description: String {
        "\(argument): expected \(expected), found \(found)" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    }
}

/// A sweep's points: the values of each axis and what each point keeps of its projection.
public struct SweepResult: Sendable {
    public var axes: [SweepAxis]
    /// The years each point keeps balances and months payable for (the budget year first).
    public var years: [Int]
    public var points: [SweepPoint]
}

public struct SweepPoint: Sendable {
    /// One value per axis, in the axes' order.
    public var values: [Double]
    /// Nil when the point could not be projected (``failure`` says why).
    public var summary: PointSummary?
    /// Why the point failed (a collection rate above 1, a TFR below 0): its row stays, empty.
    public var failure: VariantError?
}

extension Engine {
    /// Runs every point of the grid of `axes` and keeps its ``PointSummary`` at the budget year and
    /// `years`. A point that fails keeps its place with its located error (the other points still
    /// compare); every error when no point could be projected.
    public func sweep(_ axes: [SweepAxis], at years: [Int]) -> Result<SweepResult, VariantErrors> {
        // The budget year first, then each `--at` year once, in the order given.
        var unique = [baseline.baseYear + 1]
        for y in years where !unique.contains(y) { unique.append(y) }
        let kept = unique
        let variants = SweepAxis.grid(axes)
        let results = run(variants) { PointSummary($0, at: kept) }
        let points = zip(variants, results).map { v, r -> SweepPoint in
            switch r {
            case .success(let s): return SweepPoint(values: v.settings.map(\.value), summary: s)
            case .failure(let e): return SweepPoint(values: v.settings.map(\.value), failure: e)
            }
        }
        if !points.isEmpty, points.allSatisfy({ $0.summary == nil }) { return .failure(VariantErrors(errors: points.compactMap(\.failure))) }
        return .success(SweepResult(axes: axes, years: kept, points: points))
    }
}
