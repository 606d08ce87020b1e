import Foundation
import LinearAlgebra
import Demography
import Scenario

/// The multistate membership model on the cohort-component population (maths: Sources/Membership/README.md).
///
/// Per year, for every variant of a batch:
/// 1. Population and the employee states age and die together: one GEMM `L_t · [P, A, C, R, …]`
///    over all columns of all variants (births enter only the population column); the year's net
///    migrants (`P_{t+1} = L_t P_t + m_t`) join or leave every state of their cell in proportion.
/// 2. Retirement: actives whose statutory date (by birth cohort and month, ``RetirementTiming``) falls
///    in the year leave `A`; the share meeting the minimum contribution years, and of the rest the
///    share that buys in, enter `R`; the others fall to the resident scheme or out of cover.
/// 3. Lapse (`A → U`) and switching (`U → A`) at working ages; the cohort reaching working age (16)
///    enters at the base year's coverage of the not-yet-retired population (times `active_coverage`).
///    Older cohorts keep their coverage through these flows, so lapse and switching accumulate.
/// 4. Residents `U = min(c·P, P) − A − C − R` with `c` the base year's total coverage by cell
///    (times `resident_coverage`); the uninsured are the rest.
public enum CohortMembership {
    /// Minimum working age: the Labour Law of the PRC (art. 15) forbids employing anyone under 16.
    public static let workingAgeStart = 16

    /// The default first age at which a cohort has its full active coverage: 25
    /// (`membership.full_coverage_age` overrides). fundcast 默认: cohorts leave
    /// education and enter insured work evenly between 16 (end of compulsory schooling, the Labour Law's
    /// minimum age) and 24 (a bachelor's degree finished at 22–23 plus a first job search), so coverage
    /// of a cohort rises linearly over ages 16–24 (``entryShape(_:)``).
    public static let fullCoverageAge = MembershipSettings.defaults.fullCoverageAge

    /// Relative active coverage by age: 0 below 16, `(age − 15)/(F − 15)` at 16…F−1, 1 from the full
    /// coverage age `F` (default 25: 0.1 at 16 … 0.9 at 24).
    public static func entryShape(_ age: Int, fullAge: Int = fullCoverageAge) -> Double {
        guard age >= workingAgeStart else { return 0 }
        guard age < fullAge else { return 1 }
        return Double(age - workingAgeStart + 1) / Double(fullAge - workingAgeStart + 1)
    }

    /// Why base-year counts cannot be placed on the population.
    public struct PlacementError: Error, Equatable, Sendable, CustomStringConvertible {
        public var key: String
        public var expected: String
        public var found: String
        public var description: String { "\(key): expected \(expected), found \(found)" }
    }

    /// Every year's states and aggregate counts for one variant.
    public struct Result: Sendable {
        public var years: [MembershipYear]
        public var cells: [StateCells]
    }

    /// Projects a batch of scenarios. Variants with the same demography share one GEMM a year; so do
    /// variants whose demography differs only in the TFR (their populations are columns of the same
    /// GEMM, the births rows scaled by each TFR: the Leslie matrix is linear in it).
    /// - Parameter keepCells: keep every year's states by cell (6 × 202 numbers a variant-year);
    ///   large batches that need only the yearly counts pass false.
    public static func project(_ scenarios: [Scenario], keepCells: Bool = true) throws(PlacementError) -> [Result] {
        var results = [Result?](repeating: nil, count: scenarios.count)
        var groups: [(key: GroupKey, members: [Int])] = []
        for (i, s) in scenarios.enumerated() {
            var population = s.population
            population.tfr = nil // variants differing only in TFR share the survival step
            let key = GroupKey(population: population, baseYear: s.baseYear, horizon: s.horizon)
            if let g = groups.firstIndex(where: { $0.key == key }) { groups[g].members.append(i) } else { groups.append((key, [i])) }
        }
        for group in groups {
            let batch = try projectGroup(group.members.map { scenarios[$0] }, keepCells: keepCells)
            for (i, result) in zip(group.members, batch) { results[i] = result }
        }
        return results.map { $0! }
    }

