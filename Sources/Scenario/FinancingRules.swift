/// A benefit category of a fund (住院, 门诊共济, 门慢门特) with its policy levers.
///
/// The category's share of base-year benefits is calibrated spending; the levers change the
/// effective fund-paid share `φ` of claimants' costs, and through it spending, relative to the base year.
public struct SpendingCategory: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case inpatient, outpatient, chronic
    }
    public var kind: Kind
    /// Share of the fund's calibrated base-year benefits (what decomposed categories leave) in this
    /// category (0 for a decomposed category).
    public var share: Double
    /// Claims a year per active, retired or resident member (e.g. hospitalisation rates, national 2021:
    /// actives 9.9 %, retirees 39.5 %, residents 15.2 %): when given, the category is decomposed as
    /// `members × rate × cost per claimant × φ` instead of a share of calibrated spending.
    public var claimRates: ClaimRates?
    /// Reimbursement ratio (报销比例) above the deductible.
    public var reimbursement: DatedValue<Double>
    /// Deductible (起付线), 元 a claimant a year.
    public var deductible: DatedValue<Double>
    /// Annual cap on fund payment (封顶线), 元 a claimant; nil: no cap.
    public var cap: DatedValue<Double>?
    /// Annual cap in multiples of the average wage (e.g. 6, 地方医保经办文件汇编 (北部湾、成都等)); used when `cap` is not given.
    public var capWageMultiple: DatedValue<Double>?
    /// Mean cost per claimant in the base year, 元 (grows with medical inflation).
    public var costPerClaimant: Double
    /// Dispersion σ of log cost among claimants (lognormal).
    public var costDispersion: Double
}

/// Claims per member a year by state.
public struct ClaimRates: Sendable, Equatable {
    public var active: DatedValue<Double>
    public var retired: DatedValue<Double>
    public var resident: DatedValue<Double>

    public init(active: DatedValue<Double>, retired: DatedValue<Double>, resident: DatedValue<Double>) {
        self.active = active
        self.retired = retired
        self.resident = resident
    }
}

/// Financing rules of the employee scheme beyond rates and counts, each a dated lever.
public struct EmployeeFinancing: Sendable, Equatable {
    /// Average wage of the area (社平工资), 元 a year; nil: contribution bases are `average_base`.
    public var averageWage: DatedValue<Double>?
    /// Relative wage by age and sex (CSV `age,sex,relative_wage`); nil: flat.
    public var wageProfile: AgeSexTable?
    /// σ of log wages within an age-sex cell (lognormal); 0: everyone earns the cell's wage.
    public var wageDispersion: Double
    /// Contribution base floor as a share of the average wage (缴费基数下限, 60 % nationally).
    public var baseFloor: DatedValue<Double>
    /// Contribution base ceiling as a multiple of the average wage (上限, 300 % nationally).
    public var baseCeiling: DatedValue<Double>
    /// Share of actives who are flexible workers (灵活就业人员), paying on the prior year's average wage.
    public var flexibleShare: DatedValue<Double>
    /// Flexible workers' rate up to age 40 (地方医保经办文件汇编 (北部湾、成都等): 3 %).
    public var flexibleRateYoung: DatedValue<Double>
    /// Flexible workers' rate over 40 (地方医保经办文件汇编 (北部湾、成都等): 4 %).
    public var flexibleRateOld: DatedValue<Double>
    /// Contribution by each retiree, 元 a year (optional local rule).
    public var retireeContribution: DatedValue<Double>
    /// Supplementary large-claims premium (大额医疗补助) per insured member, 元 a year (地方医保经办文件汇编 (北部湾、成都等): 60 元).
    public var largeClaimsPremium: DatedValue<Double>
    /// Share of large-claims premiums paid out as benefits (1: passed through in full).
    public var largeClaimsLossRatio: DatedValue<Double>
    /// Late-payment fee a day on arrears recovered (滞纳金): 0.05 % in current law, 2 ‰ in older rules (地方医保经办文件汇编 (北部湾、成都等)).
    public var lateFeeDailyRate: DatedValue<Double>
    /// Share of uncollected contributions recovered later in the year with late fees.
    public var arrearsRecovery: DatedValue<Double>
    /// Average days late of recovered arrears.
    public var arrearsDays: DatedValue<Double>
    /// Buy-in rate: a year bought in costs this share of the average wage (地方医保经办文件汇编 (北部湾、成都等): 4 %).
    public var buyInRate: DatedValue<Double>
    /// Transfers into the pooled fund (转移收入), 元 a year.
    public var transfersIn: DatedValue<Double>
    /// Personal-account crediting rates by age band (霍山县 2014 年、镇江市 2012 年医保工作总结, Zhenjiang 4 %/5 %/6 %): knots are the
    /// first age of each band; replaces `employee_rate` + `employer_share_to_pa` for actives when given.
    public var personalAccountByAge: DatedValue<Double>?
    /// Benefit categories of the pooled fund; empty: one undivided benefit line.
    public var categories: [SpendingCategory]
    /// Price elasticity of demand with respect to the out-of-pocket share (e.g. −0.2); 0: none.
    public var demandElasticity: Double
    /// The 2021 personal-account reform (国办发〔2021〕14号) with its local implementation year; nil:
    /// the pre-reform rules hold throughout.
    public var reform: PersonalAccountReform? = nil
    /// Maternity benefits (生育保险, merged into the employee fund since 2019); nil: no maternity line.
    public var maternity: MaternityBenefit? = nil
    /// Cover of a pooled-fund shortfall (财社〔2017〕144号 第三十八条).
    public var deficitCover: DeficitCoverRules = .none

