import Scenario

/// One arithmetic rule a published fund table must satisfy (see the module README for the list and
/// the rounding rule). Raw values are the stable codes of `fundcast audit --format json`.
public enum AuditCheck: String, Sendable, CaseIterable, Codable {
    // The summary rules of a column: ``BudgetIdentity/Rule`` (same codes), written out in `chineseName`.
    case incomeSubtotal = "income_subtotal"
    case incomeTotal = "income_total"
    case expenditureSubtotal = "expenditure_subtotal"
    case expenditureTotal = "expenditure_total"
    case surplus
    case closingBalance = "closing_balance"
    case incomeGrandTotal = "income_grand_total"
    case expenditureGrandTotal = "expenditure_grand_total"
    case grandTotals = "grand_totals"
    /// Next year's 上年结余 = this year's 年末滚存结余 (columns naming consecutive years).
    case rollForward = "roll_forward"
    /// A 其中 row is at most its parent row.
    case detail
    /// 完成率 (%) = 执行数 ÷ 预算数 × 100.
    case completion
    /// 增减% = (this year − last year) ÷ |last year| × 100.
    case growthRate = "growth_rate"
    /// 增减额 = this year − last year.
    case growthAmount = "growth_amount"
    /// 全市 (合计) = Σ the district columns.
    case districtSum = "district_sum"
    /// 职工医保 (含个人账户) = 统筹基金 + 个人账户, the pooled fund's allocation to accounts netted out of the totals.
    case employeeCombined = "employee_combined"

    /// The rule as a budget officer writes it.
    public var chineseName: String {
        switch self {
        case .incomeSubtotal: "本年收入小计 = Σ 收入项目"
        case .incomeTotal: "本年收入合计 = 本年收入小计 + 上级补助收入 + 下级上解收入"
        case .expenditureSubtotal: "本年支出小计 = Σ 支出项目"
        case .expenditureTotal: "本年支出合计 = 本年支出小计 + 补助下级支出 + 上解上级支出"
        case .surplus: "本年收支结余 = 本年收入合计 − 本年支出合计"
        case .closingBalance: "年末滚存结余 = 上年结余 + 本年收支结余"
        case .incomeGrandTotal: "总计(收入方) = 本年收入合计 + 上年结余"
        case .expenditureGrandTotal: "总计(支出方) = 本年支出合计 + 年末滚存结余"
        case .grandTotals: "总计(收入方) = 总计(支出方)"
        case .rollForward: "上年结余 = 上一年度年末滚存结余"
        case .detail: "其中项 ≤ 所属项目"
        case .completion: "完成率 = 执行数 ÷ 预算数"
        case .growthRate: "增减% = (本年 − 上年) ÷ |上年|"
        case .growthAmount: "增减额 = 本年 − 上年"
        case .districtSum: "合计 = Σ 各地区"
        case .employeeCombined: "职工医保(含个人账户) = 统筹基金 + 个人账户"
        }
    }

    public var englishName: String {
        switch self {
        case .incomeSubtotal: "income subtotal = Σ income items"
        case .incomeTotal: "total income = subtotal + subsidy from the higher level + remittance from lower levels"
        case .expenditureSubtotal: "expenditure subtotal = Σ expenditure items"
        case .expenditureTotal: "total expenditure = subtotal + subsidy to lower levels + remittance to the higher level"
        case .surplus: "surplus = total income − total expenditure"
        case .closingBalance: "year-end balance = balance brought forward + surplus"
        case .incomeGrandTotal: "grand total (income) = total income + balance brought forward"
        case .expenditureGrandTotal: "grand total (expenditure) = total expenditure + year-end balance"
        case .grandTotals: "grand total (income) = grand total (expenditure)"
        case .rollForward: "balance brought forward = last year's year-end balance"
        case .detail: "a 其中 row ≤ its parent"
        case .completion: "completion = actual ÷ budget"
        case .growthRate: "change % = (this year − last year) ÷ |last year|"
        case .growthAmount: "change = this year − last year"
        case .districtSum: "total = Σ districts"
        case .employeeCombined: "employee fund = pooled fund + personal accounts"
        }
    }
}

extension AuditCheck {
    /// The audit's name for a summary rule of the table (the same JSON code).
    init(_ rule: BudgetIdentity.Rule) {
        switch rule {
        case .incomeSubtotal: self = .incomeSubtotal
        case .incomeTotal: self = .incomeTotal
        case .expenditureSubtotal: self = .expenditureSubtotal
        case .expenditureTotal: self = .expenditureTotal
        case .surplus: self = .surplus
        case .closingBalance: self = .closingBalance
        case .incomeGrandTotal: self = .incomeGrandTotal
        case .expenditureGrandTotal: self = .expenditureGrandTotal
        case .grandTotals: self = .grandTotals
        }
    }
}
