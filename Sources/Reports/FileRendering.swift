import Foundation
import Scenario

extension ReportValue {
    /// The number as files store it: money in `unit` (from the figure rounded to the 分, unless
    /// `exact`: a swept or solved key's value, ``ReportColumn/exactInFiles``), other kinds in their
    /// base unit (rates as fractions); nil for text, empty and missing figures.
    public func scaled(_ unit: MoneyUnit, exact: Bool = false) -> Double? {
        guard let x = number else { return nil }
        if case .money = self { return (exact ? x : (x * 100).rounded() / 100) / unit.yuanPerUnit }
        return x
    }
}

extension ReportTable {
    /// Headers for files: the unambiguous label with the unit where the column holds one kind of number
    /// (`统筹收入(万元)`), made unique by the column key if two would still read the same.
    public func fileHeaders(unit: MoneyUnit, language: Language) -> [String] {
        var seen: [String: Int] = [:]
        return columns.enumerated().map { i, c in
            var h = c.fileLabel.text(language)
            // A swept key's values label the rows but are numbers of one kind: their unit too.
            if i >= labelColumns || c.exactInFiles, let kind = columnKind(i) {
                let name = (c.unit ?? kind.unitLabel(unit)).text(language)
                if !name.isEmpty { h += "(\(name))" }
            }
            seen[h, default: 0] += 1
            return seen[h]! > 1 ? "\(h) [\(c.key)]" : h
        }
    }

    /// True when the number columns mix kinds (money, persons and rates in one column): files then
    /// carry a unit per row.
    public var mixedKinds: Bool {
        (labelColumns..<columns.count).contains { i in columnKind(i) == nil && rows.contains { i < $0.cells.count && $0.cells[i].kind != nil } }
    }

    /// For pages and sheets: a table whose number columns mix kinds and whose caption names no unit
    /// (the warnings: months, rates and money in one column) gets a 单位 column after its labels.
    /// `always`: also when the caption names a unit (a notebook's DataFrame has no caption to show it).
    /// `inPoints`: the renderer shows rate changes in percentage points (pages and sheets), so their unit is
    /// 百分点, not the fraction difference files store.
    public func withUnitColumn(unit: MoneyUnit, language: Language, always: Bool = false, inPoints: Bool = false) -> ReportTable {
        guard caption == .none || always, mixedKinds else { return self }
        var t = self
        t.columns.insert(ReportColumn("unit", Label("单位", "Unit")), at: labelColumns)
        for r in t.rows.indices {
            let label = rowKind(r).map { inPoints && $0 == .ratePoints ? Label("百分点", "points") : $0.unitLabel(unit) }
            t.rows[r].cells.insert(label.map { .label($0) } ?? .empty, at: labelColumns)
        }
        t.labelColumns += 1
        if let i = indentColumn, i >= labelColumns { t.indentColumn = i + 1 }
        return t
    }

    /// For files without formatting (CSV, a notebook's DataFrame): the `*` the printed tables put on a
    /// figure becomes a column of its own — 上年为推算数(*) for a budget row whose previous-year figure the
    /// model estimated, 基期(*) for the projection's reported base-year row — so numbers stay numbers.
    public func withMarkColumns() -> ReportTable {
        var t = self
        if rows.contains(where: \.modelled) {
            t.columns.append(ReportColumn("previous_modelled", Label("上年为推算数(*)", "Previous year modelled (*)")))
            for r in t.rows.indices { t.rows[r].cells.append(t.rows[r].modelled ? .text("*") : .empty) }
        }
        if rows.contains(where: \.isActual) {
            t.columns.append(ReportColumn("base_year_reported", Label("基期报告数(*)", "Base year, reported (*)")))
            for r in t.rows.indices { t.rows[r].cells.append(t.rows[r].isActual ? .text("*") : .empty) }
        }
        return t
    }

    /// The text of a label or text cell in `language`.
    public static func text(_ v: ReportValue, _ language: Language) -> String? {
        switch v {
        case .text(let s): return s
        case .label(let l), .never(let l): return l.text(language)
        default: return nil
        }
    }
}

/// Plain numbers for files: fixed decimals (to the 分 for money, whatever the unit), trailing zeros
/// trimmed, never `-0`, no thousands separators, percentages or `—`.
public func plainNumber(_ x: Double, decimals: Int) -> String {
    guard x.isFinite else { return "" }
    var text = String(format: "%.\(decimals)f", x)
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text == "-0" ? "0" : text
}

/// Decimals that keep a value exact in files: money to the 分 in its unit, rates to 1e-8.
public func fileDecimals(_ kind: ReportValueKind, unit: MoneyUnit) -> Int {
    switch kind {
    case .money: return unit == .yuan ? 2 : unit == .wan ? 6 : 10
    case .moneyPerHead, .persons: return 2
    case .rate, .ratePoints: return 8
    case .ratio: return 6
    case .months, .years: return 4
    case .year: return 0
    }
}

/// CSV files for spreadsheets: UTF-8 (with a byte-order mark for Excel on Chinese Windows when
/// asked), unique headers with units, plain numbers (rates as fractions), an empty field where a
/// figure does not exist. Tables whose columns mix kinds get a 单位 column; indented tables a 层级 column.
public enum ReportCSV {
    public static let byteOrderMark = "\u{FEFF}"

    public static func render(_ table: ReportTable, unit: MoneyUnit, language: Language, bom: Bool) -> String {
        (bom ? byteOrderMark : "") + TableRenderer.csv(self.table(table, unit: unit, language: language))
    }

