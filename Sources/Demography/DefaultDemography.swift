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

    /// Default TFR: WPP 2024's latest observed value for China, 2023 = 0.999488 births per woman
    /// (../shared/data/china-tfr-wpp2024.csv), held constant unless the scenario says otherwise.
    public static let totalFertilityRate = 0.999488

    /// Default sex ratio at birth, boys per girl: 1.1372, the ratio of boys to girls aged 0–4 in WPP 2024
    /// for 2020 (42,852,056 / 37,683,376, ../shared/data/china-population-2020-by-age-sex.csv), a proxy that
    /// slightly understates the ratio at birth because boys die a little more often in infancy.
    public static let sexRatioAtBirth = 42_852_056.0 / 37_683_376.0

    private static func lifeTable(_ text: String, _ name: String) -> LifeTable {
        LifeTable(mx: TableParsing.ageSexVector(text, column: "mx", table: name),
                  qx: TableParsing.ageSexVector(text, column: "qx", table: name))
    }
}
