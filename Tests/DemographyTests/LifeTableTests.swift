import Foundation
import Testing
@testable import Demography
import Scenario
import TestSupport

@Suite struct LifeTableTests {
    @Test func lifeExpectancy2015MatchesTheSourceE0() {
        let t = DefaultDemography.lifeTable2015
        // Source e0 2015–2020 (WPP 2024 via wpp2024 e0M5/e0F5): men 74.8307, women 80.4044.
        #expect(abs(t.lifeExpectancy(.male) - 74.8307) < 0.05)
        #expect(abs(t.lifeExpectancy(.female) - 80.4044) < 0.05)
        // README "Single-age (shipped)": 74.8295 and 80.4030 (4 decimals) — same formula, L(100) = l(100)/m(100).
        #expect(abs(t.lifeExpectancy(.male) - 74.8295) < 1e-3)
        #expect(abs(t.lifeExpectancy(.female) - 80.4030) < 1e-3)
    }

    @Test func lifeExpectancy2020ExceedsThe2015One() {
        let old = DefaultDemography.lifeTable2015, new = DefaultDemography.lifeTable2020
        for sex in Sex.allCases { #expect(new.lifeExpectancy(sex) > old.lifeExpectancy(sex)) }
        // README: 2020–2025 single-age e0 75.3660 (men), 81.0086 (women).
        #expect(abs(new.lifeExpectancy(.male) - 75.3660) < 1e-3)
        #expect(abs(new.lifeExpectancy(.female) - 81.0086) < 1e-3)
    }

    @Test func improvementRaisesLifeExpectancy() {
        let t = DefaultDemography.lifeTable2020
        let better = t.improved(by: [Double](repeating: 0.01, count: AgeSex.cells), years: 10)
        for sex in Sex.allCases { #expect(better.lifeExpectancy(sex) > t.lifeExpectancy(sex) + 0.5) }
        // q(30, M)·0.99¹⁰ = q·0.904382…; the open group stays closed.
        let i = AgeSex.index(age: 30, sex: .male)
        #expect(close(better.qx[i], t.qx[i] * pow(0.99, 10), relative: 1e-15))
        #expect(better.qx[AgeSex.index(age: 100, sex: .female)] == 1)
        // Zero years changes nothing; a negative rate (mortality rising) lowers e0.
        #expect(t.improved(by: [Double](repeating: 0.01, count: AgeSex.cells), years: 0) == t)
        let worse = t.improved(by: [Double](repeating: -0.01, count: AgeSex.cells), years: 10)
        #expect(worse.lifeExpectancy(.male) < t.lifeExpectancy(.male))
    }

    @Test func derivedImprovementIsTheFiveYearRatio() throws {
        // r = 1 − (m₂₀₂₀/m₂₀₁₅)^(1/5); age 0 men: m 0.00617945 / 0.00783544 (CSV rows 0,M).
        let r = DefaultDemography.mortalityImprovement[AgeSex.index(age: 0, sex: .male)]
        #expect(close(r, 1 - pow(0.00617945 / 0.00783544, 0.2), relative: 1e-14))
        #expect(r > 0.04 && r < 0.05) // (0.788652…)^0.2 = 0.95362… → 4.64 % a year
    }

    @Test func openGroupSurvivalIsExpOfMinusM100() throws {
        for table in [DefaultDemography.lifeTable2015, DefaultDemography.lifeTable2020] {
            let m = try #require(table.mx)
            let s = table.survival
            for sex in Sex.allCases {
                let open = AgeSex.index(age: 100, sex: sex)
                #expect(table.qx[open] == 1) // the closing convention, not a one-year survival
                #expect(s[open] == exp(-m[open]))
                #expect(s[open] > 0.4 && s[open] < 0.8)
                // below 100: 1 − q
                let i = AgeSex.index(age: 50, sex: sex)
                #expect(s[i] == 1 - table.qx[i])
            }
        }
    }

    @Test func qOnlyTableClosesWithSurvivalAt99() {
        var q = [Double](repeating: 0.02, count: AgeSex.cells)
        q[AgeSex.index(age: 99, sex: .male)] = 0.3
        q[AgeSex.index(age: 100, sex: .male)] = 1
        let t = LifeTable(qx: q)
        #expect(t.mx == nil)
        #expect(t.survival[AgeSex.index(age: 100, sex: .male)] == 1 - 0.3)
        // a(0) Coale–Demeny West with m0 ≈ q0 = 0.02: men 0.045 + 2.684·0.02 = 0.09868, women 0.053 + 2.8·0.02 = 0.109.
        #expect(abs(t.a0[0] - 0.09868) < 1e-15)
        #expect(abs(t.a0[1] - 0.109) < 1e-15)
        // q0 ≥ 0.107: fixed 0.330 / 0.350
        var high = q
        high[0] = 0.2; high[101] = 0.2
        #expect(LifeTable(qx: high).a0 == [0.330, 0.350])
    }

    @Test func infantSurvivalUsesA0AndQ0() {
        for table in [DefaultDemography.lifeTable2015, DefaultDemography.lifeTable2020] {
            for sex in Sex.allCases {
                let q0 = table.qx[AgeSex.index(age: 0, sex: sex)]
                let a0 = table.a0[sex.rawValue]
                #expect(abs(table.infantSurvival(sex) - (1 - (1 - a0) * q0)) < 1e-15)
            }
        }
        // README: a(0) 2020–2025 = 0.061586 (M), 0.067646 (F), recovered from 1 − a = 1/q − 1/m.
        let t = DefaultDemography.lifeTable2020
        #expect(abs(t.a0[0] - 0.061586) < 5e-6)
        #expect(abs(t.a0[1] - 0.067646) < 5e-6)
        // Men: q0 0.006143822681, so L0/l0 = 1 − 0.938414·0.0061438 ≈ 0.994235.
        #expect(abs(t.infantSurvival(.male) - 0.994235) < 1e-6)
    }
}
