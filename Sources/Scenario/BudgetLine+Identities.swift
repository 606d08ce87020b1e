/// The identities of the official table (see ``BudgetLine``), computed and checked.
extension BudgetLine {
    /// The table's summaries from its items, 上年结余 (0 when absent) and inter-level flows, by the
    /// rules of ``identities``: 小计 = Σ first-level items (其中 rows never added again), 合计 = 小计 +
    /// inter-level flows, 本年收支结余 = 收入合计 − 支出合计, 年末滚存结余 = 上年结余 + 结余, both 总计.
    /// Summaries in `lines` other than 上年结余 are replaced.
    public static func completed(_ lines: BudgetLineValues) -> BudgetLineValues {
        var v = lines.filter { $0.key.role != .summary || $0.key == .openingBalance }
        v[.openingBalance] = v[.openingBalance] ?? 0
        // Each rule in order, its terms summed in the rows' order: the same table gives the same bits.
        for identity in identities where identity.defines {
            v[identity.subject] = identity.terms.reduce(0) { $0 + Double($1.coefficient) * (v[$1.line] ?? 0) }
        }
        return v
    }

    /// A broken identity: the row, its figure and what the identity gives.
    public struct IdentityBreak: Sendable, Equatable {
        public var line: BudgetLine
        public var found: Double
        public var expected: Double
    }

    /// Every identity of the table that `lines` break by at least `tolerance` (元): each summary against
    /// its recomputation, 总计 on both sides, and each 其中 row within its parent (for non-negative parents).
    public static func identityBreaks(_ lines: BudgetLineValues, tolerance: Double = 0.005) -> [IdentityBreak] {
        var breaks: [IdentityBreak] = []
        var items = lines.filter { $0.key.role != .summary || $0.key == .openingBalance }
        if items[.openingBalance] == nil, let c = lines[.closingBalance], let s = lines[.surplus] { items[.openingBalance] = c - s }
        let recomputed = completed(items)
        for line in allCases where line.role == .summary && line != .openingBalance {
            if let found = lines[line], let expected = recomputed[line], abs(found - expected) >= tolerance {
                breaks.append(IdentityBreak(line: line, found: found, expected: expected))
            }
        }
        if let i = lines[.incomeGrandTotal], let x = lines[.expenditureGrandTotal], abs(i - x) >= tolerance {
            breaks.append(IdentityBreak(line: .expenditureGrandTotal, found: x, expected: i))
        }
        for line in allCases {
            if let value = lines[line], let parent = line.parent, let p = lines[parent], p >= 0, value > p + tolerance {
                breaks.append(IdentityBreak(line: line, found: value, expected: p))
            }
        }
        return breaks
    }
}
