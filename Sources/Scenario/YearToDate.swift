import Foundation

/// One year-to-date figure of an actuals CSV (`fundcast budget --actuals YTD.csv`), header
/// `year,month,scheme,row,value,unit`, as bureaus report them (1–N月累计):
///
///     2025,6,resident,基本医疗保险费收入,"4,463",万元   # premiums collected January–June 2025
///     2025,6,resident,fiscal_subsidy,12000,万元          # any official row: code or printed name
///     2022,11,employee_pooled,年末滚存结余,3178,万元     # the pooled balance at the end of November
///
/// `row` is any row of the official table (``BudgetLine``: its code, printed name or a synonym, with
/// or without 一、/其中: prefixes). The older header `year,month,scheme,metric,value,unit` is still
/// read, and in either form `income`, `expenditure` and `balance` mean 本年收入合计, 本年支出合计
/// and the balance at the month's end (年末滚存结余 read as 期末). Flows are cumulative from January
/// to the end of `month`; balances are stocks at the end of `month`. Rows of earlier years are
/// prior-year actuals, from which the seasonal profile of each line is fitted. Values are stored in 元.
public struct YearToDateRecord: Sendable, Equatable {
    public var year: Int
    /// 1…12: the figure covers January to the end of this month.
    public var month: Int
    public var scheme: HistoryRecord.Scheme
    /// The official row; never a 总计 (which mixes a stock and a flow).
    public var row: BudgetLine
    /// 元.
    public var value: Double
    /// Line in the file it came from, for messages; nil when built in code.
    public var line: Int?
    /// 市级统筹: the district the figure is of (the optional `district` column, as written, or after
    /// ``assigningDistricts(_:districts:file:)`` the district's code); nil for the city level itself.
    public var district: String?

    public init(year: Int, month: Int, scheme: HistoryRecord.Scheme, row: BudgetLine, value: Double, line: Int? = nil,
                district: String? = nil) {
        self.year = year
        self.month = month
        self.scheme = scheme
        self.row = row
        self.value = value
        self.line = line
        self.district = district
    }

    /// What a row is within the year.
    public enum Kind: Sendable, Equatable {
        /// Cumulative January–month, at least 0, never falling (income and spending lines and their totals).
        case flow
        /// Cumulative but signed (本年收支结余).
        case net
        /// A balance at the end of the month (年末滚存结余 as 期末).
        case stock
    }

    /// The kind of a row; nil for the 总计 rows, which a year-to-date file cannot hold.
    public static func kind(of row: BudgetLine) -> Kind? {
        switch row {
        case .incomeGrandTotal, .expenditureGrandTotal: return nil
        case .surplus: return .net
        case .closingBalance, .openingBalance: return .stock
        default: return .flow
        }
    }

    public var kind: Kind { Self.kind(of: row) ?? .stock }

    /// The header of an actuals file (after `#` comment lines).
    public static let header = "year,month,scheme,row,value,unit"
    /// The header of the first version, still read.
    public static let metricHeader = "year,month,scheme,metric,value,unit"
    /// Either header may end with `,district`: the district of a city-level scenario with `districts:`
    /// (the district file's stem or its `region`; blank for the city level itself).
    public static let districtColumn = "district"

    /// The old `metric` names and the rows they mean.
    public static let metricRows: [(name: String, row: BudgetLine)] = [("income", .incomeTotal), ("expenditure", .expenditureTotal), ("balance", .closingBalance)]

    /// Whether the figure is cumulative (a flow or the surplus) rather than a balance.
    public var isCumulative: Bool { kind != .stock }

    /// Reads and parses an actuals file. A missing or unreadable file is reported naming the file,
    /// as ScenarioLoader reports scenario files.
    public static func load(path: String) throws(ScenarioError) -> [YearToDateRecord] {
        let text = try readUTF8(path, display: path, expected: "a readable year-to-date CSV (\(header))")
        return try parse(csv: text, file: path)
    }

    /// The row a `row` (or `metric`) cell names, or the issue to report.
    static func resolveRow(_ text: String, location: SourceLocation, key: String) -> Result<BudgetLine, ScenarioError> {
        if let old = metricRows.first(where: { $0.name == text }) { return .success(old.row) }
        if HistoryRecord.Metric(rawValue: text) != nil {
            return .failure(ScenarioError([ScenarioIssue(location: location, key: key, expected: "an income, spending or balance row (head counts are not year-to-date figures)", found: "'\(text)'")]))
        }
        guard let row = BudgetLine.named(text) else {
            let suggestion = closestMatch(to: text, in: metricRows.map(\.name)) ?? BudgetLine.suggestion(for: text)
            return .failure(ScenarioError([ScenarioIssue(location: location, key: key,
                                          expected: "a row of the official table (code or printed name, e.g. 基本医疗保险费收入, fiscal_subsidy, 年末滚存结余) or income, expenditure, balance",
                                          found: "'\(text)'", suggestion: suggestion)]))
        }
        guard kind(of: row) != nil else {
            return .failure(ScenarioError([ScenarioIssue(location: location, key: key,
                                          expected: "a flow or a balance (总计 = 合计 + 上年结余: give 本年收入合计 or 本年支出合计 instead)", found: "'\(text)'")]))
        }
        // The year's opening balance is the scenario's (last year's closing): a file's 上年结余 would be
        // read by nothing. The balance a file gives is the one at the end of its month.
        guard row != .openingBalance else {
            return .failure(ScenarioError([ScenarioIssue(location: location, key: key,
                                          expected: "a flow, or the balance at the end of the month (年末滚存结余, as 期末结余); 上年结余 is the year's opening balance, which the budget takes from the scenario",
                                          found: "'\(text)'")]))
        }
        return .success(row)
    }

