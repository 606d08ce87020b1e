import Scenario
import Finance
import Projection

/// Why each budget line moves from the previous year to the budget year (`budget --attribution`):
/// every line written as a product of drivers and its change split exactly by LMDI-I
/// (``Attribution/lmdi(from:to:)``), so the parts add up to the line's 增减额 with no residual.
///
/// Contributions: `payers × average base × rate × collection rate`, the rate being the share of the
/// base that lands in this line (the pooled part: employer rate less what accounts are credited;
/// the accounts: the employee rate or the employer share credited). Resident individual
/// contributions: `insured × per-capita contribution × collection rate`; fiscal subsidies:
/// `insured × per-capita subsidy standard`.
///
/// Spending: `members × cost weight per member (age–state mix) × unit cost × policy factor`, plus
/// the change of categories the scenario decomposes (cost per claimant, caps), which is policy too.
/// Unit cost is the base-year cost per weight grown with `medical_inflation`, which covers price and
/// volume together: utilisation is not separable from price in the current model, so its column is
/// empty. The transfer to retirees' accounts is `retirees × allocation per retiree`.
/// Not decomposed: personal-account spending (a calibrated share of what the accounts hold, so it
/// follows their income and balance), large-claims payments, flexible workers' and other income.
public struct DriverAttribution: Sendable {
    /// The causes a line's change is split into.
    public enum Factor: String, Sendable, CaseIterable {
        case payers, averageBase = "average_base", rate, collectionRate = "collection_rate"
        case insured, ageing, utilisation, unitPrice = "unit_price", policy

        public var label: Label {
            switch self {
            case .payers: return Label("人数", "Payers")
            case .averageBase: return Label("人均基数/标准", "Base per head")
            case .rate: return Label("费率", "Rate")
            case .collectionRate: return Label("征缴率", "Collection")
            case .insured: return Label("参保人数", "Insured")
            case .ageing: return Label("年龄结构", "Ageing (age–state mix)")
            case .utilisation: return Label("就医频次", "Utilisation")
            case .unitPrice: return Label("人均费用", "Unit cost")
            case .policy: return Label("待遇政策", "Policy")
            }
        }

        static let contribution: [Factor] = [.payers, .averageBase, .rate, .collectionRate]
        static let spending: [Factor] = [.insured, .ageing, .utilisation, .unitPrice, .policy]
    }

    public struct Line: Sendable, Equatable {
        public var fund: Fund
        /// The line's code: the official row's (`allocation_to_personal_accounts`, `benefits`) when the line
        /// is the whole row, else `<row>.<component>` (`contributions.employer_pooled`, `benefits.active`).
        public var code: String
        /// The official row of the fund's budget table the line is, or is part of.
        public var row: BudgetLine {
            BudgetLine(rawValue: String(code.prefix { $0 != "." })) ?? .benefits
        }
        /// True when the line is the whole row (its figures are the table's), false for a component.
        public var isWholeRow: Bool { !code.contains(".") }
        public var label: Label
        public var previous: Double
        public var budget: Double
        /// Each factor's part of `budget − previous`, 元; factors the line does not have are absent.
        public var parts: [Factor: Double]
        public var change: Double { budget - previous }
        public var isContribution: Bool { row.side == .income }
    }

    public var year: Int
    public var previousYear: Int
    public var lines: [Line]
    /// When the previous year is the base year: each fund's unexplained income there (reported income
    /// less what the drivers give, 元), which the budget table's previous-year column includes and no
    /// factor explains. Empty otherwise, and for funds without one.
    public var baseYearGaps: [(fund: Fund, amount: Double)] = []

