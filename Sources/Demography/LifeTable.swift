import Scenario
import Foundation

/// A single-age life table by sex: central death rates `m(x)` and probabilities of dying `q(x)`,
/// with `q = m / (1 + (1 − a)·m)`, `a(0)` by sex (Coale–Demeny, Preston et al. 2001) and `a = ½` above.
public struct LifeTable: Sendable, Equatable {
    /// Central death rates, 202 cells; nil for tables given as `q` only (region overrides).
    public var mx: [Double]?
    /// Probabilities of dying within a year, 202 cells; `q(100) = 1` closes the table.
    public var qx: [Double]
    /// Average years lived in the first year by those dying in it, by sex.
    public var a0: [Double]

    public init(mx: [Double]?, qx: [Double], a0: [Double]) {
        self.mx = mx
        self.qx = qx
        self.a0 = a0
    }

    /// A table of `q(x)` only (e.g. a region's override). `a(0)` follows Preston et al. from `q(0)`
    /// via `m(0) ≈ q(0)`: the Coale–Demeny West coefficients (men 0.045 + 2.684·m0, women 0.053 + 2.800·m0).
    public init(qx: [Double]) {
        let q0m = qx[AgeSex.index(age: 0, sex: .male)], q0f = qx[AgeSex.index(age: 0, sex: .female)]
        self.init(mx: nil, qx: qx, a0: [q0m >= 0.107 ? 0.330 : 0.045 + 2.684 * q0m,
                                         q0f >= 0.107 ? 0.350 : 0.053 + 2.800 * q0f])
    }

    /// From `m(x)` and `q(x)` columns: `a(0)` recovered from `q = m/(1 + (1−a)m)`, i.e. `1 − a = 1/q − 1/m`.
    init(mx: [Double], qx: [Double]) {
        let a0 = Sex.allCases.map { sex -> Double in
            let i = AgeSex.index(age: 0, sex: sex)
            return 1 - (1 / qx[i] - 1 / mx[i])
        }
        self.init(mx: mx, qx: qx, a0: a0)
    }

    /// One-year survival of each cell under this table: `1 − q(x)` below 100; for the open group
    /// 100+, `exp(−m(100))` (constant force), or `1 − q(99)` when only `q` is known.
    public var survival: [Double] {
        var s = qx.map { 1 - $0 }
        for sex in Sex.allCases {
            let open = AgeSex.index(age: AgeSex.maximumAge, sex: sex)
            s[open] = mx.map { exp(-$0[open]) } ?? s[open - 1]
        }
        return s
    }

    /// Share of a year's births alive at the year's end, `L0/l0 = 1 − (1 − a0)·q0` (the UN/ILO practice
    /// for births in a cohort-component step).
    public func infantSurvival(_ sex: Sex) -> Double {
        1 - (1 - a0[sex.rawValue]) * qx[AgeSex.index(age: 0, sex: sex)]
    }

    /// Life expectancy at birth, `e0 = Σ L(x) / l(0)` with `L(x) = l(x+1) + a(x)·d(x)` and the open group
    /// `L(100) = l(100) / m(100)` (or `l(100)·S/(1−S)` from the open group's survival when `m` is unknown).
    public func lifeExpectancy(_ sex: Sex) -> Double {
        var l = 1.0, total = 0.0
        for age in 0..<AgeSex.maximumAge {
            let q = qx[AgeSex.index(age: age, sex: sex)]
            let a = age == 0 ? a0[sex.rawValue] : 0.5
            let d = l * q
            total += (l - d) + a * d
            l -= d
        }
        let open = AgeSex.index(age: AgeSex.maximumAge, sex: sex)
        if let m = mx?[open], m > 0 {
            total += l / m
        } else {
            let s = survival[open]
            total += s < 1 ? l * (0.5 + s / (1 - s)) : 0
        }
        return total
    }

    /// The table with mortality improved by `rate(x)` a year for `years` years: `q·(1 − r)^years`,
    /// and `m` scaled alike, `q` kept within [0, 1] and the open group closed.
    public func improved(by rate: [Double], years: Int) -> LifeTable {
        guard years != 0 else { return self }
        var q = qx, m = mx
        for i in q.indices {
            let factor = pow(1 - rate[i], Double(years))
            q[i] = min(1, max(0, q[i] * factor))
            m?[i] *= factor
        }
        for sex in Sex.allCases { q[AgeSex.index(age: AgeSex.maximumAge, sex: sex)] = 1 }
        return LifeTable(mx: m, qx: q, a0: a0)
    }
}
