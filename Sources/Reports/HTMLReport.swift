import Foundation
import Scenario

/// The report as one self-contained HTML page: inline CSS, SVG charts drawn here, no scripts,
/// fonts, images or links from the network. Chinese text uses the system's CJK fonts (a fallback
/// list covering Linux, Windows and macOS). Prints on A4 with page breaks between sections.
public enum HTMLReport {
    public static let fontStack = "\"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Hiragino Sans GB\", \"Microsoft YaHei\", \"微软雅黑\", \"SimHei\", \"WenQuanYi Micro Hei\", sans-serif"

    public static func render(_ d: ReportDocument, unit: MoneyUnit, language: Language) -> String {
        let style = NumberStyle(unit: unit, grouping: true)
        var out = "<!DOCTYPE html>\n<html lang=\"\(language == .en ? "en" : "zh-CN")\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<title>\(esc(d.title.text(language)))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n"
        out += "<header>\n<h1>\(esc(d.title.text(language)))</h1>\n"
        for line in d.subtitle { out += "<p class=\"sub\">\(esc(line.text(language)))</p>\n" }
        out += "</header>\n"
        for section in d.sections {
            out += "<section id=\"\(esc(section.code))\">\n<h2>\(esc(section.title.text(language)))</h2>\n"
            if section.tables.isEmpty, !section.paragraphs.isEmpty {
                out += "<ul class=\"lead\">\n" + section.paragraphs.map { "<li>\(esc($0.text(language)))</li>\n" }.joined() + "</ul>\n"
            }
            if !section.alerts.isEmpty {
                out += "<ul class=\"alerts\">\n"
                for a in section.alerts {
                    out += "<li class=\"tone-\(a.tone.rawValue)\"><b>\(esc(a.levelName.text(language)))</b> \(esc(a.message.text(language)))"
                    out += " <span class=\"src\">\(esc(a.note(language)))</span></li>\n"
                }
                out += "</ul>\n"
            }
            for table in section.tables { out += self.table(table, style: style, language: language) }
            if !section.tables.isEmpty, !section.paragraphs.isEmpty { // under the tables they are notes; without tables, the section's text
                out += "<ul class=\"notes\">\n" + section.paragraphs.map { "<li>\(esc($0.text(language)))</li>\n" }.joined() + "</ul>\n"
            }
            var fund = ""
            for chart in section.charts {
                // Printed, each fund's charts start on a new page (codes are `<fund>.<metric>`).
                let prefix = String(chart.code.prefix { $0 != "." })
                out += figure(chart, style: style, language: language, newPage: prefix != fund && !fund.isEmpty)
                fund = prefix
            }
            for w in section.waterfalls {
                out += "<figure class=\"chart\" id=\"w-\(esc(w.code))\">\n" + WaterfallSVG.svg(w, style: style, language: language) + "</figure>\n"
            }
            out += "</section>\n"
        }
        out += "<footer>\(esc(language.pick("由 fundcast 生成", "Made with fundcast")))</footer>\n</body>\n</html>\n"
        return out
    }

