import Foundation
import CXLSXWriter
import Scenario
import Reports

/// A workbook could not be written.
public struct WorkbookError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// The report as an Excel workbook, written with libxlsxwriter: a 概要 sheet, one sheet per table
/// (budget tables, drivers, reconciliation, projection, warnings, scenario parameters), and a 图表
/// sheet with the charts as native spreadsheet charts beside their data.
///
/// Numbers are stored as numbers: money in the workbook's unit (from the figure rounded to the 分),
/// rates as fractions with % formats, rate changes in percentage points. Totals a bureau checks by
/// hand are formulas with the model's figure as cached value (当期结余 = 基金收入 − 基金支出,
/// 基金收入 = Σ items where they add up, 增减额 = 本年 − 上年, 增减% = 增减额 ÷ |上年|), so the
/// sheet stays live when a line is edited. Headers are frozen and repeated on every printed page;
/// pages are A4 landscape, fitted to the width.
///
/// libxlsxwriter 1.1.4 writes only to files: the workbook goes to a temporary file that is read
/// back and removed, so callers receive bytes and write them atomically themselves.
public enum XLSXReport {
    /// The workbook's bytes. `created` is the document date stored in its properties (a fixed date
    /// keeps the file reproducible).
    public static func render(_ d: ReportDocument, unit: MoneyUnit, language: Language, created: Date) throws(WorkbookError) -> Data {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let wb = workbook_new(path) else { throw WorkbookError(description: "cannot create a workbook at \(path)") }
        let writer = Writer(wb: wb, unit: unit, language: language)
        var properties = lxw_doc_properties()
        let title = strdup(d.title.text(language)), author = strdup("fundcast")
        defer { free(title); free(author) }
        properties.title = title
        properties.author = author
        properties.created = time_t(created.timeIntervalSince1970)
        workbook_set_properties(wb, &properties)
        writer.summary(d)
        var used: Set<String> = [writer.sheetNames.first ?? ""]
        for table in d.tables {
            var name = sheetName(table.shortTitle.text(language == .en ? .en : .zh))
            var k = 2
            while used.contains(name) { name = sheetName(table.shortTitle.text(.zh)) + "\(k)"; k += 1 }
            used.insert(name)
            writer.sheet(table, name: name)
        }
        if !d.charts.isEmpty { writer.charts(d.charts, name: language.pick("图表", "Charts")) }
        let error = workbook_close(wb)
        guard error == LXW_NO_ERROR else {
            throw WorkbookError(description: "libxlsxwriter: \(String(cString: lxw_strerror(error)))")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw WorkbookError(description: "cannot read back \(path)") }
        return data
    }

    /// A valid sheet name: at most 31 characters, none of `[]:*?/\`.
    static func sheetName(_ s: String) -> String {
        let cleaned = String(s.map { "[]:*?/\\".contains($0) ? "_" : $0 })
        return String(cleaned.prefix(28))
    }

    /// `A1` notation of a zero-based cell.
    static func cellName(row: Int, col: Int) -> String {
        var c = col, letters = ""
        repeat {
            letters = String(UnicodeScalar(UInt8(65 + c % 26))) + letters
            c = c / 26 - 1
        } while c >= 0
        return "\(letters)\(row + 1)"
    }

    /// Excel's number format for a kind of value.
    static func numberFormat(_ kind: ReportValueKind, unit: MoneyUnit, rateDecimals: Int?, decimals: Int? = nil, language: Language = .zh) -> String {
        func fixed(_ d: Int) -> String { d <= 0 ? "0" : "0." + String(repeating: "0", count: d) }
        switch kind {
        case .money: return unit == .yuan ? "#,##0" : unit == .wan ? "#,##0.00" : "#,##0.0000"
        case .moneyPerHead: return "#,##0.00"
        case .persons: return "#,##0"
        case .rate: return (rateDecimals ?? 2) == 1 ? "0.0%" : "0.00%"
        case .ratePoints: return language == .en ? "0.00\" pt\"" : "0.00\"个百分点\"" // as the printed tables write them
        case .ratio: return fixed(decimals ?? 2)
        case .months, .years: return fixed(decimals ?? 1)
        case .year: return "0"
        }
    }