    struct GroupKey: Equatable {
        var population: PopulationSettings
        var baseYear: Int
        var horizon: Int
    }

    /// Per-variant parameters and running state.
    struct Variant {
        let scenario: Scenario
        let settings: MembershipSettings
        let male: RetirementTable, cadre: RetirementTable, worker: RetirementTable
        /// Active coverage of the not-yet-retired population (base year, uniform).
        var activeCoverage: Double = 0
        /// Total coverage by cell in the base year.
        var totalCoverage: [Double] = []
        var payerRatio: Double = 1
        var active: [Double] = [], cadres: [Double] = [], retired: [Double] = []
        /// Growth of active coverage in each projected year (``CoverageTrend``), by year.
        var coverageGrowth: [Int: Double] = [:]
        /// Cumulative active-coverage factor of each year since the base year.
        var coverageFactor: [Int: Double] = [:]
        /// Cumulative premium-elasticity factor on resident enrolment.
        var enrolmentFactor: [Int: Double] = [:]

        /// - Parameter tables: retirement tables already built for other variants of the batch, reused by rule.
        init(_ s: Scenario, tables: inout [RetirementTiming: RetirementTable]) {
            scenario = s
            settings = s.membership
            let schedule = s.population.retirementSchedule
            let early = s.membership.earlyRetirementShare
            let late = s.membership.lateRetirementShare
            let births = (s.baseYear - AgeSex.maximumAge - 1)...s.horizon
            func table(_ rule: RetirementRule) -> RetirementTable {
                let timing = RetirementTiming(rule: rule, earlyShare: early, lateShare: late)
                if let t = tables[timing] { return t }
                let t = timing.sharedTable(birthYears: births, years: s.baseYear...s.horizon)
                tables[timing] = t
                return t
            }
            male = table(schedule.male)
            cadre = table(schedule.femaleCadre)
            worker = table(schedule.femaleWorker)
            let trend = CoverageTrend(s)
            var factor = 1.0, enrolment = 1.0
            if s.horizon > s.baseYear {
                for y in (s.baseYear + 1)...s.horizon {
                    let g = trend.growth(in: y)
                    coverageGrowth[y] = g
                    factor *= 1 + g
                    coverageFactor[y] = factor
                    enrolment *= max(0, 1 - s.membership.residentPremiumElasticity * CoverageTrend.premiumGrowthGap(s, year: y))
                    enrolmentFactor[y] = enrolment
                }
            }
        }

        /// Shares of the cell (a, sex) in year `year` not yet retired, by group: (men or women workers, cadres).
        func notRetired(age: Int, sex: Sex, year: Int) -> (worker: Double, cadre: Double) {
            guard age >= CohortMembership.workingAgeStart else { return (0, 0) }
            let b = year - age
            if sex == .male { return (1 - male.retiredBefore(year + 1, birthYear: b), 0) }
            let k = settings.femaleCadreShare
            return ((1 - k) * (1 - worker.retiredBefore(year + 1, birthYear: b)), k * (1 - cadre.retiredBefore(year + 1, birthYear: b)))
        }
    }