    static let css = """
    :root { --red: #c00000; --orange: #e26b0a; --yellow: #bf8f00; --green: #548235; --notice: #2f5597; }
    body { font-family: \(fontStack); color: #1a1a1a; margin: 24px auto; max-width: 1280px; padding: 0 16px; line-height: 1.5; }
    h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; border-bottom: 2px solid #1f4e79; padding-bottom: 4px; margin-top: 32px; }
    .sub { color: #555; margin: 0; font-size: 13px; }
    table { border-collapse: collapse; margin: 12px 0 20px; font-size: 13px; break-inside: auto; }
    caption { text-align: left; font-weight: bold; padding: 4px 0; font-size: 14px; }
    caption .unit { font-weight: normal; color: #555; font-size: 12px; margin-left: 12px; }
    th, td { border: 1px solid #bfbfbf; padding: 3px 8px; }
    th { background: #dce6f1; font-weight: bold; white-space: nowrap; }
    td.s { white-space: nowrap; }
    td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tr.total td { font-weight: bold; background: #f2f2f2; }
    td.l1 { padding-left: 2em; } td.l2 { padding-left: 3.5em; } td.l3 { padding-left: 5em; }
    tr.tone-red td:first-child { color: var(--red); font-weight: bold; } tr.tone-orange td:first-child { color: var(--orange); font-weight: bold; }
    tr.tone-yellow td:first-child { color: var(--yellow); font-weight: bold; } tr.tone-notice td:first-child { color: var(--notice); }
    ul.alerts { list-style: none; padding: 0; } ul.alerts li { border-left: 6px solid #999; padding: 4px 10px; margin: 6px 0; background: #fafafa; }
    ul.alerts li.tone-red { border-color: var(--red); } ul.alerts li.tone-orange { border-color: var(--orange); }
    ul.alerts li.tone-yellow { border-color: #ffc000; } ul.alerts li.tone-notice { border-color: var(--notice); }
    .src { color: #666; font-size: 12px; }
    ul.notes { font-size: 12px; color: #444; } ul.lead { font-size: 14px; }
    figure.chart { margin: 16px 0 28px; break-inside: avoid; }
    figure.chart svg { width: 100%; max-width: 820px; height: auto; display: block; }
    figcaption { font-size: 13px; color: #333; margin: 4px 0; max-width: 820px; }
    figcaption b { font-size: 14px; color: #1a1a1a; display: block; }
    table.wide { font-size: 11px; } table.wide td, table.wide th { padding: 2px 4px; } table.wide th { white-space: normal; }
    table.data { font-size: 11px; } table.data td, table.data th { padding: 1px 5px; } table.data th.y { background: #f2f2f2; font-weight: normal; }
    footer { margin-top: 40px; color: #888; font-size: 11px; }
    @media print {
      body { margin: 0; max-width: none; font-size: 11px; }
      @page { size: A4 landscape; margin: 12mm 10mm; }
      section { break-before: page; } section:first-of-type { break-before: auto; }
      figure.chart { break-inside: avoid; } table { font-size: 10px; } tr { break-inside: avoid; } table.keep { break-inside: avoid; } figure.new-page { break-before: page; }
      thead { display: table-header-group; }
    }

    """