    public init(_ result: ProjectionResult, year: Int? = nil) throws(BudgetError) {
        let y = year ?? result.scenario.baseYear + 1
        guard let c = result.year(y), !c.isBaseYear, let p = result.year(y - 1) else {
            throw BudgetError(year: y, first: result.scenario.baseYear + 1, last: result.scenario.horizon)
        }
        self.year = y
        self.previousYear = y - 1
        var lines: [Line] = []
        func product(_ fund: Fund, _ code: String, _ label: Label, _ factors: [Factor], _ x0: [Double], _ x1: [Double], v0: Double, v1: Double) {
            let parts = Dictionary(uniqueKeysWithValues: zip(factors, Attribution.lmdi(from: x0, to: x1)))
            lines.append(Line(fund: fund, code: code, label: label, previous: v0, budget: v1, parts: parts))
        }
        /// `v = payers × base × rate × collection`, the rate solved from the line itself.
        func contribution(_ fund: Fund, _ code: String, _ label: Label, _ value: (YearResult) -> Double?, _ drivers: (YearResult) -> (Double, Double, Double)?) {
            guard let v0 = value(p), let v1 = value(c), let d0 = drivers(p), let d1 = drivers(c) else { return }
            func factors(_ v: Double, _ d: (Double, Double, Double)) -> [Double] {
                let denominator = d.0 * d.1 * d.2
                return [d.0, d.1, denominator > 0 ? v / denominator : 0, d.2]
            }
            product(fund, code, label, Factor.contribution, factors(v0, d0), factors(v1, d1), v0: v0, v1: v1)
        }
        let s = result.scenario
        if s.employee != nil {
            let drivers: (YearResult) -> (Double, Double, Double)? = { y in
                y.employee.map { ($0.drivers.employeePayers, $0.drivers.averageBase, $0.drivers.effectiveCollectionRate) }
            }
            contribution(.employeePooled, "contributions.employer_pooled", Label("职工缴费(划入统筹部分)", "Contributions (pooled part)"), { $0.employee?.pooled.employerContributions }, drivers)
            contribution(.employeePersonalAccount, "contributions.employee", Label("个人缴费", "Employee contributions"), { $0.employee?.personalAccount.employeeContributions }, drivers)
            contribution(.employeePersonalAccount, "contributions.employer_credited", Label("单位缴费划入个人账户", "Employer contributions credited"), { $0.employee?.personalAccount.employerShare }, drivers)
        }
        if let scheme = s.resident {
            contribution(.resident, "contributions.individual", Label("个人缴费收入", "Individual contributions"), { $0.resident?.individualContributions }) { y in
                guard let r = y.resident else { return nil }
                let k = scheme.collectionRate.value(in: y.year)
                return (r.insured, r.insured * k > 0 ? r.individualContributions / (r.insured * k) : 0, k)
            }
            contribution(.resident, "fiscal_subsidy.per_head", Label("财政补助收入", "Fiscal subsidies"), { $0.resident?.fiscalSubsidies }) { y in
                guard let r = y.resident else { return nil }
                return (r.insured, r.insured > 0 ? r.fiscalSubsidies / r.insured : 0, 1)
            }
        }
        // Spending: members × age–state mix per member × utilisation × unit cost × policy (the benefit
        // levers), as the projection computed them (SpendingDrivers), plus decomposed categories.
        let wages = Dictionary(uniqueKeysWithValues: result.years.compactMap { y in y.employee.map { (y.year, $0.drivers.averageWage) } })
        let wage: @Sendable (Int) -> Double = { wages[$0] ?? 0 }
        let trend = CostTrend(assumptions: s.assumptions, baseYear: s.baseYear, horizon: s.horizon)
        func spending(_ fund: Fund, _ code: String, _ label: Label, costPerWeight: Double?,
                      _ value: (YearResult) -> Double?, _ state: (YearResult) -> (members: Double, drivers: SpendingDrivers?, decomposed: Double)?) {
            guard let c0 = costPerWeight, let v0 = value(p), let v1 = value(c), let a = state(p), let b = state(c),
                  let d0 = a.drivers, let d1 = b.drivers else { return }
            func factors(_ v: Double, _ st: (members: Double, drivers: SpendingDrivers?, decomposed: Double), _ d: SpendingDrivers) -> [Double] {
                let unit = c0 * d.price
                let calibrated = v - st.decomposed
                let denominator = d.weight * d.utilisation * unit
                return [st.members, st.members > 0 ? d.weight / st.members : 0, d.utilisation, unit, denominator > 0 ? calibrated / denominator : 0]
            }
            let lmdi = Attribution.lmdi(from: factors(v0, a, d0), to: factors(v1, b, d1))
            var parts = Dictionary(uniqueKeysWithValues: zip(Factor.spending, lmdi))
            parts[.policy, default: 0] += b.decomposed - a.decomposed
            lines.append(Line(fund: fund, code: code, label: label, previous: v0, budget: v1, parts: parts))
        }
        if let scheme = s.employee {
            let levers = BenefitLevers(categories: scheme.financing.categories, elasticity: scheme.financing.demandElasticity,
                                       baseYear: s.baseYear, trend: trend, averageWage: wage)
            let cost = result.calibration.employeeActiveCostPerHead
            spending(.employeePooled, "benefits.active", Label("在职职工医疗待遇支出", "Benefits of active members"), costPerWeight: cost, { $0.employee?.pooled.activeBenefits }) { y in
                let m = y.members
                let d = EmployeeFinance.phased(levers.decomposed(in: y.year, active: m.active, retired: m.retired, resident: 0),
                                               levers: levers, reform: scheme.financing.reform, year: y.year).reduce(0) { $0 + $1.active }
                return (m.active, y.employee?.pooled.activeSpendingDrivers, d)
            }
            spending(.employeePooled, "benefits.retired", Label("退休人员医疗待遇支出", "Benefits of retirees"), costPerWeight: cost, { $0.employee?.pooled.retireeBenefits }) { y in
                let m = y.members
                let d = EmployeeFinance.phased(levers.decomposed(in: y.year, active: m.active, retired: m.retired, resident: 0),
                                               levers: levers, reform: scheme.financing.reform, year: y.year).reduce(0) { $0 + $1.retired }
                return (m.retired, y.employee?.pooled.retireeSpendingDrivers, d)
            }
            if let t0 = p.employee?.pooled.transferToPersonalAccounts, let t1 = c.employee?.pooled.transferToPersonalAccounts, t0 != 0 || t1 != 0 {
                func x(_ y: YearResult, _ v: Double) -> [Double] { [y.members.retired, y.members.retired > 0 ? v / y.members.retired : 0] }
                let split = Attribution.lmdi(from: x(p, t0), to: x(c, t1))
                lines.append(Line(fund: .employeePooled, code: "allocation_to_personal_accounts", label: Label("划入退休人员个人账户", "Transfer to retirees' accounts"),
                                  previous: t0, budget: t1, parts: [.insured: split[0], .policy: split[1]]))
            }
        }
        if let scheme = s.resident {
            let levers = BenefitLevers(categories: scheme.financing.categories, elasticity: scheme.financing.demandElasticity,
                                       baseYear: s.baseYear, trend: trend, averageWage: wage)
            let lag = scheme.financing.benefitLagYears
            spending(.resident, "benefits", Label("居民医疗待遇支出", "Resident benefits"), costPerWeight: result.calibration.residentCostPerHead, { $0.resident?.benefits }) { y in
                // The members whose benefits fall in the year: last year's with a benefit lag.
                guard let covered = (result.year(y.year - lag) ?? result.year(y.year))?.members else { return nil }
                let d = levers.decomposed(in: y.year, active: 0, retired: 0, resident: covered.residentInsured).reduce(0) { $0 + $1.total }
                return (covered.residentInsured, y.resident?.spendingDrivers, d)
            }
        }
        self.lines = lines
        if p.isBaseYear {
            let gaps: [(Fund, Double?)] = [(.employeePooled, p.employee?.pooled.unexplainedIncome),
                                           (.employeePersonalAccount, p.employee?.personalAccount.unexplainedIncome),
                                           (.resident, p.resident?.unexplainedIncome)]
            baseYearGaps = gaps.compactMap { fund, amount in amount.flatMap { $0 != 0 ? (fund, $0) : nil } }
        }
    }

