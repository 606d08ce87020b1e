/// A scenario parsed once into typed values: the only input the model sees.
///
/// Money is in 元, people in persons, rates are fractions, whatever unit the file was written in.
/// Every numeric leaf that may change over time is a ``DatedValue``.
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var region: String
    /// The file it was loaded from (for messages and provenance).
    public var source: String
    /// `t0`: the last year with actual figures (决算 or 预计执行数). The budget year is `t0 + 1`.
    public var baseYear: Int
    /// The last projected year.
    public var horizon: Int
    /// The unit the file wrote money in; also the default display unit.
    public var unit: MoneyUnit
    public var assumptions: Assumptions
    public var population: PopulationSettings
    /// 职工医保; nil when the scenario covers residents only.
    public var employee: EmployeeScheme?
    /// 居民医保; nil when the scenario covers employees only.
    public var resident: ResidentScheme?
    public var warnings: WarningThresholds
    /// Reported figures (history CSV) for reconciliation; empty when none were given.
    public var history: [HistoryRecord]

    /// The projected years after the base year: `t0+1 … horizon`.
    public var projectionYears: ClosedRange<Int> { (baseYear + 1)...horizon }
}

/// Economic assumptions shared by all funds.
public struct Assumptions: Sendable, Equatable {
    /// Growth of the average wage and so of the contribution base, a year.
    public var wageGrowth: DatedValue<Double>
    /// Growth of per-capita fund-paid medical cost, a year (price and intensity together).
    public var medicalInflation: DatedValue<Double>
    /// Interest credited on fund balances, a year.
    public var interestRate: DatedValue<Double>

    /// Defaults are deliberately neutral (no growth, no interest) so that every assumption that
    /// moves the result is one the user wrote; `fundcast init` writes realistic values with sources.
    public static let neutral = Assumptions(wageGrowth: DatedValue(0), medicalInflation: DatedValue(0), interestRate: DatedValue(0))
}

/// The area's population. In the aggregate membership model only `total` and `growth` are used;
/// the age-structured model reads the rest.
public struct PopulationSettings: Sendable, Equatable {
    /// Resident population in the base year, persons; nil when not given.
    public var total: Double?
    /// Growth of the total population a year (aggregate model).
    public var growth: DatedValue<Double>
    /// Total fertility rate, births per woman.
    public var tfr: DatedValue<Double>?
    /// Net migration, persons a year.
    public var netMigration: DatedValue<Double>?
    /// Path of an `age,sex,count` CSV, resolved against the scenario's folder.
    public var ageSexFile: String?
    /// Name of the statutory retirement-age schedule (`china-2025`, `pre-2025`).
    public var retirementSchedule: String?
}

/// 职工医保: the employee scheme with its pooled fund (统筹基金) and personal accounts (个人账户).
public struct EmployeeScheme: Sendable, Equatable {
    /// In-service insured (在职), persons; knots re-anchor the series, `activeGrowth` moves it in between.
    public var active: DatedValue<Double>
    /// Retired insured (退休), persons.
    public var retired: DatedValue<Double>
    /// Contributing payers (缴费人数), persons; nil means every active member pays.
    public var payers: DatedValue<Double>?
    public var activeGrowth: DatedValue<Double>
    public var retiredGrowth: DatedValue<Double>
    /// Average contribution base per payer (人均缴费基数), 元 a year; grows with the wage between knots.
    public var averageBase: DatedValue<Double>
    /// Employer contribution rate (单位缴费率), fraction of the base.
    public var employerRate: DatedValue<Double>
    /// Employee contribution rate (个人缴费率), fraction of the base; goes to the personal account.
    public var employeeRate: DatedValue<Double>
    /// Share of contributions due that is collected (征缴率).
    public var collectionRate: DatedValue<Double>
    /// Share of the employer contribution credited to actives' personal accounts (0 after the 2021 reform).
    public var employerShareToPersonalAccount: DatedValue<Double>
    /// Transfer from the pooled fund to each retiree's personal account, 元 a year.
    public var retireeAllocation: DatedValue<Double>
    /// Pooled-fund cost of a retiree relative to an active member.
    public var retireeCostRatio: DatedValue<Double>
    /// Fiscal subsidies into the pooled fund (财政补贴), 元 a year.
    public var fiscalSubsidy: DatedValue<Double>
    /// Other pooled-fund income (其他收入), 元 a year.
    public var otherIncome: DatedValue<Double>
    public var baseYearActuals: EmployeeActuals
    /// Pooled-fund balance at the end of the base year, 元; nil when not reported (balances are then
    /// projected from zero and balance-based indicators are withheld).
    public var pooledBalance: Double?
    /// Personal-account balance at the end of the base year, 元.
    public var personalAccountBalance: Double?
}

/// Reported base-year figures of the employee scheme, 元; nil when the file does not give them.
public struct EmployeeActuals: Sendable, Equatable {
    public var pooledIncome: Double?
    public var pooledExpenditure: Double?
    public var personalAccountIncome: Double?
    public var personalAccountExpenditure: Double?
}

/// 居民医保: the urban-rural resident scheme.
public struct ResidentScheme: Sendable, Equatable {
    /// Insured residents (参保人数), persons.
    public var insured: DatedValue<Double>
    public var insuredGrowth: DatedValue<Double>
    /// Fiscal subsidy per insured (财政补助), 元 a year.
    public var subsidyPerCapita: DatedValue<Double>
    /// Individual contribution per insured (个人缴费), 元 a year.
    public var individualPerCapita: DatedValue<Double>
    /// Growth a year of both per-head amounts after their last dated knot (default 0: the last
    /// announced standard holds).
    public var perCapitaGrowth: DatedValue<Double>
    public var collectionRate: DatedValue<Double>
    /// Other income, 元 a year.
    public var otherIncome: DatedValue<Double>
    /// Reported base-year income, 元.
    public var baseYearIncome: Double?
    /// Reported base-year expenditure, 元.
    public var baseYearExpenditure: Double?
    /// Balance at the end of the base year, 元; nil when not reported.
    public var balance: Double?
}
