import Scenario
import Projection
import Warnings

extension Budget {
    /// The budget as display tables (one per fund, then drivers and reconciliation).
    public func tables(style: NumberStyle, language: Language) -> [Table] {
        let unitLabel = language.pick("单位: \(style.unit.rawValue)", "unit: \(style.unit.english)")
        let previousHeader = previousIsBaseYear
            ? language.pick("上年执行(\(previousYear))", "Previous year actual (\(previousYear))")
            : language.pick("上年预计(\(previousYear))", "Previous year estimate (\(previousYear))")
        let header = [language.pick("项目", "Item"), previousHeader, language.pick("本年预算(\(year))", "Budget (\(year))"),
                      language.pick("增减额", "Change"), language.pick("增减%", "Change %")]
        var result: [Table] = tables.map { t in
            var table = Table(title: "\(t.title.text(language))  (\(t.fund == nil ? language.pick("人数单位: 人; 金额单位: 元", "persons; yuan") : unitLabel))",
                              header: header, rows: [], numeric: [false, true, true, true, true])
            for (i, row) in t.rows.enumerated() {
                table.rows.append([row.label.text(language), cell(row.previous, row.kind, style), cell(row.budget, row.kind, style),
                                   changeCell(row, style), style.percent(row.changePercent)])
                if row.isTotal { table.emphasised.insert(i) }
            }
            return table
        }
        if !reconciliation.isEmpty {
            let units = language.pick("金额单位: \(style.unit.rawValue); 人数单位: 人", "money: \(style.unit.english); people: persons")
            var table = Table(title: language.pick("模型与报告数核对", "Reconciliation of the model with reported figures") + "  (\(units))",
                              header: [language.pick("年份", "Year"), language.pick("项目", "Item"), language.pick("报告数", "Reported"),
                                       language.pick("模型数", "Model"), language.pick("差额(报告−模型)", "Gap (reported − model)"),
                                       language.pick("报告/模型", "Reported / model")],
                              rows: [], numeric: [false, false, true, true, true, true])
            for r in reconciliation {
                let f: (Double) -> String = r.isMoney ? { style.money($0) } : { style.persons($0) }
                table.rows.append([String(r.year), r.label.text(language), f(r.reported), f(r.model), f(r.gap), style.percent(r.ratio, decimals: 1)])
            }
            table.notes = [language.pick("报告/模型 < 100% 表示报告数低于按驱动因素(人数×基数×费率)测算的数, 对缴费即隐含的实际征缴率",
                                         "Reported / model below 100 % means the report is below what the drivers (payers × base × rate) imply; for contributions it is the implied effective yield")]
            result.append(table)
        }
        if var last = result.last {
            last.notes += notes.map { $0.text(language) }
            result[result.count - 1] = last
        }
        return result
    }

    /// All funds in one long table for CSV: `fund,code,item,previous_Y,budget_Y,change,change_pct`.
    public func flatTable(style: NumberStyle, language: Language) -> Table {
        var rows: [[String]] = []
        for t in tables {
            for r in t.rows {
                rows.append([t.code, r.code, r.label.text(language), cell(r.previous, r.kind, style), cell(r.budget, r.kind, style),
                             changeCell(r, style), style.percent(r.changePercent)])
            }
        }
        let header = ["fund", "code", language.pick("项目", "item"), "previous_\(previousYear)", "budget_\(year)", "change", "change_pct"]
        return Table(title: "", header: header, rows: rows, numeric: [false, false, false, true, true, true, true])
    }

    func cell(_ value: Double?, _ kind: BudgetRow.Kind, _ style: NumberStyle) -> String {
        switch kind {
        case .money: return style.money(value)
        case .persons: return style.persons(value)
        case .rate: return style.percent(value)
        case .months: return style.plain(value, decimals: 1)
        case .ratio: return style.plain(value, decimals: 2)
        case .moneyPerHead: return style.plain(value, decimals: 2)
        }
    }

    func changeCell(_ row: BudgetRow, _ style: NumberStyle) -> String {
        guard let c = row.change else { return "—" }
        switch row.kind {
        case .rate: return style.fixed(c * 100, decimals: 2) + "pt"
        default: return cell(c, row.kind, style)
        }
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