    /// One group: every variant's A, C, R and one population column per distinct TFR path ("strand")
    /// age in one GEMM a year, `[P_1 … P_S, A_1, C_1, R_1, …] ← L_t(1) [·]` with the births rows of each
    /// `P_s` then scaled by its TFR (`L_t(f) = S_t + f·B_t`, the births rows `B_t` linear in the TFR; a
    /// group with one TFR path uses `L_t(f)` itself). Births enter the population columns only.
    static func projectGroup(_ scenarios: [Scenario], keepCells: Bool) throws(PlacementError) -> [Result] {
        let first = scenarios[0]
        let demographics = Demographics(first)
        let t0 = first.baseYear
        let n = AgeSex.cells
        let p0 = demographics.basePopulation
        var strandTFR: [DatedValue<Double>] = []
        var strandOf: [Int] = []
        for s in scenarios {
            let tfr = Demographics.tfrOf(s)
            if let i = strandTFR.firstIndex(of: tfr) { strandOf.append(i) } else { strandOf.append(strandTFR.count); strandTFR.append(tfr) }
        }
        let strands = strandTFR.count
        var tables: [RetirementTiming: RetirementTable] = [:]
        var variants: [Variant] = []
        for s in scenarios { variants.append(try place(Variant(s, tables: &tables), population: p0)) }

        var populations = [[Double]](repeating: p0, count: strands)
        var results = variants.map { v in Result(years: [], cells: []) }
        let baseIndicators = demographics.indicators(p0, year: t0, births: nil, deaths: nil)
        for (i, v) in variants.enumerated() {
            let cells = residents(v, population: p0, year: t0)
            if keepCells { results[i].cells.append(cells) }
            results[i].years.append(summary(v, cells, year: t0, flows: nil))
            results[i].years[0].demography = baseIndicators
        }
        guard first.horizon > t0 else { return results }

        for year in t0..<first.horizon {
            let next = year + 1
            let table = demographics.lifeTable(in: next)
            let srb = demographics.sexRatioAtBirth.value(in: next)
            let leslie = Demographics.leslie(table: table, tfr: strands == 1 ? strandTFR[0].value(in: next) : 1,
                                             sexRatioAtBirth: srb, schedule: demographics.fertilitySchedule)
            // 1. One GEMM ages every column: the populations, then A, C, R of each variant.
            var columns = [Double](); columns.reserveCapacity(n * (strands + 3 * variants.count))
            for p in populations { columns += p }
            for k in variants.indices { columns += variants[k].active; columns += variants[k].cadres; columns += variants[k].retired }
            let stepped = CohortProjection.step(Matrix(rows: n, columns: strands + 3 * variants.count, columnMajor: columns), leslie: leslie).storage
            let migrants = demographics.migrants(in: next)
            var migrationFactors: [[Double]] = [], indicators: [PopulationIndicators] = []
            for s in 0..<strands {
                var p = Array(stepped[(s * n)..<((s + 1) * n)])
                if strands > 1 {
                    let f = strandTFR[s].value(in: next)
                    for sex in Sex.allCases { p[AgeSex.index(age: 0, sex: sex)] *= f }
                }
                let vital = demographics.vitalEvents(before: populations[s], after: p, table: table)
                var migrationFactor = [Double](repeating: 1, count: n)
                var lost = 0.0
                for i in 0..<n {
                    let moved = max(0, p[i] + migrants[i])
                    lost += moved - (p[i] + migrants[i])
                    if p[i] > 0 { migrationFactor[i] = moved / p[i] }
                    p[i] = moved
                }
                if lost > 0.5 {
                    throw PlacementError(key: "population.net_migration", expected: "no more emigrants than people in each age and sex",
                                         found: "\(wholeNumber(lost)) emigrants too many in \(year)")
                }
                populations[s] = p
                migrationFactors.append(migrationFactor)
                indicators.append(demographics.indicators(p, table: table, births: vital.births, deaths: vital.deaths))
            }
            for k in variants.indices {
                let base = n * (strands + 3 * k)
                let p = populations[strandOf[k]], migrationFactor = migrationFactors[strandOf[k]]
                // In place: a copy of the variant (its scenario and tables) a year would retain them all.
                func advance(_ v: inout Variant) -> Flows {
                    v.active = Array(stepped[base..<(base + n)])
                    v.cadres = Array(stepped[(base + n)..<(base + 2 * n)])
                    v.retired = Array(stepped[(base + 2 * n)..<(base + 3 * n)])
                    for sex in Sex.allCases {
                        let i0 = AgeSex.index(age: 0, sex: sex)
                        v.active[i0] = 0; v.cadres[i0] = 0; v.retired[i0] = 0 // births enter the population only
                    }
                    for i in 0..<n {
                        // Migrants join or leave every state of their cell in proportion.
                        v.active[i] *= migrationFactor[i]; v.cadres[i] *= migrationFactor[i]; v.retired[i] *= migrationFactor[i]
                        let employed = v.active[i] + v.cadres[i] + v.retired[i]
                        if employed > p[i], employed > 0 { // only by rounding: keep every person in one state
                            let f = p[i] / employed
                            v.active[i] *= f; v.cadres[i] *= f; v.retired[i] *= f
                        }
                    }
                    return applyFlows(&v, population: p, year: next)
                }
                let flows = advance(&variants[k])
                let cells = residents(variants[k], population: p, year: next)
                if keepCells { results[k].cells.append(cells) }
                results[k].years.append(summary(variants[k], cells, year: next, flows: flows))
                results[k].years[results[k].years.count - 1].demography = indicators[strandOf[k]]
            }
        }
        return results
    }

