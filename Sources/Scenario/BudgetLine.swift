/// One row of the official 基金预算表 / 决算表 of a basic medical insurance fund.
///
/// The row list follows 国务院《关于试行社会保险基金预算的意见》(国发〔2010〕2号) — income: 基本医疗保险费收入,
/// 利息收入, 财政补贴收入, 转移收入, 上级补助收入, 下级上解收入, 其他收入; expenditure: 基本医疗保险待遇支出,
/// 转移支出, 补助下级支出, 上解上级支出, 其他支出 — and the budget-classification codes 10203 (职工基本医疗保险
/// 基金收入, 含生育保险: 1020301 保险费, 1020302 财政补贴, 1020303 利息, 1020399 其他收入: 滞纳金、罚款、违约金、
/// 跨年度退回或追回的待遇), with the rows that published local tables add (其中 items, 大病保险支出, 小计, 合计,
/// 上年结余, 总计). The raw value is the stable machine code used in scenario files (`base_year_lines`),
/// approved-budget and audit CSVs, JSON output and run history.
///
/// Identities (checked by the budget builder and by `fundcast audit`):
/// - 本年收入小计 = Σ first-level income items (`role == .item`); 其中 rows sit inside their parent, never added again;
/// - 本年收入合计 = 小计 + 上级补助收入 + 下级上解收入; 本年支出合计 = 小计 + 补助下级支出 + 上解上级支出;
/// - 本年收支结余 = 收入合计 − 支出合计; 年末滚存结余 = 上年结余 + 本年收支结余;
/// - 总计 (income side) = 收入合计 + 上年结余 = 支出合计 + 年末滚存结余 (expenditure side);
/// - next year's 上年结余 = this year's 年末滚存结余.
public enum BudgetLine: String, Sendable, CaseIterable, Codable {
    // MARK: Income
    /// 基本医疗保险费收入 (1020301): all contributions collected, including 补缴 and retirees' contributions.
    case contributions
    /// 其中: 单位缴费收入 (employee scheme).
    case employerContributions = "employer_contributions"
    /// 其中: 个人缴费收入 (employee scheme: employees' own contributions; resident scheme: individual premiums).
    case individualContributions = "individual_contributions"
    /// 其中: 灵活就业人员缴费收入 (employee scheme).
    case flexibleContributions = "flexible_contributions"
    /// 其中: 集体扶持收入 (resident scheme).
    case collectiveSupport = "collective_support"
    /// 其中: 城乡医疗救助资助收入 (resident scheme: premiums paid by medical assistance).
    case medicalAssistanceFunding = "medical_assistance_funding"
    /// 其中: 财政为困难人员代缴收入 (resident scheme).
    case fiscalPaidForNeedy = "fiscal_paid_for_needy"
    /// 财政补贴收入 (1020302).
    case fiscalSubsidy = "fiscal_subsidy"
    /// 其中: 按规定标准补助收入 (the per-head standard subsidy).
    case standardSubsidy = "standard_subsidy"
    /// 其中: 一次性补助收入 (one-off items such as 新冠疫苗及接种费用补助).
    case oneOffSubsidy = "one_off_subsidy"
    /// 利息收入 (1020303).
    case interest
    /// 委托投资收益 (in the official lists; rarely used locally).
    case investmentIncome = "investment_income"
    /// 转移收入 (employee scheme: 关系转移).
    case transfersIn = "transfers_in"
    /// 其他收入 (1020399: 滞纳金、罚款、违约金、跨年度退回或追回的待遇).
    case otherIncome = "other_income"
    /// 统筹基金划入收入 (personal accounts: the pooled fund's allocation to retirees' accounts; internal to the
    /// employee scheme, so it nets out of the combined employee table).
    case allocationFromPooledFund = "allocation_from_pooled_fund"
    /// 本年收入小计.
    case incomeSubtotal = "income_subtotal"
    /// 上级补助收入 (a county under city-level pooling receives most of its money through it).
    case subsidyFromHigherLevel = "subsidy_from_higher_level"
    /// 下级上解收入.
    case remittanceFromLowerLevel = "remittance_from_lower_level"
    /// 本年收入合计.
    case incomeTotal = "income_total"
    /// 上年结余 (= last year's 年末滚存结余).
    case openingBalance = "opening_balance"
    /// 总计, income side: 本年收入合计 + 上年结余.
    case incomeGrandTotal = "income_grand_total"

