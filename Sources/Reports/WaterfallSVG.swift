/// A waterfall chart as SVG: the start bar, each part from the running total (up in green, down in
/// red), the end bar; money in `style`'s unit. The scale starts near the smallest running total so
/// that small parts stay visible, and says where.
public enum WaterfallSVG {
    public static func svg(_ w: ReportWaterfall, style: NumberStyle, language l: Language) -> String {
        var steps: [(label: String, from: Double, to: Double, kind: Int)] = [(w.start.label.text(l), 0, w.start.value, 0)]
        var level = w.start.value
        for part in w.parts {
            steps.append((part.label.text(l), level, level + part.value, part.value >= 0 ? 1 : -1))
            level += part.value
        }
        steps.append((w.end.label.text(l), 0, w.end.value, 0))
        let values = steps.flatMap { [$0.from, $0.to] }
        let high = values.max() ?? 1
        let floorValue = max(0, (steps.dropFirst().dropLast().flatMap { [$0.from, $0.to] } + [w.start.value, w.end.value]).min() ?? 0) * 0.9
        let span = max(high - floorValue, 1e-9)
        let width = 120 * steps.count + 40, height = 250, top = 40.0, plot = 160.0
        func y(_ v: Double) -> Double { top + plot * (1 - (max(v, floorValue) - floorValue) / span) }
        let escape = HTMLReport.esc
        var svg = "<svg width=\"\(width)\" height=\"\(height)\" font-size=\"11\" font-family=\"sans-serif\">\n"
        svg += "<text x=\"10\" y=\"16\" font-weight=\"bold\">\(escape(w.title.text(l))) (\(escape(l.pick(style.unit.rawValue, style.unit.english))))</text>\n"
        for (i, step) in steps.enumerated() {
            let x = 30 + 120 * i
            let (a, b) = (y(step.from), y(step.to))
            let colour = step.kind == 0 ? "#4a6fa5" : step.kind > 0 ? "#3a9d5d" : "#c0392b"
            svg += "<rect x=\"\(x)\" y=\"\(String(format: "%.1f", min(a, b)))\" width=\"80\" height=\"\(String(format: "%.1f", max(abs(b - a), 1)))\" fill=\"\(colour)\"/>\n"
            let amount = step.kind == 0 ? style.money(step.to) : style.money(step.to - step.from)
            svg += "<text x=\"\(x + 40)\" y=\"\(String(format: "%.1f", min(a, b) - 4))\" text-anchor=\"middle\">\(escape(amount))</text>\n"
            svg += "<text x=\"\(x + 40)\" y=\"\(Int(top + plot) + 18)\" text-anchor=\"middle\">\(escape(step.label))</text>\n"
        }
        svg += "<text x=\"10\" y=\"\(height - 6)\" fill=\"#666\">\(escape(l.pick("纵轴起点", "axis starts at") + " " + style.money(floorValue)))</text>\n"
        return svg + "</svg>\n"
    }
}
