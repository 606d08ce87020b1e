import LinearAlgebra
import Scenario

/// Why a simulation cannot start: typed, rendered once by the CLI.
public enum StochasticError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The correlation matrix has no Cholesky factor (LAPACK dpotrf failed at this leading minor).
    case correlationNotPositiveDefinite(location: SourceLocation?, order: Int)
    /// The Lee–Carter fit failed (a LAPACK failure on the embedded data: a bug, reported).
    case leeCarterFit(String)

    public var description: String {
        switch self {
        case .correlationNotPositiveDefinite(let location, let order):
            let factors = StochasticFactor.allCases.prefix(order).map(\.rawValue).joined(separator: ", ")
            return "\(location.map { "\($0): " } ?? "")stochastic.correlation: expected a positive-definite correlation matrix, "
                + "found one whose leading \(order) × \(order) block (\(factors)) is not"
        case .leeCarterFit(let what): return "Lee–Carter fit failed: \(what)"
        }
    }
}

/// The joint law of the factors' yearly deviations from their central paths (Sources/Stochastic/README.md):
/// `ε_t = L·z_t` with `z_t` independent standard normals from ``Philox4x32`` and `L` the Cholesky factor
/// of the correlation matrix; `d_t = φ·d_{t−1} + σ·ε_t` from `d_{t0} = 0` for every AR(1) factor, and the
/// Lee–Carter index deviation `δ_t = δ_{t−1} + σ_k·ε_t` (a random walk: the central path carries the drift).
public struct FactorModel: Sendable {
    public let settings: StochasticSettings
    /// Lower Cholesky factor of the correlation, row-major `n × n`.
    public let cholesky: [Double]
    /// Persistence and volatility per factor in ``StochasticFactor/allCases`` order (mortality: 1, σ_k·scale).
    public let persistence: [Double]
    public let volatility: [Double]
    /// Lee–Carter loadings β by single-age cell (202).
    public let mortalityLoadings: [Double]
    public let leeCarter: LeeCarter

    public static let factorCount = StochasticFactor.allCases.count
    /// Normal draws per path-year: one Philox block gives two.
    static let slots = (factorCount + 1) / 2

    public init(_ settings: StochasticSettings, leeCarter: LeeCarter) throws(StochasticError) {
        self.settings = settings
        self.leeCarter = leeCarter
        let n = Self.factorCount
        var r = Matrix(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { r[i, j] = settings.correlation[i * n + j] } }
        do {
            let l = try LAPACK.cholesky(r)
            cholesky = (0..<(n * n)).map { l[$0 / n, $0 % n] }
        } catch LinearAlgebraError.notPositiveDefinite(let order) {
            throw .correlationNotPositiveDefinite(location: settings.correlationLocation, order: order)
        } catch {
            throw .leeCarterFit("\(error)")
        }
        var phi: [Double] = [], sigma: [Double] = []
        for f in StochasticFactor.allCases {
            if let p = settings.parameters(f) {
                phi.append(p.persistence)
                sigma.append(p.volatility)
            } else {
                phi.append(1)
                sigma.append(leeCarter.volatilityPerYear * settings.mortalityVolatilityScale)
            }
        }
        persistence = phi
        volatility = sigma
        mortalityLoadings = leeCarter.singleAgeLoadings()
    }

    /// The model with the embedded Lee–Carter fit to China's WPP 2024 periods.
    public init(_ settings: StochasticSettings) throws(StochasticError) {
        let lc: LeeCarter
        do { lc = try LeeCarter.chinaWPP() } catch { throw .leeCarterFit("\(error)") }
        try self.init(settings, leeCarter: lc)
    }

    /// Correlated standard-normal innovations `ε = L·z` of path `path` in projected year `step` (1-based).
    @inline(__always)
    public func innovations(_ generator: Philox4x32, path: UInt64, step: Int, into e: inout [Double]) {
        let n = Self.factorCount
        var z = [Double](repeating: 0, count: 2 * Self.slots)
        for s in 0..<Self.slots {
            let (a, b) = generator.normals(path: path, year: UInt32(step), slot: UInt32(s))
            z[2 * s] = a
            z[2 * s + 1] = b
        }
        for i in 0..<n {
            var acc = 0.0
            for j in 0...i { acc += cholesky[i * n + j] * z[j] }
            e[i] = acc
        }
    }

    /// The deviations `d[step][factor]` of one path over `steps` projected years (`d[0]` is the base year, 0).
    public func deviations(_ generator: Philox4x32, path: UInt64, steps: Int) -> [[Double]] {
        let n = Self.factorCount
        var d = [[Double]](repeating: [Double](repeating: 0, count: n), count: steps + 1)
        var e = [Double](repeating: 0, count: n)
        for t in 1...max(1, steps) where t <= steps {
            innovations(generator, path: path, step: t, into: &e)
            for i in 0..<n { d[t][i] = persistence[i] * d[t - 1][i] + volatility[i] * e[i] }
        }
        return d
    }

    /// Whether factor `f` moves at all.
    public func isActive(_ f: StochasticFactor) -> Bool {
        volatility[StochasticFactor.allCases.firstIndex(of: f)!] > 0
    }
}
