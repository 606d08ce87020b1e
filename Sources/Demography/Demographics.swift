import LinearAlgebra
import Scenario

/// The demographic assumptions of one scenario, resolved to numbers: base population, mortality path,
/// fertility, sex ratio at birth and migration (the maths in Sources/Demography/README.md).
public struct Demographics: Sendable {
    /// Population at the end of the base year by cell (scaled to `population.total`), persons.
    public var basePopulation: [Double]
    public var baseYear: Int
    /// The region's life table (or the embedded 2020-2025 table) and the year it stands for; used
    /// directly only without a mortality path (tests) and as the level a region's path starts from.
    public var lifeTable: LifeTable
    public var lifeTableYear: Int
    /// The default path of death rates (WPP 2024); nil only when a caller removes it.
    public var mortalityPath: MortalityPath?
    /// Whether the region gave its own life table: the path then moves it by the path's relative change
    /// `m_path(t)/m_path(t0)` instead of replacing it.
    public var pathIsRelative: Bool
    /// Annual rate of mortality improvement by cell, used only without a path.
    public var improvement: [Double]
    public var totalFertilityRate: DatedValue<Double>
    /// φ(a) for female ages 0…100, Σφ = 1.
    public var fertilitySchedule: [Double]
    public var sexRatioAtBirth: DatedValue<Double>
    /// Net migrants a year, persons (when the scenario gives a total).
    public var netMigration: DatedValue<Double>
    /// Age-sex distribution of the scenario's net migrants, Σ = 1.
    public var migrationProfile: [Double]
    /// Without a scenario total: the WPP national net migrants by age and sex times this factor
    /// (the area's population over China's at the end of the base year); nil when a total is given.
    public var nationalMigrationScale: Double?

    /// Resolves a scenario's population block against the embedded default for China.
    /// Region tables given in the scenario replace the defaults; `population.total` scales the structure.
    /// Without a region structure the WPP 1 July 2020 structure is aged to the end of the base year
    /// (``agedToEndOfYear(_:)``).
    public init(_ scenario: Scenario) {
        let settings = scenario.population
        let national = settings.ageSexCounts == nil
        var population = settings.ageSexCounts?.values ?? Self.agedToEndOfYear(scenario.baseYear)
        let unscaled = population.reduce(0, +)
        if let total = settings.total {
            if unscaled > 0 { population = population.map { $0 * total / unscaled } }
        }
        basePopulation = population
        baseYear = scenario.baseYear
        mortalityPath = DefaultDemography.mortalityPath
        if let qx = settings.lifeTable?.values {
            lifeTable = LifeTable(qx: qx)
            lifeTableYear = scenario.baseYear
            pathIsRelative = true
        } else {
            lifeTable = DefaultDemography.lifeTable2020
            lifeTableYear = DefaultDemography.lifeTableYear
            pathIsRelative = false
        }
        improvement = DefaultDemography.mortalityImprovement
        (totalFertilityRate, fertilitySchedule) = Self.fertility(scenario)
        sexRatioAtBirth = settings.sexRatioAtBirth ?? DatedValue(DefaultDemography.sexRatioAtBirth)
        netMigration = settings.netMigration ?? DatedValue(0)
        migrationProfile = settings.migrationProfile?.values ?? DefaultDemography.youngMigrantProfile
        if settings.netMigration == nil {
            let china = national ? unscaled : Self.agedToEndOfYear(scenario.baseYear).reduce(0, +)
            nationalMigrationScale = china > 0 ? population.reduce(0, +) / china : 0
        }
        if let rate = settings.mortalityImprovement {
            improvementOverride = rate
        }
        mortalityDeviation = settings.mortalityDeviation
    }

    /// The TFR path and the fertility schedule by age a scenario projects with (``totalFertilityRate``,
    /// ``fertilitySchedule``), without resolving the rest of its population block.
    public static func fertility(_ scenario: Scenario) -> (tfr: DatedValue<Double>, schedule: [Double]) {
        (tfrOf(scenario), DefaultDemography.fertilitySchedule)
    }

    /// The TFR path a scenario projects with: its own, else the embedded UN WPP 2024 medium path.
    public static func tfrOf(_ scenario: Scenario) -> DatedValue<Double> {
        scenario.population.tfr ?? DefaultDemography.tfrPath
    }