    public static let defaults = EmployeeFinancing(
        averageWage: nil, wageProfile: nil, wageDispersion: 0,
        baseFloor: DatedValue(FinancingDefaults.baseFloor), baseCeiling: DatedValue(FinancingDefaults.baseCeiling),
        flexibleShare: DatedValue(0), flexibleRateYoung: DatedValue(FinancingDefaults.flexibleRateYoung),
        flexibleRateOld: DatedValue(FinancingDefaults.flexibleRateOld), retireeContribution: DatedValue(0),
        largeClaimsPremium: DatedValue(0), largeClaimsLossRatio: DatedValue(1),
        lateFeeDailyRate: DatedValue(FinancingDefaults.lateFeeDailyRate), arrearsRecovery: DatedValue(0), arrearsDays: DatedValue(0),
        buyInRate: DatedValue(FinancingDefaults.buyInRate), transfersIn: DatedValue(0),
        personalAccountByAge: nil, categories: [], demandElasticity: 0)
}

/// Financing rules of the resident scheme beyond per-head funding.
public struct ResidentFinancing: Sendable, Equatable {
    /// Central government's share of the fiscal subsidy (宜阳县医疗保障局部门预算说明: 80 % west, 60 % central regions).
    public var centralSubsidyShare: DatedValue<Double>
    /// Benefits lag payment by this many years (地方医保经办文件汇编 (北部湾、成都等), Chengdu: benefits begin the year after payment).
    public var benefitLagYears: Int
    public var categories: [SpendingCategory]
    public var demandElasticity: Double
    /// 大病保险 premium paid from the resident fund per insured, 元 a year (grows at `per_capita_growth`
    /// after its last knot); nil: no line of its own.
    public var criticalIllnessPremium: DatedValue<Double>? = nil
    /// Cover of a shortfall (财社〔2017〕144号 第三十八条).
    public var deficitCover: DeficitCoverRules = .none

    public static let defaults = ResidentFinancing(centralSubsidyShare: DatedValue(0), benefitLagYears: 0, categories: [], demandElasticity: 0)
}

/// Defaults of financing rules with their sources.
public enum FinancingDefaults {
    /// Contribution base floor, 60 % of the average wage (national rule for social insurance bases).
    public static let baseFloor = 0.6
    /// Contribution base ceiling, 300 % of the average wage.
    public static let baseCeiling = 3.0
    /// Flexible workers aged 40 or under: 3 % of the prior year's average wage (地方医保经办文件汇编 (北部湾、成都等)).
    public static let flexibleRateYoung = 0.03
    /// Flexible workers over 40: 4 % (地方医保经办文件汇编 (北部湾、成都等)).
    public static let flexibleRateOld = 0.04
    /// Late fee 0.05 % a day of arrears (社会保险法 art. 86, in force 2011; 地方医保经办文件汇编 (北部湾、成都等)).
    public static let lateFeeDailyRate = 0.0005
    /// Buy-in: missing years × 4 % × average wage (地方医保经办文件汇编 (北部湾、成都等)).
    public static let buyInRate = 0.04
    /// Age up to which the flexible workers' lower rate applies (地方医保经办文件汇编 (北部湾、成都等): "40周岁以下").
    public static let flexibleAgeLimit = 40
}

/// Maternity benefits of the employee fund: spending ∝ births to insured women.
public struct MaternityBenefit: Sendable, Equatable {
    /// Fund payment per birth (medical costs and maternity allowance) at base-year prices, 元.
    public var perBirth: Double?
    /// Reported maternity spending of the base year, 元: the benefit per birth is calibrated to it.
    public var baseYearSpending: Double?

    public init(perBirth: Double? = nil, baseYearSpending: Double? = nil) {
        self.perBirth = perBirth
        self.baseYearSpending = baseYearSpending
    }
}
