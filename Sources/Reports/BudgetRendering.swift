import Scenario
import Projection
import Warnings

extension Budget {
    /// The budget as display tables (one per fund, then drivers and reconciliation); the budget's
    /// notes follow the last table.
    public func tables(style: NumberStyle, language: Language) -> [Table] {
        var result = reportTables().map { TextTables.table($0, style: style, language: language) }
        if var last = result.last {
            last.notes += notes.map { $0.text(language) }
            result[result.count - 1] = last
        }
        return result
    }

    /// All funds in one long table for CSV: `fund,code,item,previous_Y,budget_Y,change,change_pct`.
    public func flatTable(style: NumberStyle, language: Language) -> Table {
        var rows: [[String]] = []
        for t in reportTables() where t.code != "reconciliation" {
            for r in t.rows {
                let cells = r.cells.enumerated().map { c, v in
                    TextTables.cell(v, column: t.columns[c], row: r, indent: c == t.indentColumn, style: style, language: language)
                }
                rows.append([t.code, r.code ?? ""] + cells)
            }
        }
        let header = ["fund", "code", language.pick("项目", "item"), "previous_\(previousYear)", "budget_\(year)", "change", "change_pct"]
        return Table(title: "", header: header, rows: rows, numeric: [false, false, false, true, true, true, true])
    }
}

/// Warnings as lines: level, message, code and the threshold's source.
public enum WarningRendering {
    public static func lines(_ warnings: [RiskWarning], language: Language) -> [String] {
        warnings.map { w in
            let level = language.pick(w.level.chinese, w.level.rawValue.uppercased())
            let message = language.pick(w.messageZh, w.messageEn)
            return "[\(level)] \(message)  (\(w.code); \(language.pick("依据", "source")): \(w.source))"
        }
    }

    /// The status line per scheme (green where nothing fired).
    public static func summary(_ warnings: [RiskWarning], funds: [Fund], language: Language) -> String {
        WarningRules.summary(warnings, funds: funds).map { scheme, level in
            let name = scheme == .resident ? language.pick("居民医保", "resident") : language.pick("职工医保", "employee")
            return "\(name): \(language.pick(level.chinese, level.rawValue))"
        }.joined(separator: "  ")
    }
}
