import LinearAlgebra
import Scenario

/// The demographic assumptions of one scenario, resolved to numbers: base population, life table and
/// its improvement, fertility, sex ratio at birth and migration (MODEL.md §1).
public struct Demographics: Sendable {
    /// Population of the base year by cell (scaled to `population.total`), persons.
    public var basePopulation: [Double]
    public var baseYear: Int
    /// The life table and the year it stands for.
    public var lifeTable: LifeTable
    public var lifeTableYear: Int
    /// Annual rate of mortality improvement by cell.
    public var improvement: [Double]
    public var totalFertilityRate: DatedValue<Double>
    /// φ(a) for female ages 0…100, Σφ = 1.
    public var fertilitySchedule: [Double]
    public var sexRatioAtBirth: DatedValue<Double>
    /// Net migrants a year, persons.
    public var netMigration: DatedValue<Double>
    /// Age-sex distribution of net migrants, Σ = 1.
    public var migrationProfile: [Double]

    /// Resolves a scenario's population block against the embedded default for China.
    /// Region tables given in the scenario replace the defaults; `population.total` scales the structure.
    public init(_ scenario: Scenario) {
        let settings = scenario.population
        var population = settings.ageSexCounts?.values ?? DefaultDemography.population2020
        if let total = settings.total {
            let sum = population.reduce(0, +)
            if sum > 0 { population = population.map { $0 * total / sum } }
        }
        basePopulation = population
        baseYear = scenario.baseYear
        if let qx = settings.lifeTable?.values {
            lifeTable = LifeTable(qx: qx)
            lifeTableYear = scenario.baseYear
        } else {
            lifeTable = DefaultDemography.lifeTable2020
            lifeTableYear = DefaultDemography.lifeTableYear
        }
        improvement = DefaultDemography.mortalityImprovement
        totalFertilityRate = settings.tfr ?? DatedValue(DefaultDemography.totalFertilityRate)
        fertilitySchedule = DefaultDemography.fertilitySchedule
        sexRatioAtBirth = settings.sexRatioAtBirth ?? DatedValue(DefaultDemography.sexRatioAtBirth)
        netMigration = settings.netMigration ?? DatedValue(0)
        let total = population.reduce(0, +)
        migrationProfile = settings.migrationProfile?.values ?? population.map { total > 0 ? $0 / total : 0 }
        if let rate = settings.mortalityImprovement {
            improvementOverride = rate
        }
    }

    /// A scalar improvement rate from the scenario, replacing the derived age-specific one.
    public var improvementOverride: DatedValue<Double>?

    /// The life table in force in `year`: the base table improved for the years since it stands.
    /// With a dated scalar override the rates of the years in between compound.
    public func lifeTable(in year: Int) -> LifeTable {
        guard let rate = improvementOverride else {
            return lifeTable.improved(by: improvement, years: year - lifeTableYear)
        }
        var table = lifeTable
        if year > lifeTableYear {
            for y in (lifeTableYear + 1)...year {
                table = table.improved(by: [Double](repeating: rate.value(in: y), count: AgeSex.cells), years: 1)
            }
        }
        return table
    }

    /// The Leslie matrix projecting the population of year `t` to `t + 1` (202 × 202, MODEL.md §1):
    /// survival on the sub-diagonal of each sex block, the open group 100+ keeping its survivors,
    /// and births in the first row of each block: women aged `a` at the start of the year bear
    /// `(f(a) + S(a)·f(a+1)) / 2` children in it (half the year at each age), split by the sex ratio
    /// at birth and times the infant survival `L0/l0`.
    public func leslie(in year: Int) -> Matrix {
        let table = lifeTable(in: year)
        let s = table.survival
        var l = Matrix(rows: AgeSex.cells, columns: AgeSex.cells)
        for sex in Sex.allCases {
            for age in 0..<AgeSex.maximumAge {
                l[AgeSex.index(age: age + 1, sex: sex), AgeSex.index(age: age, sex: sex)] = s[AgeSex.index(age: age, sex: sex)]
            }
            let open = AgeSex.index(age: AgeSex.maximumAge, sex: sex)
            l[open, open] = s[open]
        }
        let tfr = totalFertilityRate.value(in: year)
        let srb = sexRatioAtBirth.value(in: year)
        let boys = srb / (1 + srb) * table.infantSurvival(.male)
        let girls = 1 / (1 + srb) * table.infantSurvival(.female)
        for age in 0..<AgeSex.maximumAge {
            let f = tfr * fertilitySchedule[age], fNext = tfr * fertilitySchedule[age + 1]
            let births = (f + s[AgeSex.index(age: age, sex: .female)] * fNext) / 2
            guard births > 0 else { continue }
            l[AgeSex.index(age: 0, sex: .male), AgeSex.index(age: age, sex: .female)] = births * boys
            l[AgeSex.index(age: 0, sex: .female), AgeSex.index(age: age, sex: .female)] = births * girls
        }
        return l
    }

    /// Net migrants by cell in `year`, persons.
    public func migrants(in year: Int) -> [Double] {
        let total = netMigration.value(in: year)
        return migrationProfile.map { $0 * total }
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
        for year in demographics.baseYear..<horizon {
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
