/// One summary rule of the official fund table (国发〔2010〕2号 layout, see ``BudgetLine``):
/// `subject = Σ coefficient × row`. The one list of rules: ``BudgetLine/completed(_:)`` evaluates it
/// to fill a table's summaries, and `fundcast audit` holds printed tables against it.
public struct BudgetIdentity: Sendable {
    /// The rule's name (raw values are the audit's JSON codes).
    public enum Rule: String, Sendable, CaseIterable {
        /// 本年收入小计 = Σ first-level income items (其中 rows are never added again).
        case incomeSubtotal = "income_subtotal"
        /// 本年收入合计 = 本年收入小计 + 上级补助收入 + 下级上解收入.
        case incomeTotal = "income_total"
        /// 本年支出小计 = Σ first-level expenditure items.
        case expenditureSubtotal = "expenditure_subtotal"
        /// 本年支出合计 = 本年支出小计 + 补助下级支出 + 上解上级支出.
        case expenditureTotal = "expenditure_total"
        /// 本年收支结余 = 本年收入合计 − 本年支出合计.
        case surplus
        /// 年末滚存结余 = 上年结余 + 本年收支结余.
        case closingBalance = "closing_balance"
        /// 总计 (income side) = 本年收入合计 + 上年结余.
        case incomeGrandTotal = "income_grand_total"
        /// 总计 (expenditure side) = 本年支出合计 + 年末滚存结余.
        case expenditureGrandTotal = "expenditure_grand_total"
        /// 总计 (income side) = 总计 (expenditure side): a check, not a definition.
        case grandTotals = "grand_totals"
    }

    public var rule: Rule
    public var subject: BudgetLine
    public var terms: [(line: BudgetLine, coefficient: Int)]
    /// The Σ-items rules (小计) apply only to a table that gives at least one item of this side.
    public var itemsOf: BudgetLine.Side?

    /// Whether the rule defines its subject (every rule but the equality of the two 总计).
    public var defines: Bool { rule != .grandTotals }
}

extension BudgetLine {
    /// The first-level items of one side, each with coefficient 1, in the rows' order.
    static func items(_ side: Side) -> [(line: BudgetLine, coefficient: Int)] {
        allCases.filter { $0.side == side && $0.role == .item }.map { ($0, 1) }
    }

    /// The summary rules of the table, in the order they can be evaluated (each rule's terms are
    /// items, 上年结余 or subjects of rules before it).
    public static let identities: [BudgetIdentity] = [
        BudgetIdentity(rule: .incomeSubtotal, subject: .incomeSubtotal, terms: items(.income), itemsOf: .income),
        BudgetIdentity(rule: .incomeTotal, subject: .incomeTotal,
                       terms: [(.incomeSubtotal, 1), (.subsidyFromHigherLevel, 1), (.remittanceFromLowerLevel, 1)]),
        BudgetIdentity(rule: .expenditureSubtotal, subject: .expenditureSubtotal, terms: items(.expenditure), itemsOf: .expenditure),
        BudgetIdentity(rule: .expenditureTotal, subject: .expenditureTotal,
                       terms: [(.expenditureSubtotal, 1), (.subsidyToLowerLevel, 1), (.remittanceToHigherLevel, 1)]),
        BudgetIdentity(rule: .surplus, subject: .surplus, terms: [(.incomeTotal, 1), (.expenditureTotal, -1)]),
        BudgetIdentity(rule: .closingBalance, subject: .closingBalance, terms: [(.openingBalance, 1), (.surplus, 1)]),
        BudgetIdentity(rule: .incomeGrandTotal, subject: .incomeGrandTotal, terms: [(.incomeTotal, 1), (.openingBalance, 1)]),
        BudgetIdentity(rule: .expenditureGrandTotal, subject: .expenditureGrandTotal, terms: [(.expenditureTotal, 1), (.closingBalance, 1)]),
        BudgetIdentity(rule: .grandTotals, subject: .incomeGrandTotal, terms: [(.expenditureGrandTotal, 1)]),
    ]
}
