import Foundation

/// One reported figure of the history CSV (`year,scheme,metric,value,unit`, optionally `,scope`):
/// `2014,employee,income,7485,万元`. Values are stored in 元 or persons.
///
/// `scope` (口径) names what a figure covers when that changes over the years — the rural NCMS
/// merged into the resident scheme, maternity insurance into the employee scheme — e.g.
/// `城镇(不含新农合)`. Figures of one series with different scopes are not one series: trend
/// baselines are fitted only on the years that share the fit-through year's scope, and a later actual
/// of another scope does not score them. Blank (or no column) is one scope for every year.
public struct HistoryRecord: Sendable, Equatable {
    /// The fund a reported figure is about (every `Fund`, `total` included).
    public typealias Scheme = Fund
    public enum Metric: String, Sendable, CaseIterable {
        case insured, active, retired, income, expenditure, balance
    }
    public var year: Int
    public var scheme: Scheme
    public var metric: Metric
    /// In 元 for money, persons for people.
    public var value: Double
    /// 口径: what the figure covers, when that changes between years; empty: the series' one scope.
    public var scope: String

    public init(year: Int, scheme: Scheme, metric: Metric, value: Double, scope: String = "") {
        self.year = year
        self.scheme = scheme
        self.metric = metric
        self.value = value
        self.scope = scope
    }

    /// The columns of a history CSV; `scope` is optional.
    public static let header = "year,scheme,metric,value,unit"

    /// The years a reported figure can belong to: China's basic medical insurance began in the 1990s
    /// (fundcast 默认: 1950 leaves room for any earlier population series, 2200 is the horizon's limit).
    public static let plausibleYears = 1950...2200

    /// Parses a history CSV, reporting every bad line; each issue is located at its field
    /// (`file:line:column`, column 1 = year … 5 = unit).
    public static func parse(csv text: String, file: String) throws(ScenarioError) -> [HistoryRecord] {
        var records: [HistoryRecord] = []
        var seen: Set<String> = [] // year,scheme,metric already read: duplicates found in O(n)
        let csv = try CSVFile(text, file: file, header: header, alternatives: [header + ",scope"])
        var issues = csv.issues
        for row in csv.rows {
            let fields = row.fields
            func at(_ field: Int) -> SourceLocation { SourceLocation(file: row.location.file, line: row.location.line, column: field + 1) }
            guard let year = Int(fields[0]), plausibleYears.contains(year) else {
                issues.append(ScenarioIssue(location: at(0), key: "year", expected: "a year from \(plausibleYears.lowerBound) to \(plausibleYears.upperBound)", found: "'\(fields[0])'"))
                continue
            }
            guard let scheme = Scheme(rawValue: fields[1]) else {
                issues.append(ScenarioIssue(location: at(1), key: "scheme", expected: "one of " + Scheme.allCases.map(\.rawValue).joined(separator: ", "),
                                            found: "'\(fields[1])'", suggestion: closestMatch(to: fields[1], in: Scheme.allCases.map(\.rawValue))))
                continue
            }
            guard let metric = Metric(rawValue: fields[2]) else {
                issues.append(ScenarioIssue(location: at(2), key: "metric", expected: "one of " + Metric.allCases.map(\.rawValue).joined(separator: ", "),
                                            found: "'\(fields[2])'", suggestion: closestMatch(to: fields[2], in: Metric.allCases.map(\.rawValue))))
                continue
            }
            guard let value = csvNumber(fields[3]) else {
                issues.append(ScenarioIssue(location: at(3), key: "value", expected: "a number", found: "'\(fields[3])'"))
                continue
            }
            let factor: Double
            switch fields[4] {
            case "人": factor = 1
            case "万人": factor = 10_000
            default:
                guard let unit = MoneyUnit(parsing: fields[4]) else {
                    issues.append(ScenarioIssue(location: at(4), key: "unit", expected: "人, 万人, 元, 万元 or 亿元", found: "'\(fields[4])'"))
                    continue
                }
                factor = unit.yuanPerUnit
            }
            let isPeople = [.insured, .active, .retired].contains(metric)
            if isPeople != (fields[4] == "人" || fields[4] == "万人") {
                issues.append(ScenarioIssue(location: at(4), key: "unit", expected: isPeople ? "人 or 万人 for \(metric.rawValue)" : "a money unit for \(metric.rawValue)", found: "'\(fields[4])'"))
                continue
            }
            let scaled = value * factor
            guard (isPeople ? 0...1e10 : -1e17...1e17).contains(scaled), !isPeople || value >= 0 else {
                issues.append(ScenarioIssue(location: at(3), key: "value", expected: isPeople ? "a head count from 0 to 10 billion" : "an amount within ±10¹⁷ 元",
                                            found: "'\(fields[3]) \(fields[4])'"))
                continue
            }
            if !seen.insert("\(year),\(scheme.rawValue),\(metric.rawValue)").inserted {
                issues.append(ScenarioIssue(location: at(0), key: "year", expected: "one row per year, scheme and metric",
                                            found: "\(year),\(scheme.rawValue),\(metric.rawValue) again"))
                continue
            }
            records.append(HistoryRecord(year: year, scheme: scheme, metric: metric, value: scaled, scope: fields.count > 5 ? fields[5] : ""))
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
        return records
    }
}

extension Array where Element == HistoryRecord {
    /// The reported value, if any.
    public func value(year: Int, scheme: HistoryRecord.Scheme, metric: HistoryRecord.Metric) -> Double? {
        record(year: year, scheme: scheme, metric: metric)?.value
    }

    /// The reported row, if any.
    public func record(year: Int, scheme: HistoryRecord.Scheme, metric: HistoryRecord.Metric) -> HistoryRecord? {
        last { $0.year == year && $0.scheme == scheme && $0.metric == metric }
    }
}
