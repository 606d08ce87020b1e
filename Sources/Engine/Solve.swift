import Scenario
import Projection

/// A condition on a per-year metric through a year: `employee.pooled.months_payable>=6` through 2035
/// holds when the metric is at least (or at most) the value in every year from the budget year on.
public struct KeepCondition: Sendable, Equatable {
    public enum Comparison: String, Sendable { case atLeast = ">=", atMost = "<=" }
    public var metric: YearMetric
    public var comparison: Comparison
    /// In the metric's base unit (money in 元, as in the `run` JSON).
    public var value: Double

    /// Parses `METRIC>=VALUE` or `METRIC<=VALUE`.
    public static func parse(_ text: String) -> Result<KeepCondition, SweepInputError> {
        let op: Comparison? = text.contains(">=") ? .atLeast : text.contains("<=") ? .atMost : nil
        guard let op, let range = text.range(of: op.rawValue) else {
            return .failure(SweepInputError(argument: text, expected: "METRIC>=VALUE or METRIC<=VALUE, e.g. employee.pooled.months_payable>=6", found: "'\(text)'"))
        }
        let name = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        let number = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
        guard let metric = YearMetric.named(name) else {
            return .failure(SweepInputError(argument: text, expected: "a per-year metric of the run JSON (\(YearMetric.allCases.map(\.rawValue).joined(separator: ", ")))",
                                            found: "'\(name)'", suggestion: closestMatch(to: name, in: YearMetric.allCases.map(\.rawValue))))
        }
        // A rate metric takes `5%` as --vary and --set do (read as 0.05).
        let percent = metric.measure == .rate && number.hasSuffix("%") ? Double(number.dropLast().trimmingCharacters(in: .whitespaces)).map { $0 / 100 } : nil
        guard let v = percent ?? Double(number), v.isFinite else {
            return .failure(SweepInputError(argument: text, expected: "a plain number after \(op.rawValue)\(metric.measure == .rate ? " (or a percentage, 5%)" : "")", found: "'\(number)'"))
        }
        return .success(KeepCondition(metric: metric, comparison: op, value: v))
    }

    /// The metric's values from the budget year through `year`.
    public func path(_ result: ProjectionResult, through year: Int) -> [(year: Int, value: Double?)] {
        result.projectedYears.filter { $0.year <= year }.map { ($0.year, metric.value($0, in: result)) }
    }

    /// Whether every year of `path` meets the condition (a missing figure does not).
    public func holds(_ path: [(year: Int, value: Double?)]) -> Bool {
        path.allSatisfy { p in
            guard let v = p.value else { return false }
            return comparison == .atLeast ? v >= value : v <= value
        }
    }
}

/// What goal seek found.
public struct SolveResult: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The value, and the nearest value on the other side within the tolerance, where it fails.
        case found(value: Double, failsAt: Double)
        /// Every value of the bracket satisfies the condition: the end nearer the failing direction is reported.
        case everyValue
        /// No value in the bracket satisfies it.
        case noValue
    }
    public var outcome: Outcome
    public var bracket: ClosedRange<Double>
    /// The part of `bracket` searched when values near an end project beyond ±10¹⁵ 元 (nil: all of it).
    public var searched: ClosedRange<Double>? = nil
    /// The metric's path at the value found (or at the bracket's better end).
    public var path: [(year: Int, value: Double?)]
}

extension Engine {
    /// Points evaluated per round of the bracketing search, in one batch of the engine (a finance key's
    /// points share one membership projection).
    public static let solvePointsPerRound = 16

