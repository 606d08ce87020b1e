import Scenario

/// The report as a Jupyter notebook (nbformat 4.5, cell ids included): narrative Markdown (scenario,
/// warnings, parameters), then pandas tables and matplotlib plots built from the report data the
/// notebook carries inline, so it re-runs offline with nothing but pandas and matplotlib.
public enum NotebookReport {
    public static func render(_ d: ReportDocument, unit: MoneyUnit, language: Language, regenerate: String) -> String {
        var cells: [JSONValue] = []
        func markdown(_ text: String) { cells.append(cell("markdown", text, index: cells.count)) }
        func code(_ text: String) { cells.append(cell("code", text, index: cells.count)) }
        let zh = language != .en

        var intro = "# \(d.title.text(language))\n\n" + d.subtitle.map { $0.text(language) + "\n" }.joined() + "\n"
        intro += zh
            ? "本笔记本由 `fundcast export` 生成, 数据内嵌于下方第一个代码单元 (`DATA`), 不需联网即可重新运行 (菜单 *Run All*)。金额单位: \(unit.rawValue); 人数单位: 人; 比率为小数。\n\n重新生成: `\(regenerate)`\n"
            : "Written by `fundcast export`; the data is inline in the first code cell (`DATA`), so it re-runs offline (*Run All*). Money in \(unit.english); people in persons; rates as fractions.\n\nRegenerate: `\(regenerate)`\n"
        markdown(intro)
        for section in d.sections where !section.paragraphs.isEmpty || !section.alerts.isEmpty {
            guard section.code == "summary" else { continue }
            var text = "## \(section.title.text(language))\n\n"
            text += section.paragraphs.map { "- \(md($0.text(language)))\n" }.joined()
            if !section.alerts.isEmpty {
                text += "\n### \(language.pick("风险预警", "Risk warnings"))\n\n"
                text += section.alerts.map { "- **\(md($0.levelName.text(language)))** \(md($0.message.text(language))) \(md($0.note(language)))\n" }.joined()
            } else {
                text += "\n" + language.pick("无预警。", "No warnings.") + "\n"
            }
            markdown(text)
        }
        if let assumptions = d.tables.first(where: { $0.code == "assumptions" }) {
            var text = "## \(assumptions.title.text(language))\n\n| " + assumptions.columns.map { md($0.label.text(language)) }.joined(separator: " | ") + " |\n"
            text += "|" + String(repeating: " --- |", count: assumptions.columns.count) + "\n"
            for row in assumptions.rows {
                text += "| " + row.cells.map { md(ReportTable.text($0, language) ?? "") }.joined(separator: " | ") + " |\n"
            }
            text += "\n" + assumptions.notes.map { md($0.text(language)) + "\n" }.joined()
            markdown(text)
        }
        // DataFrames have no caption and no cell marks: a unit column for tables of mixed kinds, the `*` marks as columns.
        var data = d
        for s in data.sections.indices {
            data.sections[s].tables = data.sections[s].tables.map { $0.withUnitColumn(unit: unit, language: language, always: true).withMarkColumns() }
        }
        var json = ReportJSON.document(data, unit: unit, language: language).serialized(pretty: false)
        json = json.replacingOccurrences(of: "'", with: "\\u0027") // keeps the raw string literal closed
        code(setup.replacingOccurrences(of: "@DATA@", with: json))
        for section in d.sections where section.code != "summary" {
            // A section whose only table is the parameters (written out above as Markdown) gets no empty heading.
            if section.paragraphs.isEmpty, section.charts.isEmpty, section.tables.allSatisfy({ $0.code == "assumptions" }) { continue }
            var text = "## \(section.title.text(language))\n"
            if !section.paragraphs.isEmpty, section.code != "warnings" {
                text += "\n" + section.paragraphs.map { "- \(md($0.text(language)))\n" }.joined()
            }
            markdown(text)
            for table in section.tables where table.code != "assumptions" {
                markdown("### \(md(table.title.text(language)))")
                code("show(\"\(table.code)\")")
            }
            for chart in section.charts {
                markdown("### \(md(chart.title.text(language)))\n\n\(md(chart.caption.text(language)))")
                code("plot(\"\(chart.code)\")")
            }
        }
        markdown(zh
            ? "## 继续分析\n\n`TABLES` 是以表代码为键的 pandas DataFrame 字典, 例如 `TABLES[\"projection\"]` 为逐年预测; `DATA[\"charts\"]` 为各图的数据序列。"
            : "## Going further\n\n`TABLES` maps table codes to pandas DataFrames, e.g. `TABLES[\"projection\"]`; `DATA[\"charts\"]` holds each chart's series.")
        let notebook = JSONValue.object([
            ("cells", .array(cells)),
            ("metadata", .object([
                ("kernelspec", .object([("display_name", .string("Python 3")), ("language", .string("python")), ("name", .string("python3"))])),
                ("language_info", .object([("name", .string("python"))])),
            ])),
            ("nbformat", .number(4)),
            ("nbformat_minor", .number(5)),
        ])
        return notebook.serialized(indent: 0, pretty: true) + "\n"
    }