    /// Parses an actuals CSV, reporting every bad line at once. Lines starting with `#` and blank
    /// lines are skipped, also before the header; a UTF-8 byte-order mark is ignored; quoted fields
    /// (`"4,463"`) are read as spreadsheets write them; rows may come in any order. Checks: six
    /// fields, a year, month 1…12, a known scheme and row (with a did-you-mean), a finite number (not
    /// negative for flows), a money unit, one row per year, month, scheme and row, and cumulative
    /// flows that do not fall from one month to a later one within a year.
    public static func parse(csv text: String, file: String) throws(ScenarioError) -> [YearToDateRecord] {
        let csv = try CSVFile(text, file: file, header: header,
                              alternatives: [metricHeader, header + "," + districtColumn, metricHeader + "," + districtColumn])
        let rowKey = csv.header.hasPrefix(metricHeader) ? "metric" : "row"
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
            let line: BudgetLine
            switch resolveRow(fields[3], location: loc, key: rowKey) {
            case .success(let r): line = r
            case .failure(let error): issues += error.issues; continue
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
            if kind(of: line) == .flow, value < 0 {
                issues.append(ScenarioIssue(location: loc, key: "value", expected: "a cumulative \(fields[3]) of at least 0", found: fields[4]))
                continue
            }
            let district = fields.count > 6 && !fields[6].isEmpty ? fields[6] : nil
            records.append(YearToDateRecord(year: year, month: month, scheme: scheme, row: line, value: value * unit.yuanPerUnit, line: loc.line,
                                            district: district))
            written.append("\(fields[4]) \(fields[5])")
        }
        issues += consistencyIssues(records, written: written, file: file)
        issues += identityIssues(records, written: written, file: file)
        if !issues.isEmpty { throw ScenarioError(issues.sorted { ($0.location.line ?? 0) < ($1.location.line ?? 0) }) }
        return records
    }

    /// Duplicate rows, and cumulative flows below an earlier month's figure of the same year, scheme and row.
    /// `written[i]` is how record i's value was written (`1100 万元`).
    static func consistencyIssues(_ records: [YearToDateRecord], written: [String], file: String) -> [ScenarioIssue] {
        var issues: [ScenarioIssue] = []
        let groups = Dictionary(grouping: records.indices) { "\(records[$0].district ?? ""),\(records[$0].year),\(records[$0].scheme.rawValue),\(records[$0].row.rawValue)" }
        for key in groups.keys.sorted() {
            let rows = groups[key]!.sorted { (records[$0].month, $0) < (records[$1].month, $1) }
            for (p, r) in zip(rows, rows.dropFirst()) {
                let previous = records[p], row = records[r]
                let loc = SourceLocation(file: file, line: row.line)
                if previous.month == row.month {
                    issues.append(ScenarioIssue(location: loc, key: "month", expected: "one row for \(row.year) month \(row.month) \(row.scheme.rawValue) \(row.name)\(row.district.map { " of district \($0)" } ?? "")",
                                                found: "a second one (first on line \(previous.line.map(String.init) ?? "?"))"))
                } else if row.kind == .flow, row.value < previous.value {
                    issues.append(ScenarioIssue(location: loc, key: "value",
                                                expected: "a Jan–\(row.month) cumulative \(row.name) of at least the Jan–\(previous.month) figure \(written[p]) (line \(previous.line.map(String.init) ?? "?")): cumulative figures cannot fall",
                                                found: written[r]))
                }
            }
        }
        return issues
    }