    /// Why the previous-year column may differ from the budget table's: the base year's reported
    /// income carries an unexplained part that the drivers do not give (nil without one).
    func baseYearNote(_ money: (Double) -> (zh: String, en: String)) -> Label? {
        guard !baseYearGaps.isEmpty else { return nil }
        let zh = baseYearGaps.map { "\(DriverAttribution.fundLabel($0.fund).zh) \(money($0.amount).zh)" }.joined(separator: ", ")
        let en = baseYearGaps.map { "\(DriverAttribution.fundLabel($0.fund).en) \(money($0.amount).en)" }.joined(separator: ", ")
        return Label("上年(\(previousYear)年, 基期)为按人数、基数、费率和征缴率重算的缴费; 基期报表收入与重算之差(\(zh))为基期未解释收入: 预算表的上年数含此差额, 不属任何因素",
                     "The previous year (\(previousYear), the base year) is contributions recomputed from payers, base, rate and collection; the base year's reported income differs from that by its unexplained income (\(en)): the budget table's previous-year figure includes it, and no factor explains it")
    }

    /// Two tables: contributions by payers, base, rate and collection; spending by insured, ageing,
    /// utilisation, unit cost and policy. Every row's parts add up to its change.
    public func tables(style: NumberStyle, language l: Language) -> [Table] {
        let unit = l.pick("金额单位: \(style.unit.rawValue)", "money: \(style.unit.english)")
        func table(_ title: Label, _ factors: [Factor], _ rows: [Line]) -> Table {
            var t = Table(title: title.text(l) + " \(previousYear)→\(year)  (\(unit))",
                          header: [l.pick("基金", "Fund"), l.pick("项目", "Item"), l.pick("上年", "Previous"), l.pick("本年预算", "Budget"),
                                   l.pick("增减额", "Change")] + factors.map { $0.label.text(l) },
                          rows: [], numeric: [false, false] + Array(repeating: true, count: 3 + factors.count))
            for line in rows {
                t.rows.append([DriverAttribution.fundLabel(line.fund).text(l), line.label.text(l), style.money(line.previous), style.money(line.budget),
                               style.money(line.change)] + factors.map { f in line.parts[f].map { style.money($0) } ?? "—" })
            }
            return t
        }
        var contributions = table(Label("缴费收入变动因素分解(LMDI)", "Drivers of the change in contributions (LMDI)"), Factor.contribution, lines.filter(\.isContribution))
        contributions.notes = ([DriverAttribution.methodNote] + [baseYearNote { (style.money($0), style.money($0)) }].compactMap { $0 }).map { $0.text(l) }
        var spending = table(Label("支出变动因素分解(LMDI)", "Drivers of the change in spending (LMDI)"), Factor.spending, lines.filter { !$0.isContribution })
        spending.notes = DriverAttribution.spendingNotes.map { $0.text(l) }
        return [contributions, spending]
    }

