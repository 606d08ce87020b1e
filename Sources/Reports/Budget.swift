import Scenario
import Finance
import Projection

/// One line of a budget table (基金预算表): last year's actual or estimate (上年执行), this year's
/// budget (本年预算), the change (增减额) and change % (增减%).
public struct BudgetRow: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case money, persons, rate, months, ratio, moneyPerHead }
    /// Stable machine code, e.g. `income.employer_contributions`.
    public var code: String
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

    /// 增减%: relative change; nil for rates, ratios and a zero base.
    public var changePercent: Double? {
        guard let p = previous, let c = change, p != 0, kind != .rate else { return nil }
        return c / abs(p)
    }
}

/// The budget of one fund.
public struct BudgetTable: Sendable, Equatable {
    public var fund: Fund?
    /// JSON name of the table (`employee_pooled`, …, `drivers`).
    public var code: String
    public var title: Label
    public var rows: [BudgetRow]
}

/// A reported figure against the model's figure for the same year.
public struct ReconciliationRow: Sendable, Equatable {
    public var year: Int
    public var label: Label
    /// 元 or persons.
    public var reported: Double
    public var model: Double
    public var isMoney: Bool
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

    /// Builds the budget for `year` (default: the year after the base year).
    public init(_ result: ProjectionResult, year: Int? = nil) throws(BudgetError) {
        let y = year ?? result.scenario.baseYear + 1
        guard let current = result.year(y), !current.isBaseYear, let previous = result.year(y - 1) else {
            throw BudgetError(year: y, first: result.scenario.baseYear + 1, last: result.scenario.horizon)
        }
        self.year = y
        self.previousYear = y - 1
        self.previousIsBaseYear = previous.isBaseYear
        var tables: [BudgetTable] = []
        if let p = previous.employee, let c = current.employee {
            tables.append(Budget.pooledTable(p.pooled, c.pooled, balanceKnown: result.balanceKnown(.employeePooled)))
            tables.append(Budget.personalAccountTable(p.personalAccount, c.personalAccount))
        }
        if let p = previous.resident, let c = current.resident {
            tables.append(Budget.residentTable(p, c, balanceKnown: result.balanceKnown(.resident)))
        }
        tables.append(Budget.driversTable(result, previous, current))
        self.tables = tables
        self.reconciliation = Budget.reconcile(result, years: [previous.year, current.year])
        self.notes = Budget.notes(result, budgetYear: y)
    }

    static func money(_ code: String, _ zh: String, _ en: String, _ p: Double?, _ b: Double?, total: Bool = false) -> BudgetRow {
        BudgetRow(code: code, label: Label(zh, en), previous: p, budget: b, kind: .money, isTotal: total)
    }

    /// The closing lines every fund table ends with.
    /// Months payable are withheld (nil) when `monthsPayable` is false: no opening balance was reported.
    static func balanceRows(_ p: any FundAccount, _ c: any FundAccount, monthsPayable: Bool?) -> [BudgetRow] {
        var rows = [
            money("surplus", "三、当期结余", "III. Current surplus", p.surplus, c.surplus, total: true),
            money("balance", "四、年末滚存结余", "IV. Year-end balance", p.closingBalance, c.closingBalance, total: true),
            BudgetRow(code: "surplus_rate", label: Label("当期结余率", "Current surplus rate"), previous: p.surplusRate, budget: c.surplusRate, kind: .rate),
        ]
        if let known = monthsPayable {
            rows.append(BudgetRow(code: "months_payable", label: Label("可支付月数(月)", "Months payable"),
                                  previous: known ? p.monthsPayable : nil, budget: known ? c.monthsPayable : nil, kind: .months))
        }
        return rows
    }

    /// Rows of the base year's reported-minus-modelled income, shown only where the gap reaches 1 元.
    static func unexplained(_ p: Double, _ c: Double) -> [BudgetRow] {
        abs(p) < 1 && abs(c) < 1 ? [] : [money("income.unexplained", "  报告数与测算数差额", "  Reported minus modelled", p, c)]
    }

    /// A line shown only when it is non-zero in either column (optional rules a scenario may not use).
    static func optional(_ code: String, _ zh: String, _ en: String, _ p: Double, _ c: Double) -> [BudgetRow] {
        p == 0 && c == 0 ? [] : [money(code, zh, en, p, c)]
    }