    static func esc(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    static func table(_ table: ReportTable, style: NumberStyle, language: Language) -> String {
        let t = table.withUnitColumn(unit: style.unit, language: language, inPoints: true)
        let unit = TextTables.caption(t.caption, unit: style.unit, language: language)
        // Wide tables get a smaller type; short ones are kept on one printed page.
        let classes = (t.columns.count > 8 ? ["wide"] : []) + (t.rows.count <= 32 ? ["keep"] : [])
        var out = "<table id=\"t-\(esc(t.code))\"\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>\n<caption>\(esc(t.title.text(language)))"
        if !unit.isEmpty { out += "<span class=\"unit\">\(esc(unit))</span>" }
        out += "</caption>\n<thead><tr>" + t.columns.map { "<th>\(esc($0.label.text(language)))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in t.rows {
            var classes: [String] = []
            if row.isTotal { classes.append("total") }
            if let tone = row.tone { classes.append("tone-\(tone.rawValue)") }
            out += classes.isEmpty ? "<tr>" : "<tr class=\"\(classes.joined(separator: " "))\">"
            for (c, value) in row.cells.enumerated() {
                let column = c < t.columns.count ? t.columns[c] : nil
                let text = TextTables.cell(value, column: column, row: row, indent: false, style: style, language: language)
                if c >= t.labelColumns {
                    out += "<td class=\"n\">\(esc(text))</td>"
                } else if c == t.indentColumn, row.level > 0 {
                    out += "<td class=\"l\(min(row.level, 3))\">\(esc(text))</td>"
                } else {
                    // Short labels (级别, 单位, 基金) never break inside a word.
                    out += displayWidth(text) <= 12 ? "<td class=\"s\">\(esc(text))</td>" : "<td>\(esc(text))</td>"
                }
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if !t.notes.isEmpty { out += "<ul class=\"notes\">\n" + t.notes.map { "<li>\(esc($0.text(language)))</li>\n" }.joined() + "</ul>\n" }
        return out
    }

    /// A chart: its title above, the caption below, then its data as a table, twelve years a block.
    static func figure(_ c: ReportChart, style: NumberStyle, language: Language, newPage: Bool = false) -> String {
        let unit = c.kind.unitLabel(style.unit).text(language)
        var out = "<figure class=\"chart\(newPage ? " new-page" : "")\" id=\"c-\(esc(c.code))\">\n<figcaption><b>\(esc(c.title.text(language)))(\(esc(unit)))</b></figcaption>\n"
        out += ChartSVG.svg(c, style: style, language: language)
        out += "<figcaption>\(esc(c.caption.text(language)))</figcaption>\n<table class=\"data\">\n<tbody>\n"
        let x = c.xLabels(language)
        var lines = c.series.map { ($0.label.text(language), $0.values) }
        for r in c.ranges {
            lines += [(r.label.text(language) + language.pick("(下限)", " (lower)"), r.lower), (r.label.text(language) + language.pick("(上限)", " (upper)"), r.upper)]
        }
        let perBlock = c.categories == nil ? 12 : 6
        for start in stride(from: 0, to: x.count, by: perBlock) {
            let block = start..<min(start + perBlock, x.count)
            let corner = c.categories == nil ? language.pick("年份", "Year") : ""
            out += "<tr><th class=\"y\">\(esc(corner))</th>" + block.map { "<th class=\"y\">\(esc(x[$0]))</th>" }.joined() + "</tr>\n"
            for (name, values) in lines {
                out += "<tr><th>\(esc(name))</th>"
                for i in block {
                    let v = i < values.count ? values[i] : nil
                    out += "<td class=\"n\">\(esc(TextTables.cell(.of(v, c.kind), column: nil, row: ReportRow(cells: []), indent: false, style: style, language: language)))</td>"
                }
                out += "</tr>\n"
            }
        }
        out += "</tbody>\n</table>\n</figure>\n"
        return out
    }
}

/// SVG charts: lines or bars over the years, shaded bands, axes with round ticks, a legend.
/// Money is drawn in the style's unit. Text is set in the page's CJK font stack.
public enum ChartSVG {
    static let width = 820.0, height = 320.0
    static let right = 96.0, top = 34.0, bottom = 40.0
    static let palette = ["#1f4e79", "#c55a11", "#548235", "#7030a0"]

    static func toneColour(_ t: ReportTone) -> String {
        switch t {
        case .red: return "#c00000"
        case .orange: return "#ed7d31"
        case .yellow: return "#ffc000"
        case .green: return "#70ad47"
        case .notice: return "#5b9bd5"
        }
    }

    /// A round step near `span / 5`: 1, 2 or 5 times a power of ten.
    static func niceStep(_ span: Double) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / 5
        let p = pow(10, floor(log10(raw)))
        let m = raw / p
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p
    }

    static func n(_ x: Double) -> String { String(format: "%.1f", x) }

    public static func svg(_ c: ReportChart, style: NumberStyle, language: Language) -> String {
        let scale = c.kind == .money ? style.unit.yuanPerUnit : 1
        let series = c.series.map { s in s.values.map { v in v.flatMap { $0.isFinite ? $0 / scale : nil } } }
        let ranges = c.ranges.map { r in (r.lower.map { v in v.flatMap { $0.isFinite ? $0 / scale : nil } }, r.upper.map { v in v.flatMap { $0.isFinite ? $0 / scale : nil } }) }
        let all = series.flatMap { $0.compactMap { $0 } } + ranges.flatMap { $0.0.compactMap { $0 } + $0.1.compactMap { $0 } }
        var lo = min(0, all.min() ?? 0), hi = max(all.max() ?? 1, lo + 1e-9)
        for b in c.bands { hi = max(hi, (b.to ?? b.from * 1.2)) }
        if c.kind == .months, let excess = c.bands.first(where: { $0.to == nil })?.from { hi = max(hi, excess * 1.2) }
        let step = niceStep(hi - lo)
        lo = floor(lo / step) * step
        hi = ceil(hi / step) * step
        if hi <= lo { hi = lo + step }
        // The left margin fits the longest tick label (about 7 px a character at 12 px).
        let longest = stride(from: lo, through: hi + step / 2, by: step).map { tick($0, step: step, style: style).count }.max() ?? 4
        let x0 = max(56, Double(longest) * 7 + 16), x1 = width - right, y0 = height - bottom, y1 = top
        let years = c.years
        let labels = c.xLabels(language)
        let firstYear = Double(years.first ?? 0), lastYear = Double(max((years.last ?? 1), (years.first ?? 0) + 1))
        let slot = (x1 - x0) / Double(max(labels.count, 1))
        func x(_ i: Int) -> Double {
            c.style == .bars || c.categories != nil ? x0 + slot * (Double(i) + 0.5) : x0 + (Double(years[i]) - firstYear) / (lastYear - firstYear) * (x1 - x0)
        }
        func y(_ v: Double) -> Double { y0 - (v - lo) / (hi - lo) * (y0 - y1) }
        let label = c.title.text(language)
        var out = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(HTMLReport.esc(label))\" font-family='\(HTMLReport.fontStack.replacingOccurrences(of: "\"", with: ""))' font-size=\"12\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>\n"
        // bands, clipped to the plot
        for b in c.bands {
            let from = max(b.from, lo), to = min(b.to ?? hi, hi)
            guard to > from else { continue }
            out += "<rect x=\"\(n(x0))\" y=\"\(n(y(to)))\" width=\"\(n(x1 - x0))\" height=\"\(n(y(from) - y(to)))\" fill=\"\(toneColour(b.tone))\" fill-opacity=\"0.14\"/>\n"
            if y(from) - y(to) >= 14 { // a label only where it fits; the legend names every band
                out += "<text x=\"\(n(x1 + 6))\" y=\"\(n((y(from) + y(to)) / 2 + 4))\" fill=\"#444\" font-size=\"11\">\(HTMLReport.esc(b.label.text(language)))</text>\n"
            }
        }
        // grid and y ticks
        var v = lo
        var guardCount = 0
        while v <= hi + step / 2, guardCount < 40 {
            out += "<line x1=\"\(n(x0))\" y1=\"\(n(y(v)))\" x2=\"\(n(x1))\" y2=\"\(n(y(v)))\" stroke=\"\(v == 0 ? "#7f7f7f" : "#e0e0e0")\" stroke-width=\"1\"/>\n"
            out += "<text x=\"\(n(x0 - 6))\" y=\"\(n(y(v) + 4))\" text-anchor=\"end\" fill=\"#333\">\(HTMLReport.esc(tick(v, step: step, style: style)))</text>\n"
            v += step
            guardCount += 1
        }
        // x ticks: every 5th year and the first, or every category
        for (i, label) in labels.enumerated() {
            if c.categories == nil {
                let year = years[i]
                guard i == 0 || (year % 5 == 0 && year - years[0] >= 3) else { continue }
            }
            out += "<line x1=\"\(n(x(i)))\" y1=\"\(n(y0))\" x2=\"\(n(x(i)))\" y2=\"\(n(y0 + 4))\" stroke=\"#7f7f7f\"/>\n"
            out += "<text x=\"\(n(x(i)))\" y=\"\(n(y0 + 18))\" text-anchor=\"middle\" fill=\"#333\">\(HTMLReport.esc(label))</text>\n"
        }
        // ranges (fans) under the lines
        for (k, (lower, upper)) in ranges.enumerated() {
            let points = (upper.indices.compactMap { i in upper[i].map { "\(n(x(i))),\(n(y($0)))" } }
                          + lower.indices.reversed().compactMap { i in lower[i].map { "\(n(x(i))),\(n(y($0)))" } })
            guard !points.isEmpty else { continue }
            out += "<polygon points=\"\(points.joined(separator: " "))\" fill=\"\(palette[k % palette.count])\" fill-opacity=\"0.18\" stroke=\"none\"/>\n"
        }
        out += "<line x1=\"\(n(x0))\" y1=\"\(n(y1))\" x2=\"\(n(x0))\" y2=\"\(n(y0))\" stroke=\"#7f7f7f\"/>\n"
        out += "<text x=\"\(n(x0 - 6))\" y=\"\(n(y1 - 12))\" text-anchor=\"end\" fill=\"#333\">\(HTMLReport.esc(c.kind.unitLabel(style.unit).text(language)))</text>\n"
        // data
        for (k, values) in series.enumerated() {
            let colour = palette[k % palette.count]
            if c.style == .bars {
                let w = slot * 0.7 / Double(series.count) // side by side when there are several series
                let offset = (Double(k) - Double(series.count - 1) / 2) * w
                for (i, value) in values.enumerated() {
                    guard let value else { continue }
                    let top = y(max(value, 0)), bottomY = y(min(value, 0))
                    out += "<rect x=\"\(n(x(i) + offset - w / 2))\" y=\"\(n(top))\" width=\"\(n(w))\" height=\"\(n(max(bottomY - top, 0.5)))\" fill=\"\(value < 0 ? "#c00000" : colour)\"/>\n"
                }
            } else {
                var d = ""
                var pen = false
                for (i, value) in values.enumerated() {
                    guard let value else { pen = false; continue }
                    d += (pen ? " L" : " M") + "\(n(x(i))) \(n(y(value)))"
                    pen = true
                }
                if !d.isEmpty { out += "<path d=\"\(d.dropFirst())\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.2\"/>\n" }
            }
        }
        // legend (top left, above the plot)
        var lx = x0 + 8
        for (k, s) in c.series.enumerated() {
            let colour = palette[k % palette.count]
            out += "<rect x=\"\(n(lx))\" y=\"8\" width=\"14\" height=\"10\" fill=\"\(colour)\"/>\n"
            let text = s.label.text(language)
            out += "<text x=\"\(n(lx + 19))\" y=\"17\" fill=\"#1a1a1a\">\(HTMLReport.esc(text))</text>\n"
            lx += 19 + Double(displayWidth(text)) * 6.5 + 22
        }
        for (k, r) in c.ranges.enumerated() {
            out += "<rect x=\"\(n(lx))\" y=\"8\" width=\"14\" height=\"10\" fill=\"\(palette[k % palette.count])\" fill-opacity=\"0.3\"/>\n"
            let text = r.label.text(language)
            out += "<text x=\"\(n(lx + 19))\" y=\"17\" fill=\"#444\">\(HTMLReport.esc(text))</text>\n"
            lx += 19 + Double(displayWidth(text)) * 6.5 + 16
        }
        for b in c.bands {
            out += "<rect x=\"\(n(lx))\" y=\"8\" width=\"14\" height=\"10\" fill=\"\(toneColour(b.tone))\" fill-opacity=\"0.35\"/>\n"
            let text = b.label.text(language)
            out += "<text x=\"\(n(lx + 19))\" y=\"17\" fill=\"#444\">\(HTMLReport.esc(text))</text>\n"
            lx += 19 + Double(displayWidth(text)) * 6.5 + 16
        }
        out += "</svg>\n"
        return out
    }

    /// A tick label with no more decimals than the step needs, thousands grouped.
    static func tick(_ v: Double, step: Double, style: NumberStyle) -> String {
        let decimals = step >= 1 ? 0 : min(6, Int(ceil(-log10(step))))
        return style.fixed(v, decimals: decimals)
    }
}
