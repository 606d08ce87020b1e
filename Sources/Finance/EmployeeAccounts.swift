import Scenario

/// What drives employee contributions in a year.
public struct ContributionDrivers: Sendable, Equatable {
    /// 缴费人数: all contributing actives (employees and flexible workers), persons.
    public var payers: Double
    /// Of them, flexible workers (灵活就业), paying flexible rates on the prior year's average wage.
    public var flexiblePayers: Double
    /// 人均缴费基数 of employees (after floor and ceiling), 元 a year.
    public var averageBase: Double
    /// 社平工资 (or the average base when no average wage is given), 元 a year.
    public var averageWage: Double
    public var employerRate: Double
    public var employeeRate: Double
    /// 征缴率 as given.
    public var collectionRate: Double
    /// Collection including arrears recovered later in the year: `k + (1 − k)·recovery`.
    public var effectiveCollectionRate: Double

    /// Employee payers (not flexible workers).
    public var employeePayers: Double { payers - flexiblePayers }
    /// 缴费基数总额 of employees, `employee payers × average base`, 元.
    public var totalBase: Double { employeePayers * averageBase }
    /// Total rate `employer + employee`.
    public var totalRate: Double { employerRate + employeeRate }
    /// 应缴: employees' contributions due, `base × (employer + employee rate)`, 元.
    public var contributionsDue: Double { totalBase * totalRate }
    /// 实缴: employees' contributions collected, `due × effective collection rate`, 元.
    public var contributionsCollected: Double { contributionsDue * effectiveCollectionRate }
}

/// A benefit category's spending in a year.
public struct CategoryAmount: Sendable, Equatable {
    public var kind: SpendingCategory.Kind
    /// 元.
    public var amount: Double
    /// Effective fund-paid share `φ` of claimants' costs this year.
    public var fundPaidShare: Double
}

/// 职工医保统筹基金 in one year, 元.
public struct PooledFundYear: FundAccount, Equatable {
    /// 单位缴费划入统筹 (and, with age-banded accounts, the employee contributions not credited to accounts).
    public var employerContributions: Double
    /// 灵活就业人员缴费.
    public var flexibleContributions: Double = 0
    /// 退休人员缴费.
    public var retireeContributions: Double = 0
    /// 大额医疗补助 premiums.
    public var largeClaimsPremiums: Double = 0
    /// 滞纳金.
    public var lateFees: Double = 0
    /// 补缴收入: buy-in of missing contribution years at retirement.
    public var buyIns: Double = 0
    /// 转移收入.
    public var transfersIn: Double = 0
    /// 财政补贴.
    public var fiscalSubsidy: Double
    /// 利息收入.
    public var interest: Double
    /// 其他收入.
    public var otherIncome: Double
    /// Base year only: reported minus modelled contributions (基本医疗保险费收入); with only a reported
    /// income total, that total less every other line. Interest, subsidies, transfers and other income
    /// keep their own lines.
    public var unexplainedIncome: Double
    /// 在职人员医疗待遇.
    public var activeBenefits: Double
    /// 退休人员医疗待遇.
    public var retireeBenefits: Double
    /// The same benefits by category (empty when the scenario defines none).
    public var categories: [CategoryAmount] = []
    /// 大额医疗费用支出.
    public var largeClaimsPayments: Double = 0
    /// 生育待遇支出 (maternity insurance, merged into the employee fund since 2019): births to insured
    /// women × benefit per birth × price index.
    public var maternityBenefits: Double = 0
    /// Births to insured (active) women in the year, persons (the driver of ``maternityBenefits``).
    public var insuredBirths: Double = 0
    /// The parts of actives' and retirees' calibrated benefits (for the attribution of their change).
    public var activeSpendingDrivers: SpendingDrivers?
    public var retireeSpendingDrivers: SpendingDrivers?
    /// 划入退休人员个人账户: the pooled fund's transfer to retirees' personal accounts.
    public var transferToPersonalAccounts: Double
    public var closingBalance: Double
    /// Cover of the year's shortfall (财社〔2017〕144号 第三十八条); its adjustment-fund and treasury
    /// lines are income.
    public var deficitCover = DeficitCover()
    /// 转移支出, 其他支出 and the inter-level flows.
    public var flows = LineFlows()

    /// Contributions of every kind, 元.
    public var contributions: Double {
        employerContributions + flexibleContributions + retireeContributions
    }
    /// 基本医疗保险费收入 as the official table prints it: contributions, buy-ins, large-claims premiums
    /// and (in the base year) the reported-minus-modelled gap, 元.
    public var contributionsLine: Double { contributions + buyIns + largeClaimsPremiums + unexplainedIncome }
    /// 本年收入小计 before interest and the shortfall cover, 元.
    public var incomeBeforeInterest: Double { contributionsLine + lateFees + transfersIn + fiscalSubsidy + otherIncome }
    /// 基本医疗保险待遇支出, 元.
    public var benefits: Double { activeBenefits + retireeBenefits + largeClaimsPayments + maternityBenefits }
    public var income: Double {
        incomeBeforeCover + deficitCover.coverIncome
    }
    /// Income before the shortfall cover lines (调剂金, 财政兜底), 元.
    public var incomeBeforeCover: Double {
        incomeBeforeInterest + interest + flows.income
    }
    /// 本年支出小计: benefits, the allocation to accounts, transfers and other spending, 元.
    public var itemExpenditure: Double { benefits + transferToPersonalAccounts + flows.itemExpenditure }
    public var expenditure: Double { itemExpenditure + flows.interLevelExpenditure }

    /// 门诊共济: the outpatient category's spending (outpatient pooling under 国办发〔2021〕14号), 元.
    public var outpatientPooling: Double {
        categories.filter { $0.kind == .outpatient }.reduce(0) { $0 + $1.amount }
    }
}

/// 职工医保个人账户 in one year, 元.
public struct PersonalAccountYear: FundAccount, Equatable {
    /// 个人缴费: the employee's own contribution.
    public var employeeContributions: Double
    /// 单位缴费划入个人账户 (with age-banded accounts: the credit beyond the employee's own part).
    public var employerShare: Double
    /// 统筹基金划入 (retirees' allocation).
    public var retireeAllocation: Double
    public var interest: Double
    /// Base year only: reported minus modelled contributions (or income, with only a total).
    public var unexplainedIncome: Double
    /// 个人账户支出: members' use, capped by the accounts' resources.
    public var spending: Double
    public var closingBalance: Double

    /// Members' outpatient and pharmacy use the accounts would pay if they held enough, 元.
    public var demand: Double = 0

    /// Use the accounts could not pay (they were empty), 元.
    public var unmetDemand: Double { max(0, demand - spending) }

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
