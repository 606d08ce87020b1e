import Foundation

/// Exact additive splits of a change into its causes.
///
/// - ``lmdi(from:to:)``: the log-mean Divisia index (LMDI-I, Ang 2004) for a product of factors
///   `V = x₁·x₂·…·xₙ`: factor `i` gets `L(V¹, V⁰)·ln(xᵢ¹ / xᵢ⁰)`, where `L(a, b) = (a − b) / (ln a − ln b)`
///   is the logarithmic mean. The parts sum to `V¹ − V⁰` with no residual, because
///   `Σ ln(xᵢ¹/xᵢ⁰) = ln(V¹/V⁰)`.
/// - ``shapley(players:value:)``: the Shapley value of any outcome over a few changed inputs.
/// - ``sequential(players:value:)``: one input at a time, in the order given.
public enum Attribution {
    /// Logarithmic mean `L(a, b)`, with the standard limits `L(a, a) = a` and `L(a, 0) = 0`.
    public static func logMean(_ a: Double, _ b: Double) -> Double {
        if a == b { return a }
        guard a > 0, b > 0 else { return 0 }
        return (a - b) / (log(a) - log(b))
    }

    /// LMDI-I parts of `Π x¹ − Π x⁰`, one a factor.
    ///
    /// Zero values take the analytical limit (each zero replaced by the same δ → 0, Ang & Liu 2007):
    /// when the product is zero in one year only, the whole change goes to the factors that are zero
    /// in that year, shared equally; a factor equal in both years gets 0. With a negative factor the
    /// logarithms do not exist, and the Shapley split of the product (also exact) is returned instead.
    public static func lmdi(from x0: [Double], to x1: [Double]) -> [Double] {
        precondition(x0.count == x1.count, "lmdi: the two years need the same factors")
        let n = x0.count
        if x0.contains(where: { $0 < 0 }) || x1.contains(where: { $0 < 0 }) {
            return shapley(players: n) { subset in [(0..<n).reduce(1.0) { $0 * (subset.contains($1) ? x1[$1] : x0[$1]) }] }.map { $0[0] }
        }
        let v0 = x0.reduce(1, *), v1 = x1.reduce(1, *)
        if v0 > 0, v1 > 0 {
            let w = logMean(v1, v0)
            return (0..<n).map { x1[$0] == x0[$0] ? 0 : w * log(x1[$0] / x0[$0]) }
        }
        if v0 == 0, v1 == 0 { return Array(repeating: 0, count: n) }
        // One year's product is zero: the factors that are zero in it carry the whole change.
        let zeroYear = v0 == 0 ? x0 : x1
        let zeros = zeroYear.indices.filter { zeroYear[$0] == 0 }
        let share = (v1 - v0) / Double(zeros.count)
        return (0..<n).map { zeros.contains($0) ? share : 0 }
    }

    /// Shapley value of each of `players` changed inputs on each outcome `value` returns, where
    /// `value(S)` is the outcome with the inputs in `S` changed and the others not:
    /// `φᵢ = Σ_{S ∌ i} |S|!(n − |S| − 1)!/n! · (v(S ∪ {i}) − v(S))`. The parts sum to `v(all) − v(none)`.
    /// Evaluates `value` on all 2ⁿ subsets (keep `n` small).
    public static func shapley<E: Error>(players n: Int, value: (Set<Int>) throws(E) -> [Double]) throws(E) -> [[Double]] {
        guard n > 0 else { return [] }
        var values: [[Double]] = []
        for mask in 0..<(1 << n) {
            values.append(try value(Set((0..<n).filter { mask & (1 << $0) != 0 })))
        }
        let outcomes = values[0].count
        func factorial(_ k: Int) -> Double { k < 2 ? 1 : (2...k).reduce(1.0) { $0 * Double($1) } }
        var parts = Array(repeating: Array(repeating: 0.0, count: outcomes), count: n)
        for i in 0..<n {
            for mask in 0..<(1 << n) where mask & (1 << i) == 0 {
                let s = mask.nonzeroBitCount
                let weight = factorial(s) * factorial(n - s - 1) / factorial(n)
                for o in 0..<outcomes { parts[i][o] += weight * (values[mask | (1 << i)][o] - values[mask][o]) }
            }
        }
        return parts
    }

    /// One input at a time in the order given: input `i` gets `v({0…i}) − v({0…i−1})`. Exact, but
    /// interactions go to whichever input comes later. Evaluates `value` n + 1 times.
    public static func sequential<E: Error>(players n: Int, value: (Set<Int>) throws(E) -> [Double]) throws(E) -> [[Double]] {
        var previous = try value([])
        var parts: [[Double]] = []
        for i in 0..<n {
            let next = try value(Set(0...i))
            parts.append(zip(next, previous).map { $0 - $1 })
            previous = next
        }
        return parts
    }
}
