import Foundation
import Scenario
import Finance
import Projection

/// 预算执行情况: year-to-date actuals (`fundcast budget --actuals YTD.csv`) against the budget year
/// of a projection, as a bilingual table, a flat CSV table and the `"execution"` JSON object.
/// Every figure is traced in the notes: the budget is the model's budget-year figure, the expected
/// share comes from a named seasonal profile, and each estimate is written as its division.
public struct ExecutionReport: Sendable {
    public var execution: BudgetExecution
    /// The model's months payable at the end of the budget year, for funds whose balance is known.
    public var budgetMonthsPayable: [HistoryRecord.Scheme: Double]
    /// Whether the file gives a personal-account balance (reported, but given no months payable).
    public var personalAccountBalanceGiven: Bool
    /// The approved budget (`--approved`) the 完成率 is measured against, where it gives the line.
    public var approved: ApprovedBudget?
    /// With an approved budget: the model's own budget-year figures, shown beside it (模型测算).
    public var modelBudgets: [ExecutionKey: Double] = [:]

    /// The execution of `year` (the budget year) from the file's records, against the `approved`
    /// budget's 本年收入合计 and 本年支出合计 where it gives them, else the model's budget.
    public init(_ result: ProjectionResult, records: [YearToDateRecord], year: Int, approved: ApprovedBudget? = nil) {
        let model = ExecutionReport.budgets(result, year: year)
        let budgets = model.merging(approved.map(ExecutionReport.budgets) ?? [:]) { _, approved in approved }
        execution = BudgetExecution(records: records, year: year, budgets: budgets)
        self.approved = approved
        if approved != nil { modelBudgets = model }
        var months: [HistoryRecord.Scheme: Double] = [:]
        if let y = result.year(year) {
            if result.balanceKnown(.employeePooled), let m = y.employee?.pooled.monthsPayable { months[.employeePooled] = m }
            if result.balanceKnown(.resident), let m = y.resident?.monthsPayable { months[.resident] = m }
        }
        budgetMonthsPayable = months
        personalAccountBalanceGiven = records.contains { $0.year == year && $0.scheme == .employeePersonalAccount && $0.metric == .balance }
    }

    /// The budget year's income and expenditure per scheme, 元, as the budget tables state them.
    /// The employee scheme as a whole (`employee`) nets out the pooled fund's transfer to retirees'
    /// accounts, which is income of the accounts and spending of the pooled fund but neither for the
    /// scheme; `total` adds the resident fund.
    public static func budgets(_ result: ProjectionResult, year: Int) -> [ExecutionKey: Double] {
        guard let y = result.year(year) else { return [:] }
        var b: [ExecutionKey: Double] = [:]
        if let e = y.employee {
            b[ExecutionKey(.employeePooled, .income)] = e.pooled.income
            b[ExecutionKey(.employeePooled, .expenditure)] = e.pooled.expenditure
            b[ExecutionKey(.employeePersonalAccount, .income)] = e.personalAccount.income
            b[ExecutionKey(.employeePersonalAccount, .expenditure)] = e.personalAccount.expenditure
            b[ExecutionKey(.employee, .income)] = e.pooled.income + e.personalAccount.income - e.personalAccount.retireeAllocation
            b[ExecutionKey(.employee, .expenditure)] = e.pooled.expenditure - e.pooled.transferToPersonalAccounts + e.personalAccount.expenditure
        }
        if let r = y.resident {
            b[ExecutionKey(.resident, .income)] = r.income
            b[ExecutionKey(.resident, .expenditure)] = r.expenditure
        }
        for metric in [HistoryRecord.Metric.income, .expenditure] {
            let parts = [b[ExecutionKey(.employee, metric)], b[ExecutionKey(.resident, metric)]].compactMap { $0 }
            if !parts.isEmpty { b[ExecutionKey(.total, metric)] = parts.reduce(0, +) }
        }
        return b
    }