    /// The identities of a fund's figures at one month, as a budget table's (and `fundcast audit`'s): first-level
    /// items add to at most their side's 小计 (else 合计, which adds the inter-level flows), a 其中 row is at
    /// most its parent, and 本年收支结余 = 本年收入合计 − 本年支出合计 — each within the rounding of the figures
    /// as written (half a unit of each one's last digit). A file may leave items out; it may not hold items
    /// above their total, nor a 结余 its totals do not give.
    static func identityIssues(_ records: [YearToDateRecord], written: [String], file: String) -> [ScenarioIssue] {
        var issues: [ScenarioIssue] = []
        /// Half a unit of the written figure's last digit, 元 (`172000.5 万元` → 500).
        func rounding(_ i: Int) -> Double {
            let parts = written[i].split(separator: " ", maxSplits: 1).map(String.init)
            let decimals = parts[0].firstIndex(of: ".").map { parts[0].distance(from: $0, to: parts[0].endIndex) - 1 } ?? 0
            let unit = parts.count > 1 ? MoneyUnit(parsing: parts[1])?.yuanPerUnit ?? 1 : 1
            return 0.5 * pow(10, -Double(decimals)) * unit
        }
        let groups = Dictionary(grouping: records.indices) { "\(records[$0].district ?? ""),\(records[$0].year),\(records[$0].month),\(records[$0].scheme.rawValue)" }
        for key in groups.keys.sorted() {
            let rows = groups[key]!
            func index(_ line: BudgetLine) -> Int? { rows.first { records[$0].row == line } }
            let first = records[rows[0]]
            let what = "\(first.year) month \(first.month) \(first.scheme.rawValue)\(first.district.map { " of district \($0)" } ?? "")"
            for (side, subtotal, total) in [(BudgetLine.Side.income, BudgetLine.incomeSubtotal, BudgetLine.incomeTotal), (.expenditure, .expenditureSubtotal, .expenditureTotal)] {
                guard let t = index(subtotal) ?? index(total) else { continue }
                let items = rows.filter { records[$0].row.side == side && records[$0].row.role == .item }
                guard !items.isEmpty else { continue }
                let sum = items.reduce(0.0) { $0 + records[$1].value }
                let bound = items.reduce(rounding(t)) { $0 + rounding($1) }
                if sum > records[t].value + bound {
                    issues.append(ScenarioIssue(location: SourceLocation(file: file, line: records[t].line), key: "value",
                                                expected: "a \(records[t].row.chineseName) of \(what) of at least its items (\(items.map { records[$0].row.chineseName }.joined(separator: " + ")) = \(wholeNumber(sum)) 元, lines \(items.compactMap { records[$0].line }.map(String.init).joined(separator: ", ")))",
                                                found: written[t]))
                }
            }
            for d in rows {
                guard let parent = records[d].row.parent, let p = index(parent), records[d].value > records[p].value + rounding(d) + rounding(p) else { continue }
                issues.append(ScenarioIssue(location: SourceLocation(file: file, line: records[d].line), key: "value",
                                            expected: "a 其中 \(records[d].row.chineseName) of \(what) of at most its \(parent.chineseName) \(written[p]) (line \(records[p].line.map(String.init) ?? "?"))",
                                            found: written[d]))
            }
            if let n = index(.surplus), let i = index(.incomeTotal), let x = index(.expenditureTotal) {
                let expected = records[i].value - records[x].value
                if abs(records[n].value - expected) > rounding(n) + rounding(i) + rounding(x) {
                    issues.append(ScenarioIssue(location: SourceLocation(file: file, line: records[n].line), key: "value",
                                                expected: "本年收支结余 of \(what) = 本年收入合计 \(written[i]) − 本年支出合计 \(written[x]) (lines \(records[i].line.map(String.init) ?? "?"), \(records[x].line.map(String.init) ?? "?")) = \(wholeNumber(expected)) 元",
                                                found: written[n]))
                }
            }
        }
        return issues
    }

    /// One district of a city-level scenario as the `district` column may name it.
    public struct DistrictName: Sendable, Equatable {
        /// The district file's stem (`district-a` for `district-a.yaml`): the code the records get.
        public var code: String
        /// The district scenario's `region` (`A区`).
        public var region: String
        /// The file as `districts:` lists it, for messages.
        public var file: String
        public init(code: String, region: String, file: String) {
            self.code = code
            self.region = region
            self.file = file
        }
    }

    /// The records with each `district` cell replaced by the district's code (a cell may give the
    /// code or the region name). Every unknown cell is an issue naming the file, line, the value
    /// found and the districts expected; a file naming districts for a scenario without `districts:`
    /// is one too. Blank cells stay nil: the city level itself.
    public static func assigningDistricts(_ records: [YearToDateRecord], districts: [DistrictName], file: String) throws(ScenarioError) -> [YearToDateRecord] {
        var issues: [ScenarioIssue] = []
        var result = records
        let expected = districts.isEmpty
            ? "no district (the scenario lists no districts:; leave the column blank or remove it)"
            : "one of the scenario's districts: " + districts.map { "\($0.code) or \($0.region) (\($0.file))" }.joined(separator: ", ") + ", or blank for the city level"
        for i in result.indices {
            guard let cell = result[i].district else { continue }
            if let d = districts.first(where: { $0.code == cell || $0.region == cell }) {
                result[i].district = d.code
            } else {
                let names = districts.flatMap { [$0.code, $0.region] }
                issues.append(ScenarioIssue(location: SourceLocation(file: file, line: result[i].line), key: districtColumn, expected: expected,
                                            found: "'\(cell)'", suggestion: closestMatch(to: cell, in: names)))
            }
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
        return result
    }

    /// How messages name the row: the old metric name where there is one, else the code.
    var name: String { Self.metricRows.first { $0.row == row }?.name ?? row.rawValue }

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
            issues.append(ScenarioIssue(location: SourceLocation(file: file, line: records.compactMap(\.line).min()), key: "year",
                                        expected: "year-to-date figures for \(budgetYear), the budget year (\(yearSource))",
                                        found: years.isEmpty ? "no figures" : "only year \(years.joined(separator: ", "))"))
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
    }
}