    public func json() -> JSONValue {
        .object([
            ("year", .number(Double(year))), ("previous_year", .number(Double(previousYear))), ("method", .string("lmdi-i")),
            // The base year's unexplained income by fund (元): the budget table's previous-year figure less the lines' (see baseYearNote).
            ("base_year_gaps", .object(baseYearGaps.map { ($0.fund.rawValue, .money($0.amount)) })),
            ("lines", .array(lines.map { line in
                .object([
                    ("fund", .string(line.fund.rawValue)), ("code", .string(line.code)),
                    ("previous", .money(line.previous)), ("budget", .money(line.budget)), ("change", .money(line.change)),
                    ("parts", .object(Factor.allCases.compactMap { f in line.parts[f].map { (f.rawValue, .money($0)) } })),
                ])
            })),
        ])
    }

    static func fundLabel(_ fund: Fund) -> Label {
        switch fund {
        case .employeePooled: return Label("职工统筹", "Employee pooled")
        case .employeePersonalAccount: return Label("个人账户", "Personal accounts")
        case .resident: return Label("居民医保", "Resident")
        case .employee: return Label("职工医保", "Employee")
        case .total: return Label("合计", "All funds")
        }
    }

    static let methodNote = Label("对数平均迪氏指数法(LMDI-I): 各因素贡献 = L(本年, 上年) × ln(本年因素 / 上年因素), 各项之和等于增减额, 无残差",
                                  "Log-mean Divisia index (LMDI-I): each factor's part = L(budget, previous) × ln(factor this year / last year); the parts add up to the change with no residual")

