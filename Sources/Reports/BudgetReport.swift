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
                var row = ReportRow(code: r.code, cells: [.label(label), .of(r.previous, kind), .of(r.budget, kind), change, .of(r.changePercent, .rate)],
                                    level: level, isTotal: r.isTotal)
                row.modelled = r.modelled
                return row
            }
            Budget.addFormulas(&rows)
            let short = t.shortTitle ?? t.fund.map { Budget.shortTitle($0) } ?? Label("测算依据", "Drivers")
            var notes: [Label] = []
            if t.rows.contains(where: \.modelled) {
                notes.append(Label("* 上年执行列中标*者为模型测算数(未报告), 其余为报告数", "* in the previous-year column: the model's figure (not reported); the others are reported"))
            }
            if t.rows.contains(where: \.budgetHeldShare) {
                notes.append(Label("本年预算中的其中项(无单独测算依据)按上年占其上级项目的比例推算", "Budget figures of detail rows (其中) without a driver of their own keep their previous-year share of the parent row"))
            }
            return ReportTable(code: t.code, title: t.title, shortTitle: short, caption: t.fund == nil ? .driverUnits : .money,
                               columns: columns, rows: rows, labelColumns: 1, indentColumn: 0, notes: notes)
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

    /// Spreadsheet formulas for the official identities, over the rows present in the table (hidden
    /// rows are zero): 小计 = Σ items, 合计 = 小计 + inter-level flows, 本年收支结余 = 收入合计 − 支出合计,
    /// 年末滚存结余 = 上年结余 + 结余, 总计 = 合计 + 上年结余 (income) or 支出合计 + 年末滚存结余. A formula is
    /// given only when it gives the row's figures to the 分 in both columns.
    static func addFormulas(_ rows: inout [ReportRow]) {
        let present = rows.compactMap { $0.code.flatMap(BudgetLine.init(rawValue:)) }
        func codes(_ side: BudgetLine.Side, _ role: BudgetLine.Role) -> [String] {
            present.filter { $0.side == side && $0.role == role }.map(\.rawValue)
        }
        let formulas: [BudgetLine: ReportFormula] = [
            .incomeSubtotal: .sum(codes(.income, .item)), .expenditureSubtotal: .sum(codes(.expenditure, .item)),
            .incomeTotal: .sum(["income_subtotal"] + codes(.income, .interLevel)),
            .expenditureTotal: .sum(["expenditure_subtotal"] + codes(.expenditure, .interLevel)),
            .surplus: .difference("income_total", "expenditure_total"),
            .closingBalance: .sum(["opening_balance", "surplus"]),
            .incomeGrandTotal: .sum(["income_total", "opening_balance"]),
            .expenditureGrandTotal: .sum(["expenditure_total", "closing_balance"]),
        ]
        let index = Dictionary(rows.enumerated().compactMap { i, r in r.code.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        for (i, row) in rows.enumerated() {
            guard let line = row.code.flatMap(BudgetLine.init(rawValue:)), let f = formulas[line] else { continue }
            let holds = [1, 2].allSatisfy { c in
                guard let total = row.cells[c].number else { return false }
                func value(_ code: String) -> Double? { index[code].flatMap { rows[$0].cells[c].number } }
                let computed: Double?
                switch f {
                case .sum(let parts):
                    let v = parts.map(value)
                    computed = v.contains { $0 == nil } ? nil : v.reduce(0) { $0 + ($1 ?? 0) }
                case .difference(let a, let b):
                    computed = value(a).flatMap { x in value(b).map { x - $0 } }
                }
                return computed.map { abs($0 - total) < 0.005 } ?? false
            }
            if holds { rows[i].formula = f }
        }
    }

    static func shortTitle(_ fund: BudgetTableFund) -> Label {
        switch fund {
        case .employeePooled: return Label("职工统筹基金", "Employee pooled")
        case .employeePersonalAccount: return Label("职工个人账户", "Personal accounts")
        case .employee: return Label("职工医保基金", "Employee fund")
        case .resident: return Label("居民医保基金", "Resident fund")
        case .total: return Label("医保基金合计", "All funds")
        }
    }
}