    // MARK: Expenditure
    /// 基本医疗保险待遇支出.
    case benefits
    /// 其中: 住院费用支出.
    case inpatient
    /// 其中: 门诊费用支出.
    case outpatient
    /// 其中: 生育待遇支出 (employee scheme: maternity insurance merged into the fund since 2019).
    case maternity
    /// 大病保险支出 (resident scheme: premiums bought from commercial insurers).
    case criticalIllness = "critical_illness"
    /// 转移支出.
    case transfersOut = "transfers_out"
    /// 其他支出.
    case otherExpenditure = "other_expenditure"
    /// 划入个人账户支出 (pooled fund: the allocation to retirees' accounts; nets out of the combined employee table).
    case allocationToPersonalAccounts = "allocation_to_personal_accounts"
    /// 本年支出小计.
    case expenditureSubtotal = "expenditure_subtotal"
    /// 补助下级支出.
    case subsidyToLowerLevel = "subsidy_to_lower_level"
    /// 上解上级支出.
    case remittanceToHigherLevel = "remittance_to_higher_level"
    /// 本年支出合计.
    case expenditureTotal = "expenditure_total"
    /// 本年收支结余 (当期结余) = 收入合计 − 支出合计.
    case surplus
    /// 年末滚存结余 = 上年结余 + 本年收支结余.
    case closingBalance = "closing_balance"
    /// 总计, expenditure side: 本年支出合计 + 年末滚存结余.
    case expenditureGrandTotal = "expenditure_grand_total"

    /// Which side of the table a row is on.
    public enum Side: String, Sendable { case income, expenditure }

    /// What a row is in the table's arithmetic.
    public enum Role: Sendable, Equatable {
        /// A first-level item, added into its side's 小计.
        case item
        /// A 其中 row inside `parent`: never added again; at most the parent (for non-negative lines).
        case detail(parent: BudgetLine)
        /// An inter-level flow (上级补助 / 下级上解 / 补助下级 / 上解上级), added after the 小计.
        case interLevel
        /// 小计, 合计, 上年结余, 总计, 结余 and 年末滚存结余: computed or carried, not items.
        case summary
    }

    public var side: Side {
        switch self {
        case .contributions, .employerContributions, .individualContributions, .flexibleContributions,
             .collectiveSupport, .medicalAssistanceFunding, .fiscalPaidForNeedy, .fiscalSubsidy,
             .standardSubsidy, .oneOffSubsidy, .interest, .investmentIncome, .transfersIn, .otherIncome,
             .allocationFromPooledFund, .incomeSubtotal, .subsidyFromHigherLevel, .remittanceFromLowerLevel,
             .incomeTotal, .openingBalance, .incomeGrandTotal:
            return .income
        default:
            return .expenditure
        }
    }

    public var role: Role {
        switch self {
        case .employerContributions, .individualContributions, .flexibleContributions, .collectiveSupport,
             .medicalAssistanceFunding, .fiscalPaidForNeedy:
            return .detail(parent: .contributions)
        case .standardSubsidy, .oneOffSubsidy: return .detail(parent: .fiscalSubsidy)
        case .inpatient, .outpatient, .maternity: return .detail(parent: .benefits)
        case .subsidyFromHigherLevel, .remittanceFromLowerLevel, .subsidyToLowerLevel, .remittanceToHigherLevel:
            return .interLevel
        case .incomeSubtotal, .incomeTotal, .openingBalance, .incomeGrandTotal, .expenditureSubtotal,
             .expenditureTotal, .surplus, .closingBalance, .expenditureGrandTotal:
            return .summary
        default: return .item
        }
    }

    /// The 其中 parent, if this is a detail row.
    public var parent: BudgetLine? {
        if case .detail(let parent) = role { return parent }
        return nil
    }

