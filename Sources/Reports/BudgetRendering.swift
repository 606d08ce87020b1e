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
