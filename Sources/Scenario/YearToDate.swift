import Foundation

/// One year-to-date figure of an actuals CSV (`fundcast budget --actuals YTD.csv`), header
/// `year,month,scheme,metric,value,unit`, as bureaus report them (1–N月累计):
///
///     2009,6,employee,income,1100,万元          # collected January–June 2009
///     2022,11,employee_pooled,balance,3178,万元  # pooled balance at the end of November
///
/// `income` and `expenditure` are cumulative from January to the end of `month`; `balance` is the
/// fund's balance at the end of `month`. Rows of earlier years are prior-year actuals, from which
/// the seasonal profile of the year is taken. Values are stored in 元.
public struct YearToDateRecord: Sendable, Equatable {
    public var year: Int
    /// 1…12: the figure covers January to the end of this month.
    public var month: Int
    public var scheme: HistoryRecord.Scheme
    /// `income`, `expenditure` (cumulative) or `balance` (at the end of the month); never a head count.
    public var metric: HistoryRecord.Metric
    /// 元.
    public var value: Double
    /// Line in the file it came from, for messages; nil when built in code.
    public var line: Int?

    public init(year: Int, month: Int, scheme: HistoryRecord.Scheme, metric: HistoryRecord.Metric, value: Double, line: Int? = nil) {
        self.year = year
        self.month = month
        self.scheme = scheme
        self.metric = metric
        self.value = value
        self.line = line
    }

    /// The header every actuals file starts with (after `#` comment lines).
    public static let header = "year,month,scheme,metric,value,unit"

    /// The metrics a year-to-date file may hold.
    public static let metrics: [HistoryRecord.Metric] = [.income, .expenditure, .balance]

    /// Whether the metric is a cumulative flow (income, expenditure) rather than a stock (balance).
    public var isCumulative: Bool { metric != .balance }

    /// Reads and parses an actuals file. A missing or unreadable file is reported naming the file,
    /// as ScenarioLoader reports scenario files.
    public static func load(path: String) throws(ScenarioError) -> [YearToDateRecord] {
        let text = try readUTF8(path, display: path, expected: "a readable year-to-date CSV (\(header))")
        return try parse(csv: text, file: path)
    }

    /// Parses an actuals CSV, reporting every bad line at once. Lines starting with `#` and blank
    /// lines are skipped, also before the header. Checks: six fields, a year, month 1…12, a known
    /// scheme (with a did-you-mean), income/expenditure/balance only, a finite number (not negative
    /// for the cumulative metrics), a money unit, one row per year, month, scheme and metric, and
    /// cumulative figures that do not fall from one month to a later one within a year.
    public static func parse(csv text: String, file: String) throws(ScenarioError) -> [YearToDateRecord] {
        let csv = try CSVFile(text, file: file, header: header)
        var records: [YearToDateRecord] = []
        var written: [String] = []
        var issues = csv.issues
        for row in csv.rows {
            let loc = row.location, fields = row.fields
            guard let year = Int(fields[0]), (1900...2200).contains(year) else {
                issues.append(ScenarioIssue(location: loc, key: "year", expected: "a year", found: "'\(fields[0])'"))
                continue
            }
            guard let month = Int(fields[1]), (1...12).contains(month) else {
                issues.append(ScenarioIssue(location: loc, key: "month", expected: "a month from 1 to 12 (the figure covers January to its end)", found: "'\(fields[1])'"))
                continue
            }
            guard let scheme = HistoryRecord.Scheme(rawValue: fields[2]) else {
                let names = HistoryRecord.Scheme.allCases.map(\.rawValue)
                issues.append(ScenarioIssue(location: loc, key: "scheme", expected: "one of " + names.joined(separator: ", "),
                                            found: "'\(fields[2])'", suggestion: closestMatch(to: fields[2], in: names)))
                continue
            }
            let names = metrics.map(\.rawValue)
            guard let metric = HistoryRecord.Metric(rawValue: fields[3]), metrics.contains(metric) else {
                let isPeople = HistoryRecord.Metric(rawValue: fields[3]) != nil
                issues.append(ScenarioIssue(location: loc, key: "metric", expected: "one of " + names.joined(separator: ", ")
                                                + (isPeople ? " (head counts are not year-to-date figures)" : ""),
                                            found: "'\(fields[3])'", suggestion: isPeople ? nil : closestMatch(to: fields[3], in: names)))
                continue
            }
            guard let value = csvNumber(fields[4]) else {
                issues.append(ScenarioIssue(location: loc, key: "value", expected: "a number", found: "'\(fields[4])'"))
                continue
            }
            guard let unit = MoneyUnit(parsing: fields[5]) else {
                issues.append(ScenarioIssue(location: loc, key: "unit", expected: "元, 万元 or 亿元", found: "'\(fields[5])'"))
                continue
            }
            guard abs(value * unit.yuanPerUnit) <= 1e17 else {
                issues.append(ScenarioIssue(location: loc, key: "value", expected: "an amount within ±10¹⁷ 元", found: "'\(fields[4]) \(fields[5])'"))
                continue
            }
            if metric != .balance, value < 0 {
                issues.append(ScenarioIssue(location: loc, key: "value", expected: "a cumulative \(metric.rawValue) of at least 0", found: fields[4]))
                continue
            }
            records.append(YearToDateRecord(year: year, month: month, scheme: scheme, metric: metric, value: value * unit.yuanPerUnit, line: loc.line))
            written.append("\(fields[4]) \(fields[5])")
        }
        issues += consistencyIssues(records, written: written, file: file)
        if !issues.isEmpty { throw ScenarioError(issues.sorted { ($0.location.line ?? 0) < ($1.location.line ?? 0) }) }
        return records
    }