    /// An approved budget's totals per scheme and flow, 元: each fund's 本年收入合计 and 本年支出合计
    /// (``ApprovedBudget/total(_:_:)``); all schemes together when both the employee and resident funds give theirs.
    public static func budgets(_ approved: ApprovedBudget) -> [ExecutionKey: Double] {
        var b: [ExecutionKey: Double] = [:]
        for fund in PublishedTable.fundNames {
            for (metric, side) in [(HistoryRecord.Metric.income, BudgetLine.Side.income), (.expenditure, .expenditure)] {
                if let total = approved.total(fund, side) { b[ExecutionKey(fund, metric)] = total }
            }
        }
        for metric in [HistoryRecord.Metric.income, .expenditure] {
            if let e = b[ExecutionKey(.employee, metric)], let r = b[ExecutionKey(.resident, metric)] { b[ExecutionKey(.total, metric)] = e + r }
        }
        return b
    }

    /// Whether a line's 年度预算 is the approved one.
    func isApproved(_ key: ExecutionKey) -> Bool {
        approved.map { ExecutionReport.budgets($0)[key] != nil } ?? false
    }

    // MARK: labels

    static func schemeName(_ s: HistoryRecord.Scheme) -> Label {
        switch s {
        case .total: return Label("全部险种", "All schemes")
        case .employee: return Label("职工医保", "Employee scheme")
        case .employeePooled: return Label("职工医保统筹基金", "Pooled fund")
        case .employeePersonalAccount: return Label("职工医保个人账户", "Personal accounts")
        case .resident: return Label("居民医保", "Resident scheme")
        }
    }

    /// `职工医保统筹基金收入` / `Pooled fund: income`.
    static func lineName(_ s: HistoryRecord.Scheme, _ m: HistoryRecord.Metric) -> Label {
        let name = schemeName(s)
        let fund = [.employeePooled, .employeePersonalAccount].contains(s) ? "" : "基金"
        return m == .income ? Label("\(name.zh)\(fund)收入", "\(name.en): income") : Label("\(name.zh)\(fund)支出", "\(name.en): expenditure")
    }

    static let monthsEn = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `1–6月` / `Jan–Jun`.
    static func span(_ month: Int) -> Label {
        let m = min(12, max(1, month))
        return m == 1 ? Label("1月", "Jan") : Label("1–\(m)月", "Jan–\(monthsEn[m - 1])")
    }

    /// Stable machine code of a line: `employee.income`, `employee_pooled.expenditure`.
    public static func code(_ line: ExecutionLine) -> String { "\(line.scheme.rawValue).\(line.metric.rawValue)" }

    func label(_ line: ExecutionLine) -> Label {
        var label = Self.lineName(line.scheme, line.metric)
        if line.month != execution.month {
            let span = Self.span(line.month)
            label = Label(label.zh + "(\(span.zh))", label.en + " (\(span.en))")
        }
        return label
    }

    func label(_ p: YearToDateMonthsPayable) -> Label {
        let s = Self.schemeName(p.scheme)
        return Label("\(s.zh)可支付月数(\(p.month)月末)", "\(s.en): months payable (end of \(Self.monthsEn[p.month - 1]))")
    }

    // MARK: the table

    /// 预算执行情况 (1–N月): one row per fund and flow, then months payable, with notes tracing each figure.
    public func table(style: NumberStyle, language: Language) -> Table {
        TextTables.table(reportTable(style: style), style: style, language: language)
    }

