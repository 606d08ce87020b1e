import Foundation

/// The unit a published figure is printed in: money (元, 万元, 亿元) or a percentage (完成率, 增减%).
public enum PublishedUnit: Sendable, Equatable, Hashable {
    case money(MoneyUnit)
    case percent

    /// `万元`, `%`.
    public var symbol: String {
        switch self {
        case .money(let unit): return unit.rawValue
        case .percent: return "%"
        }
    }

    /// 元 per printed unit; 1 for percentages (held in percentage points).
    public var scale: Double {
        switch self {
        case .money(let unit): return unit.yuanPerUnit
        case .percent: return 1
        }
    }

    /// `元`, `万元`, `亿元` (and the ASCII spellings of ``MoneyUnit``) or `%`.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t == "%" { self = .percent; return }
        guard let unit = MoneyUnit(parsing: t) else { return nil }
        self = .money(unit)
    }
}

/// One figure of a published 基金预算表 / 决算表 / 执行表, as printed.
public struct PublishedFigure: Sendable, Equatable {
    public var fund: BudgetTableFund
    public var line: BudgetLine
    /// The column as the table names it (`2024年预算数`, `1-6月执行数`, a district name).
    public var column: String
    /// 元 for money, percentage points for a percent column (`2.66` is 2.66 %).
    public var value: Double
    public var unit: PublishedUnit
    /// The number as printed (`996.84`, `"4,463"` → `4,463`), for messages and reports.
    public var written: String
    /// Digits printed after the decimal point (negative for `1.2e3`-style figures rounded to tens).
    public var decimals: Int
    public var location: SourceLocation

    public init(fund: BudgetTableFund, line: BudgetLine, column: String, value: Double, unit: PublishedUnit,
                written: String, decimals: Int, location: SourceLocation) {
        self.fund = fund
        self.line = line
        self.column = column
        self.value = value
        self.unit = unit
        self.written = written
        self.decimals = decimals
        self.location = location
    }

    /// Half a unit of the last printed digit, in 元 (percentage points for a percentage): the most
    /// the printed figure can differ from the unrounded one. `996.84` 万元 → 0.005 万元 = 50 元.
    public var roundingBound: Double {
        0.5 * pow(10, Double(-decimals)) * unit.scale
    }
}

/// A published fund table read from a long CSV (`fund,row,column,value,unit`) or the same content as
/// YAML (`fund: {column: {row: value}}` with a top-level `unit:`): what `fundcast audit` checks and
/// what `fundcast budget --approved` takes as the approved budget.
///
/// - `fund`: `employee` (含个人账户), `employee_pooled`, `employee_pa` or `resident`;
/// - `row`: the row name as printed, with or without its 一、/(一)/其中: prefix, a synonym real tables
///   use (收入合计, 滚存结余, 财政补助收入, 当期结余 …) or the ``BudgetLine`` code; a bare `总计` right
///   after an expenditure row of the same fund and column is the expenditure side's 总计;
/// - `column`: free text naming the column;
/// - `value`: a plain number, thousands separators allowed in Excel's quoted form (`"4,463"`);
/// - `unit`: 元, 万元, 亿元, or `%` for a percentage column (完成率, 增减%).
///
/// Every bad line is reported at once with file, line and column; each (fund, column, row) once.
public struct PublishedTable: Sendable, Equatable {
    public var figures: [PublishedFigure]
    /// Column names in the order they first appear in the file.
    public var columns: [String]

    public init(figures: [PublishedFigure]) {
        self.figures = figures
        var seen: Set<String> = []
        columns = figures.map(\.column).filter { seen.insert($0).inserted }
    }

    public static let header = "fund,row,column,value,unit"

    /// The funds a published table prints (not `total`, which no local table has).
    public static let fundNames: [BudgetTableFund] = [.employee, .employeePooled, .employeePersonalAccount, .resident]