    static let categoryLabels: [SpendingCategory.Kind: Label] = [
        .inpatient: Label("住院", "inpatient"), .outpatient: Label("门诊共济", "outpatient mutual aid"),
        .chronic: Label("门诊慢特病", "chronic and special diseases"),
    ]

    /// 其中 rows of benefits by category, and the rest outside any category.
    static func categoryRows(_ p: [CategoryAmount], _ c: [CategoryAmount], benefits: (Double, Double)) -> [BudgetRow] {
        guard !c.isEmpty else { return [] }
        var rows: [BudgetRow] = []
        for (i, cat) in c.enumerated() {
            let label = categoryLabels[cat.kind] ?? Label(cat.kind.rawValue, cat.kind.rawValue)
            rows.append(money("expenditure.category.\(cat.kind.rawValue)", "    其中: \(label.zh)", "    of which \(label.en)", i < p.count ? p[i].amount : nil, cat.amount))
        }
        let other = (benefits.0 - p.reduce(0) { $0 + $1.amount }, benefits.1 - c.reduce(0) { $0 + $1.amount })
        if abs(other.0) >= 1 || abs(other.1) >= 1 {
            rows.append(money("expenditure.category.other", "    其中: 其他待遇", "    of which other benefits", other.0, other.1))
        }
        return rows
    }

    static func pooledTable(_ p: PooledFundYear, _ c: PooledFundYear, balanceKnown: Bool) -> BudgetTable {
        var rows = [
            money("income.total", "一、基金收入", "I. Income", p.income, c.income, total: true),
            money("income.employer_contributions", "  职工缴费(划入统筹部分)", "  Employee-scheme contributions (pooled part)", p.employerContributions, c.employerContributions),
        ]
        rows += optional("income.flexible_contributions", "  灵活就业人员缴费", "  Flexible workers' contributions", p.flexibleContributions, c.flexibleContributions)
        rows += optional("income.retiree_contributions", "  退休人员缴费", "  Retirees' contributions", p.retireeContributions, c.retireeContributions)
        rows += optional("income.large_claims_premiums", "  大额医疗补助收入", "  Large-claims premiums", p.largeClaimsPremiums, c.largeClaimsPremiums)
        rows += optional("income.late_fees", "  滞纳金收入", "  Late-payment fees", p.lateFees, c.lateFees)
        rows += optional("income.buy_ins", "  补缴收入", "  Buy-in of missing years", p.buyIns, c.buyIns)
        rows += optional("income.transfers_in", "  转移收入", "  Transfers in", p.transfersIn, c.transfersIn)
        rows += [
            money("income.fiscal_subsidy", "  财政补贴收入", "  Fiscal subsidies", p.fiscalSubsidy, c.fiscalSubsidy),
            money("income.interest", "  利息收入", "  Interest", p.interest, c.interest),
            money("income.other", "  其他收入", "  Other income", p.otherIncome, c.otherIncome),
        ]
        rows += FinanceNotes.coverRows(p.deficitCover, c.deficitCover)
        rows += unexplained(p.unexplainedIncome, c.unexplainedIncome)
        rows += [
            money("expenditure.total", "二、基金支出", "II. Expenditure", p.expenditure, c.expenditure, total: true),
            money("expenditure.active_benefits", "  在职职工医疗待遇支出", "  Benefits of active members", p.activeBenefits, c.activeBenefits),
            money("expenditure.retiree_benefits", "  退休人员医疗待遇支出", "  Benefits of retirees", p.retireeBenefits, c.retireeBenefits),
        ]
        rows += categoryRows(p.categories, c.categories, benefits: (p.activeBenefits + p.retireeBenefits, c.activeBenefits + c.retireeBenefits))
        rows += optional("expenditure.large_claims", "  大额医疗费用支出", "  Large-claims payments", p.largeClaimsPayments, c.largeClaimsPayments)
        rows += optional("expenditure.maternity", "  生育待遇支出", "  Maternity benefits", p.maternityBenefits, c.maternityBenefits)
        rows += [
            money("expenditure.transfer_to_pa", "  划入退休人员个人账户", "  Transfer to retirees' personal accounts", p.transferToPersonalAccounts, c.transferToPersonalAccounts),
        ]
        rows += balanceRows(p, c, monthsPayable: balanceKnown)
        return BudgetTable(fund: .employeePooled, code: Fund.employeePooled.rawValue,
                           title: Label("职工基本医疗保险统筹基金", "Employee medical insurance: pooled fund"), rows: rows)
    }