    /// A cell; ids are `cell-<n>` so the same report gives the same notebook.
    static func cell(_ type: String, _ text: String, index: Int) -> JSONValue {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if let last = lines.last { lines[lines.count - 1] = String(last.dropLast()) }
        if lines.last == "" { lines.removeLast() }
        var pairs: [(String, JSONValue)] = [("cell_type", .string(type))]
        if type == "code" { pairs.append(("execution_count", .null)) }
        pairs += [("id", .string("cell-\(index + 1)")), ("metadata", .object([]))]
        if type == "code" { pairs.append(("outputs", .array([]))) }
        pairs.append(("source", .array(lines.map { .string($0) })))
        return .object(pairs)
    }

    /// Markdown text with table pipes escaped.
    static func md(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

    static let setup = #"""
    import json
    import warnings

    import matplotlib.pyplot as plt
    import pandas as pd
    from matplotlib import font_manager

    # Chinese labels: the first CJK font found on this machine (Linux, Windows, macOS names).
    _installed = {f.name for f in font_manager.fontManager.ttflist}
    _cjk = [f for f in ["Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
                        "Microsoft YaHei", "SimHei", "WenQuanYi Micro Hei"] if f in _installed]
    plt.rcParams["font.sans-serif"] = _cjk + plt.rcParams["font.sans-serif"]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    warnings.filterwarnings("ignore", message=".*[Gg]lyph.*")
    pd.set_option("display.max_rows", 100)
    pd.set_option("display.width", 200)

    DATA = json.loads(r'''@DATA@''')
    TABLES = {t["code"]: pd.DataFrame(t["rows"], columns=t["columns"]) for t in DATA["tables"]}
    CHARTS = {c["code"]: c for c in DATA["charts"]}
    TONES = {"red": "#c00000", "orange": "#ed7d31", "yellow": "#ffc000", "green": "#70ad47", "notice": "#5b9bd5"}


    def show(code):
        """The table with 其中 rows indented (full-width spaces) and its notes."""
        table = next(t for t in DATA["tables"] if t["code"] == code)
        df = TABLES[code].copy()
        if any(table["levels"]):
            first = df.columns[0]
            df[first] = ["\u3000" * level + str(v) for level, v in zip(table["levels"], df[first])]
        for note in table["notes"]:
            print(note)
        return df


    def plot(code):
        """One chart: lines or bars per series, shaded bands, unit on the y axis."""
        c = CHARTS[code]
        fig, ax = plt.subplots(figsize=(9, 3.6))
        for band in c["bands"]:
            top = band["to"] if band["to"] is not None else max(v for s in c["series"] for v in s["values"] if v is not None) * 1.1
            if top > band["from"]:
                ax.axhspan(band["from"], top, color=TONES[band["tone"]], alpha=0.15, label=band["label"])
        x = c["years"] if c["categories"] is None else list(range(len(c["categories"])))
        for r in c["ranges"]:
            nan = lambda values: [float("nan") if v is None else v for v in values]
            ax.fill_between(x, nan(r["lower"]), nan(r["upper"]), alpha=0.2, label=r["label"])
        width = 0.8 / max(1, len(c["series"]))
        for k, s in enumerate(c["series"]):
            values = [float("nan") if v is None else v for v in s["values"]]
            if c["style"] == "bars":
                offset = (k - (len(c["series"]) - 1) / 2) * width if c["categories"] is not None else 0
                ax.bar([p + offset for p in x], values, width=width if c["categories"] is not None else 0.8, label=s["label"])
            else:
                ax.plot(x, values, label=s["label"], linewidth=2)
        if c["categories"] is not None:
            ax.set_xticks(x)
            ax.set_xticklabels(c["categories"], rotation=20, ha="right")
        ax.axhline(0, color="#7f7f7f", linewidth=0.8)
        ax.set_title(c["title"])
        ax.set_ylabel(c["unit"])
        ax.grid(axis="y", color="#e0e0e0")
        ax.legend(loc="best", fontsize=8)
        fig.tight_layout()
        plt.show()
        plt.close(fig)
    """#
}
