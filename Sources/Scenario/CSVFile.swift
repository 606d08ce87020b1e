import Foundation

/// The shared mechanics of the input CSV files (history, year-to-date actuals, age-sex tables):
/// `\r\n` or `\n` line ends, a UTF-8 byte-order mark (as Excel writes it) ignored, blank and `#`
/// comment lines skipped (also before the header), a fixed header (or one of its accepted
/// alternatives), fields in double quotes as spreadsheets write them (`"4,463"`, `""` for a quote
/// inside), and rows with the header's number of fields, each with its location for messages.
struct CSVFile {
    struct Row {
        var location: SourceLocation
        var fields: [String]
    }

    /// Data rows with the right number of fields.
    var rows: [Row] = []
    /// Rows with the wrong number of fields, one issue each.
    var issues: [ScenarioIssue] = []
    /// The header the file has: `header` or one of the alternatives.
    var header: String = ""

    /// Splits `text`; a missing or different header is thrown at once (nothing else can be read).
    init(_ text: String, file: String, header: String, alternatives: [String] = [],
         maximumRows: Int = InputLimits.current.csvRows) throws(ScenarioError) {
        let lines = csvLines(text)
        let content = lines.indices.filter { !lines[$0].isEmpty && !lines[$0].hasPrefix("#") }
        let found = content.first.map { lines[$0].replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\"", with: "") }
        guard let found, ([header] + alternatives).contains(found) else {
            // At most 60 characters of the line: enough to see a wrong header, never a whole file's secret.
            let shown = content.first.map { lines[$0].count > 60 ? "'\(lines[$0].prefix(60))…'" : "'\(lines[$0])'" }
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: file, line: (content.first ?? 0) + 1), key: "header",
                                               expected: "'\(header)'" + alternatives.map { " or '\($0)'" }.joined(),
                                               found: shown ?? "an empty file")])
        }
        guard content.count - 1 <= maximumRows else {
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: file), key: "",
                                               expected: "at most \(wholeNumber(Double(maximumRows))) data rows (fundcast's input limit; raise it with \(InputLimits.environmentNames.csvRows)=N)",
                                               found: "\(wholeNumber(Double(content.count - 1))) rows")])
        }
        self.header = found
        let width = header.split(separator: ",").count
        for index in content.dropFirst() {
            let location = SourceLocation(file: file, line: index + 1)
            guard let fields = csvFields(lines[index]) else {
                issues.append(ScenarioIssue(location: location, key: "", expected: "fields with their double quotes closed", found: "an unclosed '\"'"))
                continue
            }
            if fields.count == width {
                rows.append(Row(location: location, fields: fields))
            } else {
                issues.append(ScenarioIssue(location: location, key: "", expected: "\(width) fields (\(header))", found: "\(fields.count)"))
            }
        }
    }
}

/// The fields of one CSV line, trimmed: split at commas outside double quotes; a quoted field loses
/// its quotes and `""` inside it is one `"`. Nil when a quote is left open.
func csvFields(_ line: String) -> [String]? {
    guard line.contains("\"") else {
        return line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
    var fields: [String] = [], field = "", quoted = false
    var chars = Array(line)[...]
    while let c = chars.popFirst() {
        if quoted {
            if c == "\"" {
                if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            fields.append(field.trimmingCharacters(in: .whitespaces))
            field = ""
        } else {
            field.append(c)
        }
    }
    guard !quoted else { return nil }
    fields.append(field.trimmingCharacters(in: .whitespaces))
    return fields
}

/// The lines of a CSV file, with `\r\n` (Windows) or `\n` endings, trimmed; a leading UTF-8
/// byte-order mark (U+FEFF, which Excel's "CSV UTF-8" writes) is dropped.
func csvLines(_ text: String) -> [String] {
    (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        .split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Reads a UTF-8 CSV file within the CSV limits of ``InputLimits/current``, or reports it as missing,
/// not a regular file, too large, unreadable or not UTF-8 (see ``readInput``).
func readUTF8(_ path: String, display: String, location: SourceLocation? = nil, key: String = "",
              expected: String = "a readable file") throws(ScenarioError) -> String {
    try readInput(path, display: display, location: location, key: key, expected: expected,
                  limit: (InputLimits.current.csvBytes, InputLimits.environmentNames.csvBytes))
}
