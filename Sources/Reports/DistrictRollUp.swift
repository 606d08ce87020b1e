import Scenario
import Projection

/// 市级统筹: the city level's budget, each district's, and 全市 = 市本级 + Σ districts row by row.
///
/// In 全市 the flows between the city and its districts are internal and netted out: the city's
/// 补助下级支出 against the districts' 上级补助收入, the districts' 上解上级支出 against the city's
/// 下级上解收入 — each pair reduced by the smaller of its two sums, so what is left is what comes from
/// or goes to a level outside the city. Netting takes the same amount from both sides of the table:
/// 本年收支结余 and the balances are the sums of the parts'.
extension Budget {
    /// The pairs of inter-level rows that cancel inside a city: (income side, expenditure side).
    static let internalFlows: [(BudgetLine, BudgetLine)] = [(.subsidyFromHigherLevel, .subsidyToLowerLevel),
                                                            (.remittanceFromLowerLevel, .remittanceToHigherLevel)]

    /// The sum of the tables' row values (items, inter-level flows and 上年结余), the internal flows
    /// netted, with the summaries recomputed. When a part gives no 上年结余 (its balance was not
    /// reported) the sum has no balance either: the ``Budget/balanceRows`` are left out, not summed over the others.
    public static func consolidated(_ parts: [BudgetLineValues]) -> BudgetLineValues {
        var sum: BudgetLineValues = [:]
        for line in BudgetLine.allCases where line.role != .summary || line == .openingBalance {
            let values = parts.compactMap { $0[line] }
            if !values.isEmpty { sum[line] = values.reduce(0, +) }
        }
        for (income, expenditure) in internalFlows {
            let netted = min(sum[income] ?? 0, sum[expenditure] ?? 0)
            guard netted > 0 else { continue }
            sum[income]! -= netted
            sum[expenditure]! -= netted
        }
        var total = BudgetLine.completed(sum)
        if parts.contains(where: { $0[.openingBalance] == nil }) {
            for line in balanceRows { total[line] = nil }
        }
        return total
    }

    /// This budget (the city level, 市本级) with each district's fund tables and the 全市 tables after
    /// its own fund tables. District tables' codes are `<district>.<table>`, 全市's `city_total.<table>`.
    public func addingDistricts(_ districts: [(code: String, name: String, budget: Budget)]) -> Budget {
        guard !districts.isEmpty else { return self }
        var b = self
        var added: [BudgetTable] = []
        for d in districts {
            for var t in d.budget.tables where t.fund != nil {
                t.code = "\(d.code).\(t.code)"
                t.title = Label("\(d.name) \(t.title.zh)", "\(d.name): \(t.title.en)")
                t.shortTitle = t.fund.map { f in let s = Budget.shortTitle(f); return Label("\(d.name)\(s.zh)", "\(d.name) \(s.en)") }
                added.append(t)
            }
        }
        for fund in Fund.allCases {
            let parts = ([self] + districts.map(\.budget)).compactMap { $0.tables.first { $0.fund == fund } }
            guard !parts.isEmpty else { continue }
            func column(_ value: (BudgetRow) -> Double?) -> [BudgetLineValues] {
                parts.map { t in Dictionary(uniqueKeysWithValues: t.rows.compactMap { r in r.line.flatMap { l in value(r).map { (l, $0) } } }) }
            }
            let (previous, budget) = (Budget.consolidated(column { $0.previous }), Budget.consolidated(column { $0.budget }))
            let balanceKnown = previous[.openingBalance] != nil && budget[.openingBalance] != nil
            var t = Budget.officialTable(fund, previous: previous, budget: budget, reported: nil, allRows: false, balanceKnown: balanceKnown)
            // The indicators the levels' tables carry (none under the combined employee fund), from the sums.
            switch fund {
            case .employeePooled, .resident: t.rows += Budget.indicatorRows(previous: previous, budget: budget, monthsPayable: balanceKnown)
            case .employeePersonalAccount: t.rows += Budget.indicatorRows(previous: previous, budget: budget, monthsPayable: nil)
            case .employee, .total: break
            }
            t.code = "city_total.\(t.code)"
            t.title = Label("全市 \(t.title.zh)", "City total: \(t.title.en)")
            t.shortTitle = Label("全市\(Budget.shortTitle(fund).zh)", "City \(Budget.shortTitle(fund).en)")
            added.append(t)
        }
        let at = (tables.lastIndex { $0.fund != nil } ?? -1) + 1
        b.tables.insert(contentsOf: added, at: at)
        b.notes.insert(Label("全市 = 市本级 + 各区县, 逐行相加; 市本级补助下级支出与区县上级补助收入、区县上解上级支出与市本级下级上解收入为内部往来, 在全市表中相互抵消",
                             "City total = the city level + every district, row by row; the city's subsidies to districts against the districts' subsidies from the city, and the districts' remittances against the city's, are internal and netted out"), at: 0)
        return b
    }
}
