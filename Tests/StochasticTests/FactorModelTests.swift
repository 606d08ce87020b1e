import Foundation
import Testing
import Scenario
@testable import Stochastic

/// Sampling checks of the factor model against its parameters. With `N` independent paths the sample
/// statistics of a normal variable have standard errors (SE) mean `√(V/N)`, variance `V·√(2/(N−1))`,
/// correlation `(1 − ρ²)/√N` (first-order); each check allows 4 SE, so a correct generator fails one check
/// with probability about 6·10⁻⁵ — and the seed is fixed, so the suite is deterministic.
@Suite("Factor model: AR(1) moments and correlated innovations")
struct FactorModelTests {
    static let paths = 20_000
    static let factors = StochasticFactor.allCases

    /// A correlation with every kind of entry: positive, negative, zero.
    static func settings() -> StochasticSettings {
        var s = StochasticSettings.defaults
        let n = factors.count
        func set(_ a: StochasticFactor, _ b: StochasticFactor, _ r: Double) {
            let i = factors.firstIndex(of: a)!, j = factors.firstIndex(of: b)!
            s.correlation[i * n + j] = r
            s.correlation[j * n + i] = r
        }
        set(.wageGrowth, .costGrowth, 0.5)
        set(.wageGrowth, .interestRate, 0.3)
        set(.tfr, .mortality, -0.2)
        set(.costGrowth, .utilisation, 0.4)
        return s
    }

    static func model() throws -> FactorModel { try FactorModel(settings()) }

    @Test("mean, variance and lag-1 autocorrelation of each factor match d_t = φ d_{t−1} + σ ε_t, d_0 = 0")
    func ar1Moments() throws {
        let m = try Self.model()
        let g = Philox4x32(seed: 2024)
        let t = 8, n = Double(Self.paths)
        let d = (0..<Self.paths).map { m.deviations(g, path: UInt64($0), steps: t) }
        for (i, f) in Self.factors.enumerated() {
            let phi = m.persistence[i], sigma = m.volatility[i]
            // Var(d_t) = σ²·Σ_{k<t} φ^{2k}: σ²(1 − φ^{2t})/(1 − φ²), or σ²·t for the random walk.
            func variance(_ t: Int) -> Double { sigma * sigma * (0..<t).map { pow(phi, 2 * Double($0)) }.reduce(0, +) }
            let x = d.map { $0[t][i] }, y = d.map { $0[t - 1][i] }
            let mean = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
            let v = x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
            let vy = y.map { ($0 - meanY) * ($0 - meanY) }.reduce(0, +) / (n - 1)
            let cov = zip(x, y).map { ($0 - mean) * ($1 - meanY) }.reduce(0, +) / (n - 1)
            let v0 = variance(t)
            #expect(abs(mean) <= 4 * (v0 / n).squareRoot(), "\(f) mean \(mean)")
            #expect(abs(v - v0) <= 4 * v0 * (2 / (n - 1)).squareRoot(), "\(f) variance \(v) vs \(v0)")
            // Corr(d_t, d_{t−1}) = φ·√(Var_{t−1}/Var_t).
            let rho = phi * (variance(t - 1) / v0).squareRoot(), r = cov / (v * vy).squareRoot()
            #expect(abs(r - rho) <= 4 * (1 - rho * rho) / n.squareRoot(), "\(f) lag-1 correlation \(r) vs \(rho)")
        }
    }

    @Test("the sample correlation of the innovations is the input matrix")
    func innovationCorrelation() throws {
        let m = try Self.model()
        let s = Self.settings(), g = Philox4x32(seed: 99)
        let k = Self.factors.count, n = Double(Self.paths)
        var e = [Double](repeating: 0, count: k)
        var draws: [[Double]] = []
        for p in 0..<Self.paths {
            m.innovations(g, path: UInt64(p), step: 1, into: &e)
            draws.append(e)
        }
        for i in 0..<k {
            for j in 0..<k where j > i {
                let a = draws.map { $0[i] }, b = draws.map { $0[j] }
                let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
                let cov = zip(a, b).map { ($0 - ma) * ($1 - mb) }.reduce(0, +)
                let r = cov / (a.map { ($0 - ma) * ($0 - ma) }.reduce(0, +) * b.map { ($0 - mb) * ($0 - mb) }.reduce(0, +)).squareRoot()
                let rho = s.correlation(Self.factors[i], Self.factors[j])
                #expect(abs(r - rho) <= 4 * (1 - rho * rho) / n.squareRoot(), "\(Self.factors[i])–\(Self.factors[j]): \(r) vs \(rho)")
            }
        }
    }

    /// ρ(a,b) = ρ(a,c) = 0.9, ρ(b,c) = −0.9 has determinant 1 − 3·0.81 − 2·0.729 < 0.
    @Test("a correlation matrix that is not positive definite is refused with its location")
    func notPositiveDefinite() {
        var s = StochasticSettings.defaults
        let n = Self.factors.count
        for (i, j, r) in [(0, 1, 0.9), (0, 2, 0.9), (1, 2, -0.9)] {
            s.correlation[i * n + j] = r
            s.correlation[j * n + i] = r
        }
        s.correlationLocation = SourceLocation(file: "x.yaml", line: 7)
        #expect(throws: StochasticError.correlationNotPositiveDefinite(location: SourceLocation(file: "x.yaml", line: 7), order: 3)) {
            _ = try FactorModel(s)
        }
    }

    @Test("zero volatility leaves the scenario exactly as written")
    func zeroVolatilityIsIdentity() throws {
        let m = try FactorModel(StochasticSettings.zeroVolatility())
        let d = m.deviations(Philox4x32(seed: 1), path: 5, steps: 3)
        #expect(d.allSatisfy { $0.allSatisfy { $0 == 0 } })
    }
}
