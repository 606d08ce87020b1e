import Foundation
import Scenario

/// A mortality path: single-age central death rates `m(x)` at knots in continuous time, with
/// `ln m` interpolated linearly between knots and held constant outside them.
///
/// The default path is the UN's (WPP 2024 estimates 2015-2020 and 2020-2025, medium variant
/// 2025-2030 … 2095-2100): each period is one knot at its mid-point. The WPP periods run mid-year to
/// mid-year, so period `a–b` covers 1 July `a` to 30 June `b` and its mid-point is `a + 3.0`
/// (1 January of `a + 3`). Calendar year `y` is read at its own mid-point `y + 0.5`.
public struct MortalityPath: Sendable, Equatable {
    /// Knot times (decimal years, increasing) and their `m(x)` (202 cells each).
    public var times: [Double]
    public var rates: [[Double]]

    public init(times: [Double], rates: [[Double]]) {
        precondition(times.count == rates.count && !times.isEmpty, "a mortality path needs at least one knot")
        self.times = times
        self.rates = rates
    }

    /// `m(x)` at time `t`: `ln m = (1 − w)·ln m_k + w·ln m_{k+1}`, `w = (t − t_k)/(t_{k+1} − t_k)`.
    public func centralRates(atTime t: Double) -> [Double] {
        if t <= times[0] { return rates[0] }
        if t >= times[times.count - 1] { return rates[rates.count - 1] }
        guard let k = times.indices.last(where: { times[$0] <= t }) else { return rates[0] }
        let w = (t - times[k]) / (times[k + 1] - times[k])
        return zip(rates[k], rates[k + 1]).map { a, b in
            a > 0 && b > 0 ? exp((1 - w) * log(a) + w * log(b)) : (1 - w) * a + w * b
        }
    }

    /// The life table at time `t` (``LifeTable/init(centralRates:)``).
    public func table(atTime t: Double) -> LifeTable {
        LifeTable(centralRates: centralRates(atTime: t))
    }

    /// The life table of calendar year `year`, read at its mid-point `year + 0.5`.
    public func table(in year: Int) -> LifeTable {
        table(atTime: Double(year) + 0.5)
    }
}

extension LifeTable {
    /// A table from central death rates, the derivation of the embedded tables: `a(0)` by sex from
    /// `m(0)` (Coale–Demeny West via Preston, Heuveline & Guillot 2001, table 3.3: men 0.045 + 2.684·m0,
    /// women 0.053 + 2.800·m0; 0.330 / 0.350 when m0 ≥ 0.107), `a(x) = ½` above,
    /// `q = m / (1 + (1 − a)·m)` and `q(100) = 1`.
    public init(centralRates m: [Double]) {
        let m0 = [m[AgeSex.index(age: 0, sex: .male)], m[AgeSex.index(age: 0, sex: .female)]]
        let a0 = [m0[0] >= 0.107 ? 0.330 : 0.045 + 2.684 * m0[0], m0[1] >= 0.107 ? 0.350 : 0.053 + 2.800 * m0[1]]
        var q = [Double](repeating: 0, count: AgeSex.cells)
        for sex in Sex.allCases {
            for age in 0...AgeSex.maximumAge {
                let i = AgeSex.index(age: age, sex: sex)
                let a = age == 0 ? a0[sex.rawValue] : 0.5
                q[i] = age == AgeSex.maximumAge ? 1 : min(1, m[i] / (1 + (1 - a) * m[i]))
            }
        }
        self.init(mx: m, qx: q, a0: a0)
    }

    /// The table with every cell's `q` and `m` multiplied by `factor(x)` (a region's own table moved
    /// along the default path by the path's relative change), `q` kept within [0, 1], 100+ closed.
    public func scaled(by factor: [Double]) -> LifeTable {
        var q = qx, m = mx
        for i in q.indices {
            q[i] = min(1, max(0, q[i] * factor[i]))
            m?[i] *= factor[i]
        }
        for sex in Sex.allCases { q[AgeSex.index(age: AgeSex.maximumAge, sex: sex)] = 1 }
        return LifeTable(mx: m, qx: q, a0: a0)
    }
}
