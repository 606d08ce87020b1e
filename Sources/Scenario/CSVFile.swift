import Foundation

/// The shared mechanics of the input CSV files (history, year-to-date actuals, age-sex tables):
/// `\r\n` or `\n` line ends, blank and `#` comment lines skipped (also before the header), a fixed
/// header, and rows with the header's number of fields, each with its location for messages.
struct CSVFile {
    struct Row {
        var location: SourceLocation
        var fields: [String]
    }

    /// Data rows with the right number of fields.
    var rows: [Row] = []
    /// Rows with the wrong number of fields, one issue each.
    var issues: [ScenarioIssue] = []

    /// Splits `text`; a missing or different header is thrown at once (nothing else can be read).
    init(_ text: String, file: String, header: String, maximumRows: Int = InputLimits.current.csvRows) throws(ScenarioError) {
        let lines = csvLines(text)
        let content = lines.indices.filter { !lines[$0].isEmpty && !lines[$0].hasPrefix("#") }
        guard let headerIndex = content.first, lines[headerIndex].replacingOccurrences(of: " ", with: "") == header else {
            // At most 60 characters of the line: enough to see a wrong header, never a whole file's secret.
            let shown = content.first.map { lines[$0].count > 60 ? "'\(lines[$0].prefix(60))…'" : "'\(lines[$0])'" }
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: file, line: (content.first ?? 0) + 1), key: "header",
                                               expected: "'\(header)'", found: shown ?? "an empty file")])
        }
        guard content.count - 1 <= maximumRows else {
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: file), key: "",
                                               expected: "at most \(wholeNumber(Double(maximumRows))) data rows (fundcast's input limit; raise it with \(InputLimits.environmentNames.csvRows)=N)",
                                               found: "\(wholeNumber(Double(content.count - 1))) rows")])
        }
        let width = header.split(separator: ",").count
        for index in content.dropFirst() {
            let location = SourceLocation(file: file, line: index + 1)
            let fields = lines[index].split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if fields.count == width {
                rows.append(Row(location: location, fields: fields))
            } else {
                issues.append(ScenarioIssue(location: location, key: "", expected: "\(width) fields (\(header))", found: "\(fields.count)"))
            }
        }
    }
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
