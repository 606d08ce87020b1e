import Foundation

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
    /// How insured people are modelled.
    public var membership: MembershipSettings
    /// 职工医保; nil when the scenario covers residents only.
    public var employee: EmployeeScheme?
    /// 居民医保; nil when the scenario covers employees only.
    public var resident: ResidentScheme?
    public var warnings: WarningThresholds
    /// Reported figures (history CSV) for reconciliation; empty when none were given.
    public var history: [HistoryRecord]
    /// Cost curves by age (the `costs:` section).
    public var costs: CostSettings = .defaults
    /// Within-year timing of the budget lines for mid-year execution (the `execution:` section).
    public var execution: ExecutionSettings = .defaults
    /// Random factors of `fundcast simulate` (the `stochastic:` section).
    public var stochastic: StochasticSettings = .defaults
    /// `districts: [a.yaml, b.yaml]` as written, with where (市级统筹: this scenario is the city level).
    public var districtFiles: [DistrictFile] = []
    /// The district scenarios, loaded by ``ScenarioLoader`` in the order listed.
    public var districts: [Scenario] = []
    /// What the command line changed in the file's scenario, in the order applied (`--set`, then
    /// `--assumptions`): reports name them beside the file, so a varied run is not mistaken for the file's.
    public var commandLineChanges: [CommandLineChange] = []

    /// The projected years after the base year: `t0+1 … horizon`.
    public var projectionYears: ClosedRange<Int> { (baseYear + 1)...horizon }
}

/// One change the command line made to a scenario, as the user can repeat it.
public struct CommandLineChange: Sendable, Equatable {
    /// The arguments, shell-quoted where needed: `--set employee.employer_rate=0.05`, `--assumptions high-cost`.
    public var arguments: String
    /// What an assumption set is called (高成本假设 / High-cost assumptions); nil for `--set`.
    public var titleZh: String?
    public var titleEn: String?

    public init(arguments: String, titleZh: String? = nil, titleEn: String? = nil) {
        self.arguments = arguments
        self.titleZh = titleZh
        self.titleEn = titleEn
    }

    /// `--set KEY=VALUE`, quoted for a POSIX shell when VALUE holds anything beyond a plain word.
    public static func set(_ override: String) -> CommandLineChange {
        CommandLineChange(arguments: "--set " + shellWord(override))
    }

    /// `word` as one POSIX shell word: as it is when it holds only safe characters, else in single quotes.
    public static func shellWord(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/=:%+,@")
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) || ($0.unicodeScalars.first?.value ?? 0) > 0x7F }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The change for a reader: the arguments, with the set's title in the language asked for.
    public func described(english: Bool) -> String {
        guard let title = english ? titleEn : titleZh else { return arguments }
        return english ? "\(arguments) (\(title))" : "\(arguments)(\(title))"
    }
}

/// A district scenario named by `districts:`: the path as written and where it was written.
public struct DistrictFile: Sendable, Equatable {
    public var path: String
    public var location: SourceLocation
}

/// Economic assumptions shared by all funds.
public struct Assumptions: Sendable, Equatable {
    /// Growth of the average wage and so of the contribution base, a year.
    public var wageGrowth: DatedValue<Double>
    /// Growth of per-capita fund-paid medical cost, a year (price and intensity together).
    public var medicalInflation: DatedValue<Double>
    /// Interest credited on fund balances, a year.
    public var interestRate: DatedValue<Double>
    /// How per-capita cost grows: one medical-inflation rate (the `medical_inflation` key, an override)
    /// or price × utilisation (``excessCostGrowth``, ``utilisationTrend``).
    public var costGrowthModel: CostGrowthModel = .medicalInflation
    /// Unit-cost (price) growth above wage growth a year (excess cost growth): price grows at
    /// `wage growth + excess`. Default 0 (neutral).
    public var excessCostGrowth: DatedValue<Double> = DatedValue(0)
    /// Growth of claims per head a year at every age. Default 0.
    public var utilisationTrend: DatedValue<Double> = DatedValue(0)
    /// Extra growth of claims per head by age band (knots are first ages of bands), added to
    /// ``utilisationTrend``; nil: none.
    public var utilisationTrendByAge: DatedValue<Double>? = nil

