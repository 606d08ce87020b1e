/// 城乡居民医保基金 in one year, 元.
public struct ResidentFundYear: FundAccount, Equatable {
    /// 参保人数, persons.
    public var insured: Double
    /// 个人缴费: insured × individual contribution × collection rate.
    public var individualContributions: Double
    /// 财政补助: insured × subsidy per head (subsidies follow enrolment, not collection).
    public var fiscalSubsidies: Double
    public var interest: Double
    public var otherIncome: Double
    /// Base year only: reported minus modelled income.
    public var unexplainedIncome: Double
    /// 医疗待遇支出.
    public var benefits: Double
    public var closingBalance: Double

    public var income: Double { individualContributions + fiscalSubsidies + interest + otherIncome + unexplainedIncome }
    public var expenditure: Double { benefits }
}