    /// The execution as a report table. `style` writes the figures quoted in the notes.
    public func reportTable(style: NumberStyle) -> ReportTable {
        let span = Self.span(execution.month)
        var columns = [
            ReportColumn("item", Label("项目", "Item")),
            ReportColumn("budget_\(execution.year)", Label("年度预算(\(execution.year))", "Budget (\(execution.year))")),
            ReportColumn("ytd_\(execution.year)_1_\(execution.month)", Label("\(span.zh)累计执行", "Actual \(span.en)")),
            ReportColumn("completion", Label("完成率", "Completion")),
            ReportColumn("time_elapsed", Label("序时进度", "Time elapsed")),
            ReportColumn("expected_share", Label("按季节规律应完成", "Expected by now (seasonal)")),
            ReportColumn("full_year_estimate", Label("全年预计", "Full-year estimate")),
            ReportColumn("gap", Label("预计与预算差额", "Estimate − budget")),
        ]
        let elapsed = Double(execution.month) / 12 // 序时进度: the share of the year gone by
        var rows = execution.lines.map { line in
            ReportRow(code: Self.code(line), cells: [.label(label(line)), .of(line.budget, .money), .of(line.yearToDate, .money),
                                                     .of(line.completion, .rate), .of(elapsed, .rate), .of(line.expectedShare, .rate),
                                                     .of(line.fullYearEstimate, .money), .of(line.gap, .money)]
                          + (approved == nil ? [] : [.of(modelBudgets[line.key], .money)]))
        }
        for (i, p) in execution.monthsPayable.enumerated() {
            rows.append(ReportRow(code: "\(p.scheme.rawValue).months_payable",
                                  cells: [.label(label(p)), .of(budgetMonthsPayable[p.scheme], .months), .of(p.months, .months)]
                                      + Array(repeating: .notApplicable, count: approved == nil ? 5 : 6),
                                  isTotal: i == 0, decimals: 2))
        }
        if approved != nil { columns.append(ReportColumn("model_budget_\(execution.year)", Label("模型测算(\(execution.year))", "Model (\(execution.year))"))) }
        return ReportTable(code: "execution", title: Label("预算执行情况 (\(span.zh))", "Budget execution (\(span.en))"),
                           shortTitle: Label("预算执行", "Execution"), caption: .money, columns: columns, rows: rows,
                           notes: notes(style: style))
    }

    /// The notes under the table: what each column means, then each row's profile and arithmetic.
    public func notes(style: NumberStyle) -> [Label] {
        let share: (Double) -> String = { style.percent($0, decimals: 4) }
        let span = Self.span(execution.month)
        let budgetZh = approved.map { "年度预算为批复预算 (\($0.file) 的本年收入合计、本年支出合计; 未给出的行为模型测算), 模型测算列为模型的\(execution.year)年预算数" } ?? "年度预算为模型测算的\(execution.year)年预算数"
        let budgetEn = approved.map { "Budget is the approved budget (total income and expenditure of \($0.file); lines it lacks keep the model's), the model column is the model's \(execution.year) budget" } ?? "Budget is the model's \(execution.year) budget"
        var notes = [Label(
            "\(budgetZh); 完成率 = \(span.zh)累计执行 ÷ 年度预算; 序时进度 = 已过月数 ÷ 12; 按季节规律应完成 = 按季节曲线到当月末应完成的全年比例; 全年预计 = 累计执行 ÷ 序时进度(不按月数简单外推); 差额 = 全年预计 − 年度预算",
            "\(budgetEn); completion = actual \(span.en) ÷ budget; time elapsed = months ÷ 12; expected by now = the share of the year's total the seasonal profile expects by the month's end; full-year estimate = actual ÷ expected share (not a plain scale-up by months); estimate − budget is the gap")]
        for line in execution.lines {
            let name = label(line)
            let m = line.month
            let profile = profileText(line.profile, month: m, style: style)
            var zh = "\(name.zh): 按季节规律应完成 \(share(line.expectedShare)) \(profile.zh)"
            var en = "\(name.en): expected share \(share(line.expectedShare)) \(profile.en)"
            if let estimate = line.fullYearEstimate {
                let arithmetic = " = \(style.money(line.yearToDate)) ÷ \(share(line.expectedShare)) = \(style.money(estimate))"
                zh += "; 全年预计" + arithmetic
                en += "; estimate" + arithmetic
            }
            if let budget = line.budget, let completion = line.completion {
                let arithmetic = " = \(style.money(line.yearToDate)) ÷ \(style.money(budget)) = \(style.percent(completion))"
                zh += "; 完成率" + arithmetic
                en += "; completion" + arithmetic
            } else if line.budget == nil {
                zh += "; 情景无此险种, 无预算数"
                en += "; the scenario has no such scheme, so no budget"
            }
            notes.append(Label(zh, en))
            if !line.unusablePriorYears.isEmpty {
                let years = line.unusablePriorYears.map(String.init).joined(separator: ", ")
                notes.append(Label("\(name.zh): \(years)年数据缺\(Self.span(m).zh)或全年累计数, 未用作季节曲线",
                                   "\(name.en): \(years) lacks the \(Self.span(m).en) or full-year figure, so it gives no profile"))
            }
        }
        for p in execution.monthsPayable {
            let name = label(p)
            let end = Self.monthsEn[p.month - 1]
            if let spending = p.spending, let months = p.months {
                let result = style.plain(months, decimals: 2)
                notes.append(Label("\(name.zh) = \(p.month)月末结余 \(style.money(p.balance)) ÷ (\(Self.span(p.month).zh)支出 \(style.money(spending)) ÷ \(p.month)) = \(result)月",
                                   "\(name.en) = balance at the end of \(end) \(style.money(p.balance)) ÷ (spending \(Self.span(p.month).en) \(style.money(spending)) ÷ \(p.month)) = \(result) months"))
            } else {
                notes.append(Label("\(name.zh): 文件未给出\(Self.span(p.month).zh)支出, 无法计算",
                                   "\(name.en): the file gives no spending for \(Self.span(p.month).en), so none is computed"))
            }
            if let budgetMonths = budgetMonthsPayable[p.scheme] {
                let value = style.plain(budgetMonths, decimals: 2)
                notes.append(Label("\(name.zh): 年度预算列为模型测算的\(execution.year)年末可支付月数 \(value)",
                                   "\(name.en): the budget column is the model's months payable at the end of \(execution.year), \(value)"))
            }
        }
        if personalAccountBalanceGiven {
            notes.append(Label("个人账户结余归个人所有, 与预算表一致不计算可支付月数",
                               "Personal-account balances belong to their holders: as in the budget tables, no months payable"))
        }
        return notes
    }

