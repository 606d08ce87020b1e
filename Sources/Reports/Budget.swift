import Scenario
import Finance
import Projection

/// One line of a budget table (基金预算表): last year's actual or estimate (上年执行), this year's
/// budget (本年预算), the change (增减额) and change % (增减%).
public struct BudgetRow: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case money, persons, rate, months, ratio, moneyPerHead }
    /// Stable machine code: the ``BudgetLine`` raw value in fund tables (`contributions`, `income_total`,
    /// `closing_balance`), `surplus_rate` / `months_payable` for the indicators, the driver's code in the drivers table.
    public var code: String
    /// The official row, in fund tables; nil for indicators and drivers.
    public var line: BudgetLine? = nil
    /// True when the budget figure is a reported 其中 row held at its base-year share of the parent.
    public var budgetHeldShare: Bool = false
    public var label: Label
    public var previous: Double?
    public var budget: Double?
    public var kind: Kind
    /// A total line (收入合计, 支出合计, 结余).
    public var isTotal: Bool = false
    /// 其中 depth: 0 a first-level line, 1 an item under it, 2 a nested 其中 line. Renderers indent by it.
    public var level: Int = 0
    /// True when the figure is the model's estimate rather than a reported one.
    public var modelled: Bool = false

    /// 增减额; for rates, the change in points.
    public var change: Double? {
        guard let p = previous, let b = budget else { return nil }
        return b - p
    }

    /// 增减%: relative change; nil for rates and a zero base, and for money or persons under half a 元 or
    /// a person (a base that rounds to zero gives only the rounding residue's percentage).
    public var changePercent: Double? {
        guard let p = previous, let c = change, p != 0, kind != .rate else { return nil }
        if [.money, .moneyPerHead, .persons].contains(kind), abs(p) < 0.5 { return nil }
        return c / abs(p)
    }
}

/// The budget of one fund.
public struct BudgetTable: Sendable, Equatable {
    /// The fund the table is about (`employee` for the combined employee fund); nil for the drivers.
    public var fund: Fund?
    /// JSON name of the table (`employee_pooled`, `employee_pa`, `employee`, `resident`, `drivers`).
    public var code: String
    public var title: Label
    public var rows: [BudgetRow]
    /// Sheet-tab title when the fund's own short title is not enough (a district's or 全市's table).
    public var shortTitle: Label? = nil
}

/// A reported figure against the model's figure for the same year.
public struct ReconciliationRow: Sendable, Equatable {
    public var year: Int
    public var label: Label
    /// 元 or persons.
    public var reported: Double
    public var model: Double
    public var isMoney: Bool
    /// A printed summary line the table's own items do not add up to (塔城's 滚存结余), with its fund's table title.
    public var printedSummary: PrintedSummary? = nil
    /// The fund whose base-year contributions this row sets against the drivers' (reported vs drivers).
    public var contributionsOf: Fund? = nil
    public struct PrintedSummary: Sendable, Equatable {
        public var line: BudgetLine
        public var fund: Label
    }
    /// 报告数 − 模型数.
    public var gap: Double { reported - model }
    /// 报告数 ÷ 模型数 (for contributions: the effective yield the report implies).
    public var ratio: Double? { model != 0 ? reported / model : nil }
}

/// Next year's budget built from a projection.
public struct Budget: Sendable {
    public var year: Int
    public var previousYear: Int
    /// Whether the previous column holds reported actuals (base year) or the model's estimate.
    public var previousIsBaseYear: Bool
    public var tables: [BudgetTable]
    public var reconciliation: [ReconciliationRow]
    public var notes: [Label]
    /// The unit ``notes`` quote amounts in (the report's).
    public var unit: MoneyUnit