    static func personalAccountTable(_ p: PersonalAccountYear, _ c: PersonalAccountYear) -> BudgetTable {
        var rows = [
            money("income.total", "一、基金收入", "I. Income", p.income, c.income, total: true),
            money("income.employee_contributions", "  个人缴费", "  Employee contributions", p.employeeContributions, c.employeeContributions),
            money("income.employer_share", "  单位缴费划入个人账户", "  Employer contributions credited", p.employerShare, c.employerShare),
            money("income.retiree_allocation", "  统筹基金划入(退休人员)", "  Allocation from the pooled fund (retirees)", p.retireeAllocation, c.retireeAllocation),
            money("income.interest", "  利息收入", "  Interest", p.interest, c.interest),
        ]
        rows += unexplained(p.unexplainedIncome, c.unexplainedIncome)
        rows += [
            money("expenditure.total", "二、基金支出", "II. Expenditure", p.expenditure, c.expenditure, total: true),
            money("expenditure.spending", "  个人账户支出", "  Personal-account spending", p.spending, c.spending),
        ]
        rows += balanceRows(p, c, monthsPayable: nil)
        return BudgetTable(fund: .employeePersonalAccount, code: Fund.employeePersonalAccount.rawValue,
                           title: Label("职工基本医疗保险个人账户", "Employee medical insurance: personal accounts"), rows: rows)
    }

    static func residentTable(_ p: ResidentFundYear, _ c: ResidentFundYear, balanceKnown: Bool) -> BudgetTable {
        var rows = [
            money("income.total", "一、基金收入", "I. Income", p.income, c.income, total: true),
            money("income.individual_contributions", "  个人缴费收入", "  Individual contributions", p.individualContributions, c.individualContributions),
            money("income.fiscal_subsidies", "  财政补助收入", "  Fiscal subsidies", p.fiscalSubsidies, c.fiscalSubsidies),
        ]
        if p.centralSubsidies != 0 || c.centralSubsidies != 0 {
            rows += [
                money("income.central_subsidies", "    其中: 中央财政补助", "    of which central government", p.centralSubsidies, c.centralSubsidies),
                money("income.local_subsidies", "    其中: 地方财政补助", "    of which local government", p.localSubsidies, c.localSubsidies),
            ]
        }
        rows += [
            money("income.interest", "  利息收入", "  Interest", p.interest, c.interest),
            money("income.other", "  其他收入", "  Other income", p.otherIncome, c.otherIncome),
        ]
        rows += FinanceNotes.coverRows(p.deficitCover, c.deficitCover)
        rows += unexplained(p.unexplainedIncome, c.unexplainedIncome)
        rows += [
            money("expenditure.total", "二、基金支出", "II. Expenditure", p.expenditure, c.expenditure, total: true),
            money("expenditure.benefits", "  医疗待遇支出", "  Benefits", p.benefits, c.benefits),
        ]
        rows += categoryRows(p.categories, c.categories, benefits: (p.benefits, c.benefits))
        rows += optional("expenditure.critical_illness", "  大病保险支出", "  Critical-illness insurance premiums", p.criticalIllnessPremiums, c.criticalIllnessPremiums)
        rows += balanceRows(p, c, monthsPayable: balanceKnown)
        return BudgetTable(fund: .resident, code: Fund.resident.rawValue,
                           title: Label("城乡居民基本医疗保险基金", "Resident medical insurance fund"), rows: rows)
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
        // Base-year income from drivers against reported income: the implied effective yield.
        if let base = result.years.first, let e = base.employee, let scheme = s.employee {
            let pairs: [(Double?, Double, String, String)] = [
                (scheme.baseYearActuals.pooledIncome, e.pooled.income - e.pooled.unexplainedIncome, "统筹基金收入", "pooled-fund income"),
                (scheme.baseYearActuals.personalAccountIncome, e.personalAccount.income - e.personalAccount.unexplainedIncome, "个人账户收入", "personal-account income"),
            ]
            for (reported, model, zh, en) in pairs {
                if let reported {
                    rows.append(ReconciliationRow(year: base.year, label: Label("\(zh)(报告数与驱动测算)", "\(en) (reported vs drivers)"), reported: reported, model: model, isMoney: true))
                }
            }
        }
        if let base = result.years.first, let r = base.resident, let reported = s.resident?.baseYearIncome {
            rows.append(ReconciliationRow(year: base.year, label: Label("居民医保收入(报告数与驱动测算)", "resident income (reported vs drivers)"), reported: reported, model: r.income - r.unexplainedIncome, isMoney: true))
        }
        for record in s.history where years.contains(record.year) {
            guard let y = result.year(record.year), let model = modelValue(record, y) else { continue }
            let isMoney = [.income, .expenditure, .balance].contains(record.metric)
            rows.append(ReconciliationRow(year: record.year, label: historyLabel(record), reported: record.value, model: model, isMoney: isMoney))
        }
        return rows
    }