    static let spendingNotes: [Label] = [
        Label("年龄结构 = 每参保人费用权重(年龄别费用曲线下的年龄性别与在职/退休构成); 就医频次 = 利用率趋势(按年龄的人均就诊量指数); 人均费用 = 单价指数(工资增长 + 超额费用增长, 或 medical_inflation)",
              "Ageing = cost weight per member (the age–sex and active/retired mix under the age cost curve); utilisation = the utilisation trend (claims per head by age); unit cost = the price index (wage growth + excess cost growth, or medical_inflation)"),
        Label("待遇政策 = 待遇杠杆系数(报销比例、起付线、封顶线)及单列病种支出的变化; 个人账户支出、大额医疗费用支出未分解",
              "Policy = the benefit levers' factor (reimbursement, deductible, cap) and the change of separately modelled categories; personal-account spending and large-claims payments are not decomposed"),
    ]

    /// The waterfall of one line: last year's figure, each factor's part, this year's budget.
    public func waterfall(_ line: Line) -> ReportWaterfall {
        let factors = (line.isContribution ? Factor.contribution : Factor.spending).filter { line.parts[$0] != nil }
        let fund = DriverAttribution.fundLabel(line.fund)
        return ReportWaterfall(
            code: "\(line.fund.rawValue).\(line.code)",
            title: Label("\(fund.zh) · \(line.label.zh)", "\(fund.en) · \(line.label.en)"),
            start: .init(Label("上年", "Previous"), line.previous),
            parts: factors.map { .init($0.label, line.parts[$0] ?? 0) },
            end: .init(Label("本年预算", "Budget"), line.budget))
    }

    /// Typed tables for the report files: contributions by payers, base, rate and collection; spending by
    /// insured, ageing, utilisation, unit cost and policy (money in 元; absent factors empty). Notes quote
    /// amounts in `unit`.
    public func reportTables(unit: MoneyUnit) -> [ReportTable] {
        // Sheet names fit Excel's 31 characters: the English titles are longer.
        func table(_ code: String, _ title: Label, short: String, _ factors: [Factor], _ rows: [Line], notes: [Label]) -> ReportTable {
            ReportTable(
                code: code, title: Label("\(title.zh) \(previousYear)→\(year)", "\(title.en) \(previousYear)→\(year)"),
                shortTitle: Label(title.zh, short), caption: .money,
                columns: [ReportColumn("fund", Label("基金", "Fund")), ReportColumn("item", Label("项目", "Item")),
                          ReportColumn("previous", Label("上年", "Previous")), ReportColumn("budget", Label("本年预算", "Budget")),
                          ReportColumn("change", Label("增减额", "Change"))] + factors.map { ReportColumn($0.rawValue, $0.label) },
                rows: rows.map { line in
                    ReportRow(code: "\(line.fund.rawValue).\(line.code)",
                              cells: [.label(DriverAttribution.fundLabel(line.fund)), .label(line.label), .money(line.previous),
                                      .money(line.budget), .money(line.change)] + factors.map { f in line.parts[f].map { .money($0) } ?? .empty })
                },
                labelColumns: 2, notes: notes)
        }
        return [
            table("attribution_contributions", Label("缴费收入变动因素分解(LMDI)", "Drivers of the change in contributions (LMDI)"),
                  short: "Contribution drivers (LMDI)", Factor.contribution, lines.filter(\.isContribution),
                  notes: [DriverAttribution.methodNote] + [baseYearNote(unit.text)].compactMap { $0 }),
            table("attribution_spending", Label("支出变动因素分解(LMDI)", "Drivers of the change in spending (LMDI)"),
                  short: "Spending drivers (LMDI)", Factor.spending, lines.filter { !$0.isContribution }, notes: [DriverAttribution.methodNote] + DriverAttribution.spendingNotes),
        ]
    }

}
