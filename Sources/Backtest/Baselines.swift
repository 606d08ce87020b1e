import Foundation
import LinearAlgebra

/// A trend baseline fitted to one annual series and extrapolated: the reference forecasts of Chinese
/// fund-forecasting studies against which the structural model is judged.
public protocol Baseline: Sendable {
    /// Short name used in tables and JSON (`gm11`, `linear`, `log_linear`, `verhulst`).
    var name: String { get }
    /// The fitted value for the year `firstYear + k` (k = 0 is the first observation).
    func value(atStep k: Int) -> Double
}

/// Why a baseline cannot be fitted to a series.
public enum BaselineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer observations than the model needs.
    case tooShort(model: String, needed: Int, found: Int)
    /// GM(1,1) needs positive data (its accumulated series must be increasing).
    case notPositive(model: String)
    /// The least-squares system was singular.
    case degenerate(model: String)

    public var description: String {
        switch self {
        case .tooShort(let m, let n, let f): return "\(m) needs at least \(n) consecutive years, found \(f)"
        case .notPositive(let m): return "\(m) needs positive values"
        case .degenerate(let m): return "\(m): the least-squares system is singular"
        }
    }
}

/// GM(1,1), the first-order one-variable grey model (Deng Julong 1982; Liu Sifeng et al.,
/// 《灰色系统理论及其应用》).
///
/// From the series `x⁰(1…n)`: the accumulated series `x¹(k) = Σ_{i≤k} x⁰(i)`, the background values
/// `z¹(k) = ½(x¹(k) + x¹(k−1))`, k = 2…n, and the grey equation `x⁰(k) + a·z¹(k) = b` fitted by least
/// squares (`[a, b]ᵀ = (BᵀB)⁻¹BᵀY`, `B = [−z¹, 1]`, `Y = x⁰(2…n)`, solved by dgels). Time response
/// `x̂¹(k+1) = (x⁰(1) − b/a)·e^{−ak} + b/a`, restored `x̂⁰(k+1) = x̂¹(k+1) − x̂¹(k)`.
public struct GreyModel: Baseline, Equatable {
    public let name = "gm11"
    /// Development coefficient `a` (negative for a growing series) and grey input `b`.
    public let a: Double
    public let b: Double
    public let first: Double
    /// The observations fitted.
    public let data: [Double]

    /// Needs at least 4 observations (the usual minimum for GM(1,1); 3 would leave one degree of freedom).
    public static let minimumLength = 4

    public init(_ x: [Double]) throws(BaselineError) {
        guard x.count >= Self.minimumLength else { throw .tooShort(model: "GM(1,1)", needed: Self.minimumLength, found: x.count) }
        guard x.allSatisfy({ $0 > 0 }) else { throw .notPositive(model: "GM(1,1)") }
        var x1 = [Double](), sum = 0.0
        for v in x { sum += v; x1.append(sum) }
        let n = x.count
        var b = Matrix(rows: n - 1, columns: 2)
        for k in 1..<n {
            b[k - 1, 0] = -(x1[k] + x1[k - 1]) / 2
            b[k - 1, 1] = 1
        }
        guard let ab = try? LAPACK.leastSquares(b, Array(x[1...])), ab[0] != 0 else { throw .degenerate(model: "GM(1,1)") }
        a = ab[0]
        self.b = ab[1]
        first = x[0]
        data = x
    }

    /// `x̂¹(k+1)`, k = 0, 1, …
    func accumulated(_ k: Int) -> Double {
        (first - b / a) * exp(-a * Double(k)) + b / a
    }

    public func value(atStep k: Int) -> Double {
        k == 0 ? first : accumulated(k) - accumulated(k - 1)
    }

    /// Residuals `ε(k) = x⁰(k) − x̂⁰(k)` for k = 2…n (the first point is fitted exactly by construction).
    public var residuals: [Double] {
        (1..<data.count).map { data[$0] - value(atStep: $0) }
    }

    /// Posterior-variance ratio `C = S₂/S₁`: `S₁` the standard deviation of the data (k = 1…n), `S₂`
    /// that of the residuals (k = 2…n), both with divisor n (population form).
    public var posteriorVarianceRatio: Double {
        let s1 = Self.standardDeviation(data), s2 = Self.standardDeviation(residuals)
        return s1 > 0 ? s2 / s1 : .infinity
    }