    /// The CSV's header and rows as a plain table (for ``TableRenderer/csv(combining:)`` of several).
    public static func table(_ table: ReportTable, unit: MoneyUnit, language: Language) -> Table {
        let t = table.withMarkColumns()
        let headers = t.fileHeaders(unit: unit, language: language)
        let mixed = t.mixedKinds
        let indented = t.indentColumn != nil
        var header: [String] = []
        if indented { header.append(language.pick("代码", "code")) }
        header += headers.prefix(t.labelColumns)
        if indented { header.append(language.pick("层级", "level")) }
        if mixed { header.append(language.pick("单位", "unit")) }
        header += headers.dropFirst(t.labelColumns)
        var lines = [header]
        for (r, row) in t.rows.enumerated() {
            var line: [String] = []
            if indented { line.append(row.code ?? "") }
            let cells = row.cells.enumerated().map { i, v in
                field(v, unit: unit, language: language, exact: i < t.columns.count && t.columns[i].exactInFiles)
            }
            line += cells.prefix(t.labelColumns)
            if indented { line.append(String(row.level)) }
            if mixed { line.append(t.rowKind(r)?.unitLabel(unit).text(language) ?? "") }
            line += cells.dropFirst(t.labelColumns)
            lines.append(line)
        }
        return Table(title: "", header: lines[0], rows: Array(lines.dropFirst()), numeric: lines[0].map { _ in false })
    }

    /// One field; `exact` (``ReportColumn/exactInFiles``) prints the double as it reads back.
    static func field(_ v: ReportValue, unit: MoneyUnit, language: Language, exact: Bool = false) -> String {
        if let s = ReportTable.text(v, language) { return s }
        guard let kind = v.kind, let x = v.scaled(unit, exact: exact) else { return "" }
        if exact {
            let short = plainDecimal(x)
            return Double(short) == x ? short : "\(x)"
        }
        return plainNumber(x, decimals: fileDecimals(kind, unit: unit))
    }

    /// A file name for a table: its code with dots as hyphens, `.csv`.
    public static func fileName(_ t: ReportTable) -> String {
        t.code.replacingOccurrences(of: ".", with: "-") + ".csv"
    }
}

/// The report model as JSON (what the notebook embeds): per table its columns with units and its
/// rows with numbers in the document's unit; per chart its series.
public enum ReportJSON {
    public static func document(_ d: ReportDocument, unit: MoneyUnit, language: Language) -> JSONValue {
        .object([
            ("title", .string(d.title.text(language))),
            ("unit", .string(unit.rawValue)),
            ("base_year", .number(Double(d.baseYear))),
            // The sections' sentences (a goal seek's finding and the range it searched, for instance).
            ("paragraphs", .array(d.sections.flatMap(\.paragraphs).map { .string($0.text(language)) })),
            ("tables", .array(d.tables.map { table($0, unit: unit, language: language) })),
            ("charts", .array(d.charts.map { chart($0, unit: unit, language: language) })),
        ])
    }

    public static func table(_ t: ReportTable, unit: MoneyUnit, language: Language) -> JSONValue {
        let headers = t.fileHeaders(unit: unit, language: language)
        return .object([
            ("code", .string(t.code)),
            ("title", .string(t.title.text(language))),
            ("columns", .array(headers.map { .string($0) })),
            ("keys", .array(t.columns.map { .string($0.key) })),
            // Each row's code (a fund's line, a shock's name, a year): the same in every language.
            ("row_codes", .array(t.rows.map { $0.code.map { .string($0) } ?? .null })),
            ("rows", .array(t.rows.map { row in
                .array(row.cells.enumerated().map { i, v in
                    if case .never = v { return JSONValue.string("none") } // the same in every language; null is "no figure"
                    if let s = ReportTable.text(v, language) { return .string(s) }
                    return JSONValue.num(v.scaled(unit, exact: i < t.columns.count && t.columns[i].exactInFiles))
                })
            })),
            ("levels", .array(t.rows.map { .number(Double($0.level)) })),
            ("modelled", .array(t.rows.map { .bool($0.modelled) })),
            ("notes", .array(t.notes.map { .string($0.text(language)) })),
        ])
    }

    public static func chart(_ c: ReportChart, unit: MoneyUnit, language: Language) -> JSONValue {
        let scale = c.kind == .money ? unit.yuanPerUnit : 1
        return .object([
            ("code", .string(c.code)),
            ("title", .string(c.title.text(language))),
            ("caption", .string(c.caption.text(language))),
            ("unit", .string(c.kind.unitLabel(unit).text(language))),
            ("style", .string(c.style == .bars ? "bars" : "lines")),
            ("years", .array(c.years.map { .number(Double($0)) })),
            ("categories", c.categories.map { .array($0.map { .string($0.text(language)) }) } ?? .null),
            ("series", .array(c.series.map { s in
                .object([("label", .string(s.label.text(language))),
                         ("values", .array(s.values.map { v in JSONValue.num(v.map { c.kind == .money ? (($0 * 100).rounded() / 100) / scale : $0 }) }))])
            })),
            ("ranges", .array(c.ranges.map { r in
                let scaled: ([Double?]) -> JSONValue = { values in .array(values.map { v in JSONValue.num(v.map { $0 / scale }) }) }
                return .object([("label", .string(r.label.text(language))), ("lower", scaled(r.lower)), ("upper", scaled(r.upper))])
            })),
            ("bands", .array(c.bands.map { b in
                .object([("from", .num(b.from)), ("to", .num(b.to)), ("tone", .string(b.tone.rawValue)), ("label", .string(b.label.text(language)))])
            })),
        ])
    }
}
