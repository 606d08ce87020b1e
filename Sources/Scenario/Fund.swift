/// Which fund a figure, a table, a reported row or a warning is about — the one fund type of fundcast.
/// Raw values are the JSON and CSV names (`scheme` of history and year-to-date CSVs, `fund` of
/// published-table CSVs, table codes and warning `scheme` in JSON).
///
/// The model projects three accounts (`accounts`): the employee scheme's pooled fund (统筹基金) and
/// personal accounts (个人账户), and the resident fund. `employee` is the employee scheme as published
/// in one table (统筹基金 + 个人账户, the pooled fund's allocation to accounts counted once); `total`
/// is every scheme together (national bulletins' 基本医疗保险基金 totals).
public enum Fund: String, Sendable, CaseIterable, Equatable, Hashable, Codable {
    case total
    case employee
    case employeePooled = "employee_pooled"
    case employeePersonalAccount = "employee_pa"
    case resident

    /// The accounts the model projects, in table order.
    public static let accounts: [Fund] = [.employeePooled, .employeePersonalAccount, .resident]

    /// Whether this is one of the projected accounts rather than a sum of them.
    public var isAccount: Bool { Fund.accounts.contains(self) }
}