    /// Builds the budget for `year` (default: the year after the base year).
    /// - Parameter allRows: show every official row, also those with no value in either column (`--all-rows`).
    /// - Parameter unit: the unit the notes quote amounts in (the report's; default the scenario's).
    public init(_ result: ProjectionResult, year: Int? = nil, allRows: Bool = false, unit: MoneyUnit? = nil) throws(BudgetError) {
        let y = year ?? result.scenario.baseYear + 1
        guard let current = result.year(y), !current.isBaseYear, let previous = result.year(y - 1) else {
            throw BudgetError(year: y, first: result.scenario.baseYear + 1, last: result.scenario.horizon)
        }
        self.year = y
        self.previousYear = y - 1
        self.previousIsBaseYear = previous.isBaseYear
        var tables: [BudgetTable] = []
        let s = result.scenario
        let base = previous.isBaseYear
        if let p = previous.employee, let c = current.employee, let e = s.employee {
            let lines = e.baseYearLines
            let reportedPooled = Budget.reportedLines(lines.pooled, benefits: e.baseYearActuals.pooledExpenditure != nil, income: e.baseYearActuals.pooledIncome != nil, closing: e.pooledBalance != nil)
            let reportedPA = Budget.reportedLines(lines.personalAccount, benefits: e.baseYearActuals.personalAccountExpenditure != nil, income: e.baseYearActuals.personalAccountIncome != nil, closing: e.personalAccountBalance != nil)
            let (pp, cp) = (Budget.lines(p.pooled), Budget.lines(c.pooled))
            let (pa, ca) = (Budget.lines(p.personalAccount), Budget.lines(c.personalAccount))
            var pooled = Budget.officialTable(.employeePooled, previous: pp, budget: cp, reported: base ? reportedPooled : nil, allRows: allRows,
                                              balanceKnown: result.balanceKnown(.employeePooled), printedTotals: lines.pooled)
            pooled.rows += Budget.indicatorRows(p.pooled, c.pooled, monthsPayable: result.balanceKnown(.employeePooled))
            var accounts = Budget.officialTable(.employeePersonalAccount, previous: pa, budget: ca, reported: base ? reportedPA : nil, allRows: allRows,
                                                balanceKnown: result.balanceKnown(.employeePersonalAccount), printedTotals: lines.personalAccount)
            accounts.rows += Budget.indicatorRows(p.personalAccount, c.personalAccount, monthsPayable: nil)
            // A combined row is reported when the combined table gives it, or both accounts do.
            var reportedCombined = lines.combined
            for (line, v) in reportedPooled where reportedCombined[line] == nil && (reportedPA[line] != nil || abs(pa[line] ?? 0) < 0.005) {
                reportedCombined[line] = v + (reportedPA[line] ?? 0)
            }
            for (line, v) in reportedPA where reportedCombined[line] == nil && abs(pp[line] ?? 0) < 0.005 { reportedCombined[line] = v }
            let (combinedPrevious, combinedBudget) = (Budget.combined(pp, pa, result), Budget.combined(cp, ca, result))
            let combinedTable = Budget.officialTable(.employee, previous: combinedPrevious, budget: combinedBudget,
                                                     reported: base ? reportedCombined : nil, allRows: allRows,
                                                     balanceKnown: result.balanceKnown(.employee) || lines.combined[.openingBalance] != nil || lines.combined[.closingBalance] != nil,
                                                     printedTotals: lines.combined)
            tables += [pooled, accounts, combinedTable]
        }
        if let p = previous.resident, let c = current.resident, let r = s.resident {
            var t = Budget.officialTable(.resident, previous: Budget.lines(p), budget: Budget.lines(c),
                                         reported: base ? Budget.reportedLines(r.baseYearLines, benefits: r.baseYearExpenditure != nil, income: r.baseYearIncome != nil, closing: r.balance != nil) : nil, allRows: allRows,
                                         balanceKnown: result.balanceKnown(.resident), printedTotals: r.baseYearLines)
            t.rows += Budget.indicatorRows(p, c, monthsPayable: result.balanceKnown(.resident))
            tables.append(t)
        }
        tables.append(Budget.driversTable(result, previous, current))
        self.tables = tables
        self.reconciliation = Budget.reconcile(result, years: [previous.year, current.year])
        self.unit = unit ?? s.unit
        let noteUnit = self.unit, rows = self.reconciliation
        self.notes = Budget.notes(result, reconciliation: rows, budgetYear: y, unit: noteUnit) + Budget.detailsAboveParent(tables, years: (y - 1, y), unit: noteUnit)
            + rows.compactMap { r in
                // The table shows the recomputed figure (and the next year starts from it): say which, beside the printed one.
                r.printedSummary.map { p in
                    Label("\(p.fund.zh)报表所列\(p.line.chineseName) \(noteUnit.text(r.reported).zh) 与按报表各项重算的 \(noteUnit.text(r.model).zh) 不符; 本表上年数取重算数(下年上年结余亦然), 请核对报表",
                          "\(p.fund.en): the printed \(p.line.englishName) \(noteUnit.text(r.reported).en) differs from \(noteUnit.text(r.model).en) recomputed from the table's items; the previous-year column (and the next year's balance brought forward) takes the recomputed figure: check the report")
                }
            }
    }

    /// 其中 rows are parts of their parent. A scenario's reported 其中 rows above a reported parent are
    /// refused when it is read; above a parent the table derives or models (the 合计 less the other
    /// lines, or the pooled part of a combined table), they can only be found here, and the budget
    /// column's 其中 rows, held at those shares, follow them above it. Each such parent is named per
    /// column, with both figures in the scenario's unit, so neither column is taken as consistent.
    static func detailsAboveParent(_ tables: [BudgetTable], years: (previous: Int, budget: Int), unit: MoneyUnit) -> [Label] {
        func amount(_ x: Double) -> String { "\(plainDecimal(((x / unit.yuanPerUnit) * 100).rounded() / 100)) \(unit.rawValue)" }
        var notes: [Label] = []
        for t in tables where t.fund != nil {
            for parent in t.rows {
                guard let line = parent.line else { continue }
                let parts = t.rows.filter { $0.line?.parent == line }
                guard !parts.isEmpty else { continue }
                for (year, value) in [(years.previous, \BudgetRow.previous), (years.budget, \BudgetRow.budget)] {
                    guard let total = parent[keyPath: value] else { continue }
                    let sum = parts.compactMap { $0[keyPath: value] }.reduce(0, +)
                    guard sum > total + 0.5 else { continue }
                    let how = year == years.budget ? ("本年预算数", "budget") : parent.modelled ? ("模型测算数", "modelled") : ("推算数", "derived")
                    notes.append(Label(
                        "\(t.title.zh) \(year) 年: 其中项之和 \(amount(sum))超过其上级项目\(line.chineseName) \(amount(total))(\(how.0)), 请核对报告的其中项或补报上级项目",
                        "\(t.title.en) \(year): the detail rows (其中) sum to \(amount(sum)), above their parent row, \(line.englishName) (\(amount(total)), \(how.1)); check the reported rows or report the parent"))
                }
            }
        }
        return notes
    }

    /// The official row's values of the pooled fund in a year, 元 (summaries are computed by ``BudgetLine/completed(_:)``).
    /// The shortfall cover lines go where the official list has them: 上级调剂金 in 上级补助收入, 财政兜底 in 财政补贴收入.
    static func lines(_ a: PooledFundYear) -> BudgetLineValues {
        var v: BudgetLineValues = [
            .contributions: a.contributionsLine, .flexibleContributions: a.flexibleContributions,
            .fiscalSubsidy: a.fiscalSubsidy + a.deficitCover.fiscalSubsidy, .interest: a.interest, .transfersIn: a.transfersIn,
            .otherIncome: a.otherIncome + a.lateFees,
            .subsidyFromHigherLevel: a.flows.subsidyFromHigherLevel + a.deficitCover.adjustmentFund,
            .remittanceFromLowerLevel: a.flows.remittanceFromLowerLevel,
            .benefits: a.benefits, .maternity: a.maternityBenefits, .allocationToPersonalAccounts: a.transferToPersonalAccounts,
            .transfersOut: a.flows.transfersOut, .otherExpenditure: a.flows.otherExpenditure,
            .subsidyToLowerLevel: a.flows.subsidyToLowerLevel, .remittanceToHigherLevel: a.flows.remittanceToHigherLevel,
            .openingBalance: a.closingBalance - a.surplus,
        ]
        categoryLines(a.categories, into: &v)
        return BudgetLine.completed(v)
    }

