import Foundation
import LinearAlgebra
import Scenario

/// The Lee–Carter model `ln m_t(x) = α(x) + β(x)·k_t` (Lee & Carter, JASA 1992), fitted by the SVD of
/// the centred log death rates, with `k_t` a random walk with drift (Sources/Stochastic/README.md).
public struct LeeCarter: Sendable, Equatable {
    /// α(x): the mean log death rate of each cell over the fitted periods.
    public var alpha: [Double]
    /// β(x): the cells' loadings on the index, normalised `Σβ = 1`.
    public var beta: [Double]
    /// k_t per fitted period, `Σk = 0`, decreasing when mortality falls.
    public var k: [Double]
    /// Years between fitted periods (5 for the WPP periods).
    public var periodYears: Double
    /// Share of the centred matrix's squared norm the first singular value explains, `s₁²/Σs²`.
    public var explainedShare: Double

    /// Random-walk drift of `k` a year: `(k_T − k_1)/((T − 1)·Δ)`.
    public var driftPerYear: Double { (k[k.count - 1] - k[0]) / (Double(k.count - 1) * periodYears) }

    /// Standard deviation of `k`'s yearly innovation: the per-period increments' deviation from the drift,
    /// `σ_Δ² = Σ(Δk − c_Δ)²/(T − 2)`, spread over `Δ` years of a random walk: `σ = σ_Δ/√Δ`.
    public var volatilityPerYear: Double {
        let c = driftPerYear * periodYears
        let steps = (1..<k.count).map { k[$0] - k[$0 - 1] - c }
        let variance = steps.map { $0 * $0 }.reduce(0, +) / Double(max(1, steps.count - 1))
        return (variance / periodYears).squareRoot()
    }

    /// Fits the model to `logRates[t][x]` (periods × cells, `periodYears` apart): α = row means; the first
    /// singular triple `(s₁, u₁, v₁)` of the centred cells × periods matrix gives `β = u₁/Σu₁`,
    /// `k = s₁·Σu₁·v₁`; the sign is the one with `Σβ = 1`.
    public static func fit(logRates: [[Double]], periodYears: Double) throws -> LeeCarter {
        let periods = logRates.count, cells = logRates.first?.count ?? 0
        guard periods >= 3, cells >= 1, logRates.allSatisfy({ $0.count == cells }) else {
            throw LinearAlgebraError.dimensionMismatch("Lee–Carter: need ≥ 3 periods of equal length, found \(periods)")
        }
        let alpha = (0..<cells).map { x in logRates.map { $0[x] }.reduce(0, +) / Double(periods) }
        var z = Matrix(rows: cells, columns: periods)
        for t in 0..<periods { for x in 0..<cells { z[x, t] = logRates[t][x] - alpha[x] } }
        let (u, s, vt) = try LAPACK.singularValueDecomposition(z)
        let sumU = (0..<cells).map { u[$0, 0] }.reduce(0, +)
        let beta = (0..<cells).map { u[$0, 0] / sumU }
        let k = (0..<periods).map { s[0] * sumU * vt[0, $0] }
        let total = s.map { $0 * $0 }.reduce(0, +)
        return LeeCarter(alpha: alpha, beta: beta, k: k, periodYears: periodYears,
                         explainedShare: total > 0 ? s[0] * s[0] / total : 1)
    }

    /// The fitted `ln m_t(x) = α(x) + β(x)·k_t` of period `t`.
    public func fittedLogRates(period t: Int) -> [Double] {
        zip(alpha, beta).map { $0 + $1 * k[t] }
    }

    /// The fit to China's WPP 2024 period death rates 1970-1975 … 2020-2025 (44 cells: 22 abridged age
    /// groups by sex; 1950–1969 left out for the 1959–61 famine).
    public static func chinaWPP() throws -> LeeCarter {
        try fit(logRates: wppRates.map { $0.map { log($0) } }, periodYears: 5)
    }

    /// β of each single-age cell (202: ages 0…100 by sex), the loading of the abridged group holding the age.
    public func singleAgeLoadings() -> [Double] {
        let groups = Self.groupStartAges.count
        return (0..<AgeSex.cells).map { cell in
            let sex = cell / AgeSex.ages, age = cell % AgeSex.ages
            let g = Self.groupStartAges.lastIndex { $0 <= age } ?? 0
            return beta[sex * groups + g]
        }
    }
}
