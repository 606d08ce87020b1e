import Foundation

/// An approved budget (批复预算) of one year, per fund and row, in 元: the column of a published
/// table (``PublishedTable``, CSV or YAML) that `fundcast budget --actuals … --approved FILE` measures
/// year-to-date execution against.
public struct ApprovedBudget: Sendable, Equatable {
    public var year: Int
    /// The file it was read from, for notes.
    public var file: String
    /// The column taken for each fund (`2025年预算数`).
    public var columns: [BudgetTableFund: String]
    /// Money figures of that column, 元.
    public var amounts: [BudgetTableFund: [BudgetLine: Double]]

    public init(year: Int, file: String, columns: [BudgetTableFund: String], amounts: [BudgetTableFund: [BudgetLine: Double]]) {
        self.year = year
        self.file = file
        self.columns = columns
        self.amounts = amounts
    }

    /// Takes, for every fund, its one money column; when a fund prints several, the one naming
    /// `year`, and among those the one that is a budget (预算, not 执行). A column naming another year,
    /// or a choice that stays ambiguous, is an error listing the fund's columns.
    ///
    /// `level` (市级统筹: the names of one level — a district's file stem and region, or the city level's
    /// region and 市本级): only the columns naming one of them are read (`A区`, `A区2025年预算数`), a column
    /// without a year counting as the budget year's; a fund with no such column is left out (the model's
    /// budget stands for it).
    public init(_ table: PublishedTable, year: Int, file: String, level: [String] = []) throws(ScenarioError) {
        var columns: [BudgetTableFund: String] = [:]
        var amounts: [BudgetTableFund: [BudgetLine: Double]] = [:]
        var issues: [ScenarioIssue] = []
        for fund in table.funds {
            var money = table.columns(of: fund).filter { c in table.figures.contains { $0.fund == fund && $0.column == c && $0.unit != .percent } }
            if !level.isEmpty {
                money = money.filter { c in level.contains { !$0.isEmpty && c.contains($0) } }
                if money.isEmpty { continue }
            }
            var candidates = money.filter { PublishedTable.year(ofColumn: $0) == year && !PublishedTable.isPartYear($0) }
            if candidates.isEmpty, money.count == 1, PublishedTable.year(ofColumn: money[0]) == nil { candidates = money }
            if candidates.count > 1 {
                let budgets = candidates.filter { $0.contains("预算") && !$0.contains("执行") }
                if !budgets.isEmpty { candidates = budgets }
            }
            guard candidates.count == 1, let column = candidates.first else {
                let at = table.figures.first { $0.fund == fund }?.location ?? SourceLocation(file: file)
                issues.append(ScenarioIssue(location: SourceLocation(file: file, line: at.line), key: fund.rawValue,
                                            expected: "one column with the \(year) budget (e.g. '\(year)年预算数')",
                                            found: money.isEmpty ? "no money column" : (candidates.isEmpty ? "" : "\(candidates.count) candidates among ") + "columns " + money.map { "'\($0)'" }.joined(separator: ", ")))
                continue
            }
            columns[fund] = column
            amounts[fund] = Dictionary(table.figures.filter { $0.fund == fund && $0.column == column }.map { ($0.line, $0.value) }, uniquingKeysWith: { a, _ in a })
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
        self.init(year: year, file: file, columns: columns, amounts: amounts)
    }

    /// Whether any money column of `table` names one of `names` (a table with a column per district).
    public static func hasColumn(naming names: [String], in table: PublishedTable) -> Bool {
        table.columns.contains { c in names.contains { !$0.isEmpty && c.contains($0) } }
    }

    /// Reads a table file (see ``PublishedTable/load(path:)``) and takes its `year` column.
    public static func load(path: String, year: Int) throws(ScenarioError) -> ApprovedBudget {
        try ApprovedBudget(PublishedTable.load(path: path), year: year, file: path)
    }

    /// The approved figure of a row, 元, if the file gives it.
    public func amount(_ fund: BudgetTableFund, _ line: BudgetLine) -> Double? {
        amounts[fund]?[line]
    }

    /// 本年收入合计 or 本年支出合计, 元: as given, else the side's 小计 (or, without one, the sum of
    /// its first-level items) plus its inter-level rows; nil when the side has neither.
    public func total(_ fund: BudgetTableFund, _ side: BudgetLine.Side) -> Double? {
        guard let lines = amounts[fund] else { return nil }
        let total: BudgetLine = side == .income ? .incomeTotal : .expenditureTotal
        let subtotal: BudgetLine = side == .income ? .incomeSubtotal : .expenditureSubtotal
        if let t = lines[total] { return t }
        let onSide = BudgetLine.allCases.filter { $0.side == side }
        let items = onSide.filter { $0.role == .item }.compactMap { lines[$0] }
        guard let base = lines[subtotal] ?? (items.isEmpty ? nil : items.reduce(0, +)) else { return nil }
        return base + onSide.filter { $0.role == .interLevel }.compactMap { lines[$0] }.reduce(0, +)
    }
}