    /// The personal accounts' rows in a year, 元.
    static func lines(_ a: PersonalAccountYear) -> BudgetLineValues {
        BudgetLine.completed([
            .contributions: a.employeeContributions + a.employerShare + a.unexplainedIncome,
            .allocationFromPooledFund: a.retireeAllocation, .interest: a.interest, .benefits: a.spending,
            .openingBalance: a.closingBalance - a.surplus,
        ])
    }

    /// The resident fund's rows in a year, 元.
    static func lines(_ a: ResidentFundYear) -> BudgetLineValues {
        var v: BudgetLineValues = [
            .contributions: a.contributionsLine, .fiscalSubsidy: a.fiscalSubsidies + a.deficitCover.fiscalSubsidy, .interest: a.interest,
            .transfersIn: a.transfersIn, .otherIncome: a.otherIncome,
            .subsidyFromHigherLevel: a.flows.subsidyFromHigherLevel + a.deficitCover.adjustmentFund,
            .remittanceFromLowerLevel: a.flows.remittanceFromLowerLevel,
            .benefits: a.benefits, .criticalIllness: a.criticalIllnessPremiums,
            .transfersOut: a.flows.transfersOut, .otherExpenditure: a.flows.otherExpenditure,
            .subsidyToLowerLevel: a.flows.subsidyToLowerLevel, .remittanceToHigherLevel: a.flows.remittanceToHigherLevel,
            .openingBalance: a.closingBalance - a.surplus,
        ]
        categoryLines(a.categories, into: &v)
        return BudgetLine.completed(v)
    }

    /// The accounts' balance the combined table implies when only it reports one: its reported 上年结余 less
    /// the modelled opening of pooled fund and accounts in the base year (else its 年末滚存结余 less their
    /// closing); nil when the combined table reports neither. The opening first, so that a printed closing
    /// the table's own items do not give is still listed as not following.
    static func accountsBalanceOffset(_ result: ProjectionResult, _ combined: BudgetLineValues) -> Double? {
        guard let base = result.years.first, base.isBaseYear, let e = base.employee else { return nil }
        let modelled = e.pooled.closingBalance + e.personalAccount.closingBalance
        if let opening = combined[.openingBalance] { return opening - (modelled - e.pooled.surplus - e.personalAccount.surplus) }
        return combined[.closingBalance].map { $0 - modelled }
    }

    /// ``combined(_:_:)`` of a projection's year: where only the combined table reports a balance (the
    /// accounts' own is unknown: the model starts them at 0 at the end of the base year, the pooled fund
    /// holding the whole reported opening), the balances carry the accounts' balance that table implies
    /// (``accountsBalanceOffset(_:_:)``), so 上年结余 and 年末滚存结余 are the bureau's and roll forward from them.
    static func combined(_ pooled: BudgetLineValues, _ accounts: BudgetLineValues, _ result: ProjectionResult) -> BudgetLineValues {
        var v = combined(pooled, accounts)
        guard !result.balanceKnown(.employeePersonalAccount), let lines = result.scenario.employee?.baseYearLines.combined,
              let offset = accountsBalanceOffset(result, lines) else { return v }
        for line in balanceRows { v[line] = v[line].map { $0 + offset } }
        return v
    }

    /// The combined employee fund: pooled + accounts, the pooled fund's allocation to accounts netted out.
    static func combined(_ pooled: BudgetLineValues, _ accounts: BudgetLineValues) -> BudgetLineValues {
        var v = pooled.merging(accounts) { $0 + $1 }
        v[.allocationToPersonalAccounts] = nil
        v[.allocationFromPooledFund] = nil
        return BudgetLine.completed(v)
    }

    /// 其中 住院费用支出 / 门诊费用支出 from the benefit categories (门诊共济 and 门诊慢特病 are outpatient).
    static func categoryLines(_ categories: [CategoryAmount], into v: inout BudgetLineValues) {
        guard !categories.isEmpty else { return }
        v[.inpatient] = categories.filter { $0.kind == .inpatient }.reduce(0) { $0 + $1.amount }
        v[.outpatient] = categories.filter { $0.kind != .inpatient }.reduce(0) { $0 + $1.amount }
    }

