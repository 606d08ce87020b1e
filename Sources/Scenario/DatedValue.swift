/// How a ``DatedValue`` fills the years between knots.
public enum Interpolation: String, Sendable, Equatable { case step, linear }

/// A policy or assumption that changes over time: `{2024: 0.08, 2027: 0.07}`.
///
/// With ``Interpolation/step`` (the default) a knot's value holds from its year until the next knot;
/// with ``Interpolation/linear`` values between two knots are interpolated. Before the first knot the
/// first value holds, after the last knot the last value. A plain number is a single knot.
public struct DatedValue<Value: Sendable & Equatable>: Sendable, Equatable {

    /// Knots sorted by year, years unique.
    public let knots: [(year: Int, value: Value)]
    public let interpolation: Interpolation

    public init(knots: [(year: Int, value: Value)], interpolation: Interpolation = .step) {
        precondition(!knots.isEmpty, "a dated value needs at least one knot")
        // Knots usually come in order (a Monte Carlo path writes one a year): sort only when they do not.
        var ordered = true
        var i = 1
        while ordered, i < knots.count {
            ordered = knots[i - 1].year <= knots[i].year
            i += 1
        }
        self.knots = ordered ? knots : knots.sorted { $0.year < $1.year }
        self.interpolation = interpolation
    }

    /// A value that does not change.
    public init(_ constant: Value) {
        self.init(knots: [(year: Int.min, value: constant)])
    }

    /// Whether the value is one constant for all years.
    public var isConstant: Bool { knots.count == 1 }

    /// The last knot at or before `year`, or nil when `year` is before the first knot.
    public func knot(atOrBefore year: Int) -> (year: Int, value: Value)? {
        lastKnotIndex(atOrBefore: year).map { knots[$0] }
    }

    /// The index of the last knot at or before `year` (nil before the first): a binary search, as a
    /// Monte Carlo path's values carry a knot a year and are read every year.
    @inline(__always)
    func lastKnotIndex(atOrBefore year: Int) -> Int? {
        var low = 0, high = knots.count
        while low < high {
            let mid = (low + high) / 2
            if knots[mid].year <= year { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }

    public static func == (lhs: DatedValue, rhs: DatedValue) -> Bool {
        lhs.interpolation == rhs.interpolation && lhs.knots.elementsEqual(rhs.knots) { $0.year == $1.year && $0.value == $1.value }
    }

    /// The same knots with every value transformed (for example a unit conversion).
    public func map<T>(_ transform: (Value) -> T) -> DatedValue<T> {
        DatedValue<T>(knots: knots.map { ($0.year, transform($0.value)) }, interpolation: interpolation)
    }
}

extension DatedValue where Value == Double {
    /// The value in force in `year`.
    public func value(in year: Int) -> Double {
        guard let i = lastKnotIndex(atOrBefore: year) else { return knots[0].value }
        guard interpolation == .linear, i + 1 < knots.count else { return knots[i].value }
        let (y0, v0) = knots[i]
        let (y1, v1) = knots[i + 1]
        return v0 + (v1 - v0) * Double(year - y0) / Double(y1 - y0)
    }

    /// A level series that is re-anchored at every knot and grows at `growth` in between:
    /// `x(t) = v(k) · Π_{s=k+1…t} (1 + g(s))`, where `k` is the last knot at or before `t`
    /// (the base year for a plain number). Used for counts and wages that users state for some
    /// years (a budget year's planned payers) and project with a growth rate otherwise.
    /// With linear interpolation, years between two knots are interpolated instead of grown.
    public func anchoredLevel(in year: Int, baseYear: Int, growth: DatedValue<Double>) -> Double {
        let lastKnot = lastKnotIndex(atOrBefore: year)
        if interpolation == .linear, let i = lastKnot, i + 1 < knots.count { return value(in: year) }
        let anchorYear = lastKnot.map { max(knots[$0].year, baseYear) } ?? baseYear
        var level = lastKnot.map { knots[$0].value } ?? knots[0].value
        if anchorYear < year {
            for s in (anchorYear + 1)...year { level *= 1 + growth.value(in: s) }
        }
        return level
    }

    /// ``anchoredLevel(in:baseYear:growth:)`` of every year in `years`, in order, in O(n): a year that
    /// grows from the same anchor as the year before continues its product (the same factors in the
    /// same order, so each value equals its own ``anchoredLevel(in:baseYear:growth:)`` bit for bit).
    public func anchoredLevels(_ years: ClosedRange<Int>, baseYear: Int, growth: DatedValue<Double>) -> [Double] {
        var levels: [Double] = []
        levels.reserveCapacity(years.count)
        var previous: (knot: Int?, level: Double)?
        for year in years {
            let lastKnot = lastKnotIndex(atOrBefore: year)
            if interpolation == .linear, let i = lastKnot, i + 1 < knots.count {
                levels.append(value(in: year))
                previous = nil
                continue
            }
            let anchorYear = lastKnot.map { max(knots[$0].year, baseYear) } ?? baseYear
            var level: Double
            if let p = previous, p.knot == lastKnot, anchorYear < year {
                level = p.level * (1 + growth.value(in: year))
            } else {
                level = lastKnot.map { knots[$0].value } ?? knots[0].value
                if anchorYear < year {
                    for s in (anchorYear + 1)...year { level *= 1 + growth.value(in: s) }
                }
            }
            levels.append(level)
            previous = (lastKnot, level)
        }
        return levels
    }

    /// ``anchoredLevel(in:baseYear:growth:)`` as a lookup: the years `first…last` computed once
    /// (``anchoredLevels(_:baseYear:growth:)``), others on demand.
    public func anchoredSeries(baseYear: Int, growth: DatedValue<Double>, from first: Int, through last: Int) -> @Sendable (Int) -> Double {
        guard last >= first else { return { year in self.anchoredLevel(in: year, baseYear: baseYear, growth: growth) } }
        let table = anchoredLevels(first...last, baseYear: baseYear, growth: growth)
        return { year in
            year >= first && year <= last ? table[year - first] : self.anchoredLevel(in: year, baseYear: baseYear, growth: growth)
        }
    }
}
