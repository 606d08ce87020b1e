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
        // Plain numbers as every fundcast CSV writes them (money to the 分 in the style's unit, rates as
        // fractions, empty for no figure), the row's unit in its own column, and `modelled` for the
        // base-year figures the model estimated (the tables' `*`).
        var rows: [[String]] = []
        for t in reportTables() where t.code != "reconciliation" {
            for r in t.rows {
                let cells = r.cells.enumerated().map { c, v in
                    c == 0 ? TextTables.cell(v, column: t.columns[c], row: r, indent: false, style: style, language: language)
                           : ReportCSV.field(v, unit: style.unit, language: language)
                }
                let unit = r.cells.dropFirst().lazy.compactMap(\.kind).first.map { $0.unitLabel(style.unit).text(language) } ?? ""
                rows.append([t.code, r.code ?? "", cells[0], unit] + cells.dropFirst() + [r.modelled ? "true" : "false"])
            }
        }
        let header = ["fund", "code", language.pick("项目", "item"), language.pick("单位", "unit"), "previous_\(previousYear)", "budget_\(year)",
                      "change", "change_rate", "modelled"]
        return Table(title: "", header: header, rows: rows, numeric: [false, false, false, false, true, true, true, true, false])
    }
}