    /// A scalar improvement rate from the scenario (`mortality_improvement`): the base year's table
    /// improved by `q_t = q_{t−1}·(1 − r_t)` a year, replacing the path after the base year.
    public var improvementOverride: DatedValue<Double>?

    /// The life table of calendar year `year`: the path read at `year + ½` (a region's table moved by
    /// the path's relative change since the base year); with a scalar override, the base year's table
    /// improved year by year; without a path, the base table improved by `improvement`.
    public func lifeTable(in year: Int) -> LifeTable {
        let table = centralLifeTable(in: year)
        guard let factors = mortalityDeviation?.factors(in: year) else { return table }
        return table.scaled(by: factors)
    }

    /// A Monte Carlo path's Lee–Carter deviation from the central path (``MortalityDeviation``).
    public var mortalityDeviation: MortalityDeviation?

    private func centralLifeTable(in year: Int) -> LifeTable {
        if let rate = improvementOverride {
            var table = pathTable(in: min(year, baseYear))
            if year > baseYear {
                for y in (baseYear + 1)...year {
                    table = table.improved(by: [Double](repeating: rate.value(in: y), count: AgeSex.cells), years: 1)
                }
            }
            return table
        }
        return pathTable(in: year)
    }

    private func pathTable(in year: Int) -> LifeTable {
        guard let path = mortalityPath else {
            return lifeTable.improved(by: improvement, years: year - lifeTableYear)
        }
        guard pathIsRelative else { return path.table(in: year) }
        let now = path.centralRates(atTime: Double(year) + 0.5), then = path.centralRates(atTime: Double(lifeTableYear) + 0.5)
        return lifeTable.scaled(by: zip(now, then).map { $1 > 0 ? $0 / $1 : 1 })
    }

    /// The Leslie matrix of the step lived in calendar year `year`, from the end of `year − 1` to the
    /// end of `year` (202 × 202), with that year's life table, TFR and sex ratio at birth.
    public func leslie(in year: Int) -> Matrix {
        Self.leslie(table: lifeTable(in: year), tfr: totalFertilityRate.value(in: year),
                    sexRatioAtBirth: sexRatioAtBirth.value(in: year), schedule: fertilitySchedule)
    }

    /// A Leslie matrix: survival on the sub-diagonal of each sex block, the open group 100+ keeping its
    /// survivors, and births in the first row of each block: women aged `a` at the start of the year bear
    /// `(f(a) + S(a)·f(a+1)) / 2` children in it (half the year at each age), `f = TFR·φ`, split by the
    /// sex ratio at birth and times the infant survival `L0/l0`.
    public static func leslie(table: LifeTable, tfr: Double, sexRatioAtBirth srb: Double, schedule: [Double]) -> Matrix {
        let s = table.survival
        var l = Matrix(rows: AgeSex.cells, columns: AgeSex.cells)
        for sex in Sex.allCases {
            for age in 0..<AgeSex.maximumAge {
                l[AgeSex.index(age: age + 1, sex: sex), AgeSex.index(age: age, sex: sex)] = s[AgeSex.index(age: age, sex: sex)]
            }
            let open = AgeSex.index(age: AgeSex.maximumAge, sex: sex)
            l[open, open] = s[open]
        }
        let boys = srb / (1 + srb) * table.infantSurvival(.male)
        let girls = 1 / (1 + srb) * table.infantSurvival(.female)
        for age in 0..<AgeSex.maximumAge {
            let f = tfr * schedule[age], fNext = tfr * schedule[age + 1]
            let births = (f + s[AgeSex.index(age: age, sex: .female)] * fNext) / 2
            guard births > 0 else { continue }
            l[AgeSex.index(age: 0, sex: .male), AgeSex.index(age: age, sex: .female)] = births * boys
            l[AgeSex.index(age: 0, sex: .female), AgeSex.index(age: age, sex: .female)] = births * girls
        }
        return l
    }