    /// Places the base-year counts on the population: actives evenly over the not-yet-retired
    /// population of working age, retirees evenly over those past their statutory date, residents
    /// evenly over the rest. Fails when a count exceeds the people it can be placed on.
    static func place(_ v: Variant, population p: [Double]) throws(PlacementError) -> Variant {
        var v = v
        let s = v.scenario, t0 = s.baseYear
        let a0 = s.employee?.active.value(in: t0) ?? 0
        let r0 = s.employee?.retired.value(in: t0) ?? 0
        var eligibleActive = 0.0, eligibleRetired = 0.0
        var notRetired = [(Double, Double)](repeating: (0, 0), count: AgeSex.cells)
        for sex in Sex.allCases {
            for age in 0...AgeSex.maximumAge {
                let i = AgeSex.index(age: age, sex: sex)
                notRetired[i] = v.notRetired(age: age, sex: sex, year: t0)
                let working = notRetired[i].0 + notRetired[i].1
                eligibleActive += p[i] * working * entryShape(age, fullAge: v.settings.fullCoverageAge)
                eligibleRetired += age >= workingAgeStart ? p[i] * (1 - working) : 0
            }
        }
        guard a0 <= eligibleActive else {
            throw PlacementError(key: "employee.active", expected: "at most the \(wholeNumber(eligibleActive)) people of working age below their retirement age (of the population.total the members are placed in; raise it if it is the region's population that is short)",
                                 found: "\(wholeNumber(a0))")
        }
        guard r0 <= eligibleRetired else {
            throw PlacementError(key: "employee.retired", expected: "at most the \(wholeNumber(eligibleRetired)) people past their retirement age (of the population.total the members are placed in; raise it if it is the region's population that is short)", found: "\(wholeNumber(r0))")
        }
        let alpha = eligibleActive > 0 ? a0 / eligibleActive : 0
        let rho = eligibleRetired > 0 ? r0 / eligibleRetired : 0
        v.activeCoverage = alpha
        v.active = (0..<AgeSex.cells).map { p[$0] * alpha * entryShape($0 % AgeSex.ages, fullAge: v.settings.fullCoverageAge) * notRetired[$0].0 }
        v.cadres = (0..<AgeSex.cells).map { p[$0] * alpha * entryShape($0 % AgeSex.ages, fullAge: v.settings.fullCoverageAge) * notRetired[$0].1 }
        v.retired = (0..<AgeSex.cells).map { i in i % AgeSex.ages >= workingAgeStart ? p[i] * rho * (1 - notRetired[i].0 - notRetired[i].1) : 0 }
        if let payers = s.employee?.payers?.value(in: t0) {
            v.payerRatio = a0 > 0 ? payers / a0 : 0
        }
        let u0 = s.resident?.insured.value(in: t0) ?? 0
        let remaining = (0..<AgeSex.cells).reduce(0.0) { $0 + p[$1] - v.active[$1] - v.cadres[$1] - v.retired[$1] }
        guard u0 <= remaining + 1e-6 else {
            throw PlacementError(key: "resident.insured", expected: "at most the \(wholeNumber(remaining)) people not in the employee scheme", found: "\(wholeNumber(u0))")
        }
        let u = remaining > 0 ? u0 / remaining : 0
        v.totalCoverage = (0..<AgeSex.cells).map { i in
            guard p[i] > 0 else { return u }
            let employed = (v.active[i] + v.cadres[i] + v.retired[i]) / p[i]
            return employed + u * (1 - employed)
        }
        return v
    }

