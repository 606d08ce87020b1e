import Foundation
import Scenario
import Demography

extension FactorModel {
    /// The scenario of one Monte Carlo path: every active factor's central path plus its deviation,
    /// written as a dated value with a knot a year (`deviations[step]` is year `t0 + step`). A factor
    /// without volatility is left exactly as the scenario wrote it, so a run with every volatility zero
    /// is the deterministic run.
    public func scenario(_ base: Scenario, deviations d: [[Double]]) -> Scenario {
        var s = base
        let factors = StochasticFactor.allCases
        func moved(_ value: DatedValue<Double>, _ f: StochasticFactor, floor: Double? = nil) -> DatedValue<Double> {
            let i = factors.firstIndex(of: f)!
            return perturbed(value, baseYear: base.baseYear, horizon: base.horizon) { step, v in
                let x = v + d[step][i]
                return floor.map { Swift.max($0, x) } ?? x
            }
        }
        if isActive(.wageGrowth) { s.assumptions.wageGrowth = moved(s.assumptions.wageGrowth, .wageGrowth) }
        if isActive(.costGrowth) {
            switch s.assumptions.costGrowthModel {
            case .medicalInflation: s.assumptions.medicalInflation = moved(s.assumptions.medicalInflation, .costGrowth)
            case .priceAndUtilisation: s.assumptions.excessCostGrowth = moved(s.assumptions.excessCostGrowth, .costGrowth)
            }
        }
        if isActive(.interestRate) { s.assumptions.interestRate = moved(s.assumptions.interestRate, .interestRate, floor: 0) }
        if isActive(.utilisation), s.assumptions.costGrowthModel == .priceAndUtilisation {
            s.assumptions.utilisationTrend = moved(s.assumptions.utilisationTrend, .utilisation)
        }
        if isActive(.tfr) {
            // Multiplicative: TFR_t = central_t · exp(d_t), positive on every path.
            let i = factors.firstIndex(of: .tfr)!
            s.population.tfr = perturbed(s.population.tfr ?? DefaultDemography.tfrPath, baseYear: base.baseYear, horizon: base.horizon) { step, v in
                v * exp(d[step][i])
            }
        }
        if isActive(.mortality) {
            let i = factors.firstIndex(of: .mortality)!
            var shift: [Int: Double] = [:]
            for step in 1..<d.count { shift[base.baseYear + step] = d[step][i] }
            s.population.mortalityDeviation = MortalityDeviation(loadings: mortalityLoadings, shift: shift)
        }
        return s
    }
}

/// `value` with a step knot in every year from its first knot (or the base year) to the horizon: years
/// up to the base year keep their value, projected year `t0 + k` gets `transform(k, value(t0 + k))`.
func perturbed(_ value: DatedValue<Double>, baseYear: Int, horizon: Int,
               _ transform: (Int, Double) -> Double) -> DatedValue<Double> {
    // A constant reads the same in every year up to the base year: its first knot can be the base year.
    let first = value.isConstant ? baseYear : Swift.max(1900, Swift.min(value.knots[0].year, baseYear))
    let knots = (first...horizon).map { y in
        (year: y, value: y <= baseYear ? value.value(in: y) : transform(y - baseYear, value.value(in: y)))
    }
    return DatedValue(knots: knots)
}