    /// The row name as published tables print it, without the 一、/其中: prefix.
    public var chineseName: String {
        switch self {
        case .contributions: "基本医疗保险费收入"
        case .employerContributions: "单位缴费收入"
        case .individualContributions: "个人缴费收入"
        case .flexibleContributions: "灵活就业人员缴费收入"
        case .collectiveSupport: "集体扶持收入"
        case .medicalAssistanceFunding: "城乡医疗救助资助收入"
        case .fiscalPaidForNeedy: "财政为困难人员代缴收入"
        case .fiscalSubsidy: "财政补贴收入"
        case .standardSubsidy: "按规定标准补助收入"
        case .oneOffSubsidy: "一次性补助收入"
        case .interest: "利息收入"
        case .investmentIncome: "委托投资收益"
        case .transfersIn: "转移收入"
        case .otherIncome: "其他收入"
        case .allocationFromPooledFund: "统筹基金划入收入"
        case .incomeSubtotal: "本年收入小计"
        case .subsidyFromHigherLevel: "上级补助收入"
        case .remittanceFromLowerLevel: "下级上解收入"
        case .incomeTotal: "本年收入合计"
        case .openingBalance: "上年结余"
        case .incomeGrandTotal: "总计"
        case .benefits: "基本医疗保险待遇支出"
        case .inpatient: "住院费用支出"
        case .outpatient: "门诊费用支出"
        case .maternity: "生育待遇支出"
        case .criticalIllness: "大病保险支出"
        case .transfersOut: "转移支出"
        case .otherExpenditure: "其他支出"
        case .allocationToPersonalAccounts: "划入个人账户支出"
        case .expenditureSubtotal: "本年支出小计"
        case .subsidyToLowerLevel: "补助下级支出"
        case .remittanceToHigherLevel: "上解上级支出"
        case .expenditureTotal: "本年支出合计"
        case .surplus: "本年收支结余"
        case .closingBalance: "年末滚存结余"
        case .expenditureGrandTotal: "总计"
        }
    }

    /// The English row name (`--lang en`).
    public var englishName: String {
        switch self {
        case .contributions: "Insurance contributions"
        case .employerContributions: "Employer contributions"
        case .individualContributions: "Individual contributions"
        case .flexibleContributions: "Flexible workers' contributions"
        case .collectiveSupport: "Collective support"
        case .medicalAssistanceFunding: "Premiums paid by medical assistance"
        case .fiscalPaidForNeedy: "Premiums paid by government for people in hardship"
        case .fiscalSubsidy: "Fiscal subsidies"
        case .standardSubsidy: "Subsidy at the set standard"
        case .oneOffSubsidy: "One-off subsidies"
        case .interest: "Interest"
        case .investmentIncome: "Entrusted investment income"
        case .transfersIn: "Transfers in"
        case .otherIncome: "Other income"
        case .allocationFromPooledFund: "Allocation from the pooled fund"
        case .incomeSubtotal: "Income subtotal"
        case .subsidyFromHigherLevel: "Subsidy from the higher level"
        case .remittanceFromLowerLevel: "Remittance from lower levels"
        case .incomeTotal: "Total income"
        case .openingBalance: "Balance brought forward"
        case .incomeGrandTotal: "Grand total"
        case .benefits: "Medical benefits"
        case .inpatient: "Inpatient"
        case .outpatient: "Outpatient"
        case .maternity: "Maternity benefits"
        case .criticalIllness: "Critical-illness insurance"
        case .transfersOut: "Transfers out"
        case .otherExpenditure: "Other expenditure"
        case .allocationToPersonalAccounts: "Allocation to personal accounts"
        case .expenditureSubtotal: "Expenditure subtotal"
        case .subsidyToLowerLevel: "Subsidy to lower levels"
        case .remittanceToHigherLevel: "Remittance to the higher level"
        case .expenditureTotal: "Total expenditure"
        case .surplus: "Surplus of the year"
        case .closingBalance: "Year-end balance"
        case .expenditureGrandTotal: "Grand total"
        }
    }

    /// Other names real tables print for the same row (after the prefix is removed).
    public var synonyms: [String] {
        switch self {
        case .contributions: ["保险费收入", "医疗保险费收入", "基本医疗保险费", "缴费收入", "医保费收入"]
        case .employerContributions: ["单位缴费"]
        case .individualContributions: ["个人缴费"]
        case .flexibleContributions: ["灵活就业缴费收入", "灵活就业人员缴费"]
        case .fiscalSubsidy: ["财政补助收入", "财政补贴", "政府资助收入", "财政补助"]
        case .interest: ["利息"]
        case .transfersIn: ["关系转移收入", "转移收入(关系转移)"]
        case .incomeSubtotal: ["收入小计"]
        case .incomeTotal: ["收入合计", "基金收入", "基金收入合计"]
        case .openingBalance: ["上年滚存结余", "年初滚存结余", "年初结余", "上年累计结余"]
        case .incomeGrandTotal: ["收入总计"]
        case .benefits: ["待遇支出", "医疗待遇支出", "基本医疗保险待遇", "社会保险待遇支出"]
        case .inpatient: ["住院支出", "住院待遇支出"]
        case .outpatient: ["门诊支出", "门诊待遇支出"]
        case .maternity: ["生育保险待遇支出", "生育支出"]
        case .criticalIllness: ["购买大病保险支出", "大病保险", "购买大病保险"]
        case .expenditureSubtotal: ["支出小计"]
        case .expenditureTotal: ["支出合计", "基金支出", "基金支出合计"]
        case .surplus: ["当期结余", "本年结余", "收支结余"]
        case .closingBalance: ["滚存结余", "累计滚存结余", "累计结余", "年末累计结余"]
        case .expenditureGrandTotal: ["支出总计"]
        default: []
        }
    }