    /// One official table: every row of ``BudgetLine`` in order, 其中 rows at level 1, summaries as totals;
    /// a row with no value in either column is hidden unless `allRows`. `reported` lists the base-year rows
    /// that are reported (the others are the model's and marked `modelled` when the previous column is the
    /// base year); reported 其中 rows the model has no driver for keep their base-year share of the parent.
    /// Without a reported balance (`balanceKnown` false) the ``balanceRows`` are shown empty in both
    /// columns: the model starts such a fund from 0 at the end of the base year, so its 上年结余 would
    /// be −(本年收支结余) and its 年末滚存结余 0 — figures nobody reported.
    static func officialTable(_ fund: Fund, previous: BudgetLineValues, budget: BudgetLineValues,
                              reported: BudgetLineValues?, allRows: Bool, balanceKnown: Bool = true, printedTotals: BudgetLineValues = [:]) -> BudgetTable {
        var p = previous, c = budget
        if !balanceKnown {
            for line in balanceRows { p[line] = nil; c[line] = nil }
        }
        var heldShares: Set<BudgetLine> = []
        for (line, value) in reported ?? [:] {
            guard let parent = line.parent else { continue }
            if p[line] == nil || p[line] == 0 {
                p[line] = value
                if let pp = p[parent], pp != 0, let cp = c[parent] { c[line] = value / pp * cp; heldShares.insert(line) }
            }
        }
        // `printedTotals` are the lines the scenario gives as figures (`reported` may hold a line only as
        // a presence mark: a reported income total the model's lines are fitted to). A printed item the
        // table shows another figure for (a combined line: the pooled fund's plus the accounts' modelled
        // part) is the model's. A printed summary the items do not add up to (塔城's 滚存结余) is marked
        // too: the figure shown is not the one printed (the legend's 其余为报告数 would not hold); the
        // printed figure is in the reconciliation and its note.
        func differs(_ line: BudgetLine) -> Bool {
            guard let r = printedTotals[line], let v = p[line] else { return false }
            return abs(v - r) > 0.5
        }
        func agrees(_ line: BudgetLine) -> Bool { reported?[line] != nil && !differs(line) }
        func isModelled(_ line: BudgetLine) -> Bool {
            guard let reported else { return false }
            if line.role == .summary {
                if differs(line) { return true }
                if agrees(line) { return false }
            } else {
                if differs(line) { return true }
                if reported[line] != nil { return false }
            }
            func any(_ side: BudgetLine.Side, _ roles: [BudgetLine.Role]) -> Bool {
                BudgetLine.allCases.contains { $0.side == side && roles.contains($0.role) && reported[$0] == nil && abs(p[$0] ?? 0) >= 0.005 }
            }
            switch line {
            case .incomeSubtotal: return agrees(.incomeTotal) ? any(.income, [.interLevel]) : any(.income, [.item])
            case .incomeTotal: return any(.income, [.item, .interLevel])
            case .expenditureSubtotal: return agrees(.expenditureTotal) ? any(.expenditure, [.interLevel]) : any(.expenditure, [.item])
            case .expenditureTotal: return any(.expenditure, [.item, .interLevel])
            case .surplus: return isModelled(.incomeTotal) || isModelled(.expenditureTotal)
            case .openingBalance: return reported[.closingBalance] == nil || isModelled(.surplus)
            case .closingBalance: return isModelled(.surplus) || reported[.openingBalance] == nil
            case .incomeGrandTotal: return isModelled(.incomeTotal) || isModelled(.openingBalance)
            case .expenditureGrandTotal: return isModelled(.expenditureTotal) || isModelled(.closingBalance)
            default: return abs(p[line] ?? 0) >= 0.005
            }
        }
        var rows: [BudgetRow] = []
        for line in BudgetLine.allCases {
            let pv = p[line], cv = c[line]
            let unknownBalance = !balanceKnown && balanceRows.contains(line)
            let shown = line.role == .summary || allRows || [pv, cv].contains { abs($0 ?? 0) >= 0.005 }
            guard shown, pv != nil || cv != nil || allRows || unknownBalance else { continue }
            let detail = line.parent != nil
            let filler: Double? = allRows && !unknownBalance ? 0 : nil
            var row = BudgetRow(code: line.rawValue, label: Label(detail ? "其中: \(line.chineseName)" : line.chineseName, detail ? "of which: \(line.englishName)" : line.englishName),
                                previous: pv ?? filler, budget: cv ?? filler, kind: .money,
                                isTotal: line.role == .summary, level: detail ? 1 : 0, modelled: !unknownBalance && isModelled(line))
            row.line = line
            row.budgetHeldShare = heldShares.contains(line)
            rows.append(row)
        }
        return BudgetTable(fund: fund, code: fund.rawValue, title: Label(fund.chineseName, fund.englishName), rows: rows)
    }

    /// The rows that hold the fund's balance (上年结余, both 总计, 年末滚存结余): empty when no balance was reported.
    public static let balanceRows: [BudgetLine] = [.openingBalance, .incomeGrandTotal, .expenditureGrandTotal, .closingBalance]

    /// 当期结余率 and 可支付月数 under the official rows (withheld without a reported opening balance).
    static func indicatorRows(_ p: any FundAccount, _ c: any FundAccount, monthsPayable: Bool?) -> [BudgetRow] {
        indicatorRows(rate: (p.surplusRate, c.surplusRate), months: monthsPayable.map { $0 ? (p.monthsPayable, c.monthsPayable) : (nil, nil) })
    }

    /// The same from a table's rows (全市, a sum of tables): 本年收支结余 ÷ 本年收入合计 and
    /// 年末滚存结余 ÷ (本年支出合计 ÷ 12).
    static func indicatorRows(previous p: BudgetLineValues, budget c: BudgetLineValues, monthsPayable: Bool?) -> [BudgetRow] {
        func rate(_ v: BudgetLineValues) -> Double? {
            guard let i = v[.incomeTotal], i != 0, let s = v[.surplus] else { return nil }
            return s / i
        }
        func months(_ v: BudgetLineValues) -> Double? {
            guard let f = v[.closingBalance], let x = v[.expenditureTotal] else { return nil }
            return Finance.monthsPayable(balance: f, spending: x)
        }
        return indicatorRows(rate: (rate(p), rate(c)), months: monthsPayable.map { $0 ? (months(p), months(c)) : (nil, nil) })
    }

    private static func indicatorRows(rate: (Double?, Double?), months: (Double?, Double?)?) -> [BudgetRow] {
        var rows = [BudgetRow(code: "surplus_rate", label: Label("当期结余率", "Current surplus rate"), previous: rate.0, budget: rate.1, kind: .rate)]
        if let months {
            rows.append(BudgetRow(code: "months_payable", label: Label("可支付月数(月)", "Months payable"), previous: months.0, budget: months.1, kind: .months))
        }
        return rows
    }

    /// The base-year rows a scenario reports: its `base_year_lines`, and 待遇支出 when spending was
    /// reported as a total (`base_year_actuals`: the model is calibrated to it). Only the presence of a
    /// first-level row is read (its figure is the model's base year, which holds the reported line);
    /// 其中 rows keep their figures.
    static func reportedLines(_ lines: BudgetLineValues, benefits: Bool, income: Bool, closing: Bool) -> BudgetLineValues {
        var r = lines.filter { $0.key.role != .summary || [.openingBalance, .incomeTotal, .expenditureTotal].contains($0.key) }
        if closing, r[.closingBalance] == nil, r[.openingBalance] == nil { r[.closingBalance] = 0 }
        // Presence only: first-level values come from the model.
        if benefits, r[.benefits] == nil { r[.benefits] = 0 }
        if income, r[.incomeTotal] == nil { r[.incomeTotal] = 0 }
        return r
    }