    /// Where a profile's share comes from, in words with its figures.
    func profileText(_ profile: SeasonalProfile, month m: Int, style: NumberStyle) -> Label {
        switch profile.source {
        case .priorYear(let year, let cumulative):
            let given = cumulative[m].map { style.money($0) } ?? "—"
            let december = cumulative[12].map { style.money($0) } ?? "—"
            return Label("按\(year)年实际: \(Self.span(m).zh)累计 \(given) ÷ 全年 \(december)",
                         "from \(year) actuals: \(Self.span(m).en) \(given) ÷ full year \(december)")
        case .power(let basis):
            let text = powerText(basis, month: m)
            return Label("按默认季节曲线 " + text.zh, "from the default profile " + text.en)
        case .mixture(let parts):
            let total = parts.map(\.weight).reduce(0, +)
            let described = parts.map { part -> Label in
                let weight = style.percent(part.weight / total, decimals: 1)
                if case .power(let basis) = part.profile.source {
                    let text = powerText(basis, month: m)
                    return Label("\(weight) × \(text.zh)", "\(weight) × \(text.en)")
                }
                let value = style.percent(part.profile.share(atEndOf: m), decimals: 4)
                return Label("\(weight) × \(value)", "\(weight) × \(value)")
            }
            return Label("按职工与居民默认曲线以预算加权: " + described.map(\.zh).joined(separator: " + "),
                         "from the employee and resident defaults weighted by budget: " + described.map(\.en).joined(separator: " + "))
        }
    }

    func powerText(_ basis: SeasonalProfile.DefaultBasis, month m: Int) -> Label {
        let k = String(format: "%.4f", basis.exponent)
        switch basis {
        case .employeeContributions:
            return Label("(\(m)/12)^\(k) (k = ln(1,100/1,900) ÷ ln(6/12): 永丰县2009年上半年职工医保征缴1,100万元/任务1,900万元)",
                         "(\(m)/12)^\(k) (k = ln(1,100/1,900) ÷ ln(6/12): Yongfeng County collected 1,100 of its 1,900 (10k yuan) employee target by June 2009)")
        case .residentContributions:
            return Label("(\(m)/12)^\(k) (k = ln(153/400) ÷ ln(6/12): 永丰县2009年上半年居民医保收入153万元/任务400万元)",
                         "(\(m)/12)^\(k) (k = ln(153/400) ÷ ln(6/12): Yongfeng County's resident income was 153 of 400 (10k yuan) by June 2009)")
        case .spending:
            return Label("\(m)/12 (支出全年均衡)", "\(m)/12 (spending even through the year)")
        }
    }

