import Scenario

/// The text renderer of the report model: a ``ReportTable`` becomes a ``Table`` of formatted
/// strings for the terminal, Markdown and legacy CSV renderers. All number formatting of text
/// output happens here and in ``NumberStyle``.
public enum TextTables {
    public static func table(_ t: ReportTable, style: NumberStyle, language: Language) -> Table {
        let caption = caption(t.caption, unit: style.unit, language: language)
        var table = Table(title: t.title.text(language) + (caption.isEmpty ? "" : "  (\(caption))"),
                          header: t.columns.map { $0.label.text(language) }, rows: [],
                          numeric: t.columns.indices.map { $0 >= t.labelColumns })
        for (i, row) in t.rows.enumerated() {
            table.rows.append(row.cells.enumerated().map { c, value in
                cell(value, column: c < t.columns.count ? t.columns[c] : nil, row: row, indent: c == t.indentColumn, style: style, language: language)
            })
            if row.isTotal { table.emphasised.insert(i) }
        }
        table.notes = t.notes.map { $0.text(language) }
        return table
    }

    /// The unit caption after a table title.
    public static func caption(_ caption: ReportUnitCaption, unit: MoneyUnit, language: Language) -> String {
        switch caption {
        case .none: return ""
        case .money: return language.pick("单位: \(unit.rawValue)", "unit: \(unit.english)")
        // The drivers' money lines are in `unit`, their per-head amounts in 元.
        case .driverUnits: return language.pick("人数单位: 人; 金额单位: \(unit.rawValue); 人均额单位: 元", "persons; money: \(unit.english); per head: yuan")
        case .moneyAndPersons: return language.pick("金额单位: \(unit.rawValue); 人数单位: 人", "money: \(unit.english); people: persons")
        case .moneyAndPeople: return language.pick("金额单位: \(unit.rawValue); 人数: 人", "money: \(unit.english); people: persons")
        }
    }

    /// One cell as text: money in the style's unit with its decimals, rates as percentages, `—` where
    /// there is no figure; the item column indented two spaces a 其中 level.
    public static func cell(_ value: ReportValue, column: ReportColumn?, row: ReportRow, indent: Bool, style: NumberStyle, language: Language) -> String {
        switch value {
        case .money(let x): return style.money(x) + (row.modelled && column?.key.hasPrefix("previous") == true ? "*" : "")
        case .persons(let x): return style.persons(x)
        case .rate(let x): return style.percent(x, decimals: column?.rateDecimals ?? 2)
        case .ratePoints(let x): return x.isFinite ? style.fixed(x * 100, decimals: 2) + (language == .en ? "pt" : "个百分点") : "—"
        case .months(let x), .years(let x): return style.plain(x, decimals: row.decimals ?? 1)
        case .ratio(let x): return style.plain(x, decimals: row.decimals ?? 2)
        case .moneyPerHead(let x): return style.plain(x, decimals: 2)
        case .year(let y): return String(y) + (row.isActual ? "*" : "")
        case .text(let s): return indent ? String(repeating: "  ", count: row.level) + s : s
        case .label(let l):
            guard indent, row.level > 0 else { return l.text(language) }
            // `both` indents each language (the tables' layout since the first release).
            let pad = String(repeating: "  ", count: row.level)
            return language == .both && l.zh != l.en ? "\(pad)\(l.zh) \(pad)\(l.en)" : pad + l.text(language)
        case .never(let l): return l.text(language)
        case .empty: return ""
        case .notApplicable: return "—"
        }
    }
}