    /// Defaults are deliberately neutral (no growth, no interest) so that every assumption that
    /// moves the result is one the user wrote; `fundcast init` writes realistic values with sources.
    public static let neutral = Assumptions(wageGrowth: DatedValue(0), medicalInflation: DatedValue(0), interestRate: DatedValue(0))
}

/// The area's population. In the aggregate membership model only `total` and `growth` are used;
/// the age-structured model reads the rest, falling back to the embedded default for China.
public struct PopulationSettings: Sendable, Equatable {
    /// Resident population in the base year, persons; nil when not given.
    public var total: Double?
    /// Growth of the total population a year (aggregate model only).
    public var growth: DatedValue<Double>
    /// Total fertility rate, births per woman.
    public var tfr: DatedValue<Double>?
    /// Boys born per girl.
    public var sexRatioAtBirth: DatedValue<Double>?
    /// Net migration, persons a year.
    public var netMigration: DatedValue<Double>?
    /// A scalar annual rate of mortality improvement replacing the derived age-specific one.
    public var mortalityImprovement: DatedValue<Double>?
    /// A Monte Carlo path's mortality deviation (never read from a file): every cell's death rate
    /// times `exp(β(x)·δ_t)` (Lee–Carter, Sources/Stochastic/README.md); nil: the central path.
    public var mortalityDeviation: MortalityDeviation? = nil
    /// The region's population by age and sex (`age_sex:` CSV `age,sex,count`), scaled to `total`.
    public var ageSexCounts: AgeSexTable?
    /// The region's life table (`life_table:` CSV `age,sex,qx`).
    public var lifeTable: AgeSexTable?
    /// Age-sex distribution of net migrants (`migration_profile:` CSV `age,sex,share`), normalised.
    public var migrationProfile: AgeSexTable?
    /// Statutory retirement ages (named `china-2025` (default), `pre-2025`, or custom).
    public var retirementSchedule: RetirementSchedule
}

/// Settings of the membership model. Defaults are neutral unless a source is named.
public struct MembershipSettings: Sendable, Equatable {
    public enum Model: String, Sendable, Equatable { case cohort, aggregate }
    /// `cohort` (age-structured; the default when `population.total` is given) or `aggregate` (given
    /// counts and growth rates; the default without a population).
    public var model: Model
    /// Share of active women in cadre posts (retirement 55, not 50). No source gives it: 0.5 is a
    /// neutral assumption printed in every output's notes; bureaus should set their own.
    public var femaleCadreShare: Double
    /// Share of those reaching retirement age who meet the minimum contribution years (缴费年限).
    public var minimumYearsMetShare: DatedValue<Double>
    /// Of those short of the minimum years, the share who buy in (补缴) and retire into the scheme; the rest move to the resident scheme.
    public var buyInShare: DatedValue<Double>
    /// Missing years bought in, on average (for buy-in income: years × 4 % × average wage, 地方医保经办文件汇编 (北部湾、成都等)).
    public var buyInYears: DatedValue<Double>
    /// Share of working-age actives leaving the employee scheme a year (job loss, informal work; 霍山县 2014 年、镇江市 2012 年医保工作总结 ≈ 3,300 a year in Zhenjiang).
    public var lapseRate: DatedValue<Double>
    /// Share of working-age residents joining the employee scheme a year.
    public var switchRate: DatedValue<Double>
    /// Multiplier on the base year's active coverage for each cohort reaching working age (16) in a year.
    public var activeCoverage: DatedValue<Double>
    /// Multiplier on the base year's total coverage (employee + resident) by age and sex.
    public var residentCoverage: DatedValue<Double>
    /// Growth a year of active coverage at working ages (more formal and flexible employment insured):
    /// nil = calibrated from the history before the base year, damped (Sources/Membership/README.md).
    public var activeCoverageTrend: DatedValue<Double>?
    /// Damping φ of the calibrated coverage trend: year `k` after the base year grows by `g·φ^k`
    /// (Gardner–McKenzie damped trend; 0.8, the lower end of the usual 0.8–0.98).
    public var coverageTrendDamping: Double = 0.8
    /// Premium elasticity of resident enrolment ε ≥ 0: enrolment falls by `ε·(g_individual − g_wage)`
    /// a year when the individual contribution outgrows wages; default 0 (no source in reach).
    public var residentPremiumElasticity: Double = 0
    /// First age at which a cohort has its full active coverage; cohorts enter linearly over ages
    /// 16 … this − 1 (default 25: Sources/Membership/README.md).
    public var fullCoverageAge: Int = 25
    /// Share retiring as early as allowed (3 years before the statutory age, not below the old age);
    /// one share for every cohort (a cohort's retirement dates are fixed when it reaches the age).
    public var earlyRetirementShare: Double
    /// Share retiring as late as allowed (3 years after the statutory age).
    public var lateRetirementShare: Double
    /// Relative cost by age and sex of actives, retirees and residents (CSV `age,sex,relative_cost`); nil: flat.
    public var activeCostProfile: AgeSexTable?
    public var retiredCostProfile: AgeSexTable?
    public var residentCostProfile: AgeSexTable?

