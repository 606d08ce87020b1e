import Foundation

/// A region's table by single age and sex (`age,sex,<value>` CSV), in the ``AgeSex`` cell layout.
/// Parsing checks every age 0…100 of both sexes is present once and values are in range.
public struct AgeSexTable: Sendable, Equatable {
    /// 202 cells.
    public var values: [Double]

    public init(values: [Double]) {
        precondition(values.count == AgeSex.cells)
        self.values = values
    }

    /// Parses `age,sex,<column>`; `sex` is M/F, male/female or 男/女; age `100` (or `100+`) is the open group.
    /// - Parameter range: allowed values, e.g. `0...` for counts, `0...1` for probabilities.
    public static func parse(csv text: String, file: String, column: String, expected: String,
                             accepts: (Double) -> Bool) throws(ScenarioError) -> AgeSexTable {
        var values = [Double?](repeating: nil, count: AgeSex.cells)
        var issues: [ScenarioIssue] = []
        let header = "age,sex,\(column)"
        let csv = try CSVFile(text, file: file, header: header)
        issues += csv.issues
        for row in csv.rows {
            let loc = row.location, f = row.fields
            guard let age = Int(f[0].replacingOccurrences(of: "+", with: "")), (0...AgeSex.maximumAge).contains(age) else {
                issues.append(ScenarioIssue(location: loc, key: "age", expected: "a single age 0…100 (100 = 100+)", found: "'\(f[0])'"))
                continue
            }
            guard let sex = Sex(parsing: f[1]) else {
                issues.append(ScenarioIssue(location: loc, key: "sex", expected: "M or F (male/female, 男/女)", found: "'\(f[1])'"))
                continue
            }
            guard let value = csvNumber(f[2]), accepts(value) else {
                issues.append(ScenarioIssue(location: loc, key: column, expected: expected, found: "'\(f[2])'"))
                continue
            }
            let i = AgeSex.index(age: age, sex: sex)
            if values[i] != nil {
                issues.append(ScenarioIssue(location: loc, key: "age", expected: "each age and sex once", found: "age \(age) \(f[1]) again"))
            }
            values[i] = value
        }
        let missing = values.indices.filter { values[$0] == nil }
        if !missing.isEmpty {
            let labels = missing.prefix(6).map { "\($0 % AgeSex.ages) \($0 < AgeSex.ages ? "M" : "F")" }.joined(separator: ", ")
            issues.append(ScenarioIssue(location: SourceLocation(file: file), key: "age", expected: "every age 0…100 for both sexes",
                                        found: "\(missing.count) missing (\(labels)\(missing.count > 6 ? ", …" : ""))"))
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
        return AgeSexTable(values: values.map { $0 ?? 0 })
    }
}

extension Sex {
    init?(parsing text: String) {
        switch text.lowercased() {
        case "m", "male", "男", "men": self = .male
        case "f", "female", "女", "women": self = .female
        default: return nil
        }
    }
}