    /// Net migrants by cell arriving in calendar year `year`, persons: the scenario's total times its
    /// profile, or the WPP national migrants of the period holding mid-`year` times the area's scale.
    public func migrants(in year: Int) -> [Double] {
        if let scale = nationalMigrationScale {
            return DefaultDemography.nationalMigrants(atTime: Double(year) + 0.5).map { $0 * scale }
        }
        let total = netMigration.value(in: year)
        return migrationProfile.map { $0 * total }
    }

    /// Births and deaths of a step, persons: births are the surviving infants `P_{t+1}(0, s)` over
    /// the infant survival `L0/l0` of their sex; deaths close the balance `P_t + B − D = L_t P_t` (before
    /// migrants are added).
    public func vitalEvents(before p: [Double], after stepped: [Double], year: Int) -> (births: Double, deaths: Double) {
        vitalEvents(before: p, after: stepped, table: lifeTable(in: year))
    }

    /// ``vitalEvents(before:after:year:)`` with the year's life table already built.
    public func vitalEvents(before p: [Double], after stepped: [Double], table: LifeTable) -> (births: Double, deaths: Double) {
        var births = 0.0
        for sex in Sex.allCases {
            let s0 = table.infantSurvival(sex)
            if s0 > 0 { births += stepped[AgeSex.index(age: 0, sex: sex)] / s0 }
        }
        return (births, p.reduce(0, +) + births - stepped.reduce(0, +))
    }

    /// Population indicators of a year's population vector and life table: shares aged 65+ and 80+,
    /// e0 by sex.
    public func indicators(_ p: [Double], year: Int, births: Double?, deaths: Double?) -> PopulationIndicators {
        indicators(p, table: lifeTable(in: year), births: births, deaths: deaths)
    }

    /// ``indicators(_:year:births:deaths:)`` with the year's life table already built.
    public func indicators(_ p: [Double], table: LifeTable, births: Double?, deaths: Double?) -> PopulationIndicators {
        let total = p.reduce(0, +)
        return PopulationIndicators(share65Plus: total > 0 ? AgeSex.sum(p, ages: 65...AgeSex.maximumAge) / total : 0,
                                    share80Plus: total > 0 ? AgeSex.sum(p, ages: 80...AgeSex.maximumAge) / total : 0,
                                    e0Male: table.lifeExpectancy(.male), e0Female: table.lifeExpectancy(.female),
                                    births: births, deaths: deaths)
    }

    /// The embedded WPP structure of 1 July 2020 carried to 31 December of `year` with the cohort step
    /// on the WPP inputs (mortality path, TFR path, national net migration, default sex ratio at birth):
    /// one-year steps mid-year to mid-year (the step from mid-`t` to mid-`t+1` reads the path at `t + 1.0`,
    /// TFR `½(TFR_t + TFR_{t+1})`), backwards by inverse survival for years before 2020, then the end of
    /// the year as the mean of the two mid-years around it, `P(31 Dec t) = ½(P(mid t) + P(mid t+1))`
    /// (the usual linear interpolation between mid-year estimates).
    public static func agedToEndOfYear(_ year: Int) -> [Double] {
        let known = midYearStructures[year] != nil && midYearStructures[year + 1] != nil
        let table = known ? midYearStructures : midYearStructures(through: year, from: year)
        guard let a = table[year], let b = table[year + 1] else { return DefaultDemography.population2020 }
        return zip(a, b).map { ($0 + $1) / 2 }
    }

    /// The mid-year structures 2000…2101, computed once (the step is deterministic, so every caller
    /// sees the same vectors).
    static let midYearStructures: [Int: [Double]] = midYearStructures(through: 2100, from: 2000)

    /// Mid-year structures from `first` (backwards from 2020) to `last + 1` (forwards).
    static func midYearStructures(through last: Int, from first: Int = 2020) -> [Int: [Double]] {
        let start = 2020
        var byYear: [Int: [Double]] = [start: DefaultDemography.population2020]
        let path = DefaultDemography.mortalityPath, tfr = DefaultDemography.tfrPath
        let srb = DefaultDemography.sexRatioAtBirth, phi = DefaultDemography.fertilitySchedule
        var mid = DefaultDemography.population2020
        if last + 1 > start {
            for t in start..<(last + 1) {
                let time = Double(t) + 1
                let l = leslie(table: path.table(atTime: time), tfr: (tfr.value(in: t) + tfr.value(in: t + 1)) / 2,
                               sexRatioAtBirth: srb, schedule: phi)
                let m = DefaultDemography.nationalMigrants(atTime: time)
                mid = zip(CohortProjection.step(Matrix(column: mid), leslie: l).column(0), m).map { max(0, $0 + $1) }
                byYear[t + 1] = mid
            }
        }
        mid = DefaultDemography.population2020
        let earliest = min(first, last)
        if earliest < start {
            for t in stride(from: start, to: earliest, by: -1) {
                mid = reverseStep(mid, table: path.table(atTime: Double(t)), migrants: DefaultDemography.nationalMigrants(atTime: Double(t)))
                byYear[t - 1] = mid
            }
        }
        return byYear
    }

