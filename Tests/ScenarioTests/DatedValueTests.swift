import Foundation
import Testing
@testable import Scenario
import TestSupport

@Suite("DatedValue")
struct DatedValueTests {
    // {2020: 1, 2025: 2}, step: 1 holds from 2020 until 2025, then 2; before 2020 the first value holds.
    let step = DatedValue<Double>(knots: [(2025, 2), (2020, 1)])

    @Test("step value before, at, between and after the knots")
    func stepValues() {
        #expect(step.value(in: 2019) == 1) // before the first knot: first value
        #expect(step.value(in: 2020) == 1) // at the first knot
        #expect(step.value(in: 2024) == 1) // between: the earlier knot holds
        #expect(step.value(in: 2025) == 2) // at the second knot
        #expect(step.value(in: 2040) == 2) // after the last knot: last value
    }

    @Test("knots are sorted and found at or before a year")
    func knotsSorted() {
        #expect(step.knots.map(\.year) == [2020, 2025])
        #expect(step.knot(atOrBefore: 2019) == nil)
        #expect(step.knot(atOrBefore: 2024)?.year == 2020)
        #expect(step.knot(atOrBefore: 2025)?.value == 2)
        #expect(!step.isConstant)
    }

    @Test("linear interpolation between knots, flat outside")
    func linear() {
        // {2020: 10, 2030: 20, interpolate: linear}: 10 + (20 − 10)·(t − 2020)/10
        let v = DatedValue<Double>(knots: [(2020, 10), (2030, 20)], interpolation: .linear)
        #expect(v.value(in: 2019) == 10)
        #expect(v.value(in: 2020) == 10)
        #expect(v.value(in: 2023) == 13) // 10 + 10·3/10
        #expect(v.value(in: 2025) == 15) // 10 + 10·5/10
        #expect(v.value(in: 2030) == 20)
        #expect(v.value(in: 2031) == 20)
    }

    @Test("a constant holds in every year; map transforms every knot")
    func constantAndMap() {
        let c = DatedValue(0.08)
        #expect(c.isConstant)
        #expect(c.value(in: 1900) == 0.08 && c.value(in: 2100) == 0.08)
        // 万元 → 元: {2020: 1, 2025: 2} × 10,000
        let yuan = step.map { $0 * 10_000 }
        #expect(yuan.value(in: 2020) == 10_000 && yuan.value(in: 2030) == 20_000)
        #expect(yuan.interpolation == .step)
    }

    @Test("equality compares knots and interpolation")
    func equality() {
        #expect(step == DatedValue<Double>(knots: [(2020, 1), (2025, 2)]))
        #expect(step != DatedValue<Double>(knots: [(2020, 1), (2025, 2)], interpolation: .linear))
        #expect(step != DatedValue<Double>(knots: [(2020, 1), (2026, 2)]))
    }

    @Test("anchoredLevel: a plain 100 grows 10 % a year from the base year")
    func anchoredScalar() {
        let v = DatedValue(100.0)
        let growth = DatedValue(0.1)
        #expect(v.anchoredLevel(in: 2020, baseYear: 2020, growth: growth) == 100)
        // two years after the base year: 100 · 1.1 · 1.1 = 121
        #expect(close(v.anchoredLevel(in: 2022, baseYear: 2020, growth: growth), 121))
        // years up to the base year are not grown
        #expect(v.anchoredLevel(in: 2018, baseYear: 2020, growth: growth) == 100)
    }

    @Test("anchoredLevel with dated growth multiplies each year's own rate")
    func anchoredDatedGrowth() {
        // growth 10 % in 2021, 20 % from 2022: 100 · 1.1 · 1.2 · 1.2 = 158.4 in 2023
        let growth = DatedValue<Double>(knots: [(2021, 0.1), (2022, 0.2)])
        #expect(close(DatedValue(100.0).anchoredLevel(in: 2023, baseYear: 2020, growth: growth), 158.4))
    }

    @Test("anchoredLevel re-anchors at each knot (Huoshan actives 2013/2014)")
    func anchoredKnots() {
        let active = DatedValue<Double>(knots: [(2013, 25_500), (2014, 26_500)])
        // growth 0: the 2014 knot holds on: 26,500 in 2016
        #expect(active.anchoredLevel(in: 2016, baseYear: 2013, growth: DatedValue(0)) == 26_500)
        #expect(active.anchoredLevel(in: 2013, baseYear: 2013, growth: DatedValue(0)) == 25_500)
        // growth 10 %: 2014 is the stated 26,500 (not 25,500 · 1.1 = 28,050), 2015 is 26,500 · 1.1 = 29,150
        let g = DatedValue(0.1)
        #expect(active.anchoredLevel(in: 2014, baseYear: 2013, growth: g) == 26_500)
        #expect(close(active.anchoredLevel(in: 2015, baseYear: 2013, growth: g), 29_150))
        // 2016: 26,500 · 1.1² = 32,065
        #expect(close(active.anchoredLevel(in: 2016, baseYear: 2013, growth: g), 32_065))
    }

    @Test("anchoredLevel with linear knots interpolates between them and grows after the last")
    func anchoredLinear() {
        // {2020: 100, 2022: 200, linear}: 2021 → 150 (not 100 · 1.1); 2023 → 200 · 1.1 = 220
        let v = DatedValue<Double>(knots: [(2020, 100), (2022, 200)], interpolation: .linear)
        let g = DatedValue(0.1)
        #expect(v.anchoredLevel(in: 2021, baseYear: 2020, growth: g) == 150)
        #expect(close(v.anchoredLevel(in: 2023, baseYear: 2020, growth: g), 220))
    }

    @Test("anchoredLevels: every year equals its own anchoredLevel bit for bit (knots before, at and after the base year; step and linear)")
    func anchoredLevelsAreEachYearsOwn() {
        // Growth with a knot a year, as on a Monte Carlo path, and irregular rates so products differ in the last bit.
        let growth = DatedValue<Double>(knots: (2010...2060).map { ($0, 0.013 + 0.0071 * sin(Double($0))) })
        let values: [DatedValue<Double>] = [
            DatedValue(100.0),
            DatedValue<Double>(knots: [(2013, 25_500.3), (2014, 26_500.7), (2030, 31_000.1)]),
            DatedValue<Double>(knots: [(2018, 1.7), (2024, 2.9), (2041, 3.3)], interpolation: .linear),
            DatedValue<Double>(knots: [(2025, 7.1)]),
        ]
        for v in values {
            for baseYear in [2012, 2021, 2025] {
                let years = (baseYear - 3)...2060
                let levels = v.anchoredLevels(years, baseYear: baseYear, growth: growth)
                #expect(levels.count == years.count)
                for (y, level) in zip(years, levels) {
                    #expect(level == v.anchoredLevel(in: y, baseYear: baseYear, growth: growth), "\(v.knots.map(\.year)) base \(baseYear) year \(y)")
                }
                let series = v.anchoredSeries(baseYear: baseYear, growth: growth, from: baseYear, through: 2050)
                #expect(series(2055) == v.anchoredLevel(in: 2055, baseYear: baseYear, growth: growth))
                #expect(series(2040) == levels[2040 - years.lowerBound])
            }
        }
        // The series moves: the check is not comparing constants.
        #expect(values[0].anchoredLevels(2021...2060, baseYear: 2021, growth: growth).last! > 150)
    }
}