    /// The figure of `line` in `column` of `fund`, if printed.
    public func figure(_ fund: BudgetTableFund, _ column: String, _ line: BudgetLine) -> PublishedFigure? {
        figures.first { $0.fund == fund && $0.column == column && $0.line == line }
    }

    /// The funds the table prints, in ``BudgetTableFund`` order.
    public var funds: [BudgetTableFund] {
        Self.fundNames.filter { f in figures.contains { $0.fund == f } }
    }

    /// The columns `fund` prints, in file order.
    public func columns(of fund: BudgetTableFund) -> [String] {
        let printed = Set(figures.lazy.filter { $0.fund == fund }.map(\.column))
        return columns.filter(printed.contains)
    }

    /// Reads a table file: YAML when the name ends in `.yaml`/`.yml`, else the long CSV.
    public static func load(path: String) throws(ScenarioError) -> PublishedTable {
        let lower = path.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            let text = try readInput(path, display: path, expected: "a readable YAML table (fund: {column: {row: value}})",
                                     limit: (InputLimits.current.yamlBytes, InputLimits.environmentNames.yamlBytes))
            return try parse(yaml: text, file: path)
        }
        let text = try readUTF8(path, display: path, expected: "a readable table CSV (\(header))")
        return try parse(csv: text, file: path)
    }

    /// The year a column names (`2024年预算数` → 2024, `2023年1-6月执行数` → 2023): the first run of
    /// four digits from 1900 to 2200; nil for a district or `本年预算`.
    public static func year(ofColumn column: String) -> Int? {
        var digits = ""
        for c in column + " " {
            if c.isASCII, c.isNumber {
                digits.append(c)
                continue
            }
            if digits.count == 4, let y = Int(digits), (1900...2200).contains(y) { return y }
            digits = ""
        }
        return nil
    }

    /// Whether a column covers part of a year only (`1-6月执行数`, `一季度`, `上半年`).
    public static func isPartYear(_ column: String) -> Bool {
        ["月", "季度", "半年"].contains { column.contains($0) }
    }

    // MARK: CSV

    /// Parses the long CSV, reporting every bad line.
    public static func parse(csv text: String, file: String) throws(ScenarioError) -> PublishedTable {
        let csv = try CSVFile(text, file: file, header: header)
        var builder = Builder(file: file)
        builder.issues = csv.issues
        for row in csv.rows {
            let f = row.fields
            builder.add(fund: f[0], fundAt: row.location(ofField: 0), row: f[1], rowAt: row.location(ofField: 1),
                        column: f[2], columnAt: row.location(ofField: 2), value: f[3], valueAt: row.location(ofField: 3),
                        unit: .text(f[4]), unitAt: row.location(ofField: 4))
        }
        return try builder.finish()
    }

    // MARK: YAML

    /// Parses `unit: 万元` and `fund: {column: {row: value}}` mappings; a value may carry its own unit
    /// (`3178万元`) or be a percentage (`2.66%`).
    public static func parse(yaml text: String, file: String) throws(ScenarioError) -> PublishedTable {
        let tree = try SourceNode.parse(text, file: file)
        guard case .mapping(let top, _) = tree else {
            throw ScenarioError([ScenarioIssue(location: tree.location, key: "", expected: "a mapping of funds (unit: 万元, employee: {column: {row: value}})", found: tree.found)])
        }
        var builder = Builder(file: file)
        var unit: MoneyUnit?
        var unitText: (String, SourceLocation)?
        if let entry = top.first(where: { $0.key == "unit" }) {
            if case .scalar(let s, _, _) = entry.value, let u = MoneyUnit(parsing: s) {
                unit = u
            } else {
                builder.issues.append(ScenarioIssue(location: entry.value.location, key: "unit", expected: "元, 万元 or 亿元", found: entry.value.found))
            }
            if case .scalar(let s, let loc, _) = entry.value { unitText = (s, loc) }
        }
        for (fundKey, fundAt, fundNode) in top where fundKey != "unit" {
            guard case .mapping(let columns, _) = fundNode else {
                builder.issues.append(ScenarioIssue(location: fundNode.location, key: fundKey, expected: "a mapping of columns ({2024年预算数: {row: value}})", found: fundNode.found))
                continue
            }
            for (column, columnAt, columnNode) in columns {
                guard case .mapping(let rows, _) = columnNode else {
                    builder.issues.append(ScenarioIssue(location: columnNode.location, key: "\(fundKey).\(column)", expected: "a mapping of rows ({本年收入合计: 11440})", found: columnNode.found))
                    continue
                }
                for (row, rowAt, valueNode) in rows {
                    guard case .scalar(let value, let valueAt, _) = valueNode else {
                        builder.issues.append(ScenarioIssue(location: valueNode.location, key: "\(fundKey).\(column).\(row)", expected: "a number", found: valueNode.found))
                        continue
                    }
                    builder.add(fund: fundKey, fundAt: fundAt, row: row, rowAt: rowAt, column: column, columnAt: columnAt,
                                value: value, valueAt: valueAt, unit: .inValue(default: unit, declared: unitText?.0), unitAt: unitText?.1 ?? SourceLocation(file: file))
                }
            }
        }
        return try builder.finish()
    }

    // MARK: shared checks

    enum UnitSource {
        /// The CSV's `unit` field.
        case text(String)
        /// YAML: a unit or `%` written after the number, else the file's `unit:`.
        case inValue(default: MoneyUnit?, declared: String?)
    }

    /// Collects figures and issues line by line; the same checks for CSV and YAML.
    struct Builder {
        var file: String
        var figures: [PublishedFigure] = []
        var issues: [ScenarioIssue] = []
        /// Where each (fund, column, line) was first given.
        var seen: [String: SourceLocation] = [:]
        /// The unit of each (fund, column): a column is money or percent, never both.
        var columnUnits: [String: (PublishedUnit, SourceLocation)] = [:]

        init(file: String) { self.file = file }

        mutating func add(fund fundText: String, fundAt: SourceLocation, row: String, rowAt: SourceLocation,
                          column: String, columnAt: SourceLocation, value valueText: String, valueAt: SourceLocation,
                          unit unitSource: UnitSource, unitAt: SourceLocation) {
            guard let fund = BudgetTableFund(rawValue: fundText), PublishedTable.fundNames.contains(fund) else {
                let names = PublishedTable.fundNames.map(\.rawValue)
                issues.append(ScenarioIssue(location: fundAt, key: "fund", expected: "one of " + names.joined(separator: ", "),
                                            found: "'\(fundText)'", suggestion: closestMatch(to: fundText, in: names)))
                return
            }
            guard var line = BudgetLine.named(row) else {
                issues.append(ScenarioIssue(location: rowAt, key: "row", expected: "a row of the official fund table (基本医疗保险费收入, 本年收入合计, 年末滚存结余 …) or its code",
                                            found: "'\(row)'", suggestion: BudgetLine.suggestion(for: row)))
                return
            }
            guard !column.isEmpty else {
                issues.append(ScenarioIssue(location: columnAt, key: "column", expected: "the column's name (2024年预算数, 1-6月执行数, a district)", found: "an empty field"))
                return
            }
            let columnKey = "\(fund.rawValue)\u{1F}\(column)"
            if line == .incomeGrandTotal, BudgetLine.strippingPrefix(row) == BudgetLine.incomeGrandTotal.chineseName,
               let last = figures.last(where: { $0.fund == fund && $0.column == column }), last.line.side == .expenditure {
                line = .expenditureGrandTotal // 总计 after the expenditure rows is the expenditure side's
            }
            // The unit, and the number without it.
            var text = valueText.trimmingCharacters(in: .whitespaces)
            let unit: PublishedUnit
            switch unitSource {
            case .text(let u):
                guard let parsed = PublishedUnit(parsing: u) else {
                    let fullWidth = u.unicodeScalars.contains { (0xFF01...0xFF5E).contains($0.value) }
                    issues.append(ScenarioIssue(location: unitAt, key: "unit", expected: "元, 万元, 亿元 or % (for a 完成率 or 增减% column)",
                                                found: "'\(u)'" + (fullWidth ? ", written with full-width characters (全角)" : ""),
                                                suggestion: fullWidth ? NumberText.halfWidthText(u) : closestMatch(to: u, in: MoneyUnit.allCases.map(\.rawValue))))
                    return
                }
                unit = parsed
            case .inValue(let fallback, let declared):
                if text.hasSuffix("%") {
                    text = String(text.dropLast()).trimmingCharacters(in: .whitespaces)
                    unit = .percent
                } else if let u = MoneyUnit.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count }).first(where: { text.hasSuffix($0.rawValue) }) {
                    text = String(text.dropLast(u.rawValue.count)).trimmingCharacters(in: .whitespaces)
                    unit = .money(u)
                } else if let fallback {
                    unit = .money(fallback)
                } else {
                    if declared == nil {
                        issues.append(ScenarioIssue(location: valueAt, key: "unit", expected: "a top-level 'unit: 万元' (or the unit after the number: 11440万元)", found: "'\(valueText)' with no unit"))
                    }
                    return
                }
            }
            let number: Double
            switch NumberText.parse(text, money: false, percent: false) {
            case .success(let v): number = v
            case .failure(let problem):
                issues.append(ScenarioIssue(location: valueAt, key: "value", expected: "a number (thousands separators as \"4,463\")", found: problem.found, suggestion: problem.suggestion))
                return
            }
            let yuan = number * unit.scale
            guard abs(yuan) <= 1e17 else {
                issues.append(ScenarioIssue(location: valueAt, key: "value", expected: "an amount within ±10¹⁷ 元", found: "'\(valueText) \(unit.symbol)'"))
                return
            }
            if let (first, at) = columnUnits[columnKey], (first == .percent) != (unit == .percent) {
                issues.append(ScenarioIssue(location: unitAt, key: "unit",
                                            expected: first == .percent ? "% like the rest of column '\(column)' (\(at))" : "a money unit like the rest of column '\(column)' (\(at))",
                                            found: "'\(unit.symbol)'"))
                return
            }
            if columnUnits[columnKey] == nil { columnUnits[columnKey] = (unit, unitAt) }
            let key = "\(columnKey)\u{1F}\(line.rawValue)"
            if let first = seen[key] {
                issues.append(ScenarioIssue(location: rowAt, key: "row", expected: "one figure for \(fund.rawValue) '\(column)' \(line.chineseName)",
                                            found: "a second one (first at \(first))"))
                return
            }
            seen[key] = rowAt
            figures.append(PublishedFigure(fund: fund, line: line, column: column, value: yuan, unit: unit,
                                           written: text, decimals: printedDecimals(text), location: rowAt))
        }

        func finish() throws(ScenarioError) -> PublishedTable {
            if !issues.isEmpty {
                throw ScenarioError(issues.sorted { (($0.location.line ?? 0), ($0.location.column ?? 0)) < (($1.location.line ?? 0), ($1.location.column ?? 0)) })
            }
            guard !figures.isEmpty else {
                throw ScenarioError([ScenarioIssue(location: SourceLocation(file: file), key: "", expected: "at least one figure", found: "none")])
            }
            return PublishedTable(figures: figures)
        }
    }
}

/// Digits after the decimal point of a plain number as printed, less its exponent:
/// `996.84` → 2, `11440` → 0, `4,463` → 0, `1.2e3` → −2.
func printedDecimals(_ text: String) -> Int {
    var body = Substring(text)
    var exponent = 0
    if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exponent = Int(body[body.index(after: e)...]) ?? 0
        body = body[..<e]
    }
    let fraction = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
    return fraction - exponent
}
