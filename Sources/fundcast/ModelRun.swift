import Foundation
import Reports
import Scenario
import Projection
import Warnings

/// A scenario projected and judged: what `run` and `budget` render.
struct ModelRun {
    var result: ProjectionResult
    /// The scenario's warnings; with `districts:` the city level's and each district's, each headed by
    /// its level's name (市本级 or the scenario's region, the district's region).
    var warnings: [RiskWarning]
    /// 市级统筹: each `districts:` scenario projected and judged, in the order listed (empty without).
    var districts: [District] = []

    struct District {
        /// Its file's stem (the code of its tables and of an actuals file's `district` values), its `region`
        /// and the file as `districts:` lists it.
        var name: YearToDateRecord.DistrictName
        var run: ModelRun
    }

    /// The name of this scenario's own level in a city's pooling: its `region`, else 市本级.
    var levelName: String { result.scenario.region.isEmpty ? "市本级" : result.scenario.region }

    /// The unit the warnings and the budget's notes quote amounts in (`--unit`; nil: the scenario's).
    var unit: MoneyUnit?

    /// `locate`: where a key was given, for the finance model's errors (``CommonOptions/locate(_:)``).
    init(_ scenario: Scenario, file: String, unit: MoneyUnit? = nil, locate: ((String) -> String?)? = nil) throws(CommandFailure) {
        self.unit = unit
        // 市级统筹: the districts first, so that the city level's side of each flow with them is theirs.
        for (districtFile, d) in zip(scenario.districtFiles, scenario.districts) {
            let code = URL(fileURLWithPath: districtFile.path).deletingPathExtension().lastPathComponent
            let run = try ModelRun(d, file: districtFile.path, unit: unit ?? scenario.unit)
            districts.append(District(name: YearToDateRecord.DistrictName(code: code, region: d.region, file: districtFile.path), run: run))
        }
        do {
            result = try Projection.run(Projection.mirroringDistricts(scenario, districts.map(\.run.result)))
        } catch {
            throw CommandFailure.finance(error, file: file, locate: locate)
        }
        try ResultBounds.check(result, file: file)
        warnings = WarningRules.evaluate(result, unit: unit)
        guard !scenario.districts.isEmpty else { return }
        let city = levelName
        warnings = warnings.map { $0.at(level: (city, city)) }
        for (d, district) in zip(scenario.districts, districts) {
            warnings += district.run.warnings.map { $0.at(level: (d.region, d.region)) }
        }
        // Most severe first across the levels; within a level the rules' own order.
        warnings = warnings.enumerated().sorted { ($0.element.level, $0.offset) < ($1.element.level, $1.offset) }.map(\.element)
    }

    /// Depletion within the alert window: printed at the top of every output.
    var urgent: [RiskWarning] { warnings.filter(\.isUrgent) }

    /// The budget of `year`, with each district's and 全市 = Σ beside it when the scenario lists
    /// `districts:` (市级统筹); what `budget` prints and `export` writes.
    func budget(year: Int?, allRows: Bool = false) throws(CommandFailure) -> Budget {
        do throws(BudgetError) {
            let budget = try Budget(result, year: year, allRows: allRows, unit: unit)
            var parts: [(code: String, name: String, budget: Budget)] = []
            for d in districts {
                parts.append((d.name.code, d.name.region, try Budget(d.run.result, year: budget.year, allRows: allRows, unit: unit ?? result.scenario.unit)))
            }
            return budget.addingDistricts(parts)
        } catch {
            throw CommandFailure.message("--year: \(error)")
        }
    }
}
