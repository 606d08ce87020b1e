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
    /// The model's months payable at the end of the budget year (same basis, unrounded), for funds whose balance is known.
    public var budgetMonthsPayable: [HistoryRecord.Scheme: Double]
    /// Whether the file gives a personal-account balance (reported, but given no months payable).
    public var personalAccountBalanceGiven: Bool
    /// The definition and rounding of months payable (`--months-payable`, `--round`).
    public var measure: MonthsPayableMeasure
    /// The approved budget (`--approved`) the 完成率 is measured against, where it gives the line.
    public var approved: ApprovedBudget?
    /// With an approved budget: the model's own budget-year figures, shown beside it (模型测算).
    public var modelBudgets: [ExecutionKey: Double] = [:]
    /// 市级统筹: which level this execution is of (nil for a scenario without `districts:`).
    public var part: Part? = nil
    /// For 全市: the parts' names in the order of ``ExecutionLine/Summed``, and the rows not summed.
    public var summedParts: [Label] = []
    public var unsummed: [ExecutionKey] = []
    /// For 全市: the approved-budget files of the levels measured against one.
    public var summedFromApproved: [String] = []

    /// One level of a city-level scenario with districts.
    public struct Part: Sendable, Equatable {
        /// Prefix of the table's and rows' codes: nil for the city level itself (its codes stay as without
        /// districts), the district file's stem for a district, `city_total` for 全市.
        public var code: String?
        /// 市本级 (the city scenario's region), the district's region, or 全市.
        public var name: Label
        public init(code: String?, name: Label) {
            self.code = code
            self.name = name
        }
        public static let cityTotal = Part(code: "city_total", name: Label("全市", "City total"))
    }

    /// 全市 = the city level + Σ districts (`parts`, the city level first; see ``BudgetExecution/consolidated(_:)``),
    /// with the parts' measure; the approved budget's file is kept for the notes when every part has one.
    public init(consolidating parts: [ExecutionReport]) {
        let (execution, unsummed) = BudgetExecution.consolidated(parts.map(\.execution))
        self.execution = execution
        self.unsummed = unsummed
        self.measure = parts.first?.measure ?? .standard
        self.budgetMonthsPayable = [:]
        self.personalAccountBalanceGiven = parts.contains { $0.personalAccountBalanceGiven }
        self.part = .cityTotal
        self.summedParts = parts.map { $0.part?.name ?? Label("市本级", "City level") }
        self.summedFromApproved = parts.compactMap { $0.approved?.file }
    }

    /// The execution of `year` (the budget year) from the file's records, against the `approved`
    /// budget's rows where it gives them, else the model's budget.
    public init(_ result: ProjectionResult, records: [YearToDateRecord], year: Int, approved: ApprovedBudget? = nil,
                measure: MonthsPayableMeasure = .standard) {
        let model = ExecutionReport.budgets(result, year: year)
        let budgets = model.merging(approved.map(ExecutionReport.budgets) ?? [:]) { _, approved in approved }
        execution = BudgetExecution(records: records, year: year, budgets: budgets,
                                    settings: result.scenario.execution, basis: measure.basis)
        self.approved = approved
        self.measure = measure
        if approved != nil { modelBudgets = model }
        var months: [HistoryRecord.Scheme: Double] = [:]
        if let y = result.year(year) {
            if result.balanceKnown(.employeePooled), let m = y.employee?.monthsPayable(measure.basis) { months[.employeePooled] = m }
            if result.balanceKnown(.resident), let m = y.resident?.monthsPayable { months[.resident] = m }
        }
        budgetMonthsPayable = months
        personalAccountBalanceGiven = records.contains { $0.year == year && $0.scheme == .employeePersonalAccount && $0.row == .closingBalance }
        self.measure = measure
    }

    /// The budget year's figures per scheme and official row, 元, as the budget tables state them.
    /// 基本医疗保险费收入 holds every contribution (补缴 included); 其他收入 the late fees (1020399);
    /// 待遇支出 every benefit (生育 a 其中 row). The employee scheme as a whole (`employee`) nets
    /// out the pooled fund's allocation to retirees' accounts, which is income of the accounts and
    /// spending of the pooled fund but neither for the scheme; `total` adds the resident fund.
    public static func budgets(_ result: ProjectionResult, year: Int) -> [ExecutionKey: Double] {
        guard let y = result.year(year) else { return [:] }
        var b: [ExecutionKey: Double] = [:]
        // Every flow row at the figure the budget table prints for it (小计, 转移支出, 其他支出, 其中 rows
        // included), so each line a year-to-date file reports is measured against its own budget.
        func set(_ scheme: HistoryRecord.Scheme, _ lines: BudgetLineValues) {
            for (line, value) in lines where YearToDateRecord.kind(of: line) == .flow { b[ExecutionKey(scheme, line)] = value }
        }
        if let e = y.employee {
            let (p, a) = (Budget.lines(e.pooled), Budget.lines(e.personalAccount))
            set(.employeePooled, p)
            set(.employeePersonalAccount, a)
            set(.employee, Budget.combined(p, a))
        }
        if let r = y.resident { set(.resident, Budget.lines(r)) }
        for row in [BudgetLine.incomeTotal, .expenditureTotal] {
            let parts = [b[ExecutionKey(.employee, row)], b[ExecutionKey(.resident, row)]].compactMap { $0 }
            if !parts.isEmpty { b[ExecutionKey(.total, row)] = parts.reduce(0, +) }
        }
        return b
    }

    /// An approved budget's flow lines per scheme, 元: every income and spending row the file gives
    /// (items, 其中 rows, subtotals, inter-level flows), and each fund's 本年收入合计 and 本年支出合计
    /// (``ApprovedBudget/total(_:_:)``, derived from the items when not printed); all schemes together
    /// when both the employee and resident funds give their totals. Balances and 总计 are not flows.
    public static func budgets(_ approved: ApprovedBudget) -> [ExecutionKey: Double] {
        var b: [ExecutionKey: Double] = [:]
        let stocks: Set<BudgetLine> = [.openingBalance, .incomeGrandTotal, .expenditureGrandTotal, .surplus, .closingBalance]
        for fund in PublishedTable.fundNames {
            for line in BudgetLine.allCases where !stocks.contains(line) {
                if let amount = approved.amount(fund, line) { b[ExecutionKey(fund, line)] = amount }
            }
            for (row, side) in [(BudgetLine.incomeTotal, BudgetLine.Side.income), (.expenditureTotal, .expenditure)] {
                if let total = approved.total(fund, side) { b[ExecutionKey(fund, row)] = total }
            }
        }
        for row in [BudgetLine.incomeTotal, .expenditureTotal] {
            if let e = b[ExecutionKey(.employee, row)], let r = b[ExecutionKey(.resident, row)] { b[ExecutionKey(.total, row)] = e + r }
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

    /// `职工医保统筹基金收入` / `Pooled fund: income` for the totals; `居民医保基本医疗保险费收入` /
    /// `Resident scheme: Insurance contributions` for the other rows.
    static func lineName(_ s: HistoryRecord.Scheme, _ row: BudgetLine) -> Label {
        let name = schemeName(s)
        let fund = [.employeePooled, .employeePersonalAccount].contains(s) ? "" : "基金"
        switch row {
        case .incomeTotal: return Label("\(name.zh)\(fund)收入", "\(name.en): income")
        case .expenditureTotal: return Label("\(name.zh)\(fund)支出", "\(name.en): expenditure")
        default: return Label("\(name.zh)\(row.chineseName)", "\(name.en): \(row.englishName)")
        }
    }

    static let monthsEn = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `1–6月` / `Jan–Jun`.
    static func span(_ month: Int) -> Label {
        let m = min(12, max(1, month))
        return m == 1 ? Label("1月", "Jan") : Label("1–\(m)月", "Jan–\(monthsEn[m - 1])")
    }

    /// Stable machine code of a line: `employee.income` and `employee_pooled.expenditure` for the
    /// totals (as the first version of the file named them), `resident.fiscal_subsidy` for the others.
    public static func code(_ line: ExecutionLine) -> String {
        let row = YearToDateRecord.metricRows.first { $0.row == line.row }?.name ?? line.row.rawValue
        return "\(line.scheme.rawValue).\(row)"
    }

    /// A code with this level's prefix (`district-a.resident.income`, `city_total.resident.income`).
    func prefixed(_ code: String) -> String {
        part?.code.map { "\($0).\(code)" } ?? code
    }

    func label(_ line: ExecutionLine) -> Label {
        var label = Self.lineName(line.scheme, line.row)
        if line.month != execution.month {
            let span = Self.span(line.month)
            label = Label(label.zh + "(\(span.zh))", label.en + " (\(span.en))")
        }
        return label
    }

    /// The months-payable row's name, saying which balance over which spending where it is not the fund's own.
    func label(_ p: YearToDateMonthsPayable) -> Label {
        let end = Label("\(p.month)月末", "end of \(Self.monthsEn[p.month - 1])")
        switch p.basis {
        case .pooled:
            let s = Self.schemeName(p.scheme)
            return Label("\(s.zh)可支付月数(\(end.zh))", "\(s.en): months payable (\(end.en))")
        case .employee, .total:
            let basis = Self.basisLabel(p.basis)
            return Label("\(basis.zh)(\(end.zh))", "\(basis.en) (\(end.en))")
        }
    }

    /// What a months-payable basis divides, as a row name.
    public static func basisLabel(_ basis: MonthsPayableBasis) -> Label {
        switch basis {
        case .pooled: return Label("统筹基金可支付月数", "Pooled fund: months payable")
        case .employee: return Label("职工医保可支付月数(统筹+个账结余÷职工医保月均支出)", "Employee scheme: months payable (pooled + account balances ÷ scheme spending)")
        case .total: return Label("统筹基金可支付月数(统筹结余÷职工医保月均总支出)", "Pooled fund: months payable (pooled balance ÷ total scheme spending)")
        }
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
        // 序时进度: the share of the year gone by at the line's own month (a line the file gives to an
        // earlier month than the report's says so in its label).
        var rows = execution.lines.map { line in
            ReportRow(code: prefixed(Self.code(line)), cells: [.label(label(line)), .of(line.budget, .money), .of(line.yearToDate, .money),
                                                     .of(line.completion, .rate), .of(line.timeElapsed, .rate), .of(line.expectedShare, .rate),
                                                     .of(line.fullYearEstimate, .money), .of(line.gap, .money)]
                          + (approved == nil ? [] : [.of(modelBudgets[line.key], .money)]),
                      level: line.row.parent == nil ? 0 : 1)
        }
        for (i, p) in execution.monthsPayable.enumerated() {
            rows.append(ReportRow(code: prefixed("\(p.scheme.rawValue).months_payable"),
                                  cells: [.label(label(p)), .of(measure.reported(budgetMonthsPayable[p.scheme]), .months), .of(measure.reported(p.months), .months)]
                                      + Array(repeating: .notApplicable, count: approved == nil ? 5 : 6),
                                  isTotal: i == 0, decimals: 2))
        }
        if approved != nil { columns.append(ReportColumn("model_budget_\(execution.year)", Label("模型测算(\(execution.year))", "Model (\(execution.year))"))) }
        let name = part?.name
        return ReportTable(code: prefixed("execution"),
                           title: Label((name.map { "\($0.zh) " } ?? "") + "预算执行情况 (\(span.zh))", (name.map { "\($0.en): " } ?? "") + "Budget execution (\(span.en))"),
                           shortTitle: Label((name?.zh ?? "") + "预算执行", (name.map { "\($0.en) " } ?? "") + "Execution"), caption: .money, columns: columns, rows: rows,
                           notes: notes(style: style))
    }

    /// The notes under the table: what each column means, then each row's profile and the division made.
    public func notes(style: NumberStyle) -> [Label] {
        let share: (Double) -> String = { style.percent($0, decimals: 4) }
        let span = Self.span(execution.month)
        let approvedFiles = Set(summedFromApproved).sorted().joined(separator: ", ")
        let summedBudget: Label? = summedParts.isEmpty ? nil : summedFromApproved.isEmpty
            ? Label("年度预算为各级模型测算的\(execution.year)年预算数之和", "Budget is the sum of the levels' model budgets for \(execution.year)")
            : Label("年度预算为各级年度预算之和 (批复预算 \(approvedFiles) 中各级的列给出的行, 其余为模型测算)",
                    "Budget is the sum of the levels' budgets (the rows each level's column of the approved budget \(approvedFiles) gives, the model's elsewhere)")
        let budgetZh = summedBudget?.zh ?? approved.map { "年度预算为批复预算 (\($0.file) 给出的各行及本年收入合计、本年支出合计; 未给出的行为模型测算), 模型测算列为模型的\(execution.year)年预算数" } ?? "年度预算为模型测算的\(execution.year)年预算数"
        let budgetEn = summedBudget?.en ?? approved.map { "Budget is the approved budget (the rows \($0.file) gives, and its total income and expenditure; lines it lacks keep the model's), the model column is the model's \(execution.year) budget" } ?? "Budget is the model's \(execution.year) budget"
        var notes = [Label(
            "\(budgetZh); 完成率 = \(span.zh)累计执行 ÷ 年度预算; 序时进度 = 已过月数 ÷ 12; 按季节规律应完成 = 按该行季节曲线到当月末应完成的全年比例; 全年预计 = 累计执行 ÷ 按季节规律应完成 (曲线为直线时即 ÷ 序时进度); 差额 = 全年预计 − 年度预算. 各地缴费与拨付时间不同, 季节曲线按情景 execution 设置、上年同行月度数据或下注默认选取",
            "\(budgetEn); completion = actual \(span.en) ÷ budget; time elapsed = months ÷ 12; expected by now = the share of the year's total the line's seasonal profile expects by the month's end; full-year estimate = actual ÷ expected share (÷ time elapsed where the profile is the straight line); estimate − budget is the gap. Regions collect and disburse at different times: each line's profile comes from the scenario's execution settings, prior-year monthly rows of the line, or the default named below")]
        if !summedParts.isEmpty {
            let names = summedParts.map(\.zh).joined(separator: " + "), namesEn = summedParts.map(\.en).joined(separator: " + ")
            notes.append(Label("全市 = \(names), 逐行相加 (年度预算、累计执行、全年预计各自相加, 完成率按合计重算); 各级之间的上级补助/补助下级、上解上级/下级上解为内部往来, 每对按两侧合计的较小者从两侧及本年收入合计、本年支出合计中抵消",
                               "City total = \(namesEn), row by row (budget, actual and estimate each summed; completion recomputed from the sums); subsidies and remittances between the levels are internal: each pair is netted by the smaller of its two sums, on both rows and on total income and expenditure"))
            if !unsummed.isEmpty {
                let rows = unsummed.map { Self.lineName($0.scheme, $0.row) }
                notes.append(Label("未汇总(并非每一级都给出该行, 或月份不同): " + rows.map(\.zh).joined(separator: "、"),
                                   "Not summed (not every level gives the row, or at another month): " + rows.map(\.en).joined(separator: ", ")))
            }
        }
        for line in execution.lines {
            let name = label(line)
            let m = line.month
            if let summed = line.summed {
                notes.append(summedNote(line, summed, name: name, style: style))
                continue
            }
            let profile = profileText(line.profile, month: m, style: style)
            let divisor = line.profile.isEven ? Label("序时进度", "time elapsed") : Label("季节占比", "seasonal share")
            var zh: String, en: String
            if let estimate = line.fullYearEstimate {
                let arithmetic = "\(style.money(line.yearToDate)) ÷ "
                zh = "\(name.zh): 全年预计 = 累计 \(arithmetic)\(divisor.zh) \(share(line.expectedShare)) = \(style.money(estimate)) (\(profile.zh))"
                en = "\(name.en): estimate = actual \(arithmetic)\(divisor.en) \(share(line.expectedShare)) = \(style.money(estimate)) (\(profile.en))"
            } else {
                zh = "\(name.zh): 按季节规律到\(m)月末应完成 \(share(line.expectedShare)) (\(profile.zh)), 不据此推算全年"
                en = "\(name.en): the profile expects \(share(line.expectedShare)) by the end of \(Self.monthsEn[m - 1]) (\(profile.en)), so no full-year estimate is made"
                // Money arrived that the curve says should not have yet: the curve does not fit this year.
                if line.yearToDate >= 0.5 {
                    zh += "; 但已执行 \(style.money(line.yearToDate)), 与该曲线不符: 本地若集中在年初到账, 可设 execution.preset: q1_premiums 或 execution.profiles"
                    en += "; yet \(style.money(line.yearToDate)) has arrived, which the curve does not allow: where it arrives early in the year, set execution.preset: q1_premiums or execution.profiles"
                }
            }
            if let budget = line.budget, let completion = line.completion {
                let arithmetic = " = \(style.money(line.yearToDate)) ÷ \(style.money(budget)) = \(style.percent(completion))"
                zh += "; 完成率" + arithmetic
                en += "; completion" + arithmetic
            } else if line.budget == nil {
                zh += "; 无此行预算数"
                en += "; no budget for this row"
            }
            notes.append(Label(zh, en))
            if !line.unusablePriorYears.isEmpty {
                let years = line.unusablePriorYears.map(String.init).joined(separator: ", ")
                notes.append(Label("\(name.zh): \(years)年数据缺\(Self.span(m).zh)或全年累计数(或全年累计为0、逐月下降), 未用作季节曲线",
                                   "\(name.en): \(years) lacks the \(Self.span(m).en) or full-year figure (or its full year is 0, or it falls), so it gives no profile"))
            }
        }
        for p in execution.monthsPayable {
            let name = label(p)
            let end = Self.monthsEn[p.month - 1]
            if let spending = p.spending, let months = p.months {
                let result = style.plain(measure.rounding.apply(months), decimals: 2)
                let rounding = measure.rounding == .down ? Label(", 截尾", ", truncated") : Label("", "")
                let balanceZh = p.basis == .employee ? "统筹基金与个人账户结余" : "结余"
                let spendingZh = p.basis == .pooled ? "支出" : "职工医保支出"
                notes.append(Label("\(name.zh) = \(p.month)月末\(balanceZh) \(style.money(p.balance)) ÷ (\(Self.span(p.month).zh)\(spendingZh) \(style.money(spending)) ÷ \(p.month)) = \(result)月\(rounding.zh)",
                                   "\(name.en) = balance at the end of \(end) \(style.money(p.balance)) ÷ (spending \(Self.span(p.month).en) \(style.money(spending)) ÷ \(p.month)) = \(result) months\(rounding.en)"))
            } else if let spending = p.spending, spending <= 0 {
                // Given, but nothing was spent: a balance over no spending is no number of months.
                notes.append(Label("\(name.zh): \(Self.span(p.month).zh)支出为 \(style.money(spending)), 无支出可比, 不计算可支付月数",
                                   "\(name.en): spending \(Self.span(p.month).en) is \(style.money(spending)): with nothing spent there are no months to count"))
            } else {
                notes.append(Label("\(name.zh): 文件未给出\(Self.span(p.month).zh)所需的支出或个人账户结余, 无法计算",
                                   "\(name.en): the file gives no spending (or account balance) needed for \(Self.span(p.month).en), so none is computed"))
            }
            if let budgetMonths = budgetMonthsPayable[p.scheme] {
                let value = style.plain(measure.rounding.apply(budgetMonths), decimals: 2)
                notes.append(Label("\(name.zh): 年度预算列为模型测算的\(execution.year)年末可支付月数 \(value)",
                                   "\(name.en): the budget column is the model's months payable at the end of \(execution.year), \(value)"))
            }
        }
        if personalAccountBalanceGiven, measure.basis != .employee {
            notes.append(Label("个人账户结余归个人所有, 与预算表一致不计算可支付月数",
                               "Personal-account balances belong to their holders: as in the budget tables, no months payable"))
        }
        return notes
    }

    /// A 全市 line's note: the parts' figures added, the internal flow taken out, the completion of the sums.
    func summedNote(_ line: ExecutionLine, _ summed: ExecutionLine.Summed, name: Label, style: NumberStyle) -> Label {
        let ytd = summed.yearToDates.map { style.money($0) }.joined(separator: " + ")
        let netted = summed.nettedYearToDate != 0 ? " − \(style.money(summed.nettedYearToDate))" : ""
        var zh = "\(name.zh): 累计 = \(ytd)\(netted) = \(style.money(line.yearToDate))"
        var en = "\(name.en): actual = \(ytd)\(netted) = \(style.money(line.yearToDate))"
        if let estimate = line.fullYearEstimate {
            let parts = summed.estimates.map { $0.map { style.money($0) } ?? "—" }.joined(separator: " + ")
            let nettedEstimate = summed.nettedEstimate != 0 ? " − \(style.money(summed.nettedEstimate))" : ""
            zh += "; 全年预计 = 各级全年预计之和 \(parts)\(nettedEstimate) = \(style.money(estimate))"
            en += "; estimate = Σ the levels' estimates \(parts)\(nettedEstimate) = \(style.money(estimate))"
        } else {
            zh += "; 有一级按季节规律到\(line.month)月末应完成为0, 不推算全市全年"
            en += "; a level's profile expects nothing by the end of \(Self.monthsEn[line.month - 1]), so no city-wide estimate is made"
        }
        if let budget = line.budget, let completion = line.completion {
            zh += "; 完成率 = \(style.money(line.yearToDate)) ÷ \(style.money(budget)) = \(style.percent(completion))"
            en += "; completion = \(style.money(line.yearToDate)) ÷ \(style.money(budget)) = \(style.percent(completion))"
        }
        return Label(zh, en)
    }

    /// Where a profile's share comes from, in words with its figures.
    func profileText(_ profile: SeasonalProfile, month m: Int, style: NumberStyle) -> Label {
        switch profile.source {
        case .priorYears(let years):
            let parts = years.map { y -> (String, String) in
                let given = y.cumulative[m].map { style.money($0) } ?? "—"
                let december = y.cumulative[12].map { style.money($0) } ?? "—"
                return ("\(given) ÷ \(december)", "\(given) ÷ \(december)")
            }
            let yearList = years.map { String($0.year) }.joined(separator: "、")
            if years.count == 1 {
                return Label("按\(yearList)年实际: \(Self.span(m).zh)累计 \(parts[0].0)(全年)", "from \(yearList) actuals: \(Self.span(m).en) \(parts[0].1) (full year)")
            }
            let sum = parts.map(\.0).joined(separator: " + ")
            return Label("按\(yearList)年实际\(Self.span(m).zh)累计占全年比例的平均: (\(sum)) ÷ \(years.count)",
                         "mean of the \(Self.span(m).en) shares of \(yearList): (\(sum)) ÷ \(years.count)")
        case .shape(let shape, let choice):
            return Self.shapeText(shape, choice: choice)
        case .mixture(let parts):
            let total = parts.map(\.weight).reduce(0, +)
            let described = parts.map { part -> Label in
                let weight = style.percent(part.weight / total, decimals: 1)
                let value = style.percent(part.profile.share(atEndOf: m), decimals: 2)
                let name = BudgetLine(rawValue: part.name).map { Label($0.chineseName, $0.englishName) }
                    ?? HistoryRecord.Scheme(rawValue: part.name).map { Self.schemeName($0) } ?? Label(part.name, part.name)
                return Label("\(name.zh) \(weight) × \(value)", "\(name.en) \(weight) × \(value)")
            }
            return Label("各项按预算加权: " + described.map(\.zh).joined(separator: " + "),
                         "items weighted by budget: " + described.map(\.en).joined(separator: " + "))
        }
    }

    /// A shape in words, with why it was chosen and its source.
    static func shapeText(_ shape: SeasonalShape, choice: ExecutionSettings.Choice) -> Label {
        let described: Label = switch shape {
        case .even: Label("序时进度 m/12", "the straight line m/12")
        case .q1Lump: Label("一季度集中到账(1–3月各1/3)", "booked in Q1 (a third each January–March)")
        case .q4Lump: Label("四季度集中到账(10–12月各1/3)", "booked in Q4 (a third each October–December)")
        case .quarterlyTranches: Label("按季分四次拨付(每季末1/4)", "four tranches, one at each quarter's end")
        case .decemberPeak: Label("按月支出、12月清算加计一个月(m/13, 12月末100%)", "monthly with a December settlement worth a month (m/13; 100% at December's end)")
        }
        switch choice {
        case .scenario(let key):
            return Label("\(described.zh), 情景 execution.profiles.\(key)", "\(described.en), scenario execution.profiles.\(key)")
        case .straightLine:
            return Label("\(described.zh), fundcast 默认: 无月度数据或公开依据支持其他曲线时按序时进度",
                         "\(described.en), the fundcast default where no monthly data or published note supports another curve")
        case .preset(let preset):
            switch preset {
            case .q4Premiums:
                return Label("\(described.zh), 情景预设 q4_premiums (默认): 国家医保局月度统计表注「居民医保个人缴费收入一般集中在第四季度到账」; 各地不同, 如贵州集中在一季度 (execution.preset: q1_premiums)",
                             "\(described.en), preset q4_premiums (the default): the national medical-security administration's monthly tables note that resident premiums mostly arrive in Q4; regions differ, e.g. Guizhou collects in Q1 (execution.preset: q1_premiums)")
            case .q1Premiums:
                return Label("\(described.zh), 情景预设 q1_premiums (如贵州省医疗保障局2025年2月主要指标: 居民医保收入123.46亿元, 支出45.55亿元)",
                             "\(described.en), preset q1_premiums (e.g. Guizhou's February 2025 figures: resident income 12.346 bn yuan against spending 4.555 bn)")
            case .straightLine:
                return Label("\(described.zh), 情景预设 straight_line", "\(described.en), preset straight_line")
            }
        }
    }

    // MARK: CSV and JSON

    /// Every line in one table for CSV: `fund,code,item,budget_Y,ytd_M,completion,expected_share,full_year_estimate,gap`
    /// (the report table without 序时进度, `m/12` of the report's month, or of the month in a line's label).
    public func flatTable(style: NumberStyle, language: Language) -> Table {
        let t = reportTable(style: style)
        let kept = t.columns.indices.filter { t.columns[$0].key != "time_elapsed" }
        let district = part.map { [language.pick($0.name.zh, $0.name.en)] } ?? []
        let rows = t.rows.map { r in
            district + [String((r.code ?? "").dropFirst(part?.code.map { $0.count + 1 } ?? 0).prefix { $0 != "." }), r.code ?? ""]
                // The item as text, the figures as plain numbers (money to the 分 in the unit, rates as fractions), as the budget's CSV.
                + kept.map { $0 == 0 ? TextTables.cell(r.cells[$0], column: t.columns[$0], row: r, indent: false, style: style, language: language)
                                     : ReportCSV.field(r.cells[$0], unit: style.unit, language: language) }
        }
        // Each row's own month (a line reported to March beside others to June) and the money unit, as the budget's CSV has them.
        let months = t.rows.map { r in execution.lines.first { prefixed(Self.code($0)) == r.code }.map { String($0.month) } ?? "" }
        let rowsWithMonth = zip(rows, months).map { row, month in Array(row.prefix(part == nil ? 3 : 4)) + [style.unit.rawValue, month] + Array(row.dropFirst(part == nil ? 3 : 4)) }
        let header = (part == nil ? [] : ["district"]) + ["fund", "code", language.pick("项目", "item"), language.pick("单位", "unit"), "month", "budget_\(execution.year)", "ytd_\(execution.year)_1_\(execution.month)",
                      "completion", "expected_share", "full_year_estimate", "gap"] + (approved == nil ? [] : ["model_budget_\(execution.year)"])
        let labels = part == nil ? 5 : 6
        return Table(title: "", header: header, rows: rowsWithMonth, numeric: Array(repeating: false, count: labels) + Array(repeating: true, count: header.count - labels))
    }

    /// The `"execution"` object of `budget --format json` (money in 元, shares as fractions; months
    /// payable as reported, rounded by `--round`, with the unrounded figure beside it).
    public func json() -> JSONValue {
        let rows: [JSONValue] = execution.lines.map { line in
            let l = label(line)
            return .object([
                ("code", .string(prefixed(Self.code(line)))), ("label_zh", .string(l.zh)), ("label_en", .string(l.en)),
                ("fund", .string(line.scheme.rawValue)), ("row", .string(line.row.rawValue)), ("month", .number(Double(line.month))),
                ("budget", .money(line.budget)), ("ytd", .money(line.yearToDate)), ("completion", .num(line.completion)),
                ("time_elapsed", .num(line.timeElapsed)), ("expected_share", .num(line.expectedShare)),
                ("full_year_estimate", .money(line.fullYearEstimate)),
                ("gap", .money(line.gap)), ("estimate_to_budget", .num(line.estimateToBudget)),
                ("profile", line.summed.map { summed in
                    .object([("source", .string("sum_of_levels")), ("levels", .array(summedParts.map { .string($0.zh) })),
                             ("ytd", .array(summed.yearToDates.map { .money($0) })), ("estimates", .array(summed.estimates.map { .money($0) })),
                             ("netted_ytd", .money(summed.nettedYearToDate)), ("netted_budget", .money(summed.nettedBudget)),
                             ("netted_estimate", .money(summed.nettedEstimate))])
                } ?? profileJSON(line.profile)),
            ] + (approved == nil ? [] : [("budget_source", .string(isApproved(line.key) ? "approved" : "model")), ("model_budget", .money(modelBudgets[line.key]))]))
        }
        let months: [JSONValue] = execution.monthsPayable.map { p in
            let l = label(p)
            return .object([
                ("fund", .string(p.scheme.rawValue)), ("label_zh", .string(l.zh)), ("label_en", .string(l.en)),
                ("basis", .string(p.basis.rawValue)), ("rounding", .string(measure.rounding.rawValue)),
                ("month", .number(Double(p.month))), ("balance", .money(p.balance)), ("spending", .money(p.spending)),
                ("average_monthly_spending", .money(p.averageMonthlySpending)), ("months_payable", .num(measure.reported(p.months))),
                ("months_payable_unrounded", .num(p.months)),
                ("budget_months_payable", .num(measure.reported(budgetMonthsPayable[p.scheme]))),
            ])
        }
        let level: [(String, JSONValue)] = part.map { p in
            [("part", .object([("code", p.code.map { .string($0) } ?? .null), ("name_zh", .string(p.name.zh)), ("name_en", .string(p.name.en))]))]
        } ?? []
        return .object(level + [
            ("year", .number(Double(execution.year))), ("month", .number(Double(execution.month))),
            ("rows", .array(rows)), ("months_payable", .array(months)),
            ("notes", .array(notes(style: NumberStyle(unit: .yuan, grouping: false)).map { .object([("zh", .string($0.zh)), ("en", .string($0.en))]) })),
        ] + (approved.map { [("approved_budget", .string($0.file))] } ?? []))
    }

    func profileJSON(_ profile: SeasonalProfile) -> JSONValue {
        var pairs: [(String, JSONValue)]
        switch profile.source {
        case .priorYears(let years):
            pairs = [("source", .string("prior_year")), ("years", .array(years.map { .number(Double($0.year)) })),
                     ("months", .array(Set(years.flatMap { $0.cumulative.keys }).sorted().map { .number(Double($0)) }))]
        case .shape(let shape, let choice):
            let origin: String = switch choice {
            case .scenario(let key): "scenario:" + key
            case .preset(let preset): "preset:" + preset.rawValue
            case .straightLine: "default"
            }
            pairs = [("source", .string("shape")), ("shape", .string(shape.rawValue)), ("chosen_by", .string(origin))]
        case .mixture(let parts):
            pairs = [("source", .string("mixture")),
                     ("components", .array(parts.map { .object([("name", .string($0.name)), ("weight", .num($0.weight)), ("profile", profileJSON($0.profile))]) }))]
        }
        pairs.append(("shares", .array(profile.shares.map { .num($0) })))
        return .object(pairs)
    }
}
