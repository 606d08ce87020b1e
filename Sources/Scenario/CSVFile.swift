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
    init(_ text: String, file: String, header: String) throws(ScenarioError) {
        let lines = csvLines(text)
        let content = lines.indices.filter { !lines[$0].isEmpty && !lines[$0].hasPrefix("#") }
        guard let headerIndex = content.first, lines[headerIndex].replacingOccurrences(of: " ", with: "") == header else {
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: file, line: (content.first ?? 0) + 1), key: "header",
                                               expected: "'\(header)'", found: content.first.map { "'\(lines[$0])'" } ?? "an empty file")])
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

/// Reads a UTF-8 text file, or reports it as missing, unreadable or not UTF-8.
/// - Parameters:
///   - display: how the path was written, for the message.
///   - location: where the path was named (a scenario key), if anywhere.
///   - key: the key that named it.
///   - expected: what the file should be, for the message.
func readUTF8(_ path: String, display: String, location: SourceLocation? = nil, key: String = "",
              expected: String = "a readable file") throws(ScenarioError) -> String {
    guard let data = FileManager.default.contents(atPath: path) else {
        let exists = FileManager.default.fileExists(atPath: path)
        throw ScenarioError([ScenarioIssue(location: location ?? SourceLocation(file: display), key: key,
                                           expected: expected, found: exists ? "'\(display)' cannot be read" : "no file '\(display)'")])
    }
    guard let text = String(data: data, encoding: .utf8) else {
        throw ScenarioError([ScenarioIssue(location: location ?? SourceLocation(file: display), key: key,
                                           expected: "UTF-8 text", found: "bytes that are not UTF-8 in '\(display)'")])
    }
    return text
}
