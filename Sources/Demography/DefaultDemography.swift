import Scenario
import Foundation

/// The embedded default for China, derived from UN WPP tables (see Resources/README.md for provenance
/// and every derivation step; tools/derive-demography.py regenerates the CSVs).
public enum DefaultDemography {
    /// China by single age and sex on 1 July 2020 (WPP 2024, Sprague split), persons; total 1,426,106,088.5.
    public static let population2020: [Double] = TableParsing.ageSexVector(EmbeddedTables.population, column: "count", table: "population-2020")

    /// Single-age life table for 2015–2020 (WPP 2024 via wpp2024; e0 74.83 men, 80.40 women).
    public static let lifeTable2015: LifeTable = lifeTable(EmbeddedTables.mortality2015, "mortality-2015-2020")

    /// Single-age life table for 2020–2025, the base table of projections.
    public static let lifeTable2020: LifeTable = lifeTable(EmbeddedTables.mortality2020, "mortality-2020-2025")

    /// The calendar year the base table stands for: the middle of the period 2020–2025 (mid-2022.5),
    /// taken as 2022; a projection year `t` uses the table improved for `t − 2022` years.
    public static let lifeTableYear = 2022

    /// Annual rate of mortality improvement by cell, derived from the two periods five years apart:
    /// `r(x) = 1 − (m₂₀₂₀₋₂₀₂₅(x) / m₂₀₁₅₋₂₀₂₀(x))^(1/5)`. Negative where mortality rose.
    public static let mortalityImprovement: [Double] = {
        guard let m1 = lifeTable2015.mx, let m2 = lifeTable2020.mx else { return [Double](repeating: 0, count: AgeSex.cells) }
        return zip(m1, m2).map { 1 - pow($1 / $0, 0.2) }
    }()

    /// Normalised age schedule of fertility φ(a), ages 0…100 (non-zero 10…54), Σφ = 1: WPP 2022 ASFR
    /// for China 2020, split to single ages; `f(a) = TFR · φ(a)`.
    public static let fertilitySchedule: [Double] = {
        var phi = [Double](repeating: 0, count: AgeSex.ages)
        for row in TableParsing.rows(EmbeddedTables.fertility) {
            guard let age = row["age"].flatMap({ Int($0) }), let share = row["share"].flatMap({ Double($0) }) else {
                preconditionFailure("embedded fertility table has a malformed row \(row)")
            }
            phi[age] = share
        }
        return phi
    }()

    /// WPP 2024's latest observed TFR for China, 2023 = 0.999488 births per woman (`china-tfr-wpp2024.csv`).
    public static let totalFertilityRate = 0.999488

    /// Default sex ratio at birth, boys per girl: 1.1372, the ratio of boys to girls aged 0–4 in WPP 2024
    /// for 2020 (42,852,056 / 37,683,376, WPP 2024 population by age and sex), a proxy that
    /// slightly understates the ratio at birth because boys die a little more often in infancy.
    public static let sexRatioAtBirth = 42_852_056.0 / 37_683_376.0

    /// The UN's mortality path (WPP 2024): the single-age tables of 2015-2020 and 2020-2025 (estimates)
    /// and of the medium variant's periods 2025-2030 … 2095-2100 (`mortality-projection.csv`), one knot
    /// per period at its mid-point `a + 3.0` (periods run mid-year to mid-year, ``MortalityPath``).
    public static let mortalityPath: MortalityPath = {
        var byPeriod = periodVectors(EmbeddedTables.mortalityProjection, column: "mx", table: "mortality-projection", missing: .nan)
        byPeriod[2015] = lifeTable2015.mx
        byPeriod[2020] = lifeTable2020.mx
        let starts = byPeriod.keys.sorted()
        precondition(starts.allSatisfy { !byPeriod[$0]!.contains { $0.isNaN } }, "embedded mortality path misses cells")
        return MortalityPath(times: starts.map { Double($0) + 3 }, rates: starts.map { byPeriod[$0]! })
    }()

