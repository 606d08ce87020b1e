import Foundation

/// A rendered-agnostic table: a title, a header and rows of text cells, with per-column alignment.
/// Builders (budget, run) fill it; renderers (terminal, CSV, Markdown) print it.
public struct Table: Sendable, Equatable {
    public var title: String
    public var header: [String]
    public var rows: [[String]]
    /// True for right-aligned (numeric) columns.
    public var numeric: [Bool]
    /// Indices of rows that are totals or section heads (drawn with a rule above in the terminal).
    public var emphasised: Set<Int> = []
    /// Notes printed under the table.
    public var notes: [String] = []

    public init(title: String, header: [String], rows: [[String]], numeric: [Bool]) {
        self.title = title
        self.header = header
        self.rows = rows
        self.numeric = numeric
    }
}

/// Output formats shared by every command (`--format`).
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, csv, md, json
}

public enum TableRenderer {
    /// Aligned plain text for a terminal, counting CJK characters as two columns.
    public static func text(_ table: Table) -> String {
        let columns = table.header.count
        var widths = table.header.map(displayWidth)
        for row in table.rows { for (i, cell) in row.enumerated() where i < columns { widths[i] = max(widths[i], displayWidth(cell)) } }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "──")
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in pad(c, to: widths[i], rightAligned: table.numeric[i]) }
                .joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = table.title.isEmpty ? "" : table.title + "\n"
        out += line(table.header) + "\n" + rule + "\n"
        for (i, row) in table.rows.enumerated() {
            if table.emphasised.contains(i), i > 0 { out += rule + "\n" }
            out += line(row) + "\n"
        }
        for note in table.notes { out += "  " + note + "\n" }
        return out
    }

    /// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted.
    public static func csv(_ table: Table) -> String {
        ([table.header] + table.rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// Several tables as one CSV a reader can load as one table: a first column `table` naming each row's
    /// table, then the union of their headers in first-seen order, a row's cells under its own table's
    /// headers and empty elsewhere (a second header line in the middle of a file would be read as data).
    public static func csv(combining tables: [(name: String, table: Table)]) -> String {
        var header: [String] = []
        for (_, t) in tables { for h in t.header where !header.contains(h) { header.append(h) } }
        var lines = [(["table"] + header).map(csvField).joined(separator: ",")]
        for (name, t) in tables {
            let position = Dictionary(t.header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            for row in t.rows {
                lines.append(([name] + header.map { h in position[h].flatMap { $0 < row.count ? row[$0] : nil } ?? "" }).map(csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// A GitHub-flavoured Markdown table under a heading.
    public static func markdown(_ table: Table) -> String {
        func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }
        var out = table.title.isEmpty ? "" : "### \(escape(table.title))\n\n"
        out += "| " + table.header.map(escape).joined(separator: " | ") + " |\n"
        out += "|" + table.numeric.map { $0 ? " ---: |" : " --- |" }.joined() + "\n"
        for (i, row) in table.rows.enumerated() {
            let cells = row.map(escape).map { table.emphasised.contains(i) && !$0.isEmpty ? "**\($0)**" : $0 }
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        if !table.notes.isEmpty { out += "\n" + table.notes.map { "- \(escape($0))" }.joined(separator: "\n") + "\n" }
        return out
    }
}