    /// 测算依据: the drivers behind every figure, so each can be traced to the scenario.
    static func driversTable(_ result: ProjectionResult, _ p: YearResult, _ c: YearResult) -> BudgetTable {
        var rows: [BudgetRow] = []
        func add(_ code: String, _ zh: String, _ en: String, _ kind: BudgetRow.Kind, _ value: (YearResult) -> Double?) {
            rows.append(BudgetRow(code: code, label: Label(zh, en), previous: value(p), budget: value(c), kind: kind))
        }
        if p.members.population != nil {
            add("population", "常住人口(人)", "Population", .persons) { $0.members.population }
        }
        if p.members.oldAgeDependency != nil {
            add("old_age_dependency", "老年抚养比(65+/15–64)", "Old-age dependency (65+ / 15–64)", .rate) { $0.members.oldAgeDependency }
        }
        if result.scenario.employee != nil {
            add("employee.active", "职工医保在职人数(人)", "Employee scheme: active members", .persons) { $0.members.active }
            add("employee.retired", "职工医保退休人数(人)", "Employee scheme: retirees", .persons) { $0.members.retired }
            add("employee.dependency_ratio", "赡养比(在职/退休)", "Dependency ratio (actives per retiree)", .ratio) { $0.members.dependencyRatio }
            if c.members.flows != nil {
                add("employee.retirements", "  当年新增退休(人)", "  New retirees in the year", .persons) { $0.members.flows?.retirements }
                add("employee.entries", "  当年新参保在职(人)", "  New active members in the year", .persons) { $0.members.flows?.entries }
                add("employee.lapses", "  当年转出/中断(人)", "  Actives leaving in the year", .persons) { $0.members.flows?.lapses }
            }
            let flexible = c.employee.map { $0.drivers.flexiblePayers > 0 } == true
            let recovered = [p, c].contains { y in y.employee.map { $0.drivers.effectiveCollectionRate != $0.drivers.collectionRate } == true }
            add("employee.payers", "缴费人数(人)", "Contributing payers", .persons) { $0.employee?.drivers.payers }
            if flexible {
                add("employee.employee_payers", "  其中: 职工缴费人数(不含灵活就业)", "  of which employees", .persons) { $0.employee?.drivers.employeePayers }
                add("employee.flexible_payers", "  其中: 灵活就业缴费人数", "  of which flexible workers", .persons) { $0.employee?.drivers.flexiblePayers }
            }
            add("employee.average_base", "人均缴费基数(元/年)", "Average contribution base (yuan a year)", .moneyPerHead) { $0.employee?.drivers.averageBase }
            add("employee.employer_rate", "单位缴费率", "Employer rate", .rate) { $0.employee?.drivers.employerRate }
            add("employee.employee_rate", "个人缴费率", "Employee rate", .rate) { $0.employee?.drivers.employeeRate }
            add("employee.collection_rate", "征缴率", "Collection rate", .rate) { $0.employee?.drivers.collectionRate }
            if recovered {
                add("employee.effective_collection_rate", "实际征缴率(含追缴欠费)", "Collection rate with arrears recovered", .rate) { $0.employee?.drivers.effectiveCollectionRate }
            }
            let payers = flexible ? "职工缴费人数" : "缴费人数", collection = recovered ? "实际征缴率" : "征缴率"
            add("employee.contributions_collected", "职工缴费收入(\(payers)×人均基数×(单位+个人费率)×\(collection))",
                "Employees' contributions (\(flexible ? "employee payers" : "payers") × base × (employer + employee rate) × \(recovered ? "collection with arrears" : "collection"))",
                .money) { $0.employee?.drivers.contributionsCollected }
            add("employee.active_cost", "在职人均统筹支出(元/年)", "Pooled cost per active member (yuan a year)", .moneyPerHead) { y in
                y.employee.map { y.members.active > 0 ? $0.pooled.activeBenefits / y.members.active : 0 }
            }
            add("employee.retiree_cost", "退休人员人均统筹支出(元/年)", "Pooled cost per retiree (yuan a year)", .moneyPerHead) { y in
                y.employee.map { y.members.retired > 0 ? $0.pooled.retireeBenefits / y.members.retired : 0 }
            }
            add("employee.payg_cost_rate", "现收现付成本费率(统筹支出/缴费基数总额)", "PAYG cost rate (pooled spending / total base)", .rate) { result.paygCostRate($0) }
            add("employee.break_even_employer_rate", "收支平衡单位费率", "Break-even employer rate", .rate) { result.breakEvenEmployerRate($0) }
            if result.scenario.employee?.financing.averageWage != nil {
                add("employee.average_wage", "社平工资(元/年)", "Average wage (yuan a year)", .moneyPerHead) { $0.employee?.drivers.averageWage }
            }
        }
        if result.scenario.resident != nil {
            add("resident.insured", "居民医保参保人数(人)", "Resident scheme: insured", .persons) { $0.resident?.insured }
            add("resident.subsidy_per_capita", "人均财政补助(元/年)", "Fiscal subsidy per head (yuan a year)", .moneyPerHead) { y in
                y.resident.map { $0.insured > 0 ? $0.fiscalSubsidies / $0.insured : 0 }
            }
            add("resident.individual_per_capita", "人均个人缴费(实缴, 元/年)", "Individual contribution per head, collected (yuan a year)", .moneyPerHead) { y in
                y.resident.map { $0.insured > 0 ? $0.individualContributions / $0.insured : 0 }
            }
            add("resident.cost_per_head", "人均待遇支出(元/年)", "Benefit cost per head (yuan a year)", .moneyPerHead) { y in
                y.resident.map { $0.insured > 0 ? $0.benefits / $0.insured : 0 }
            }
        }
        return BudgetTable(fund: nil, code: "drivers", title: Label("主要测算依据", "Drivers of the budget"), rows: rows)
    }