    /// One step back in time: `P_{t−1}(a) = (P_t(a+1) − m(a+1)) / S(a)` below 99; the two oldest cells
    /// share `P_t(100) − m(100) = S(99)·P_{t−1}(99) + S(100)·P_{t−1}(100)` in the ratio `P_t(100)/P_t(99)`.
    /// Births are not needed: age 0 at `t − 1` is age 1 at `t` inverse-survived.
    static func reverseStep(_ p: [Double], table: LifeTable, migrants m: [Double]) -> [Double] {
        let s = table.survival
        var prior = [Double](repeating: 0, count: AgeSex.cells)
        for sex in Sex.allCases {
            let i = { (age: Int) in AgeSex.index(age: age, sex: sex) }
            for age in 0..<(AgeSex.maximumAge - 1) {
                prior[i(age)] = max(0, (p[i(age + 1)] - m[i(age + 1)]) / s[i(age)])
            }
            let k = p[i(99)] > 0 ? p[i(100)] / p[i(99)] : 0
            let old = max(0, p[i(100)] - m[i(100)])
            let p99 = old / (s[i(99)] + s[i(100)] * k)
            prior[i(99)] = p99
            prior[i(100)] = k * p99
        }
        return prior
    }
}

/// Population indicators of one year.
public struct PopulationIndicators: Sendable, Equatable {
    /// Share of the population aged 65 and over, fraction.
    public var share65Plus: Double
    /// Share aged 80 and over, fraction.
    public var share80Plus: Double
    /// Life expectancy at birth of the year's life table, years.
    public var e0Male: Double
    public var e0Female: Double
    /// Births and deaths during the year, persons; nil for the base year.
    public var births: Double?
    public var deaths: Double?

    public init(share65Plus: Double, share80Plus: Double, e0Male: Double, e0Female: Double, births: Double?, deaths: Double?) {
        self.share65Plus = share65Plus
        self.share80Plus = share80Plus
        self.e0Male = e0Male
        self.e0Female = e0Female
        self.births = births
        self.deaths = deaths
    }
}

/// Batched cohort-component projection: every column of a state matrix (a population, or the active,
/// retired … members of a population; of one scenario variant or of many) advances with one GEMM,
/// `X_{t+1} = L_t · X_t`. Variants that share a Leslie matrix share the call.
public enum CohortProjection {
    /// One step: `L · X` for all columns at once (dgemm).
    public static func step(_ states: Matrix, leslie: Matrix) -> Matrix {
        var next = Matrix(rows: states.rows, columns: states.columns)
        // Dimensions are fixed by construction (202 × 202 times 202 × k), so gemm cannot fail.
        try! BLAS.gemm(leslie, states, into: &next)
        return next
    }

    /// Projects populations (columns of `initial`) from `demographics.baseYear` to `horizon`, adding
    /// each year's net migrants to every column. Returns one matrix a year, base year first.
    public static func project(_ initial: Matrix, demographics: Demographics, to horizon: Int) -> [Matrix] {
        var result = [initial]
        var current = initial
        guard horizon > demographics.baseYear else { return result }
        for year in (demographics.baseYear + 1)...horizon {
            current = step(current, leslie: demographics.leslie(in: year))
            let m = demographics.migrants(in: year) // P_{t+1} = L_t P_t + m_t
            for j in 0..<current.columns {
                for i in 0..<current.rows { current[i, j] = max(0, current[i, j] + m[i]) }
            }
            result.append(current)
        }
        return result
    }
}
