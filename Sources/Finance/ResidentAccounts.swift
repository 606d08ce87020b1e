/// 城乡居民医保基金 in one year, 元.
public struct ResidentFundYear: FundAccount, Equatable {
    /// 参保人数, persons.
    public var insured: Double
    /// 个人缴费: insured × individual contribution × collection rate.
    public var individualContributions: Double
    /// 财政补助: insured × subsidy per head (subsidies follow enrolment, not collection).
    public var fiscalSubsidies: Double
    /// Of the subsidies, the central government's part (中央财政补助); the rest is local.
    public var centralSubsidies: Double = 0
    public var interest: Double
    public var otherIncome: Double
    /// Base year only: reported minus modelled individual contributions (基本医疗保险费收入); with only a
    /// reported income total, that total less every other line.
    public var unexplainedIncome: Double
    /// 医疗待遇支出.
    public var benefits: Double
    /// The same benefits by category (empty when the scenario defines none).
    public var categories: [CategoryAmount] = []
    /// 大病保险支出: critical-illness insurance premiums paid from the fund, insured × premium per head.
    public var criticalIllnessPremiums: Double = 0
    /// The parts of the calibrated benefits of the members covered in the year (for the attribution of their change).
    public var spendingDrivers: SpendingDrivers?
    public var closingBalance: Double
    /// Cover of the year's shortfall (财社〔2017〕144号 第三十八条); its adjustment-fund and treasury
    /// lines are income.
    public var deficitCover = DeficitCover()
    /// 转移收入.
    public var transfersIn = 0.0
    /// 转移支出, 其他支出 and the inter-level flows.
    public var flows = LineFlows()

    /// 基本医疗保险费收入 as printed (in the base year with the reported-minus-modelled gap), 元.
    public var contributionsLine: Double { individualContributions + unexplainedIncome }
    /// 本年收入小计 before interest and the shortfall cover, 元.
    public var incomeBeforeInterest: Double { contributionsLine + fiscalSubsidies + transfersIn + otherIncome }
    /// 本年支出小计, 元.
    public var itemExpenditure: Double { benefits + criticalIllnessPremiums + flows.itemExpenditure }

    /// Local governments' part of the subsidies (地方财政补助).
    public var localSubsidies: Double { fiscalSubsidies - centralSubsidies }

    public var income: Double { incomeBeforeCover + deficitCover.coverIncome }
    /// Income before the shortfall cover lines (调剂金, 财政兜底), 元.
    public var incomeBeforeCover: Double { incomeBeforeInterest + interest + flows.income }
    public var expenditure: Double { itemExpenditure + flows.interLevelExpenditure }
}