    /// Reported figures (base-year actuals, history CSV) against the model for the given years.
    static func reconcile(_ result: ProjectionResult, years: [Int]) -> [ReconciliationRow] {
        var rows: [ReconciliationRow] = []
        let s = result.scenario
        // Base-year contributions from drivers against reported contributions (the implied effective yield):
        // interest, subsidies, transfers and other income keep their own lines and are not in it.
        if let base = result.years.first, let e = base.employee, let scheme = s.employee {
            let pairs: [(Bool, Double, Double, String, String, Fund)] = [
                (scheme.baseYearLines.pooled[.contributions] != nil || scheme.baseYearActuals.pooledIncome != nil || scheme.baseYearLines.pooled[.incomeTotal] != nil,
                 e.pooled.contributionsLine, e.pooled.contributionsLine - e.pooled.unexplainedIncome, "统筹基金基本医疗保险费收入", "pooled-fund contributions", .employeePooled),
                (scheme.baseYearLines.personalAccount[.contributions] != nil || scheme.baseYearActuals.personalAccountIncome != nil,
                 e.personalAccount.employeeContributions + e.personalAccount.employerShare + e.personalAccount.unexplainedIncome,
                 e.personalAccount.employeeContributions + e.personalAccount.employerShare, "个人账户基本医疗保险费收入", "personal-account contributions", .employeePersonalAccount),
            ]
            for (known, reported, model, zh, en, fund) in pairs where known {
                rows.append(ReconciliationRow(year: base.year, label: Label("\(zh)(报告数与驱动测算)", "\(en) (reported vs drivers)"), reported: reported, model: model, isMoney: true,
                                              contributionsOf: fund))
            }
        }
        if let base = result.years.first, let r = base.resident, let scheme = s.resident,
           scheme.baseYearIncome != nil || scheme.baseYearLines[.contributions] != nil || scheme.baseYearLines[.incomeTotal] != nil {
            rows.append(ReconciliationRow(year: base.year, label: Label("居民医保基本医疗保险费收入(报告数与驱动测算)", "resident contributions (reported vs drivers)"),
                                          reported: r.contributionsLine, model: r.individualContributions, isMoney: true, contributionsOf: .resident))
        }
        // Printed summaries against the table's own arithmetic (a printed 滚存结余 that does not follow).
        if let base = result.years.first {
            var printed: [(BudgetTableFund, BudgetLineValues, BudgetLineValues?)] = []
            if let e = base.employee, let scheme = s.employee {
                let (p, a) = (lines(e.pooled), lines(e.personalAccount))
                printed += [(.employeePooled, scheme.baseYearLines.pooled, p), (.employeePersonalAccount, scheme.baseYearLines.personalAccount, a),
                            (.employee, scheme.baseYearLines.combined, combined(p, a, result))]
            }
            if let r = base.resident, let scheme = s.resident { printed.append((.resident, scheme.baseYearLines, lines(r))) }
            for (fund, given, computed) in printed {
                for line in BudgetLine.allCases where line.role == .summary && line != .openingBalance {
                    guard let v = given[line], let m = computed?[line], abs(v - m) >= 0.005 else { continue }
                    rows.append(ReconciliationRow(year: base.year, label: Label("\(fund.chineseName) \(line.chineseName)(报表数与按分项重算)", "\(fund.englishName): \(line.englishName) (printed vs recomputed from the items)"),
                                                  reported: v, model: m, isMoney: true, printedSummary: .init(line: line, fund: Label(fund.chineseName, fund.englishName))))
                }
            }
        }
        for record in s.history where years.contains(record.year) {
            guard let model = result.year(record.year)?.figure(record.scheme, record.metric) else { continue }
            let isMoney = [.income, .expenditure, .balance].contains(record.metric)
            rows.append(ReconciliationRow(year: record.year, label: historyLabel(record), reported: record.value, model: model, isMoney: isMoney))
        }
        return rows
    }

    static func historyLabel(_ r: HistoryRecord) -> Label {
        let scheme: (String, String) = switch r.scheme {
        case .total: ("全部", "all schemes")
        case .employee: ("职工医保", "employee scheme")
        case .employeePooled: ("统筹基金", "pooled fund")
        case .employeePersonalAccount: ("个人账户", "personal accounts")
        case .resident: ("居民医保", "resident scheme")
        }
        let metric: (String, String) = switch r.metric {
        case .insured: ("参保人数", "insured")
        case .active: ("在职人数", "active")
        case .retired: ("退休人数", "retired")
        case .income: ("收入", "income")
        case .expenditure: ("支出", "expenditure")
        case .balance: ("累计结余", "balance")
        }
        return Label("\(scheme.0)\(metric.0)(报告数与模型)", "\(scheme.1) \(metric.1) (reported vs model)")
    }

    /// The horizon-wide indicators in words: actuarial balance and how long each fund lasts.
    public static func horizonIndicators(_ result: ProjectionResult) -> [Label] {
        var notes: [Label] = []
        let s = result.scenario
        if let balance = result.actuarialBalance() {
            let points = String(format: "%.2f", balance * 100)
            let employer = result.actuarialBalanceEmployerRatePoints().map { String(format: "%.2f", -$0 * 100) } ?? "—"
            notes.append(Label("统筹基金精算平衡(\(s.baseYear + 1)–\(s.horizon)年, 期末保留6个月支出): \(points)% 缴费基数; 折合单位缴费率需调整\(employer)个百分点(仅统筹部分进入统筹基金)",
                               "Pooled-fund actuarial balance \(s.baseYear + 1)–\(s.horizon) (6 months' spending kept at the end): \(points)% of the contribution base; closing it takes an employer-rate change of \(employer) points (only the pooled share reaches the pool)"))
            if let gap = result.generalAveragePremium() {
                notes.append(Label("统筹基金一般平均费率(ILO): \(String(format: "%.2f", gap * 100))% 缴费基数(划入统筹部分)", "Pooled-fund general average premium (ILO): \(String(format: "%.2f", gap * 100))% of the contribution base (the pooled part)"))
            }
        }
        for fund in [Fund.employeePooled, .resident] where result.funds.contains(fund) && result.balanceKnown(fund) {
            let name = fund == .employeePooled ? ("统筹基金", "pooled fund") : ("居民医保基金", "resident fund")
            if let year = result.depletionYear(fund), let n = result.yearsToDepletion(fund) {
                notes.append(Label("\(name.0)按现行政策可支撑至\(year - 1)年, \(year)年累计结余耗尽(基期后第\(n)年)",
                                   "The \(name.1) lasts under current rules until \(year - 1) and is exhausted in \(year) (year \(n) after the base year)"))
            } else {
                notes.append(Label("\(name.0)至\(s.horizon)年未出现累计结余耗尽", "The \(name.1) is not exhausted by \(s.horizon)"))
            }
        }
        return notes
    }