    /// Gross flows of a year, persons.
    struct Flows {
        var retirements = 0.0, buyIns = 0.0, toResident = 0.0, lapses = 0.0, switches = 0.0, entries = 0.0
    }

    /// The rates of steps 2–3 in one year: the share meeting the minimum years, the buy-in share, lapse
    /// and switch rates, the entry coverage `α·active_coverage_t`, the coverage trend's growth and
    /// cumulative factor.
    struct FlowRates {
        let met: Double, buyIn: Double, lapse: Double, switchRate: Double, coverage: Double, trendGrowth: Double, trendFactor: Double

        init(_ v: Variant, year: Int) {
            let settings = v.settings
            met = settings.minimumYearsMetShare.value(in: year)
            buyIn = settings.buyInShare.value(in: year)
            lapse = settings.lapseRate.value(in: year)
            switchRate = settings.switchRate.value(in: year)
            coverage = v.activeCoverage * settings.activeCoverage.value(in: year)
            trendGrowth = v.coverageGrowth[year] ?? 0
            trendFactor = v.coverageFactor[year] ?? 1
        }
    }

    /// Retirement, lapse, switching and entries for `year` (steps 2–3).
    static func applyFlows(_ v: inout Variant, population p: [Double], year: Int) -> Flows {
        var f = Flows()
        let settings = v.settings
        let rates = FlowRates(v, year: year)
        let (met, buyIn, lapse, switchRate, coverage) = (rates.met, rates.buyIn, rates.lapse, rates.switchRate, rates.coverage)
        let residentsBefore = switchRate > 0 ? residents(v, population: p, year: year).resident : []
        let trendGrowth = rates.trendGrowth, trendFactor = rates.trendFactor
        // The retirement tables read once, not copied out of `v` at every cell.
        let male = v.male, worker = v.worker, cadre = v.cadre
        for sex in Sex.allCases {
            for age in workingAgeStart...AgeSex.maximumAge {
                let i = AgeSex.index(age: age, sex: sex)
                let b = year - age
                // 2. Retirement.
                let hWorker = (sex == .male ? male : worker).hazard(in: year, birthYear: b)
                let hCadre = sex == .female ? cadre.hazard(in: year, birthYear: b) : 0
                let leaving = v.active[i] * hWorker + v.cadres[i] * hCadre
                v.active[i] -= v.active[i] * hWorker
                v.cadres[i] -= v.cadres[i] * hCadre
                let qualifying = leaving * (met + (1 - met) * buyIn)
                v.retired[i] += qualifying
                f.retirements += qualifying
                f.buyIns += leaving * (1 - met) * buyIn
                f.toResident += leaving - qualifying
                // 3. Lapse and switching at ages not yet retired.
                let open = v.notRetired(age: age, sex: sex, year: year)
                guard open.worker + open.cadre > 0 else { continue }
                let lapsed = (v.active[i] + v.cadres[i]) * lapse
                v.active[i] *= 1 - lapse
                v.cadres[i] *= 1 - lapse
                f.lapses += lapsed
                let switched = switchRate > 0 ? residentsBefore[i] * switchRate : 0
                let share = open.cadre / (open.worker + open.cadre)
                v.active[i] += switched * (1 - share)
                v.cadres[i] += switched * share
                f.switches += switched
                let room = max(0, p[i] - v.active[i] - v.cadres[i] - v.retired[i])
                guard age < settings.fullCoverageAge else {
                    // Older cohorts keep their coverage, moved by the year's coverage trend.
                    let g = trendGrowth
                    guard g != 0 else { continue }
                    let change = g > 0 ? min(room, (v.active[i] + v.cadres[i]) * g) : (v.active[i] + v.cadres[i]) * g
                    let share = v.active[i] + v.cadres[i] > 0 ? v.cadres[i] / (v.active[i] + v.cadres[i]) : 0
                    v.active[i] += change * (1 - share)
                    v.cadres[i] += change * share
                    if change > 0 { f.entries += change } else { f.lapses -= change }
                    continue
                }
                // Cohorts at entry ages (16 … full_coverage_age − 1) are topped up to the entry schedule
                // times the base year's coverage, the active_coverage multiplier and the coverage trend.
                let target = coverage * entryShape(age, fullAge: settings.fullCoverageAge) * trendFactor
                let topWorker = max(0, target * p[i] * open.worker - v.active[i])
                let topCadre = max(0, target * p[i] * open.cadre - v.cadres[i])
                let scale = topWorker + topCadre > room ? room / (topWorker + topCadre) : 1
                v.active[i] += topWorker * scale
                v.cadres[i] += topCadre * scale
                f.entries += (topWorker + topCadre) * scale
            }
        }
        return f
    }

