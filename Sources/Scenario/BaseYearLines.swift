/// Reported base-year figures of one budget table (上年执行数 / 决算数) by official row, 元.
/// Any subset of ``BudgetLine``: summaries (小计, 合计, 结余) are checked against the items and
/// recomputed, never used as items.
public typealias BudgetLineValues = [BudgetLine: Double]

/// The base-year lines of the employee scheme, as the scenario gives them.
public struct EmployeeBaseYearLines: Sendable, Equatable {
    /// `employee.pooled.base_year_lines`: the 统筹基金 table.
    public var pooled: BudgetLineValues = [:]
    /// `employee.personal_account.base_year_lines`: the 个人账户 table.
    public var personalAccount: BudgetLineValues = [:]
    /// `employee.base_year_lines`: the combined fund (含个人账户) as published.
    public var combined: BudgetLineValues = [:]
    /// True when the pooled lines were derived from the combined ones (combined − personal accounts).
    public var pooledDerivedFromCombined = false
    /// Lines shared with the accounts that the derived pooled table takes whole (the accounts give
    /// nothing to subtract), in ``sharedWithAccounts`` order: the budget names them.
    public var pooledTakenWhole: [BudgetLine] = []

    public init(pooled: BudgetLineValues = [:], personalAccount: BudgetLineValues = [:], combined: BudgetLineValues = [:]) {
        self.pooled = pooled
        self.personalAccount = personalAccount
        self.combined = combined
    }

    /// Lines of the combined table that belong to both accounts; the others are the pooled fund's.
    public static let sharedWithAccounts: [BudgetLine] = [.contributions, .individualContributions, .employerContributions,
                                                           .interest, .benefits, .outpatient, .openingBalance]

    /// Derives the pooled table from the combined one, when only the combined fund is published
    /// (``pooled``, ``pooledDerivedFromCombined``, ``pooledTakenWhole``). The combined table consolidates
    /// the two accounts: the pooled fund's allocation to retirees' accounts (划入个人账户) is internal to it
    /// and nets out, so `combined = pooled + accounts − allocation` on each side's totals.
    ///
    /// - A line shared with the accounts is the combined line less the accounts' line. Their
    ///   contributions and benefits not given line by line are their totals less their other lines
    ///   (``Dictionary/derived(_:modelled:)``, the allocation from the pooled fund at `allocation` when
    ///   their table does not give it), the totals being their table's 合计, else `accountIncome` /
    ///   `accountExpenditure` (`base_year_actuals.pa_income` / `pa_expenditure`), else the sum of the
    ///   first-level lines their table gives on that side. Their 上年结余 not given is their closing
    ///   balance (`accountClosing`, else their table's 滚存结余) less their income plus their spending.
    /// - With nothing to subtract the line is taken whole: the accounts' part is 0 (their base-year
    ///   interest too, ``pooledTakenWhole``), so the two tables still add up to the combined one.
    /// - Every other line (transfers, inter-level flows, other income and spending) is the pooled fund's.
    /// - Summaries are dropped (recomputed from the items), except that the combined 收入合计 / 支出合计
    ///   less the accounts' plus the allocation are the pooled totals, so a pooled line the combined table
    ///   leaves out (its contributions) is derived from them as a pooled table's own would be. A combined
    ///   table that prints the allocation rows already holds it in its totals.
    ///
    /// - Parameter allocation: the base year's allocation to retirees' accounts the model makes
    ///   (retirees × 退休人员划入额), 元; the accounts' 统筹基金划入收入 line takes precedence.
    public mutating func derivePooledFromCombined(accountIncome: Double?, accountExpenditure: Double?, accountClosing: Double?, allocation: Double) {
        var accounts = personalAccount
        for (total, side, reported) in [(BudgetLine.incomeTotal, BudgetLine.Side.income, accountIncome),
                                        (.expenditureTotal, .expenditure, accountExpenditure)] where accounts[total] == nil {
            let items = BudgetLine.allCases.filter { $0.side == side && ($0.role == .item || $0.role == .interLevel) }.compactMap { personalAccount[$0] }
            accounts[total] = reported ?? (items.isEmpty ? nil : items.reduce(0, +))
        }
        let transfer = accounts[.allocationFromPooledFund] ?? allocation
        if accounts[.openingBalance] == nil, let closing = accountClosing ?? accounts[.closingBalance],
           let income = accounts[.incomeTotal], let spending = accounts[.expenditureTotal] {
            accounts[.openingBalance] = closing - income + spending
        }
        let modelled: [BudgetLine: Double] = [.allocationFromPooledFund: transfer]
        // A combined table that gives its 年末滚存结余 but not its 上年结余: the opening its own flows imply, so the
        // pooled fund starts from the reported balance (not from 0, as if none were reported).
        var combined = self.combined
        if combined[.openingBalance] == nil, let closing = combined[.closingBalance] {
            func total(_ line: BudgetLine, _ side: BudgetLine.Side) -> Double? {
                if let t = combined[line] { return t }
                let items = BudgetLine.allCases.filter { $0.side == side && ($0.role == .item || $0.role == .interLevel) }.compactMap { combined[$0] }
                return items.isEmpty ? nil : items.reduce(0, +)
            }
            if let income = total(.incomeTotal, .income), let spending = total(.expenditureTotal, .expenditure) {
                combined[.openingBalance] = closing - income + spending
            }
        }
        var lines: BudgetLineValues = [:], whole: Set<BudgetLine> = []
        for (line, value) in combined where (line.role != .summary || line == .openingBalance) && line != .allocationFromPooledFund {
            guard Self.sharedWithAccounts.contains(line) else { lines[line] = value; continue }
            let theirs = accounts[line] ?? ([.contributions, .benefits].contains(line) ? accounts.derived(line, modelled: modelled) : nil)
            if theirs == nil { whole.insert(line) }
            lines[line] = value - (theirs ?? 0)
        }
        // The allocation nets out of the consolidated totals, unless the combined table prints its rows.
        let netted = combined[.allocationFromPooledFund] == nil && combined[.allocationToPersonalAccounts] == nil ? transfer : 0
        for total in [BudgetLine.incomeTotal, .expenditureTotal] {
            if let c = combined[total], let a = accounts[total] { lines[total] = c - a + netted }
        }
        pooled = lines
        pooledDerivedFromCombined = true
        pooledTakenWhole = Self.sharedWithAccounts.filter(whole.contains)
    }
}