    /// Which base-year lines are derived rather than reported, fund by fund.
    static func derivedLineNotes(_ s: Scenario) -> [Label] {
        var notes: [Label] = []
        func note(_ name: Label, lines: BudgetLineValues, total: Bool, spendingGiven: Bool) {
            // 待遇支出 from a reported 支出合计 (when no spending total in base_year_actuals takes precedence).
            if !spendingGiven, lines[.benefits] == nil, lines[.expenditureTotal] != nil {
                notes.append(Label("\(name.zh)上年基本医疗保险待遇支出为推算数: 报告支出合计减其他各项(未报告的项目按模型测算)",
                                   "\(name.en): previous-year benefits are derived: the reported expenditure total less the other lines (those not reported are modelled)"))
            }
            if lines[.contributions] == nil, total || lines[.incomeTotal] != nil {
                notes.append(Label("\(name.zh)上年基本医疗保险费收入为推算数: 报告收入合计减其他各项(未报告的利息收入按平均结余×利率测算)",
                                   "\(name.en): previous-year contributions are derived: the reported income total less the other lines (interest not reported is modelled on the average balance)"))
            } else if lines[.contributions] == nil {
                notes.append(Label("未提供\(name.zh)上年收入报告数: 上年执行数为驱动因素测算值", "No reported previous-year income of the \(name.en): the previous-year column is modelled from drivers"))
            }
        }
        if let e = s.employee {
            note(Label("统筹基金", "pooled fund"), lines: e.baseYearLines.pooled, total: e.baseYearActuals.pooledIncome != nil,
                 spendingGiven: e.baseYearActuals.pooledExpenditure != nil)
            if e.baseYearLines.pooledDerivedFromCombined {
                notes.append(Label("统筹基金上年执行数 = 职工基金(含个人账户)报告数 − 个人账户", "Pooled-fund previous-year lines are the combined employee fund's less the personal accounts'"))
                // Shared lines the accounts report nothing for are taken whole (less 0): say which.
                let whole = e.baseYearLines.pooledTakenWhole
                if !whole.isEmpty {
                    notes.append(Label("个人账户未报告\(whole.map(\.chineseName).joined(separator: "、")): 统筹基金该项按含个人账户报告数全额列示(个人账户按0扣减)",
                                       "The personal accounts report no \(whole.map(\.englishName).joined(separator: ", ")): the pooled fund shows the combined figure whole (the accounts' part taken as 0)"))
                }
            }
        }
        if let r = s.resident { note(Label("居民医保基金", "resident fund"), lines: r.baseYearLines, total: r.baseYearIncome != nil, spendingGiven: r.baseYearExpenditure != nil) }
        return notes
    }

    /// Where the base year's reported contributions are not what the drivers give (payers × base × rate
    /// × collection rate) by a point or more, the budget year's drivers do not carry that gap: say so, how
    /// much it would be in the budget year if it lasted (budget-year contributions × (1 − reported/drivers)),
    /// and the collection rate that would carry it (the base year's × reported/drivers), without choosing
    /// for the user whether the gap is collection, base or payers.
    /// The reported and drivers' figures are the reconciliation's contribution rows (`reconciliation`).
    static func collectionGapNotes(_ result: ProjectionResult, reconciliation: [ReconciliationRow], budgetYear: Int, unit: MoneyUnit) -> [Label] {
        guard let base = result.years.first, let budget = result.year(budgetYear) else { return [] }
        let s = result.scenario
        func row(_ f: Fund) -> ReconciliationRow? { reconciliation.first { $0.contributionsOf == f } }
        typealias Words = (name: (String, String), drivers: (String, String), causes: (String, String))
        let employeeWords: Words = (("职工医保", "employee scheme"), ("缴费人数×缴费基数×费率×征缴率", "payers × base × rate × collection rate"),
                                    ("实际征缴率、缴费基数或缴费人数", "collection, the base or the payers"))
        let residentWords: Words = (("居民医保", "resident scheme"), ("参保人数×人均个人缴费标准×征缴率", "insured × individual contribution per head × collection rate"),
                                    ("实际征缴率、实缴标准或缴费人数", "collection, the amount paid or the number paying"))
        var gaps: [(words: Words, key: String, reported: Double, model: Double, budget: Double, rate: Double)] = []
        if let e = base.employee, let b = budget.employee, let scheme = s.employee, let pooled = row(.employeePooled) {
            // The accounts' drivers on both sides when their contributions are not reported.
            let paModel = e.personalAccount.employeeContributions + e.personalAccount.employerShare
            let pa = row(.employeePersonalAccount)
            gaps.append((employeeWords, "employee.collection_rate", pooled.reported + (pa?.reported ?? paModel), pooled.model + (pa?.model ?? paModel),
                         b.pooled.contributionsLine + b.personalAccount.employeeContributions + b.personalAccount.employerShare,
                         scheme.collectionRate.value(in: base.year)))
        }
        if let b = budget.resident, let scheme = s.resident, let r = row(.resident) {
            gaps.append((residentWords, "resident.collection_rate", r.reported, r.model, b.individualContributions, scheme.collectionRate.value(in: base.year)))
        }
        return gaps.compactMap { g in
            guard g.model > 0, g.reported > 0, abs(g.reported / g.model - 1) >= 0.01 else { return nil }
            let ratio = g.reported / g.model, implied = g.rate * ratio
            let change = unit.text(abs(g.budget * (1 - ratio)))
            let more = ratio < 1 ? ("少", "lower") : ("多", "higher")
            let pct = String(format: "%.1f%%", ratio * 100), impliedText = String(format: "%.3f", implied)
            let suggestion = implied <= 1
                ? (", 可设 \(g.key): \(impliedText)(= 基期 \(String(format: "%.3f", g.rate)) × \(pct))", ", set \(g.key): \(impliedText) (= the base year's \(String(format: "%.3f", g.rate)) × \(pct))")
                : ("", "")
            return Label(
                "\(g.words.name.0)基期报告缴费收入为按\(g.words.drivers.0)测算数的\(pct), 差额可能来自\(g.words.causes.0); 本年预算按驱动测算, 不含此差额, 若差额延续, \(budgetYear)年缴费收入约\(more.0)\(change.zh)" + (implied <= 1 ? "; 如确认为征缴率\(suggestion.0)" : ""),
                "The \(g.words.name.1)'s reported base-year contributions are \(pct) of what \(g.words.drivers.1) give; the gap may be \(g.words.causes.1). The budget is built from the drivers without it; if the gap lasts, \(budgetYear) contributions would be about \(change.en) \(more.1)" + (implied <= 1 ? "; if it is collection\(suggestion.1)" : ""))
        }
    }