    /// Neutral: 50 % cadres (assumption), everyone meets the minimum years, no lapse or switching,
    /// coverage as in the base year, everyone retires at the statutory age.
    public static let defaults = MembershipSettings(
        model: .cohort, femaleCadreShare: 0.5, minimumYearsMetShare: DatedValue(1), buyInShare: DatedValue(1),
        buyInYears: DatedValue(0), lapseRate: DatedValue(0), switchRate: DatedValue(0),
        activeCoverage: DatedValue(1), residentCoverage: DatedValue(1),
        earlyRetirementShare: 0, lateRetirementShare: 0,
        activeCostProfile: nil, retiredCostProfile: nil, residentCostProfile: nil)
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
    /// Contribution-base, flexible-worker, buy-in, late-fee and benefit-category rules.
    public var financing: EmployeeFinancing
    /// Pooled-fund balance at the end of the base year, 元; nil when not reported (balances are then
    /// projected from zero and balance-based indicators are withheld).
    public var pooledBalance: Double?
    /// Personal-account balance at the end of the base year, 元.
    public var personalAccountBalance: Double?
    /// Reported base-year lines of the official tables (`base_year_lines`); empty: totals only.
    public var baseYearLines = EmployeeBaseYearLines()
    /// Drivers of the pooled fund's transfers out, other spending and inter-level flows.
    public var otherLines = OtherLineDrivers.none

    /// Whether the pooled fund's base-year balance was reported (as `pooled_balance` or as its
    /// 上年结余 / 年末滚存结余 line); without it balances count only the change since the base year.
    public var pooledBalanceKnown: Bool {
        pooledBalance != nil || baseYearLines.pooled[.openingBalance] != nil || baseYearLines.pooled[.closingBalance] != nil
    }

    /// Whether the personal accounts' base-year balance was reported.
    public var personalAccountBalanceKnown: Bool {
        personalAccountBalance != nil || baseYearLines.personalAccount[.openingBalance] != nil
            || baseYearLines.personalAccount[.closingBalance] != nil
    }
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
    /// Subsidy split, benefit lag and benefit categories.
    public var financing: ResidentFinancing
    /// Reported base-year lines of the official table (`resident.base_year_lines`); empty: totals only.
    public var baseYearLines: BudgetLineValues = [:]
    /// Drivers of transfers, other spending and inter-level flows.
    public var otherLines = OtherLineDrivers.none

    /// Whether the fund's base-year balance was reported (as `balance` or as a balance line).
    public var balanceKnown: Bool {
        balance != nil || baseYearLines[.openingBalance] != nil || baseYearLines[.closingBalance] != nil
    }
}

/// `m_t(x) → m_t(x)·exp(β(x)·δ_t)`: a Lee–Carter shift `δ_t` of the mortality index applied to the
/// central path, with the age-sex loadings `β` (202 cells, ages 0…100 by sex).
public struct MortalityDeviation: Sendable, Equatable {
    public var loadings: [Double]
    /// `δ_t` by calendar year; years not listed have no deviation.
    public var shift: [Int: Double]

    public init(loadings: [Double], shift: [Int: Double]) {
        self.loadings = loadings
        self.shift = shift
    }

    /// The factor on each cell's death rate in `year`; nil when there is no deviation that year.
    public func factors(in year: Int) -> [Double]? {
        guard let d = shift[year], d != 0 else { return nil }
        return loadings.map { exp($0 * d) }
    }
}