    /// Small-error probability `P = P(|ε(k) − ε̄| < 0.6745·S₁)` over k = 2…n.
    public var smallErrorProbability: Double {
        let e = residuals, mean = e.reduce(0, +) / Double(e.count)
        let bound = 0.6745 * Self.standardDeviation(data)
        return Double(e.filter { abs($0 - mean) < bound }.count) / Double(e.count)
    }

    /// The accuracy grade of the posterior-variance test (Liu Sifeng et al.): 1 good (C ≤ 0.35 and
    /// P ≥ 0.95), 2 qualified (C ≤ 0.50, P ≥ 0.80), 3 barely qualified (C ≤ 0.65, P ≥ 0.70), 4 unqualified.
    public var grade: Int {
        let c = posteriorVarianceRatio, p = smallErrorProbability
        if c <= 0.35 && p >= 0.95 { return 1 }
        if c <= 0.50 && p >= 0.80 { return 2 }
        if c <= 0.65 && p >= 0.70 { return 3 }
        return 4
    }

    static func standardDeviation(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return 0 }
        let mean = v.reduce(0, +) / Double(v.count)
        return (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(v.count)).squareRoot()
    }
}

/// Linear trend `y = α + β·k` or log-linear (constant growth) trend `ln y = α + β·k`, fitted by least
/// squares through LAPACK dgels on `[1, k]`, k = 0…n−1.
public struct TrendModel: Baseline, Equatable {
    public enum Form: String, Sendable, Equatable { case linear, logLinear = "log_linear" }
    public let form: Form
    public var name: String { form.rawValue }
    public let intercept: Double
    public let slope: Double

    public init(_ y: [Double], form: Form) throws(BaselineError) {
        let label = form == .linear ? "linear trend" : "log-linear trend"
        guard y.count >= 2 else { throw .tooShort(model: label, needed: 2, found: y.count) }
        if form == .logLinear, !y.allSatisfy({ $0 > 0 }) { throw .notPositive(model: label) }
        var a = Matrix(rows: y.count, columns: 2)
        for k in y.indices { a[k, 0] = 1; a[k, 1] = Double(k) }
        let rhs = form == .linear ? y : y.map { log($0) }
        guard let coefficients = try? LAPACK.leastSquares(a, rhs) else { throw .degenerate(model: label) }
        self.form = form
        intercept = coefficients[0]
        slope = coefficients[1]
    }

    public func value(atStep k: Int) -> Double {
        let v = intercept + slope * Double(k)
        return form == .linear ? v : exp(v)
    }
}

/// The grey Verhulst model (Liu Sifeng et al.) for saturating, S-shaped series: the data `x(k)` are
/// taken as the accumulated series, their first differences `Δx(k) = x(k) − x(k−1)` as the original
/// one, `z(k) = ½(x(k) + x(k−1))`, and `Δx(k) + a·z(k) = b·z(k)²` fitted by least squares (dgels);
/// time response `x̂(k+1) = a·x(1) / (b·x(1) + (a − b·x(1))·e^{ak})`.
public struct GreyVerhulst: Baseline, Equatable {
    public let name = "verhulst"
    public let a: Double
    public let b: Double
    public let first: Double

    public init(_ x: [Double]) throws(BaselineError) {
        guard x.count >= 4 else { throw .tooShort(model: "grey Verhulst", needed: 4, found: x.count) }
        guard x.allSatisfy({ $0 > 0 }) else { throw .notPositive(model: "grey Verhulst") }
        var m = Matrix(rows: x.count - 1, columns: 2)
        var y = [Double]()
        for k in 1..<x.count {
            let z = (x[k] + x[k - 1]) / 2
            m[k - 1, 0] = -z
            m[k - 1, 1] = z * z
            y.append(x[k] - x[k - 1])
        }
        guard let ab = try? LAPACK.leastSquares(m, y), ab[0] != 0 else { throw .degenerate(model: "grey Verhulst") }
        a = ab[0]
        b = ab[1]
        first = x[0]
    }

    public func value(atStep k: Int) -> Double {
        a * first / (b * first + (a - b * first) * exp(a * Double(k)))
    }
}

/// Mean absolute percentage error `100/n · Σ |ŷ − y| / |y|`, in percent; nil without pairs or when
/// an actual is zero.
public func meanAbsolutePercentageError(forecasts: [Double], actuals: [Double]) -> Double? {
    guard forecasts.count == actuals.count, !actuals.isEmpty, !actuals.contains(0) else { return nil }
    return 100 * zip(forecasts, actuals).reduce(0) { $0 + abs($1.0 - $1.1) / abs($1.1) } / Double(actuals.count)
}
