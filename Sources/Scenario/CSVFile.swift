import Foundation

/// The shared mechanics of the input CSV files (history, year-to-date actuals, age-sex tables):
/// `\r\n` or `\n` line ends, blank and `#` comment lines skipped (also before the header), a fixed
/// header, and rows with the header's number of fields, each with its location for messages.
/// A leading UTF-8 byte-order mark is dropped. Fields may be quoted as Excel writes them
/// (`"4,463"`, `"say ""hi"""`): the quotes are removed and a comma inside them stays in the field;
/// a quote left open at the end of its line is an issue of that line (fields never span lines).
struct CSVFile {
    struct Row {
        var location: SourceLocation
        var fields: [String]
        /// 1-based character column where each field starts, for `file:line:column` messages.
        var columns: [Int] = []

        /// The location of field `index`.
        func location(ofField index: Int) -> SourceLocation {
            SourceLocation(file: location.file, line: location.line, column: index < columns.count ? columns[index] : nil)
        }
    }

    /// Data rows with the right number of fields.
    var rows: [Row] = []
    /// Rows with the wrong number of fields, one issue each.
    var issues: [ScenarioIssue] = []
    /// The header the file has: `header` or one of the alternatives (quotes and spaces removed).
    var header: String = ""

    /// Splits `text`; a missing or different header is thrown at once (nothing else can be read).
    init(_ text: String, file: String, header: String, alternatives: [String] = [],
         maximumRows: Int = InputLimits.current.csvRows) throws(ScenarioError) {
        let lines = csvLines(text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text)
        let content = lines.indices.filter { !lines[$0].isEmpty && !lines[$0].hasPrefix("#") }
        let found = content.first.map { lines[$0].replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\"", with: "") }
        guard let found, ([header] + alternatives).contains(found) else {
            // At most 60 characters of the line: enough to see a wrong header, never a whole file's secret.
            let shown = content.first.map { lines[$0].count > 60 ? "'\(lines[$0].prefix(60))…'" : "'\(lines[$0])'" }
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: file, line: (content.first ?? 0) + 1), key: "header",
                                               expected: "'\(header)'" + alternatives.map { " or '\($0)'" }.joined(), found: shown ?? "an empty file")])
        }
        guard content.count - 1 <= maximumRows else {
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: file), key: "",
                                               expected: "at most \(wholeNumber(Double(maximumRows))) data rows (fundcast's input limit; raise it with \(InputLimits.environmentNames.csvRows)=N)",
                                               found: "\(wholeNumber(Double(content.count - 1))) rows")])
        }
        self.header = found
        let width = found.split(separator: ",").count
        for index in content.dropFirst() {
            let location = SourceLocation(file: file, line: index + 1)
            guard let split = csvFields(lines[index]) else {
                issues.append(ScenarioIssue(location: location, key: "", expected: "a closing quote (\") before the end of the line", found: "a quoted field left open"))
                continue
            }
            let fields = split.map(\.text)
            if fields.count == width {
                rows.append(Row(location: location, fields: fields, columns: split.map(\.column)))
            } else {
                issues.append(ScenarioIssue(location: location, key: "", expected: "\(width) fields (\(found))", found: "\(fields.count)"))
            }
        }
    }
}

/// The fields of one CSV line, trimmed, with the 1-based character column each starts at; quoted
/// fields (`"4,463"`, `""` for a quote inside) lose their quotes. Nil when a quote is left open.
func csvFields(_ line: String) -> [(text: String, column: Int)]? {
    var fields: [(text: String, column: Int)] = []
    var current = "", start = 1, column = 0
    var inQuotes = false, wasQuoted = false
    var characters = Array(line)[...]
    func finish() {
        fields.append((wasQuoted ? current : current.trimmingCharacters(in: .whitespaces), start))
        current = ""
        wasQuoted = false
    }
    while let c = characters.popFirst() {
        column += 1
        if inQuotes {
            if c == "\"" {
                if characters.first == "\"" {
                    current.append("\"")
                    characters.removeFirst()
                    column += 1
                } else {
                    inQuotes = false
                }
            } else {
                current.append(c)
            }
        } else if c == "," {
            finish()
            start = column + 1
        } else if c == "\"", current.trimmingCharacters(in: .whitespaces).isEmpty, !wasQuoted {
            current = ""
            inQuotes = true
            wasQuoted = true
        } else if !(wasQuoted && (c == " " || c == "\t")) {
            current.append(c)
        }
    }
    if inQuotes { return nil }
    finish()
    return fields
}

/// The lines of a CSV file, with `\r\n` (Windows) or `\n` endings, trimmed.
func csvLines(_ text: String) -> [String] {
    text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        .split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Reads a UTF-8 CSV file within the CSV limits of ``InputLimits/current``, or reports it as missing,
/// not a regular file, too large, unreadable or not UTF-8 (see ``readInput``).
func readUTF8(_ path: String, display: String, location: SourceLocation? = nil, key: String = "",
              expected: String = "a readable file") throws(ScenarioError) -> String {
    try readInput(path, display: display, location: location, key: key, expected: expected,
                  limit: (InputLimits.current.csvBytes, InputLimits.environmentNames.csvBytes))
}
