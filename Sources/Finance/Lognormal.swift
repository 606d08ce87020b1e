import Foundation

/// Partial expectations of a lognormal quantity, the closed forms behind contribution-base floors
/// and ceilings and behind deductibles and caps. `Y` is lognormal with mean `mean` and log-sd `sigma`
/// (`ln Y ~ N(ln mean − σ²/2, σ²)`); `sigma = 0` means `Y = mean` with certainty.
public enum Lognormal {
    /// Standard normal distribution function `Φ(x) = erfc(−x/√2)/2`.
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// Stop-loss expectation `E[(Y − k)⁺] = m·Φ(d₁) − k·Φ(d₂)`, `d₁ = (ln(m/k) + σ²/2)/σ`, `d₂ = d₁ − σ`.
    public static func excess(mean m: Double, sigma: Double, over k: Double) -> Double {
        guard k > 0 else { return m - k }
        guard m > 0 else { return 0 }
        guard sigma > 0 else { return max(0, m - k) }
        let d1 = (log(m / k) + sigma * sigma / 2) / sigma
        return m * normalCDF(d1) - k * normalCDF(d1 - sigma)
    }

    /// `E[min(max(Y, low), high)]`: the mean of `Y` clamped to `[low, high]`, `0 ≤ low ≤ high`.
    /// Written as `low + E[(Y − low)⁺] − E[(Y − high)⁺]`.
    public static func clampedMean(mean m: Double, sigma: Double, low: Double, high: Double) -> Double {
        low + excess(mean: m, sigma: sigma, over: low) - excess(mean: m, sigma: sigma, over: high)
    }
}

/// The effective fund-paid share `φ` of claimants' costs in a benefit category: the fund pays
/// `min(r·(X − d)⁺, cap)` of a claimant's annual cost `X`, so
/// `φ = r·(E[(X − d)⁺] − E[(X − d − cap/r)⁺]) / E[X]` with `X` lognormal (mean `m`, log-sd `σ`).
public func fundPaidShare(reimbursement r: Double, deductible d: Double, cap: Double?, meanCost m: Double, sigma: Double) -> Double {
    guard m > 0, r > 0 else { return 0 }
    var paid = r * Lognormal.excess(mean: m, sigma: sigma, over: d)
    if let cap { paid -= r * Lognormal.excess(mean: m, sigma: sigma, over: d + cap / r) }
    return max(0, paid) / m
}