    /// Step 4: residents and uninsured from coverage; the full set of states for the year.
    static func residents(_ v: Variant, population p: [Double], year: Int) -> StateCells {
        let multiplier = v.settings.residentCoverage.value(in: year) * (v.enrolmentFactor[year] ?? 1)
        var u = [Double](repeating: 0, count: AgeSex.cells), none = u
        let hasResidentScheme = v.scenario.resident != nil
        for i in 0..<AgeSex.cells {
            let employed = v.active[i] + v.cadres[i] + v.retired[i]
            let free = max(0, p[i] - employed)
            u[i] = !hasResidentScheme ? 0 : min(free, max(0, min(1, v.totalCoverage[i] * multiplier) * p[i] - employed))
            none[i] = free - u[i]
        }
        return StateCells(population: p, active: v.active, activeCadres: v.cadres, retired: v.retired, resident: u, uninsured: none)
    }

    /// Aggregate counts and cost weights of a year.
    static func summary(_ v: Variant, _ c: StateCells, year: Int, flows: Flows?) -> MembershipYear {
        let settings = v.settings
        let ratio = v.scenario.employee?.retireeCostRatio.value(in: year) ?? 1
        func weighted(_ x: [Double], _ profile: AgeSexTable?, _ scale: Double) -> Double {
            guard let w = profile?.values else { return x.reduce(0, +) * scale }
            return zip(x, w).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let active = c.allActive.reduce(0, +)
        var year = MembershipYear(
            year: year, active: active, retired: c.retired.reduce(0, +), payers: active * v.payerRatio,
            residentInsured: c.resident.reduce(0, +), population: c.population.reduce(0, +),
            oldAgeDependency: AgeSex.oldAgeDependency(c.population))
        year.activeCostWeight = weighted(c.allActive, settings.activeCostProfile, 1)
        year.retiredCostWeight = weighted(c.retired, settings.retiredCostProfile, ratio)
        year.residentCostWeight = weighted(c.resident, settings.residentCostProfile, 1)
        year.flows = flows.map {
            MembershipFlows(retirements: $0.retirements, buyIns: $0.buyIns, retireesToResident: $0.toResident,
                            lapses: $0.lapses, switches: $0.switches, entries: $0.entries)
        }
        year.uninsured = c.uninsured.reduce(0, +)
        year.activeCells = c.allActive
        year.retiredCells = c.retired
        year.residentCells = c.resident
        return year
    }
}
