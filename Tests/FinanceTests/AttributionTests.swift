import Foundation
import Testing
@testable import Finance
import TestSupport

@Suite struct AttributionTests {
    /// Hand-worked two-year example, contributions = payers × base × rate × collection rate:
    ///   year 0: 100 × 50,000 × 0.06 × 0.90 = 270,000
    ///   year 1: 110 × 52,000 × 0.06 × 0.95 = 326,040, change 56,040
    ///   L(326,040, 270,000) = 56,040 / ln(1.2075556) = 56,040 / 0.1885981 = 297,139.77
    ///   payers:     297,139.77 × ln(110/100)        = 297,139.77 × 0.0953102 = 28,320.44
    ///   base:       297,139.77 × ln(52,000/50,000)  = 297,139.77 × 0.0392207 = 11,654.03
    ///   rate:       ln(1) = 0                                                 = 0
    ///   collection: 297,139.77 × ln(0.95/0.90)      = 297,139.77 × 0.0540672 = 16,065.52
    ///   sum 28,320.44 + 11,654.03 + 0 + 16,065.52 = 56,039.99 ≈ 56,040 (rounding of the parts)
    @Test func handWorkedContributionExample() {
        let parts = Attribution.lmdi(from: [100, 50_000, 0.06, 0.90], to: [110, 52_000, 0.06, 0.95])
        #expect(abs(parts[0] - 28_320.44) < 0.01)
        #expect(abs(parts[1] - 11_654.03) < 0.01)
        #expect(parts[2] == 0)
        #expect(abs(parts[3] - 16_065.52) < 0.01)
        #expect(abs(parts.reduce(0, +) - 56_040) < 1e-6)
    }

    @Test func logMeanLimits() {
        #expect(Attribution.logMean(5, 5) == 5)
        #expect(Attribution.logMean(5, 0) == 0)
        // L(e, 1) = (e − 1) / 1
        #expect(abs(Attribution.logMean(2.718281828459045, 1) - 1.718281828459045) < 1e-12)
    }

    /// A factor zero in year 0 (a new contribution): 0 × 10 → 3 × 10, change 30, all to the first factor.
    @Test func zeroInOneYearGoesToTheZeroFactor() {
        #expect(Attribution.lmdi(from: [0, 10], to: [3, 10]) == [30, 0])
        #expect(Attribution.lmdi(from: [0, 0], to: [2, 3]) == [3, 3])  // two zeros share the 6 equally
        #expect(Attribution.lmdi(from: [4, 5], to: [0, 5]) == [-20, 0])
        #expect(Attribution.lmdi(from: [0, 5], to: [0, 7]) == [0, 0])
    }

    /// v(S) for two inputs with an interaction: v(∅) = 0, v({0}) = 2, v({1}) = 4, v({0,1}) = 10.
    /// Shapley: φ₀ = ½(2 − 0) + ½(10 − 4) = 4, φ₁ = ½(4 − 0) + ½(10 − 2) = 6 (sum 10).
    /// Sequential in order 0, 1: input 0 gets 2, input 1 gets 8.
    @Test func shapleyAndSequentialByHand() {
        let table: [Set<Int>: Double] = [[]: 0, [0]: 2, [1]: 4, [0, 1]: 10]
        let v: (Set<Int>) -> [Double] = { [table[$0] ?? .nan] }
        #expect(Attribution.shapley(players: 2, value: v) == [[4], [6]])
        #expect(Attribution.sequential(players: 2, value: v) == [[2], [8]])
    }

    /// A negative factor has no logarithm: the Shapley split of the product, still exact.
    /// (−2)·3 → (−1)·4: v(∅) = −6, v({0}) = −3, v({1}) = −8, v(all) = −4;
    /// φ₀ = ½(−3 + 6) + ½(−4 + 8) = 3.5, φ₁ = ½(−8 + 6) + ½(−4 + 3) = −1.5, sum 2 = −4 − (−6).
    @Test func negativeFactorFallsBackToShapley() {
        #expect(Attribution.lmdi(from: [-2, 3], to: [-1, 4]) == [3.5, -1.5])
    }

    /// The identity Σ parts = V¹ − V⁰ on many products (a fixed pseudo-random sequence, so it is
    /// reproducible): factors of very different sizes, equal factors and zeros included.
    @Test func partsAlwaysAddUpToTheChange() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for _ in 0..<500 {
            let n = 1 + Int(next() * 5)
            let x0 = (0..<n).map { _ in next() < 0.1 ? 0 : pow(10, next() * 8 - 2) }
            let x1 = x0.map { x in next() < 0.2 ? x : (next() < 0.05 ? 0 : x * (0.5 + next())) }
            let v0: Double = x0.reduce(1, *), v1: Double = x1.reduce(1, *)
            let sum: Double = Attribution.lmdi(from: x0, to: x1).reduce(0, +)
            let scale: Double = max(1, abs(v0), abs(v1))
            #expect(abs(sum - (v1 - v0)) <= 1e-9 * scale)
        }
    }
}