    /// WPP 2024 TFR for China, one value a year: estimates 2010–2023, medium variant 2024–2100
    /// (`tfr-wpp2024.csv`); the default when a scenario gives no `population.tfr`.
    public static let tfrPath: DatedValue<Double> = {
        let knots = TableParsing.rows(EmbeddedTables.tfr).map { row -> (year: Int, value: Double) in
            guard let y = row["year"].flatMap({ Int($0) }), let v = row["tfr"].flatMap({ Double($0) }) else {
                preconditionFailure("embedded table tfr-wpp2024 has a malformed row \(row)")
            }
            return (y, v)
        }
        return DatedValue(knots: knots)
    }()

    /// WPP 2024 net migrants of China by single age and sex, persons a year, by the first year of each
    /// five-year period (2020, 2025, … 2095): the period total ÷ 5, Sprague-split (`migration-wpp2024.csv`).
    public static let nationalMigration: [Int: [Double]] =
        periodVectors(EmbeddedTables.migration, column: "persons_per_year", table: "migration-wpp2024", missing: 0)

    /// 202-cell vectors by the first year of each period from a `period,age,sex,<column>` table.
    private static func periodVectors(_ text: String, column: String, table: String, missing: Double) -> [Int: [Double]] {
        var byPeriod: [Int: [Double]] = [:]
        for row in TableParsing.rows(text) {
            guard let start = row["period"].flatMap({ Int($0.prefix(4)) }), let age = row["age"].flatMap({ Int($0) }),
                  let value = row[column].flatMap({ Double($0) }),
                  let sex = row["sex"].flatMap({ $0 == "M" ? Sex.male : $0 == "F" ? Sex.female : nil }) else {
                preconditionFailure("embedded table \(table) has a malformed row \(row)")
            }
            byPeriod[start, default: [Double](repeating: missing, count: AgeSex.cells)][AgeSex.index(age: age, sex: sex)] = value
        }
        return byPeriod
    }

    /// National net migrants in the year running from mid-`year` − ½ … (the step whose mid-point is
    /// `time`), persons: the WPP period holding `time` (periods run 1 July `a` to 30 June `a + 5`);
    /// before mid-2020 the 2020-2025 figures (the data hold no earlier period), after 2100 the last.
    public static func nationalMigrants(atTime time: Double) -> [Double] {
        let starts = nationalMigration.keys.sorted()
        let start = starts.last { Double($0) + 0.5 <= time } ?? starts[0]
        return nationalMigration[start]!
    }

    /// The Rogers–Castro (1981) seven-parameter model migration schedule with the "fundamental"
    /// parameters of Rogers & Castro, *Model Migration Schedules*, IIASA RR-81-30 (as tabulated in
    /// the R package migest, `rc9.fund`): `M(x) = a₁e^(−α₁x) + a₂·exp(−α₂(x−μ₂) − e^(−λ₂(x−μ₂))) + c`,
    /// a₁ = 0.02, α₁ = 0.1, a₂ = 0.06, α₂ = 0.1, μ₂ = 20, λ₂ = 0.4, c = 0.003, evaluated at `x + ½`.
    public static let rogersCastro = (a1: 0.02, alpha1: 0.1, a2: 0.06, alpha2: 0.1, mu2: 20.0, lambda2: 0.4, c: 0.003)

    /// The default age-sex profile of a city's net migrants when the scenario gives a total but no
    /// `migration_profile`: the Rogers–Castro schedule, peaking at age 23 (labour migrants and their
    /// young children), the same for both sexes (no source gives a sex split), normalised to Σ = 1.
    /// A fundcast default: city migrants in China are mostly young workers; override with a CSV.
    public static let youngMigrantProfile: [Double] = {
        let p = rogersCastro
        var v = [Double](repeating: 0, count: AgeSex.cells)
        for sex in Sex.allCases {
            for age in 0...AgeSex.maximumAge {
                let x = Double(age) + 0.5
                v[AgeSex.index(age: age, sex: sex)] = p.a1 * exp(-p.alpha1 * x)
                    + p.a2 * exp(-p.alpha2 * (x - p.mu2) - exp(-p.lambda2 * (x - p.mu2))) + p.c
            }
        }
        let total = v.reduce(0, +)
        return v.map { $0 / total }
    }()

    private static func lifeTable(_ text: String, _ name: String) -> LifeTable {
        LifeTable(mx: TableParsing.ageSexVector(text, column: "mx", table: name),
                  qx: TableParsing.ageSexVector(text, column: "qx", table: name))
    }
}
