import Foundation
import Testing
@testable import Stochastic

@Suite("Lee–Carter")
struct LeeCarterTests {
    /// Exact rank-one data: α = (−5, −3, −1), β = (0.2, 0.3, 0.5) (Σβ = 1), k = (6, 2, −2, −6) (Σk = 0,
    /// drift −4 per 5-year period = −0.8 a year, increments all equal → volatility 0).
    @Test("an exact rank-one table is recovered: α, β, k, drift and zero volatility")
    func exactRankOne() throws {
        let alpha = [-5.0, -3, -1], beta = [0.2, 0.3, 0.5], k = [6.0, 2, -2, -6]
        let logRates = k.map { kt in zip(alpha, beta).map { $0 + $1 * kt } }
        let lc = try LeeCarter.fit(logRates: logRates, periodYears: 5)
        for (x, y) in zip(lc.alpha, alpha) { #expect(abs(x - y) < 1e-12) }
        for (x, y) in zip(lc.beta, beta) { #expect(abs(x - y) < 1e-12) }
        for (x, y) in zip(lc.k, k) { #expect(abs(x - y) < 1e-11) }
        #expect(abs(lc.driftPerYear - -0.8) < 1e-12)
        #expect(lc.volatilityPerYear < 1e-11)
        #expect(abs(lc.explainedShare - 1) < 1e-12)
    }

    /// The WPP 2024 fit (1970-1975 … 2020-2025, 44 cells). Tolerances from the fit itself, printed in the
    /// module README: a rank-one model leaves age-specific trends (faster falls at young ages than at old)
    /// as residuals, so the fit is required to explain ≥ 90 % of the centred variation, to reproduce
    /// log death rates with an RMS error below 0.10 (10 % in m) and no cell off by more than 0.5.
    @Test("the WPP fit reproduces the fitted periods' log death rates within tolerance")
    func wppFit() throws {
        let lc = try LeeCarter.chinaWPP()
        #expect(lc.explainedShare >= 0.90, "explained \(lc.explainedShare)")
        var squares = 0.0, count = 0.0, worst = 0.0
        for (t, rates) in LeeCarter.wppRates.enumerated() {
            for (fitted, m) in zip(lc.fittedLogRates(period: t), rates) {
                let e = fitted - log(m)
                squares += e * e
                count += 1
                worst = max(worst, abs(e))
            }
        }
        #expect((squares / count).squareRoot() < 0.10, "RMS \((squares / count).squareRoot())")
        #expect(worst < 0.5, "worst \(worst)")
        #expect(lc.beta.allSatisfy { $0 > 0 }, "every cell's mortality falls with k")
    }

    /// With Σβ = 1, `Σ_x ln m_t(x) = Σα + k_t` up to the residuals, so the drift of k is the data's mean
    /// yearly change of the summed log death rates: (Σ ln m(2020-25) − Σ ln m(1970-75)) / 50 years.
    @Test("k's drift matches the data's mean yearly change of Σ ln m")
    func driftMatchesData() throws {
        let lc = try LeeCarter.chinaWPP()
        let sums = LeeCarter.wppRates.map { $0.map { log($0) }.reduce(0, +) }
        let dataDrift = (sums[sums.count - 1] - sums[0]) / Double(5 * (sums.count - 1))
        #expect(lc.driftPerYear < 0)
        #expect(abs(lc.driftPerYear - dataDrift) <= 0.05 * abs(dataDrift), "k drift \(lc.driftPerYear) vs data \(dataDrift)")
    }
}
