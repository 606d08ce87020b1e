import Foundation
import Testing
@testable import Demography
import LinearAlgebra
import Scenario
import TestSupport



/// A scenario with only a population block and the smallest resident scheme the decoder accepts.
/// `population` holds YAML lines indented by two spaces under `population:`.
func populationScenarioText(baseYear: Int = 2020, horizon: Int = 2060, population: String) -> String {
    """
    name: demography test
    base_year: \(baseYear)
    horizon: \(horizon)
    population:
    \(population)
    resident:
      insured: 1000
      subsidy_per_capita: 600
      individual_per_capita: 300
    """
}

func loadScenario(_ text: String) throws -> Scenario {
    try ScenarioLoader.load(text: text, file: "demography-test.yaml")
}

/// Demographics of a scenario without mortality, births or migration: every cell survives with
/// probability 1 (q = 0, m = 0 so the open group keeps exp(−0) = 1), TFR 0, no improvement.
func immortalDemographics(total: Double = 1_000_000, baseYear: Int = 2020, extra: String = "") throws -> Demographics {
    let s = try loadScenario(populationScenarioText(baseYear: baseYear, population: """
      total: \(total)
      tfr: 0
      net_migration: 0
    \(extra)
    """))
    return immortal(Demographics(s))
}

func immortal(_ demographics: Demographics) -> Demographics {
    var d = demographics
    let zeros = [Double](repeating: 0, count: AgeSex.cells)
    d.lifeTable = LifeTable(mx: zeros, qx: zeros, a0: [0.1, 0.1])
    d.mortalityPath = nil
    d.improvement = zeros
    d.improvementOverride = nil
    d.totalFertilityRate = DatedValue(0)
    return d
}

/// An `age,sex,<column>` CSV with every age 0…100 for both sexes, rows in cell order (men first),
/// so the row of cell `sex·101 + age` is line `2 + sex·101 + age`. `skip` drops cells; `value` writes each field.
func ageSexCSV(header: String, skip: Set<Int> = [], value: (_ age: Int, _ sex: Sex) -> String) -> String {
    var lines = [header]
    for sex in Sex.allCases {
        for age in 0...AgeSex.maximumAge where !skip.contains(AgeSex.index(age: age, sex: sex)) {
            lines.append("\(age),\(sex == .male ? "M" : "F"),\(value(age, sex))")
        }
    }
    return lines.joined(separator: "\n") + "\n"
}



/// The issues of a scenario file that must fail to load; records a test issue if it loads.
func loadIssues(_ yaml: String, files: [String: String],
                sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> [ScenarioIssue] {
    do {
        let s = try loadScenarioFile(yaml, files: files)
        Issue.record("expected the scenario to fail, but it loaded: \(s.name)", sourceLocation: sourceLocation)
        return []
    } catch let error as ScenarioError {
        return error.issues
    }
}
