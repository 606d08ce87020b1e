import Foundation
import Scenario
import Projection
import Engine

/// `fundcast solve` as a report: the value found (or why none), and the metric's path at it.
public enum SolveReport {
    public static func document(_ r: SolveResult, key: NumericKey, condition: KeepCondition, through: Int, scenario: Scenario) -> ReportDocument {
        let style = NumberStyle(unit: scenario.unit, grouping: true)
        // The value as tables show it, with its unit when it is money (the scenario's unit, as --set reads it).
        func shown(_ v: Double, _ language: Language) -> String {
            let value = SweepReport.value(v, key, scenario: scenario)
            let text = TextTables.cell(value, column: ReportColumn("", Label("", ""), rateDecimals: 4), row: ReportRow(cells: []), indent: false, style: style, language: language)
            guard let kind = value.kind, kind == .money || kind == .moneyPerHead else { return text }
            return "\(text) \(kind.unitLabel(scenario.unit).text(language))"
        }
        let cond = "\(condition.metric.rawValue) \(condition.comparison.rawValue) \(plainDecimal(condition.value))"
        let range = "[\(plainDecimal(r.bracket.lowerBound)), \(plainDecimal(r.bracket.upperBound))]"
        let finding: Label
        // The ends the search ran between (the bracket, or the part of it within the bounds).
        let ends = r.searched ?? r.bracket
        // Every row names the outcome and the value its path is at (the bracket's end when no value is
        // found), so CSV and JSON carry the answer as the sentence above the table does.
        // The key's column holds a solution only when one was found (a script must not read the bracket's end
        // as one); the value the path is evaluated at has its own column.
        let valueRow: ReportValue, failsRow: ReportValue, pathAt: ReportValue, outcome: Label
        switch r.outcome {
        case .found(let v, let fails):
            let value = SweepReport.value(v, key, scenario: scenario)
            (valueRow, failsRow, pathAt, outcome) = (value, SweepReport.value(fails, key, scenario: scenario), value, Label("求得", "found"))
        case .everyValue:
            (valueRow, failsRow, pathAt, outcome) = (.notApplicable, .notApplicable, SweepReport.value(ends.lowerBound, key, scenario: scenario), Label("区间内皆满足", "every_value"))
        case .noValue:
            (valueRow, failsRow, pathAt, outcome) = (.notApplicable, .notApplicable, SweepReport.value(ends.upperBound, key, scenario: scenario), Label("无解", "no_value"))
        }
        switch r.outcome {
        case .found(let v, let fails):
            // Twelve digits, or every digit when twelve would print the two alike (a tolerance near the precision).
            let (value, failing) = plainDecimal(v) == plainDecimal(fails) ? ("\(v)", "\(fails)") : (plainDecimal(v), plainDecimal(fails))
            finding = Label("\(key.path) = \(value) (\(shown(v, .zh))): \(scenario.baseYear + 1)–\(through) 年每年 \(cond); \(failing) 时不满足",
                            "\(key.path) = \(value) (\(shown(v, .en))) keeps \(cond) every year \(scenario.baseYear + 1)–\(through); \(failing) does not")
        case .everyValue:
            finding = Label("区间 \(range) 内每个取值都满足 \(cond) (至 \(through) 年); 下表为区间下端 \(plainDecimal(ends.lowerBound)) 的逐年值",
                            "every value in \(range) satisfies \(cond) through \(through); the table is at the bracket's lower end, \(plainDecimal(ends.lowerBound))")
        case .noValue:
            finding = Label("区间 \(range) 内没有取值满足 \(cond) (至 \(through) 年); 下表为区间上端 \(plainDecimal(ends.upperBound)) 的逐年值",
                            "no value in \(range) satisfies \(cond) through \(through); the table is at the bracket's upper end, \(plainDecimal(ends.upperBound))")
        }
        var paragraphs = [finding]
        // The value is one number for every year, as `--set KEY=VALUE` sets it: say so where the scenario's
        // own value differs by year (a per-head standard announced year by year), lest it be read as the budget year's.
        if key.isDated, let own = key.series(in: scenario), !own.isConstant {
            paragraphs.append(Label("所求取值为自基期(\(scenario.baseYear)年)起各年的同一取值(同 --set \(key.path)=…), 替换情景中该参数的分年设定; 若只改某年起的取值, 请在情景中按年份设定",
                                    "the value is one number for every year from the base year \(scenario.baseYear) (as --set \(key.path)=… sets it), replacing the scenario's year-by-year values; to change it from one year only, date it in the scenario"))
        }
        if let searched = r.searched {
            let part = "[\(plainDecimal(searched.lowerBound)), \(plainDecimal(searched.upperBound))]"
            paragraphs.append(Label("区间 \(range) 中 \(part) 以外的取值使测算超出 ±10¹⁵ 元(fundcast 的有意义范围), 故在 \(part) 内求解",
                                    "values of \(range) outside \(part) take the projection beyond ±10¹⁵ yuan (fundcast's bound for a meaningful figure), so the search ran in \(part)"))
        }
        let kind: ReportValueKind = switch condition.metric.measure {
        case .money: .money
        case .months: .months
        case .rate: .rate
        case .ratio: .ratio
        }
        // A rate's percentages with enough decimals that the value and its failing neighbour differ (up to 8).
        var decimals = 4
        if case .found(let v, let fails) = r.outcome {
            while decimals < 8, (v * 100 * pow(10, Double(decimals))).rounded() == (fails * 100 * pow(10, Double(decimals))).rounded() { decimals += 1 }
        }
        let table = ReportTable(
            code: "solve", title: Label("\(condition.metric.rawValue) 逐年值", "\(condition.metric.rawValue) by year"),
            shortTitle: Label("目标求解", "Solve"), caption: kind == .money ? .money : .none,
            columns: [ReportColumn("year", Label("年份", "Year")), ReportColumn(condition.metric.rawValue, Label(condition.metric.rawValue, condition.metric.rawValue), rateDecimals: 2),
                      ReportColumn(key.path, Label(key.path, key.path), rateDecimals: decimals, exactInFiles: true, unit: SweepReport.unit(key)),
                      ReportColumn("fails_at", Label("不满足的相邻取值", "Fails at"), rateDecimals: decimals, exactInFiles: true, unit: SweepReport.unit(key)),
                      ReportColumn("evaluated_at", Label("逐年值所用取值", "Path at"), rateDecimals: decimals, exactInFiles: true, unit: SweepReport.unit(key)),
                      ReportColumn("outcome", Label("结果", "Outcome"))],
            rows: r.path.map { p in ReportRow(code: String(p.year), cells: [.year(p.year), .of(p.value, kind), valueRow, failsRow, pathAt, .label(outcome)]) },
            labelColumns: 1)
        return ReportDocument(
            title: Label("\(scenario.name) — 目标求解", "\(scenario.name) — goal seek"),
            subtitle: [Label("情景文件: \(scenario.source); 求 \(key.path), 使 \(cond) 至 \(through) 年; 搜索区间 \(range)",
                             "Scenario: \(scenario.source); solving for \(key.path) so that \(cond) through \(through); bracket \(range)")] + [Label.commandLineChanges(scenario)].compactMap { $0 },
            sections: [ReportSection(code: "solve", title: Label("目标求解", "Goal seek"), paragraphs: paragraphs, tables: [table])],
            slug: "solve", baseYear: scenario.baseYear, unit: scenario.unit)
    }
}