    /// Duplicate rows, and cumulative figures below an earlier month's figure of the same year, scheme and metric.
    /// `written[i]` is how record i's value was written (`1100 万元`).
    static func consistencyIssues(_ records: [YearToDateRecord], written: [String], file: String) -> [ScenarioIssue] {
        var issues: [ScenarioIssue] = []
        let groups = Dictionary(grouping: records.indices) { "\(records[$0].year),\(records[$0].scheme.rawValue),\(records[$0].metric.rawValue)" }
        for key in groups.keys.sorted() {
            let rows = groups[key]!.sorted { (records[$0].month, $0) < (records[$1].month, $1) }
            for (p, r) in zip(rows, rows.dropFirst()) {
                let previous = records[p], row = records[r]
                let loc = SourceLocation(file: file, line: row.line)
                if previous.month == row.month {
                    issues.append(ScenarioIssue(location: loc, key: "month", expected: "one row for \(row.year) month \(row.month) \(row.scheme.rawValue) \(row.metric.rawValue)",
                                                found: "a second one (first on line \(previous.line.map(String.init) ?? "?"))"))
                } else if row.isCumulative, row.value < previous.value {
                    issues.append(ScenarioIssue(location: loc, key: "value",
                                                expected: "a Jan–\(row.month) cumulative \(row.metric.rawValue) of at least the Jan–\(previous.month) figure \(written[p]) (line \(previous.line.map(String.init) ?? "?")): cumulative figures cannot fall",
                                                found: written[r]))
                }
            }
        }
        return issues
    }

    /// Checks the file against the budget year: it must report that year (rows of earlier years are
    /// prior-year actuals for the seasonal profile) and nothing after it.
    public static func check(_ records: [YearToDateRecord], budgetYear: Int, file: String, yearSource: String) throws(ScenarioError) {
        var issues: [ScenarioIssue] = []
        for r in records where r.year > budgetYear {
            issues.append(ScenarioIssue(location: SourceLocation(file: file, line: r.line), key: "year",
                                        expected: "\(budgetYear), the budget year (\(yearSource)), or an earlier year of prior-year actuals",
                                        found: "\(r.year)"))
        }
        if issues.isEmpty, !records.contains(where: { $0.year == budgetYear }) {
            let years = Set(records.map(\.year)).sorted().map(String.init)
            issues.append(ScenarioIssue(location: SourceLocation(file: file), key: "year",
                                        expected: "year-to-date figures for \(budgetYear), the budget year (\(yearSource))",
                                        found: years.isEmpty ? "no figures" : "only year \(years.joined(separator: ", "))"))
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
    }
}
