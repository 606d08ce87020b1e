import Scenario
import Projection

extension BudgetRow.Kind {
    var valueKind: ReportValueKind {
        switch self {
        case .money: return .money
        case .persons: return .persons
        case .rate: return .rate
        case .months: return .months
        case .ratio: return .ratio
        case .moneyPerHead: return .moneyPerHead
        }
    }
}

extension BudgetRow {
    /// The row's 其中 level and its label without indentation. Rows that still carry their
    /// indentation as leading spaces (two per level) are read as that level, the spaces removed.
    var levelAndLabel: (Int, Label) {
        if level > 0 { return (level, label) }
        let spaces = label.zh.prefix { $0 == " " }.count
        guard spaces > 0 else { return (0, label) }
        func strip(_ s: String) -> String { String(s.drop { $0 == " " }) }
        return (spaces / 2, Label(strip(label.zh), strip(label.en)))
    }
}

extension Budget {
    /// The budget as report tables: one per fund, the drivers, then the reconciliation (if any).
    /// Columns: 项目, 上年执行/预计, 本年预算, 增减额, 增减%.
    public func reportTables() -> [ReportTable] {
        let previousHeader = previousIsBaseYear
            ? Label("上年执行(\(previousYear))", "Previous year actual (\(previousYear))")
            : Label("上年预计(\(previousYear))", "Previous year estimate (\(previousYear))")
        let columns = [
            ReportColumn("item", Label("项目", "Item")),
            ReportColumn("previous_\(previousYear)", previousHeader, additive: true),
            ReportColumn("budget_\(year)", Label("本年预算(\(year))", "Budget (\(year))"), additive: true),
            ReportColumn("change", Label("增减额", "Change"), formula: .difference("budget_\(year)", "previous_\(previousYear)")),
            ReportColumn("change_pct", Label("增减%", "Change %"), long: Label("增减率", "Change rate"), formula: .relativeChange("budget_\(year)", "previous_\(previousYear)")),
        ]
        var result: [ReportTable] = tables.map { t in
            var rows = t.rows.map { r -> ReportRow in
                let (level, label) = r.levelAndLabel
                let kind = r.kind.valueKind
                let change: ReportValue = r.kind == .rate ? .of(r.change, .ratePoints) : .of(r.change, kind)
                return ReportRow(code: r.code, cells: [.label(label), .of(r.previous, kind), .of(r.budget, kind), change, .of(r.changePercent, .rate)],
                                 level: level, isTotal: r.isTotal, formula: Budget.formula(r.code, in: t))
            }
            Budget.addSumFormulas(&rows)
            let short = t.fund.map { Budget.shortTitle($0) } ?? Label("测算依据", "Drivers")
            return ReportTable(code: t.code, title: t.title, shortTitle: short, caption: t.fund == nil ? .driverUnits : .money,
                               columns: columns, rows: rows, labelColumns: 1, indentColumn: 0)
        }
        if !reconciliation.isEmpty {
            let rows = reconciliation.map { r -> ReportRow in
                let kind: ReportValueKind = r.isMoney ? .money : .persons
                return ReportRow(cells: [.year(r.year), .label(r.label), .of(r.reported, kind), .of(r.model, kind), .of(r.gap, kind), .of(r.ratio, .rate)])
            }
            result.append(ReportTable(
                code: "reconciliation", title: Label("模型与报告数核对", "Reconciliation of the model with reported figures"),
                shortTitle: Label("核对", "Reconciliation"), caption: .moneyAndPersons,
                columns: [ReportColumn("year", Label("年份", "Year")), ReportColumn("item", Label("项目", "Item")),
                          ReportColumn("reported", Label("报告数", "Reported")), ReportColumn("model", Label("模型数", "Model")),
                          ReportColumn("gap", Label("差额(报告−模型)", "Gap (reported − model)")),
                          ReportColumn("ratio", Label("报告/模型", "Reported / model"), rateDecimals: 1)],
                rows: rows, labelColumns: 2,
                notes: [Label("报告/模型 < 100% 表示报告数低于按驱动因素(人数×基数×费率)测算的数, 对缴费即隐含的实际征缴率",
                              "Reported / model below 100 % means the report is below what the drivers (payers × base × rate) imply; for contributions it is the implied effective yield")]))
        }
        return result
    }

    /// A first-level total (`income.total`, `expenditure.total`) becomes the sum of its level-1 items
    /// when they add up to it to the 分 in both columns (else it keeps its figure: no formula).
    static func addSumFormulas(_ rows: inout [ReportRow]) {
        for code in ["income.total", "expenditure.total"] {
            guard let i = rows.firstIndex(where: { $0.code == code }), rows[i].formula == nil else { continue }
            var items: [Int] = []
            var j = i + 1
            while j < rows.count, rows[j].level > 0 {
                if rows[j].level == 1 { items.append(j) }
                j += 1
            }
            guard !items.isEmpty, items.allSatisfy({ rows[$0].code != nil }) else { continue }
            let adds = [1, 2].allSatisfy { c in
                guard let total = rows[i].cells[c].number else { return false }
                let parts = items.map { rows[$0].cells[c].number }
                guard parts.allSatisfy({ $0 != nil }) else { return false }
                return abs(parts.reduce(0) { $0 + ($1 ?? 0) } - total) < 0.005
            }
            if adds { rows[i].formula = .sum(items.compactMap { rows[$0].code }) }
        }
    }

    static func shortTitle(_ fund: Fund) -> Label {
        switch fund {
        case .employeePooled: return Label("职工统筹基金", "Employee pooled")
        case .employeePersonalAccount: return Label("职工个人账户", "Personal accounts")
        case .resident: return Label("居民医保基金", "Resident fund")
        case .employee: return Label("职工医保基金", "Employee fund")
        case .total: return Label("医保基金合计", "All funds")
        }
    }

    /// Spreadsheet formulas for the totals a bureau checks by hand: 当期结余 = 基金收入 − 基金支出.
    /// Given only when the rows it names are present, so the formula's value equals the figure.
    static func formula(_ code: String, in table: BudgetTable) -> ReportFormula? {
        let codes = Set(table.rows.map(\.code))
        switch code {
        case "surplus" where codes.contains("income.total") && codes.contains("expenditure.total"):
            return .difference("income.total", "expenditure.total")
        default:
            return nil
        }
    }
}