    /// The value written to a cell: rate changes in points, everything else as ``ReportValue/scaled(_:)``.
    static func stored(_ v: ReportValue, unit: MoneyUnit) -> Double? {
        guard let x = v.scaled(unit) else { return nil }
        if case .ratePoints = v { return x * 100 }
        return x
    }
}

/// Formats are created once per look and reused.
final class Writer {
    let wb: UnsafeMutablePointer<lxw_workbook>
    let unit: MoneyUnit
    let language: Language
    var formats: [String: UnsafeMutablePointer<lxw_format>] = [:]
    var sheetNames: [String] = []
    /// Text wider than this many columns (a CJK character is two) wraps.
    static let wrapWidth = 48.0

    init(wb: UnsafeMutablePointer<lxw_workbook>, unit: MoneyUnit, language: Language) {
        self.wb = wb
        self.unit = unit
        self.language = language
    }

    struct Look: Hashable {
        var numberFormat: String? = nil
        var bold = false
        var header = false
        var title = false
        var note = false
        var indent = 0
        var tone: String? = nil
        var border = true
        var wrap = false
        var center = false
    }

    static func colour(_ tone: String) -> (fill: UInt32, font: UInt32) {
        switch tone {
        case "red": return (0xC00000, 0xFFFFFF)
        case "orange": return (0xED7D31, 0xFFFFFF)
        case "yellow": return (0xFFE699, 0x000000)
        case "green": return (0xC6E0B4, 0x000000)
        default: return (0xDDEBF7, 0x000000)
        }
    }