/// How an inter-level flow (上级补助 / 下级上解 / 补助下级 / 上解上级) moves in the budget year.
public enum InterLevelDriver: Sendable, Equatable {
    /// A dated amount, 元 a year.
    case amount(DatedValue<Double>)
    /// A dated share: income-side flows of 本年支出小计, spending-side flows of 本年收入小计 before interest.
    case share(DatedValue<Double>)
    /// The base year's share held (the default when only a base-year line is given).
    case baseYearShare
}

/// Drivers of the lines beyond contributions, subsidies, interest and benefits (budget year on).
public struct OtherLineDrivers: Sendable, Equatable {
    /// 转移支出, 元 a year.
    public var transfersOut = DatedValue(0.0)
    /// 其他支出, 元 a year.
    public var otherExpenditure = DatedValue(0.0)
    /// 转移收入 of the resident fund (the employee scheme's is `employee.transfers_in`), 元 a year.
    public var transfersIn = DatedValue(0.0)
    /// The four inter-level flows; absent: none.
    public var interLevel: [BudgetLine: InterLevelDriver] = [:]

    public init() {}

    public static let none = OtherLineDrivers()
}

extension Dictionary where Key == BudgetLine, Value == Double {
    /// A first-level item: the reported line, else (with its side's 合计 reported) the 合计 less every
    /// other item and inter-level flow of the side, each reported or as `modelled` gives it (0 if neither).
    public func derived(_ item: BudgetLine, modelled: [BudgetLine: Double] = [:]) -> Double? {
        if let v = self[item] { return v }
        let total: BudgetLine = item.side == .income ? .incomeTotal : .expenditureTotal
        guard let t = self[total] else { return nil }
        let others = BudgetLine.allCases.filter { $0 != item && $0.side == item.side && ($0.role == .item || $0.role == .interLevel) }
        return t - others.reduce(0) { $0 + (self[$1] ?? modelled[$1] ?? 0) }
    }
}