    /// The row a printed name denotes: the code itself, the Chinese name or a synonym, with any
    /// 一、/(一)/1./其中: prefix and spaces removed. `总计` is the income side's; the expenditure side's
    /// 总计 is named by its code (`expenditure_grand_total`) or by its position in a table.
    public static func named(_ text: String) -> BudgetLine? {
        let name = strippingPrefix(text)
        if let line = BudgetLine(rawValue: name) { return line }
        return byName[name]
    }

    /// The closest row name or code to an unknown one, for "did you mean …?".
    public static func suggestion(for text: String) -> String? {
        guard let match = closestMatch(to: strippingPrefix(text), in: Array(byName.keys).sorted() + allCases.map(\.rawValue)) else { return nil }
        if let line = byName[match] { return line.chineseName }
        return match
    }

    private static let byName: [String: BudgetLine] = {
        var names: [String: BudgetLine] = [:]
        for line in allCases.reversed() { // reversed: the income side's 总计 wins
            names[line.chineseName] = line
            for s in line.synonyms { names[s] = line }
        }
        return names
    }()

    /// Removes the numbering (一、 (一) 1. 1、), 其中: / 其中： and spaces around a printed row name.
    public static func strippingPrefix(_ text: String) -> String {
        var s = Substring(text.trimmingCharacters(in: .whitespacesAndNewlines))
        s = s.drop { $0 == " " || $0 == "\u{3000}" }
        let numerals: Set<Character> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
        // 一、 十一、  (一) （一）  1. 1、
        if let i = s.firstIndex(where: { !numerals.contains($0) }), i != s.startIndex, s[i] == "、" {
            s = s[s.index(after: i)...]
        } else if let open = s.first, open == "(" || open == "（",
                  let close = s.firstIndex(where: { $0 == ")" || $0 == "）" }),
                  s[s.index(after: s.startIndex)..<close].allSatisfy({ numerals.contains($0) || $0.isNumber }) {
            s = s[s.index(after: close)...]
        } else if let i = s.firstIndex(where: { !$0.isASCII || !$0.isNumber }), i != s.startIndex, s[i] == "." || s[i] == "、" {
            s = s[s.index(after: i)...]
        }
        s = s.drop { $0 == " " || $0 == "\u{3000}" }
        for mark in ["其中:", "其中：", "其中"] where s.hasPrefix(mark) {
            s = s.dropFirst(mark.count)
            break
        }
        return s.trimmingCharacters(in: .whitespaces)
    }
}

/// The tables a fund's budget is published in: the two employee accounts, the combined employee fund
/// and the resident fund (`Fund` without `total`).
public typealias BudgetTableFund = Fund

extension Fund {
    /// The fund's name as a table title prints it.
    public var chineseName: String {
        switch self {
        case .total: "基本医疗保险基金合计"
        case .employee: "职工基本医疗保险基金(含个人账户)"
        case .employeePooled: "职工基本医疗保险统筹基金"
        case .employeePersonalAccount: "职工基本医疗保险个人账户"
        case .resident: "城乡居民基本医疗保险基金"
        }
    }

    /// The fund's name in English (`--lang en`).
    public var englishName: String {
        switch self {
        case .total: "All basic medical insurance funds"
        case .employee: "Employee medical insurance fund (with personal accounts)"
        case .employeePooled: "Employee medical insurance: pooled fund"
        case .employeePersonalAccount: "Employee medical insurance: personal accounts"
        case .resident: "Resident medical insurance fund"
        }
    }
}