    // MARK: CSV and JSON

    /// Every line in one table for CSV: `fund,code,item,budget_Y,ytd_M,completion,expected_share,full_year_estimate,gap`
    /// (the report table without 序时进度, which is the same for every line).
    public func flatTable(style: NumberStyle, language: Language) -> Table {
        let t = reportTable(style: style)
        let kept = t.columns.indices.filter { t.columns[$0].key != "time_elapsed" }
        let rows = t.rows.map { r in
            [String((r.code ?? "").prefix { $0 != "." }), r.code ?? ""]
                + kept.map { TextTables.cell(r.cells[$0], column: t.columns[$0], row: r, indent: false, style: style, language: language) }
        }
        let header = ["fund", "code", language.pick("项目", "item"), "budget_\(execution.year)", "ytd_\(execution.year)_1_\(execution.month)",
                      "completion", "expected_share", "full_year_estimate", "gap"] + (approved == nil ? [] : ["model_budget_\(execution.year)"])
        return Table(title: "", header: header, rows: rows, numeric: [false, false, false] + Array(repeating: true, count: header.count - 3))
    }

    /// The `"execution"` object of `budget --format json` (money in 元, shares as fractions).
    public func json() -> JSONValue {
        let rows: [JSONValue] = execution.lines.map { line in
            let l = label(line)
            return .object([
                ("code", .string(Self.code(line))), ("label_zh", .string(l.zh)), ("label_en", .string(l.en)),
                ("fund", .string(line.scheme.rawValue)), ("metric", .string(line.metric.rawValue)), ("month", .number(Double(line.month))),
                ("budget", .money(line.budget)), ("ytd", .money(line.yearToDate)), ("completion", .num(line.completion)),
                ("expected_share", .num(line.expectedShare)), ("full_year_estimate", .money(line.fullYearEstimate)),
                ("gap", .money(line.gap)), ("estimate_to_budget", .num(line.estimateToBudget)),
                ("profile", profileJSON(line.profile)),
            ] + (approved == nil ? [] : [("budget_source", .string(isApproved(line.key) ? "approved" : "model")), ("model_budget", .money(modelBudgets[line.key]))]))
        }
        let months: [JSONValue] = execution.monthsPayable.map { p in
            let l = label(p)
            return .object([
                ("fund", .string(p.scheme.rawValue)), ("label_zh", .string(l.zh)), ("label_en", .string(l.en)),
                ("month", .number(Double(p.month))), ("balance", .money(p.balance)), ("spending", .money(p.spending)),
                ("average_monthly_spending", .money(p.averageMonthlySpending)), ("months_payable", .num(p.months)),
                ("budget_months_payable", .num(budgetMonthsPayable[p.scheme])),
            ])
        }
        return .object([
            ("year", .number(Double(execution.year))), ("month", .number(Double(execution.month))),
            ("rows", .array(rows)), ("months_payable", .array(months)),
            ("notes", .array(notes(style: NumberStyle(unit: .yuan, grouping: false)).map { .object([("zh", .string($0.zh)), ("en", .string($0.en))]) })),
        ] + (approved.map { [("approved_budget", .string($0.file))] } ?? []))
    }

    func profileJSON(_ profile: SeasonalProfile) -> JSONValue {
        var pairs: [(String, JSONValue)]
        switch profile.source {
        case .priorYear(let year, let cumulative):
            pairs = [("source", .string("prior_year")), ("year", .number(Double(year))),
                     ("months", .array(cumulative.keys.sorted().map { .number(Double($0)) }))]
        case .power(let basis):
            pairs = [("source", .string("default")), ("basis", .string(basis.rawValue)), ("exponent", .num(basis.exponent))]
        case .mixture(let parts):
            pairs = [("source", .string("default_mixture")),
                     ("components", .array(parts.map { part in
                         if case .power(let basis) = part.profile.source {
                             return .object([("weight", .num(part.weight)), ("basis", .string(basis.rawValue)), ("exponent", .num(basis.exponent))])
                         }
                         return .object([("weight", .num(part.weight))])
                     }))]
        }
        pairs.append(("shares", .array(profile.shares.map { .num($0) })))
        return .object(pairs)
    }
}
