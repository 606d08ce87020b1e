import Scenario
import Foundation

/// Parsing of the embedded CSV tables (`age,sex,…`). The embedded tables are generated and tested, so
/// a malformed one is a build defect, not user input: it traps with the table's name.
enum TableParsing {
    /// Rows as dictionaries of column → text, header first.
    static func rows(_ text: String) -> [[String: String]] {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// A 202-cell vector from an `age,sex,<column>` table.
    static func ageSexVector(_ text: String, column: String, table: String) -> [Double] {
        var v = [Double](repeating: .nan, count: AgeSex.cells)
        for row in rows(text) {
            guard let age = row["age"].flatMap({ Int($0) }), let value = row[column].flatMap({ Double($0) }),
                  let sex = row["sex"].flatMap({ $0 == "M" ? Sex.male : $0 == "F" ? Sex.female : nil }) else {
                preconditionFailure("embedded table \(table) has a malformed row \(row)")
            }
            v[AgeSex.index(age: age, sex: sex)] = value
        }
        precondition(!v.contains { $0.isNaN }, "embedded table \(table) misses cells")
        return v
    }
}
