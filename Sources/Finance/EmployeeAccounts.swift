/// What drives employee contributions in a year.
public struct ContributionDrivers: Sendable, Equatable {
    /// 缴费人数, persons.
    public var payers: Double
    /// 人均缴费基数, 元 a year.
    public var averageBase: Double
    public var employerRate: Double
    public var employeeRate: Double
    /// 征缴率.
    public var collectionRate: Double

    /// 缴费基数总额 `payers × base`, 元.
    public var totalBase: Double { payers * averageBase }
    /// Total rate `employer + employee`.
    public var totalRate: Double { employerRate + employeeRate }
    /// 应缴 contributions before collection losses, `payers × base × (employer + employee rate)`, 元.
    public var contributionsDue: Double { totalBase * totalRate }
    /// 实缴: contributions due × collection rate, 元.
    public var contributionsCollected: Double { contributionsDue * collectionRate }
}

/// 职工医保统筹基金 in one year, 元.
public struct PooledFundYear: FundAccount, Equatable {
    /// 单位缴费划入统筹: the employer contribution less the share credited to personal accounts.
    public var employerContributions: Double
    /// 财政补贴.
    public var fiscalSubsidy: Double
    /// 利息收入.
    public var interest: Double
    /// 其他收入.
    public var otherIncome: Double
    /// Base year only: reported income minus income from drivers (未能由驱动因素解释的差额).
    public var unexplainedIncome: Double
    /// 在职人员医疗待遇.
    public var activeBenefits: Double
    /// 退休人员医疗待遇.
    public var retireeBenefits: Double
    /// 划入退休人员个人账户: the pooled fund's transfer to retirees' personal accounts.
    public var transferToPersonalAccounts: Double
    public var closingBalance: Double

    public var income: Double { employerContributions + fiscalSubsidy + interest + otherIncome + unexplainedIncome }
    public var expenditure: Double { activeBenefits + retireeBenefits + transferToPersonalAccounts }
}

/// 职工医保个人账户 in one year, 元.
public struct PersonalAccountYear: FundAccount, Equatable {
    /// 个人缴费: the employee's own contribution.
    public var employeeContributions: Double
    /// 单位缴费划入个人账户.
    public var employerShare: Double
    /// 统筹基金划入 (retirees' allocation).
    public var retireeAllocation: Double
    public var interest: Double
    /// Base year only: reported minus modelled income.
    public var unexplainedIncome: Double
    /// 个人账户支出.
    public var spending: Double
    public var closingBalance: Double

    public var income: Double { employeeContributions + employerShare + retireeAllocation + interest + unexplainedIncome }
    public var expenditure: Double { spending }
}

/// The employee scheme in one year.
public struct EmployeeYear: Sendable, Equatable {
    public var year: Int
    public var drivers: ContributionDrivers
    public var pooled: PooledFundYear
    public var personalAccount: PersonalAccountYear
}
