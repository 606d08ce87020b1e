import Scenario

extension YearResult {
    /// The model's figure for a history-CSV series (`scheme`, `metric`) in this year, 元 or persons; nil
    /// where the model has no such figure. Employee-scheme income and spending are the pooled fund's and
    /// the accounts' together less the pooled fund's transfer into the accounts (internal, counted once);
    /// `total` sums the schemes the scenario has.
    public func figure(_ scheme: HistoryRecord.Scheme, _ metric: HistoryRecord.Metric) -> Double? {
        let e = employee, r = resident
        let transfer = e?.pooled.transferToPersonalAccounts ?? 0
        let employeeIncome = e.map { $0.pooled.income + $0.personalAccount.income - transfer }
        let employeeSpending = e.map { $0.pooled.expenditure + $0.personalAccount.expenditure - transfer }
        let employeeBalance = e.map { $0.pooled.closingBalance + $0.personalAccount.closingBalance }
        let employeeInsured = e.map { _ in members.employeeInsured }
        func sum(_ a: Double?, _ b: Double?) -> Double? { a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0) }
        switch (scheme, metric) {
        case (.employee, .income): return employeeIncome
        case (.employee, .expenditure): return employeeSpending
        case (.employee, .balance): return employeeBalance
        case (.employee, .insured): return employeeInsured
        case (.employee, .active): return e.map { _ in members.active }
        case (.employee, .retired): return e.map { _ in members.retired }
        case (.employeePooled, .income): return e?.pooled.income
        case (.employeePooled, .expenditure): return e?.pooled.expenditure
        case (.employeePooled, .balance): return e?.pooled.closingBalance
        case (.employeePersonalAccount, .income): return e?.personalAccount.income
        case (.employeePersonalAccount, .expenditure): return e?.personalAccount.expenditure
        case (.employeePersonalAccount, .balance): return e?.personalAccount.closingBalance
        case (.resident, .income): return r?.income
        case (.resident, .expenditure): return r?.expenditure
        case (.resident, .balance): return r?.closingBalance
        case (.resident, .insured): return r?.insured
        case (.total, .income): return sum(employeeIncome, r?.income)
        case (.total, .expenditure): return sum(employeeSpending, r?.expenditure)
        case (.total, .balance): return sum(employeeBalance, r?.closingBalance)
        case (.total, .insured): return sum(employeeInsured, r?.insured)
        default: return nil
        }
    }
}
