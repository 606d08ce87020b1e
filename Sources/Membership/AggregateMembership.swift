import Scenario
import Demography

/// The aggregate membership model: each count is the scenario's dated value, re-anchored at every
/// knot and grown at its growth rate in between (``DatedValue/anchoredLevel(in:baseYear:growth:)``).
///
/// This is the special case of the multistate model with no ages: it cannot show ageing or a
/// retirement-age reform, only the trends the user states.
public enum AggregateMembership {
    /// Counts for every year from the base year to the horizon.
    public static func project(_ scenario: Scenario) -> [MembershipYear] {
        let shares = activeShares(scenario)
        return (scenario.baseYear...scenario.horizon).map { year in
            let t0 = scenario.baseYear
            var active = 0.0, retired = 0.0, payers = 0.0, residents = 0.0
            if let e = scenario.employee {
                active = e.active.anchoredLevel(in: year, baseYear: t0, growth: e.activeGrowth)
                retired = e.retired.anchoredLevel(in: year, baseYear: t0, growth: e.retiredGrowth)
                payers = e.payers?.anchoredLevel(in: year, baseYear: t0, growth: e.activeGrowth) ?? active
            }
            if let r = scenario.resident {
                residents = r.insured.anchoredLevel(in: year, baseYear: t0, growth: r.insuredGrowth)
            }
            let population = scenario.population.total.map {
                DatedValue($0).anchoredLevel(in: year, baseYear: t0, growth: scenario.population.growth)
            }
            var members = MembershipYear(year: year, active: active, retired: retired, payers: payers,
                                         residentInsured: residents, population: population)
            members.retiredCostWeight = retired * (scenario.employee?.retireeCostRatio.value(in: year) ?? 1)
            members.activeCells = shares.map { $0 * active }
            return members
        }
    }

    /// How the aggregate model spreads actives over ages: in proportion to the embedded population
    /// of working age not yet past the scenario's statutory retirement age in the base year (the same
    /// shares the cohort model places its base-year actives by).
    static func activeShares(_ scenario: Scenario) -> [Double] {
        let population = DefaultDemography.population2020
        var tables: [RetirementTiming: RetirementTable] = [:]
        let variant = CohortMembership.Variant(scenario, tables: &tables)
        var weights = [Double](repeating: 0, count: AgeSex.cells)
        for sex in Sex.allCases {
            for age in 0...AgeSex.maximumAge {
                let open = variant.notRetired(age: age, sex: sex, year: scenario.baseYear)
                weights[AgeSex.index(age: age, sex: sex)] = population[AgeSex.index(age: age, sex: sex)] * (open.worker + open.cadre) * CohortMembership.entryShape(age, fullAge: scenario.membership.fullCoverageAge)
            }
        }
        let total = weights.reduce(0, +)
        return weights.map { total > 0 ? $0 / total : 0 }
    }
}