    /// The model's figure for a history row; nil where the model has no such figure.
    static func modelValue(_ r: HistoryRecord, _ y: YearResult) -> Double? {
        let e = y.employee
        switch (r.scheme, r.metric) {
        // The pooled fund's transfer to retirees' accounts is internal to the scheme: counted once.
        case (.employee, .income): return e.map { $0.pooled.income + $0.personalAccount.income - $0.pooled.transferToPersonalAccounts }
        case (.employee, .expenditure): return e.map { $0.pooled.expenditure - $0.pooled.transferToPersonalAccounts + $0.personalAccount.expenditure }
        case (.employee, .balance): return e.map { $0.pooled.closingBalance + $0.personalAccount.closingBalance }
        case (.employee, .insured): return y.members.employeeInsured
        case (.employee, .active): return y.members.active
        case (.employee, .retired): return y.members.retired
        case (.employeePooled, .income): return e?.pooled.income
        case (.employeePooled, .expenditure): return e?.pooled.expenditure
        case (.employeePooled, .balance): return e?.pooled.closingBalance
        case (.employeePersonalAccount, .income): return e?.personalAccount.income
        case (.employeePersonalAccount, .expenditure): return e?.personalAccount.expenditure
        case (.employeePersonalAccount, .balance): return e?.personalAccount.closingBalance
        case (.resident, .income): return y.resident?.income
        case (.resident, .expenditure): return y.resident?.expenditure
        case (.resident, .balance): return y.resident?.closingBalance
        case (.resident, .insured): return y.resident?.insured
        default: return nil
        }
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

    static func notes(_ result: ProjectionResult, budgetYear: Int) -> [Label] {
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
            notes.append(Label("未提供\(name.0)基期年末结余: 结余按0起算, 仅反映基期后的累计变动, 可支付月数与结余类预警不适用",
                               "No base-year balance of the \(name.1) was given: balances start from 0 and show only the change since the base year; months payable and balance warnings do not apply"))
        }
        if result.membershipModel == "aggregate" {
            notes.append(Label("参保人数为总量模型(按给定人数与增长率推算), 未分年龄性别", "Member counts come from the aggregate model (given counts and growth rates), not by age and sex"))
        } else {
            let schedule = s.population.retirementSchedule.name
            notes.append(Label("参保人数由年龄结构模型推算: 人口按队列要素法(联合国WPP 2024年龄别死亡率、生育率)预测, 退休按\(schedule)法定退休年龄规定",
                               "Members come from the age-structured model: cohort-component population (UN WPP 2024 mortality and fertility), retirement by the \(schedule) statutory schedule"))
            notes.append(Label("女职工中干部岗位占比假设为\(wholeNumber(s.membership.femaleCadreShare * 100))%(membership.female_cadre_share), 请按本地数据设定",
                               "Share of working women in cadre posts assumed \(wholeNumber(s.membership.femaleCadreShare * 100))% (membership.female_cadre_share): set it from local data"))
        }
        if s.employee?.baseYearActuals.pooledIncome == nil, s.employee != nil {
            notes.append(Label("未提供基期统筹基金收入报告数: 上年执行数为驱动因素测算值", "No reported base-year pooled income: the previous-year column is modelled from drivers"))
        }
        notes += FinanceNotes.notes(result, budgetYear: budgetYear)
        notes.append(Label("因四舍五入, 分项之和与合计可能有尾差", "Items may not add to totals because of rounding"))
        return notes
    }
}

/// The budget year asked for is outside the projection.
public struct BudgetError: Error, Equatable, Sendable, CustomStringConvertible {
    public var year: Int
    public var first: Int
    public var last: Int
    public var description: String { "--year: expected a year from \(first) to \(last), found \(year)" }
}
