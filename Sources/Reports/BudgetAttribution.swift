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
        /// The budget row's code (`income.employer_contributions`, …).
        public var code: String
        public var label: Label
        public var previous: Double
        public var budget: Double
        /// Each factor's part of `budget − previous`, 元; factors the line does not have are absent.
        public var parts: [Factor: Double]
        public var change: Double { budget - previous }
        public var isContribution: Bool { code.hasPrefix("income.") }
    }

    public var year: Int
    public var previousYear: Int
    public var lines: [Line]

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
            contribution(.employeePooled, "income.employer_contributions", Label("职工缴费(划入统筹部分)", "Contributions (pooled part)"), { $0.employee?.pooled.employerContributions }, drivers)
            contribution(.employeePersonalAccount, "income.employee_contributions", Label("个人缴费", "Employee contributions"), { $0.employee?.personalAccount.employeeContributions }, drivers)
            contribution(.employeePersonalAccount, "income.employer_share", Label("单位缴费划入个人账户", "Employer contributions credited"), { $0.employee?.personalAccount.employerShare }, drivers)
        }
        if let scheme = s.resident {
            contribution(.resident, "income.individual_contributions", Label("个人缴费收入", "Individual contributions"), { $0.resident?.individualContributions }) { y in
                guard let r = y.resident else { return nil }
                let k = scheme.collectionRate.value(in: y.year)
                return (r.insured, r.insured * k > 0 ? r.individualContributions / (r.insured * k) : 0, k)
            }
            contribution(.resident, "income.fiscal_subsidies", Label("财政补助收入", "Fiscal subsidies"), { $0.resident?.fiscalSubsidies }) { y in
                guard let r = y.resident else { return nil }
                return (r.insured, r.insured > 0 ? r.fiscalSubsidies / r.insured : 0, 1)
            }
        }
        // Spending: members × weight per member × unit cost × policy, plus decomposed categories.
        let wages = Dictionary(uniqueKeysWithValues: result.years.compactMap { y in y.employee.map { (y.year, $0.drivers.averageWage) } })
        let wage: @Sendable (Int) -> Double = { wages[$0] ?? 0 }
        let trend = CostTrend(assumptions: s.assumptions, baseYear: s.baseYear, horizon: s.horizon)
        func spending(_ fund: Fund, _ code: String, _ label: Label, costPerWeight: Double?,
                      _ value: (YearResult) -> Double?, _ state: (YearResult) -> (members: Double, weight: Double, decomposed: Double)?) {
            guard let c0 = costPerWeight, let v0 = value(p), let v1 = value(c), let a = state(p), let b = state(c) else { return }
            func factors(_ v: Double, _ st: (members: Double, weight: Double, decomposed: Double), _ t: Int) -> [Double] {
                let unit = c0 * trend.perCapita(t)
                let calibrated = v - st.decomposed
                let denominator = st.weight * unit
                return [st.members, st.members > 0 ? st.weight / st.members : 0, 1, unit, denominator > 0 ? calibrated / denominator : 0]
            }
            let x0 = factors(v0, a, p.year), x1 = factors(v1, b, c.year)
            let lmdi = Attribution.lmdi(from: x0, to: x1)
            var parts = Dictionary(uniqueKeysWithValues: zip(Factor.spending, lmdi))
            parts[.utilisation] = nil
            parts[.policy, default: 0] += b.decomposed - a.decomposed
            lines.append(Line(fund: fund, code: code, label: label, previous: v0, budget: v1, parts: parts))
        }
        if let scheme = s.employee {
            let levers = BenefitLevers(categories: scheme.financing.categories, elasticity: scheme.financing.demandElasticity,
                                       baseYear: s.baseYear, trend: trend, averageWage: wage)
            let cost = result.calibration.employeeActiveCostPerHead
            spending(.employeePooled, "expenditure.active_benefits", Label("在职职工医疗待遇支出", "Benefits of active members"), costPerWeight: cost, { $0.employee?.pooled.activeBenefits }) { y in
                let m = y.members
                let d = EmployeeFinance.phased(levers.decomposed(in: y.year, active: m.active, retired: m.retired, resident: 0),
                                               levers: levers, reform: scheme.financing.reform, year: y.year).reduce(0) { $0 + $1.active }
                return (m.active, m.activeCostWeight, d)
            }
            spending(.employeePooled, "expenditure.retiree_benefits", Label("退休人员医疗待遇支出", "Benefits of retirees"), costPerWeight: cost, { $0.employee?.pooled.retireeBenefits }) { y in
                let m = y.members
                let d = EmployeeFinance.phased(levers.decomposed(in: y.year, active: m.active, retired: m.retired, resident: 0),
                                               levers: levers, reform: scheme.financing.reform, year: y.year).reduce(0) { $0 + $1.retired }
                return (m.retired, m.retiredCostWeight, d)
            }
            if let t0 = p.employee?.pooled.transferToPersonalAccounts, let t1 = c.employee?.pooled.transferToPersonalAccounts, t0 != 0 || t1 != 0 {
                func x(_ y: YearResult, _ v: Double) -> [Double] { [y.members.retired, y.members.retired > 0 ? v / y.members.retired : 0] }
                let split = Attribution.lmdi(from: x(p, t0), to: x(c, t1))
                lines.append(Line(fund: .employeePooled, code: "expenditure.transfer_to_pa", label: Label("划入退休人员个人账户", "Transfer to retirees' accounts"),
                                  previous: t0, budget: t1, parts: [.insured: split[0], .policy: split[1]]))
            }
        }
        if let scheme = s.resident {
            let levers = BenefitLevers(categories: scheme.financing.categories, elasticity: scheme.financing.demandElasticity,
                                       baseYear: s.baseYear, trend: trend, averageWage: wage)
            let lag = scheme.financing.benefitLagYears
            spending(.resident, "expenditure.benefits", Label("居民医疗待遇支出", "Resident benefits"), costPerWeight: result.calibration.residentCostPerHead, { $0.resident?.benefits }) { y in
                // The members whose benefits fall in the year: last year's with a benefit lag.
                guard let covered = (result.year(y.year - lag) ?? result.year(y.year))?.members else { return nil }
                let d = levers.decomposed(in: y.year, active: 0, retired: 0, resident: covered.residentInsured).reduce(0) { $0 + $1.total }
                return (covered.residentInsured, covered.residentCostWeight, d)
            }
        }
        self.lines = lines
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
        contributions.notes = [l.pick("对数平均迪氏指数法(LMDI-I): 各因素贡献 = L(本年, 上年) × ln(本年因素 / 上年因素), 各项之和等于增减额, 无残差",
                                      "Log-mean Divisia index (LMDI-I): each factor's part = L(budget, previous) × ln(factor this year / last year); the parts add up to the change with no residual")]
        var spending = table(Label("支出变动因素分解(LMDI)", "Drivers of the change in spending (LMDI)"), Factor.spending, lines.filter { !$0.isContribution })
        spending.notes = [
            l.pick("年龄结构 = 每参保人费用权重(年龄性别与在职/退休构成); 人均费用按医疗费用增长率(medical_inflation)增长, 含价格与就医量, 就医频次暂不能单独分离",
                   "Ageing = cost weight per member (age, sex and active/retired mix); unit cost grows with medical_inflation, which covers price and volume together, so utilisation is not yet separable"),
            l.pick("待遇政策 = 待遇杠杆系数(报销比例、起付线、封顶线)及单列病种支出的变化; 个人账户支出、大额医疗费用支出未分解",
                   "Policy = the benefit levers' factor (reimbursement, deductible, cap) and the change of separately modelled categories; personal-account spending and large-claims payments are not decomposed"),
        ]
        return [contributions, spending]
    }

    public func json() -> JSONValue {
        .object([
            ("year", .number(Double(year))), ("previous_year", .number(Double(previousYear))), ("method", .string("lmdi-i")),
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

    /// A waterfall chart of one line as SVG: last year's figure, each factor's part (up in green,
    /// down in red), this year's budget. Money in `style`'s unit.
    public func waterfallSVG(_ line: Line, style: NumberStyle, language l: Language) -> String {
        let factors = (line.isContribution ? Factor.contribution : Factor.spending).filter { line.parts[$0] != nil }
        var steps: [(label: String, from: Double, to: Double, kind: Int)] = [(l.pick("上年", "Previous"), 0, line.previous, 0)]
        var level = line.previous
        for f in factors {
            let part = line.parts[f] ?? 0
            steps.append((f.label.text(l), level, level + part, part >= 0 ? 1 : -1))
            level += part
        }
        steps.append((l.pick("本年预算", "Budget"), 0, line.budget, 0))
        let values = steps.flatMap { [$0.from, $0.to] }
        // The scale starts near the smallest running total so that small parts stay visible.
        let high = values.max() ?? 1
        let floorValue = max(0, (steps.dropFirst().dropLast().flatMap { [$0.from, $0.to] } + [line.previous, line.budget]).min() ?? 0) * 0.9
        let span = max(high - floorValue, 1e-9)
        let width = 120 * steps.count + 40, height = 250, top = 40.0, plot = 160.0
        func y(_ v: Double) -> Double { top + plot * (1 - (max(v, floorValue) - floorValue) / span) }
        func escape(_ s: String) -> String { s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;") }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-size=\"11\" font-family=\"sans-serif\">\n"
        svg += "<text x=\"10\" y=\"16\" font-weight=\"bold\">\(escape(DriverAttribution.fundLabel(line.fund).text(l) + " · " + line.label.text(l))) (\(escape(style.unit.rawValue)))</text>\n"
        for (i, step) in steps.enumerated() {
            let x = 30 + 120 * i
            let (a, b) = (y(step.from), y(step.to))
            let colour = step.kind == 0 ? "#4a6fa5" : step.kind > 0 ? "#3a9d5d" : "#c0392b"
            svg += "<rect x=\"\(x)\" y=\"\(String(format: "%.1f", min(a, b)))\" width=\"80\" height=\"\(String(format: "%.1f", max(abs(b - a), 1)))\" fill=\"\(colour)\"/>\n"
            let amount = step.kind == 0 ? style.money(step.to) : style.money(step.to - step.from)
            svg += "<text x=\"\(x + 40)\" y=\"\(String(format: "%.1f", min(a, b) - 4))\" text-anchor=\"middle\">\(escape(amount))</text>\n"
            svg += "<text x=\"\(x + 40)\" y=\"\(Int(top + plot) + 18)\" text-anchor=\"middle\">\(escape(step.label))</text>\n"
        }
        svg += "<text x=\"10\" y=\"\(height - 6)\" fill=\"#666\">\(escape(l.pick("纵轴起点", "axis starts at") + " " + style.money(floorValue)))</text>\n"
        return svg + "</svg>\n"
    }
}