    /// Goal seek: the value of `key` in `bracket` at the edge of where `condition` holds through `year`,
    /// to within `tolerance`. The bracket's ends decide the direction: when the condition holds at the
    /// upper end and fails at the lower, the lowest value that keeps it (a contribution rate); when it
    /// holds at the lower end, the highest (a cost growth). Each round evaluates
    /// ``solvePointsPerRound`` points across the current bracket and keeps the interval where the
    /// condition changes, so the bracket shrinks 17-fold a round. Assumes one change over the bracket.
    ///
    /// The points are projected through `year` only (or through the latest year a fund calibrates to,
    /// when that is later): the projection is causal, so no year up to `year` changes, and a value at
    /// the bracket's edge (an employer rate of 100 %) could otherwise drive a later balance beyond what
    /// a projection accepts (``ProjectionResult/boundsProblem()``) without saying anything about `year`.
    public func solve(_ key: NumericKey, in bracket: ClosedRange<Double>, condition: KeepCondition, through year: Int,
                      tolerance: Double) -> Result<SolveResult, VariantErrors> {
        // Each fund calibrates to its base-year actuals or its earliest history row of spending.
        let calibrationYears = Dictionary(grouping: baseline.history.filter { $0.metric == .expenditure && $0.year >= baseline.baseYear }, by: \.scheme)
            .values.compactMap { rows in rows.map(\.year).min() }
        var shortened = baseline
        shortened.horizon = min(baseline.horizon, max(year, baseline.baseYear + 1, calibrationYears.max() ?? baseline.baseYear))
        let engine = Engine(shortened, adjustment: adjustment, batchSize: batchSize, threads: threads)
        func evaluate(_ values: [Double]) -> Result<[[(year: Int, value: Double?)]], VariantErrors> {
            VariantErrors.collect(engine.run(values.map { Variant([(key, $0)]) }) { condition.path($0, through: year) })
        }
        // An end whose projection leaves the bounds (a rate of 100 % with a growing fund) moves toward
        // the other end until it is within them: the search runs where the model means something.
        // Returns the end and its path (each end projected once, here).
        typealias Path = [(year: Int, value: Double?)]
        func single(_ v: Double) -> Result<Path, VariantError> {
            engine.run([Variant([(key, v)])]) { condition.path($0, through: year) }[0]
        }
        func meaningful(_ end: Double, _ projected: Result<Path, VariantError>, toward other: Double) -> Result<(value: Double, path: Path), VariantErrors> {
            if case .success(let path) = projected { return .success((end, path)) }
            var beyond = end, within = other
            var withinPath: Path
            switch single(other) {
            case .success(let path): withinPath = path
            case .failure(let f): return .failure(VariantErrors(errors: [f]))
            }
            while abs(beyond - within) > tolerance, min(beyond, within).nextUp < max(beyond, within) {
                let n = Engine.solvePointsPerRound
                let points = (1...n).map { beyond + (within - beyond) * Double($0) / Double(n + 1) }
                let results = engine.run(points.map { Variant([(key, $0)]) }) { condition.path($0, through: year) }
                guard let i = results.firstIndex(where: { if case .success = $0 { true } else { false } }), case .success(let path) = results[i] else {
                    beyond = points[n - 1]
                    continue
                }
                if let bad = results[..<i].first(where: { if case .failure(let e) = $0 { !e.outOfBounds } else { false } }), case .failure(let e) = bad {
                    return .failure(VariantErrors(errors: [e]))
                }
                let before = (beyond, within)
                within = points[i]
                withinPath = path
                if i > 0 { beyond = points[i - 1] }
                if (beyond, within) == before { break }
            }
            return .success((within, withinPath))
        }
        // Both ends in one batch; any failure but leaving the bounds stops the search with every end's error.
        let endResults = engine.run([Variant([(key, bracket.lowerBound)]), Variant([(key, bracket.upperBound)])]) { condition.path($0, through: year) }
        if endResults.contains(where: { if case .failure(let e) = $0 { !e.outOfBounds } else { false } }), case .failure(let e) = VariantErrors.collect(endResults) {
            return .failure(e)
        }
        let low: (value: Double, path: Path), high: (value: Double, path: Path)
        switch (meaningful(bracket.lowerBound, endResults[0], toward: bracket.upperBound), meaningful(bracket.upperBound, endResults[1], toward: bracket.lowerBound)) {
        case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
        case (.success(let l), .success(let u)): (low, high) = (l, u)
        }
        let (lower, upper) = (low.value, high.value)
        let searched: ClosedRange<Double>? = lower == bracket.lowerBound && upper == bracket.upperBound ? nil : lower...upper
        let ends = [low.path, high.path]
        let (holdsLow, holdsHigh) = (condition.holds(ends[0]), condition.holds(ends[1]))
        if holdsLow && holdsHigh { return .success(SolveResult(outcome: .everyValue, bracket: bracket, searched: searched, path: ends[0])) }
        if !holdsLow && !holdsHigh { return .success(SolveResult(outcome: .noValue, bracket: bracket, searched: searched, path: ends[1])) }
        // `good` holds, `bad` fails; shrink the interval between them.
        var good = holdsHigh ? upper : lower
        var bad = holdsHigh ? lower : upper
        var goodPath = holdsHigh ? ends[1] : ends[0]
        // Until within the tolerance, or until no double lies between the two (a tolerance finer than
        // the values' precision would otherwise never be reached).
        while abs(good - bad) > tolerance, min(good, bad).nextUp < max(good, bad) {
            let n = Engine.solvePointsPerRound
            let points = (1...n).map { bad + (good - bad) * Double($0) / Double(n + 1) }
            let paths: [[(year: Int, value: Double?)]]
            switch evaluate(points) {
            case .failure(let e): return .failure(e)
            case .success(let p): paths = p
            }
            // The first point (from the failing side) that holds.
            let before = (good, bad)
            if let i = paths.firstIndex(where: condition.holds) {
                good = points[i]; goodPath = paths[i]
                if i > 0 { bad = points[i - 1] }
            } else {
                bad = points[n - 1]
            }
            // Points that round onto the ends make no progress: the two are as close as doubles get.
            if (good, bad) == before { break }
        }
        return .success(SolveResult(outcome: .found(value: good, failsAt: bad), bracket: bracket, searched: searched, path: goodPath))
    }
}