    static func notes(_ result: ProjectionResult, reconciliation: [ReconciliationRow], budgetYear: Int, unit: MoneyUnit) -> [Label] {
        var notes: [Label] = []
        let s = result.scenario
        notes += horizonIndicators(result)
        let calibrations: [(CalibrationTarget?, Label, Label)] = [
            (result.calibration.employeePooled, Label("统筹基金支出", "Pooled-fund spending"),
             FinanceNotes.costGrowth(result.scenario)),
            (result.calibration.employeePersonalAccount, Label("个人账户支出", "Personal-account spending"),
             Label("此后按参保人员门诊与购药使用(年龄费用曲线×价格×利用率)支出, 以账户余额与当年收入为限", "accounts then pay members' outpatient and pharmacy use (cost curve by age × price × utilisation), up to what they hold")),
            (result.calibration.resident, Label("居民医保支出", "Resident-fund spending"),
             FinanceNotes.costGrowth(result.scenario)),
        ]
        for (target, what, then) in calibrations {
            guard let target else { continue }
            if target.origin == .history {
                notes.append(Label("\(what.zh)按\(target.year)年报告数校准(历史数据), \(target.year)年测算值即等于报告数; \(then.zh)",
                                   "\(what.en) is calibrated to the reported \(target.year) figure (history), so the model reproduces it in \(target.year); \(then.en)"))
            } else {
                notes.append(Label("\(what.zh)按基期(\(target.year)年)决算数校准; \(then.zh)", "\(what.en) is calibrated to the base year (\(target.year)); \(then.en)"))
            }
        }
        for fund in result.funds where !result.balanceKnown(fund) {
            let name = fund == .employeePooled ? ("统筹基金", "pooled fund") : fund == .resident ? ("居民医保基金", "resident fund") : ("个人账户", "personal accounts")
            notes.append(Label("未提供\(name.0)基期年末结余: 预算表上年结余、年末滚存结余与总计留空; 测算结余按0起算, 仅反映基期后的累计变动, 可支付月数与结余类预警不适用; 利息收入按基期数持平(无结余可计息)",
                               "No base-year balance of the \(name.1) was given: the budget tables leave the balance brought forward, the year-end balance and both grand totals empty; modelled balances start from 0 and show only the change since the base year; months payable and balance warnings do not apply; interest is held at the base year's (no balance to earn it on)"))
        }
        if result.membershipModel == "aggregate" {
            notes.append(Label("参保人数为总量模型(按给定人数与增长率推算), 未分年龄性别", "Member counts come from the aggregate model (given counts and growth rates), not by age and sex"))
        } else {
            let schedule = s.population.retirementSchedule
            let retirement = schedule.basis.map { Label("退休年龄按\($0.zh)(retirement_schedule: \(schedule.name))", "retirement ages by \($0.en) (retirement_schedule: \(schedule.name))") }
                ?? Label("退休年龄按情景文件设定(population.retirement_schedule)", "retirement ages as set in the scenario (population.retirement_schedule)")
            notes.append(Label("参保人数由年龄结构模型推算: 人口按队列要素法(联合国WPP 2024年龄别死亡率、生育率)预测, \(retirement.zh)",
                               "Members come from the age-structured model: cohort-component population (UN WPP 2024 mortality and fertility), \(retirement.en)"))
            notes.append(Label("女职工中干部岗位占比假设为\(wholeNumber(s.membership.femaleCadreShare * 100))%(membership.female_cadre_share), 请按本地数据设定",
                               "Share of working women in cadre posts assumed \(wholeNumber(s.membership.femaleCadreShare * 100))% (membership.female_cadre_share): set it from local data"))
        }
        notes += derivedLineNotes(s)
        notes += collectionGapNotes(result, reconciliation: reconciliation, budgetYear: budgetYear, unit: unit)
        notes += FinanceNotes.notes(result, budgetYear: budgetYear, unit: unit)
        notes.append(Label("因四舍五入, 分项之和与合计可能有尾差", "Items may not add to totals because of rounding"))
        return notes
    }
}

/// The budget year asked for is outside the projection.
public struct BudgetError: Error, Equatable, Sendable, CustomStringConvertible {
    public var year: Int
    public var first: Int
    public var last: Int
    public var description: String { "expected a budget year from \(first) to \(last), found \(year)" }
}