    func format(_ look: Look) -> UnsafeMutablePointer<lxw_format>? {
        let key = "\(look)"
        if let f = formats[key] { return f }
        guard let f = workbook_add_format(wb) else { return nil }
        format_set_font_size(f, look.title ? 14 : look.note ? 10 : 11)
        if look.bold || look.header || look.title { format_set_bold(f) }
        if let nf = look.numberFormat { format_set_num_format(f, nf) }
        if look.border { format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue)) }
        if look.header {
            format_set_bg_color(f, 0xDCE6F1)
            format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue))
            format_set_text_wrap(f)
        }
        if look.center { format_set_align(f, UInt8(LXW_ALIGN_CENTER.rawValue)) }
        format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        if look.indent > 0 { format_set_indent(f, UInt8(min(look.indent, 15))) }
        if look.wrap { format_set_text_wrap(f) }
        if let tone = look.tone {
            let c = Writer.colour(tone)
            format_set_bg_color(f, c.fill)
            format_set_font_color(f, c.font)
            format_set_bold(f)
        }
        if look.bold && !look.header && look.tone == nil { format_set_bg_color(f, 0xF2F2F2) }
        formats[key] = f
        return f
    }

    func page(_ ws: UnsafeMutablePointer<lxw_worksheet>, headerRow: Int) {
        worksheet_set_landscape(ws)
        worksheet_set_paper(ws, 9) // A4
        worksheet_fit_to_pages(ws, 1, 0)
        worksheet_repeat_rows(ws, 0, lxw_row_t(headerRow))
        worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6)
        worksheet_set_footer(ws, "&C&P / &N")
    }

    /// The first sheet: title, scenario line, indicators and status, warnings, the budget's notes.
    func summary(_ d: ReportDocument) {
        let name = language.pick("概要", "Summary")
        sheetNames.append(name)
        guard let ws = workbook_add_worksheet(wb, name) else { return }
        let width = 110.0
        worksheet_set_column(ws, 0, 0, width, format(Look(border: false, wrap: true)))
        var r: lxw_row_t = 0
        /// Wrapped rows get the height of their lines (spreadsheets do not grow them on opening).
        func fit(_ text: String) { Writer.fitHeight(ws, r, text: text, width: width) }
        worksheet_write_string(ws, r, 0, d.title.text(language), format(Look(title: true, border: false)))
        r += 1
        for line in d.subtitle { worksheet_write_string(ws, r, 0, line.text(language), format(Look(border: false))); r += 1 }
        for section in d.sections where !section.paragraphs.isEmpty || !section.alerts.isEmpty {
            r += 1
            worksheet_write_string(ws, r, 0, section.title.text(language), format(Look(bold: true, border: false)))
            r += 1
            for p in section.paragraphs {
                worksheet_write_string(ws, r, 0, p.text(language), format(Look(border: false, wrap: true)))
                fit(p.text(language))
                r += 1
            }
            for a in section.alerts {
                let text = "[\(a.levelName.text(language))] \(a.message.text(language))  \(a.note(language))"
                worksheet_write_string(ws, r, 0, text, format(Look(tone: a.tone.rawValue, border: false, wrap: true)))
                fit(text)
                r += 1
            }
        }
        page(ws, headerRow: 0)
        worksheet_activate(ws)
    }

    /// Sets a row's height to the lines `text` takes in a column `width` characters wide.
    static func fitHeight(_ ws: UnsafeMutablePointer<lxw_worksheet>, _ row: lxw_row_t, text: String, width: Double) {
        let lines = max(1, Int((Double(displayWidth(text)) / max(width - 2, 1)).rounded(.up)))
        if lines > 1 { worksheet_set_row(ws, row, 15.5 * Double(lines), nil) }
    }

    /// A table sheet: title row, unit row, header row (frozen, repeated when printed), data, notes.
    func sheet(_ table: ReportTable, name: String) {
        let t = table.withUnitColumn(unit: unit, language: language, inPoints: true)
        sheetNames.append(name)
        guard let ws = workbook_add_worksheet(wb, name) else { return }
        let style = NumberStyle(unit: unit, grouping: true)
        let headerRow = 2, firstData = 3
        worksheet_write_string(ws, 0, 0, t.title.text(language), format(Look(title: true, border: false)))
        let caption = TextTables.caption(t.caption, unit: unit, language: language)
        if !caption.isEmpty { worksheet_write_string(ws, 1, 0, caption, format(Look(note: true, border: false))) }
        var widths = [Double](repeating: 8, count: t.columns.count)
        let headers = t.columns.map { $0.fileLabel.text(language) }
        for (c, h) in headers.enumerated() {
            worksheet_write_string(ws, lxw_row_t(headerRow), lxw_col_t(c), h, format(Look(header: true)))
            widths[c] = max(widths[c], Double(displayWidth(h)) + 2)
        }
        var longest: [Int: Int] = [:] // wrapped text per row, for its height
        let rowOf = Dictionary(t.rows.enumerated().compactMap { i, r in r.code.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        let colOf = Dictionary(t.columns.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        for (i, row) in t.rows.enumerated() {
            let r = firstData + i
            for (c, value) in row.cells.enumerated() where c < t.columns.count {
                let column = t.columns[c]
                var look = Look(bold: row.isTotal)
                let text = TextTables.cell(value, column: column, row: row, indent: false, style: style, language: language)
                if let kind = value.kind, let x = XLSXReport.stored(value, unit: unit) {
                    look.numberFormat = XLSXReport.numberFormat(kind, unit: unit, rateDecimals: column.rateDecimals, decimals: row.decimals, language: language)
                    if kind == .year {
                        look.center = c < t.labelColumns
                        if row.isActual { look.numberFormat = "0\"*\"" } // the base year's reported row, as in the note
                    }
                    if row.modelled, column.key.hasPrefix("previous"), let base = look.numberFormat {
                        look.numberFormat = base + "\"*\"" // a modelled base-year figure, as in the table's note
                    }
                    let f = format(look)
                    if let formula = self.formula(t, row: row, rowIndex: i, column: c, value: value, rowOf: rowOf, colOf: colOf, firstData: firstData) {
                        worksheet_write_formula_num(ws, lxw_row_t(r), lxw_col_t(c), formula, f, x)
                    } else {
                        worksheet_write_number(ws, lxw_row_t(r), lxw_col_t(c), x, f)
                    }
                    widths[c] = max(widths[c], Double(displayWidth(text)) + 2)
                } else {
                    if c == t.indentColumn { look.indent = row.level }
                    if c == 0, let tone = row.tone { look.tone = tone.rawValue }
                    if c >= t.labelColumns, value == .notApplicable { look.center = true }
                    look.wrap = displayWidth(text) > Int(Writer.wrapWidth)
                    worksheet_write_string(ws, lxw_row_t(r), lxw_col_t(c), text, format(look))
                    widths[c] = max(widths[c], min(Writer.wrapWidth + 2, Double(displayWidth(text)) + 2 + Double(c == t.indentColumn ? row.level * 2 : 0)))
                    if look.wrap { longest[r] = max(longest[r] ?? 0, displayWidth(text)) }
                }
            }
        }
        var r = firstData + t.rows.count + 1
        for note in t.notes {
            worksheet_write_string(ws, lxw_row_t(r), 0, note.text(language), format(Look(note: true, border: false)))
            r += 1
        }
        for (c, w) in widths.enumerated() { worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), min(w, Writer.wrapWidth + 2), nil) }
        for (r, chars) in longest {
            let lines = Int((Double(chars) / Writer.wrapWidth).rounded(.up))
            if lines > 1 { worksheet_set_row(ws, lxw_row_t(r), 15.5 * Double(lines), nil) }
        }
        worksheet_set_row(ws, lxw_row_t(headerRow), 30, nil)
        worksheet_freeze_panes(ws, lxw_row_t(firstData), lxw_col_t(t.columns.count > 8 ? t.labelColumns : 0))
        page(ws, headerRow: headerRow)
    }

    /// The charts as native spreadsheet charts, each beside its data (years or categories, then one
    /// column per series, money in the workbook's unit). The shaded bands are named in the captions.
    func charts(_ charts: [ReportChart], name: String) {
        sheetNames.append(name)
        guard let ws = workbook_add_worksheet(wb, name) else { return }
        let quoted = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
        var top = 0
        var breaks: [lxw_row_t] = []
        worksheet_set_column(ws, 0, 0, 12, nil)
        for c in charts {
            let x = c.xLabels(language)
            var columns = c.series.map { ($0.label.text(language), $0.values) }
            for r in c.ranges {
                columns += [(r.label.text(language) + language.pick("(下限)", " (lower)"), r.lower), (r.label.text(language) + language.pick("(上限)", " (upper)"), r.upper)]
            }
            let unit = c.kind.unitLabel(unit).text(language)
            worksheet_write_string(ws, lxw_row_t(top), 0, "\(c.title.text(language))(\(unit))", format(Look(bold: true, border: false)))
            worksheet_write_string(ws, lxw_row_t(top + 1), 0, c.categories == nil ? language.pick("年份", "Year") : "", format(Look(header: true)))
            let numberFormat = XLSXReport.numberFormat(c.kind, unit: self.unit, rateDecimals: nil, language: language)
            for (k, column) in columns.enumerated() {
                worksheet_write_string(ws, lxw_row_t(top + 1), lxw_col_t(k + 1), column.0, format(Look(header: true)))
                worksheet_set_column(ws, lxw_col_t(k + 1), lxw_col_t(k + 1), max(12, Double(displayWidth(column.0)) + 2), nil)
            }
            for (i, label) in x.enumerated() {
                let r = lxw_row_t(top + 2 + i)
                if c.categories == nil, let year = Int(label) {
                    worksheet_write_number(ws, r, 0, Double(year), format(Look(numberFormat: "0", center: true)))
                } else {
                    worksheet_write_string(ws, r, 0, label, format(Look()))
                }
                for (k, column) in columns.enumerated() {
                    let v = i < column.1.count ? column.1[i] : nil
                    if let stored = XLSXReport.stored(.of(v, c.kind), unit: self.unit) {
                        worksheet_write_number(ws, r, lxw_col_t(k + 1), stored, format(Look(numberFormat: numberFormat)))
                    }
                }
            }
            let first = top + 2, last = top + 1 + x.count
            if let chart = workbook_add_chart(wb, UInt8(c.style == .bars ? LXW_CHART_COLUMN.rawValue : LXW_CHART_LINE.rawValue)) {
                for k in columns.indices {
                    let col = XLSXReport.cellName(row: 0, col: k + 1).filter(\.isLetter)
                    let series = chart_add_series(chart, "=\(quoted)!$A$\(first + 1):$A$\(last + 1)", "=\(quoted)!$\(col)$\(first + 1):$\(col)$\(last + 1)")
                    chart_series_set_name(series, columns[k].0)
                }
                chart_title_set_name(chart, c.title.text(language))
                chart_axis_set_name(chart.pointee.y_axis, unit)
                chart_axis_set_num_format(chart.pointee.y_axis, c.kind == .money ? "#,##0" : numberFormat)
                // Year labels below the plot, not on the zero line the negative bars cross.
                chart_axis_set_label_position(chart.pointee.x_axis, UInt8(LXW_CHART_AXIS_LABEL_POSITION_LOW.rawValue))
                chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_BOTTOM.rawValue))
                var options = lxw_chart_options()
                options.x_scale = 1.6
                options.y_scale = 1.2
                worksheet_insert_chart_opt(ws, lxw_row_t(top + 1), lxw_col_t(columns.count + 2), chart, &options)
            }
            worksheet_write_string(ws, lxw_row_t(last + 1), 0, c.caption.text(language), format(Look(note: true, border: false)))
            top = max(last + 3, top + 22)
            breaks.append(lxw_row_t(top))
        }
        // Printed: portrait, fitted to the width, one chart and its data a page.
        worksheet_set_portrait(ws)
        worksheet_set_paper(ws, 9)
        worksheet_fit_to_pages(ws, 1, 0)
        breaks.removeLast()
        breaks.append(0) // the list ends with 0
        worksheet_set_h_pagebreaks(ws, &breaks)
    }

    /// The formula of a cell, if the model gives one and every cell it reads holds a number.
    func formula(_ t: ReportTable, row: ReportRow, rowIndex: Int, column c: Int, value: ReportValue,
                 rowOf: [String: Int], colOf: [String: Int], firstData: Int) -> String? {
        func number(_ r: Int, _ col: Int) -> Bool { col < t.rows[r].cells.count && t.rows[r].cells[col].number != nil }
        func ref(_ r: Int, _ col: Int) -> String { XLSXReport.cellName(row: firstData + r, col: col) }
        if let f = t.columns[c].formula {
            switch f {
            case .difference(let a, let b):
                guard let ca = colOf[a], let cb = colOf[b], number(rowIndex, ca), number(rowIndex, cb) else { return nil }
                let points: Bool = { if case .ratePoints = value { return true } else { return false } }()
                return points ? "=(\(ref(rowIndex, ca))-\(ref(rowIndex, cb)))*100" : "=\(ref(rowIndex, ca))-\(ref(rowIndex, cb))"
            case .relativeChange(let a, let b):
                guard let ca = colOf[a], let cb = colOf[b], number(rowIndex, ca), number(rowIndex, cb) else { return nil }
                return "=(\(ref(rowIndex, ca))-\(ref(rowIndex, cb)))/ABS(\(ref(rowIndex, cb)))"
            }
        }
        guard t.columns[c].additive, let f = row.formula else { return nil }
        switch f {
        case .difference(let a, let b):
            guard let ra = rowOf[a], let rb = rowOf[b], number(ra, c), number(rb, c) else { return nil }
            return "=\(ref(ra, c))-\(ref(rb, c))"
        case .sum(let codes):
            let rows = codes.compactMap { rowOf[$0] }
            guard rows.count == codes.count, rows.allSatisfy({ number($0, c) }) else { return nil }
            return "=SUM(" + rows.map { ref($0, c) }.joined(separator: ",") + ")"
        }
    }
}
