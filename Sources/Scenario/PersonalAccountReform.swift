/// The 2021 personal-account reform of the employee scheme as dated policy: 国务院办公厅《关于建立健全
/// 职工基本医疗保险门诊共济保障机制的指导意见》(国办发〔2021〕14号).
///
/// From `year` (the area's implementation year; most cities 2022–2023):
/// - actives' accounts are credited only their own contribution, at most `activeRateCap` of the base
///   (「原则上控制在缴费基数的2%以内」); the whole employer contribution, and any employee contribution
///   above the cap, stays in the pooled fund;
/// - each retiree's account receives a fixed allocation from the pooled fund,
///   `retireePensionShare × average basic pension in the reform year`, not adjusted afterwards
///   (「按改革当年基本养老金平均水平的2%左右测算, 今后年度不再调整」);
/// - outpatient costs move into the pooled fund (门诊共济): the pooled fund's outpatient category is
///   phased in over `outpatientPhaseInYears` years from the reform year (``outpatientPhase(in:)``).
/// Before `year` the pre-reform rules (`employer_share_to_pa`, `retiree_allocation`, `by_age`) apply.
public struct PersonalAccountReform: Sendable, Equatable {
    /// First calendar year under the reform's rules.
    public var year: Int
    /// Ceiling on the share of the contribution base credited to an active member's account.
    public var activeRateCap: Double
    /// Retirees' allocation as a share of the average basic pension of the reform year.
    public var retireePensionShare: Double
    /// Average basic pension of the area's retired employees (基本养老金平均水平), 元 a year; knots
    /// re-anchor it, `pensionGrowth` moves it in between.
    public var averagePension: DatedValue<Double>
    /// Growth of the average pension a year.
    public var pensionGrowth: DatedValue<Double>
    /// Years over which outpatient pooling reaches its full level: `1` means fully in the reform year.
    public var outpatientPhaseInYears: Int

    public init(year: Int, activeRateCap: Double = PersonalAccountReform.defaultActiveRateCap,
                retireePensionShare: Double = PersonalAccountReform.defaultRetireePensionShare,
                averagePension: DatedValue<Double>, pensionGrowth: DatedValue<Double> = DatedValue(0),
                outpatientPhaseInYears: Int = 1) {
        self.year = year
        self.activeRateCap = activeRateCap
        self.retireePensionShare = retireePensionShare
        self.averagePension = averagePension
        self.pensionGrowth = pensionGrowth
        self.outpatientPhaseInYears = outpatientPhaseInYears
    }

    /// 2 % of the base: 国办发〔2021〕14号 「原则上控制在缴费基数的2%以内」.
    public static let defaultActiveRateCap = 0.02
    /// 2 % of the average pension: 国办发〔2021〕14号 「按改革当年基本养老金平均水平的2%左右测算」.
    public static let defaultRetireePensionShare = 0.02

    /// Whether `year` is under the reform's rules.
    public func applies(in year: Int) -> Bool { year >= self.year }

    /// The fixed yearly allocation to each retiree's account, 元: the pension share of the average
    /// pension of the reform year (anchored at `baseYear` and grown with `pensionGrowth`).
    public func retireeAllocation(baseYear: Int) -> Double {
        retireePensionShare * averagePension.anchoredLevel(in: year, baseYear: baseYear, growth: pensionGrowth)
    }

    /// Share of the full outpatient-pooling level in force in `year`: 0 before the reform year, then
    /// `k / n` in the reform's k-th year for `n` phase-in years, 1 afterwards.
    public func outpatientPhase(in year: Int) -> Double {
        guard year >= self.year else { return 0 }
        let n = max(1, outpatientPhaseInYears)
        return min(1, Double(year - self.year + 1) / Double(n))
    }
}

extension EmployeeScheme {
    /// Share of the employer contribution credited to actives' accounts in `year` (0 under the reform).
    public func employerShareCredited(in year: Int) -> Double {
        if let reform = financing.reform, reform.applies(in: year) { return 0 }
        return employerShareToPersonalAccount.value(in: year)
    }

    /// Age-banded crediting rates in force in `year` (none under the reform).
    public func accountBands(in year: Int) -> DatedValue<Double>? {
        if let reform = financing.reform, reform.applies(in: year) { return nil }
        return financing.personalAccountByAge
    }

    /// Allocation from the pooled fund to each retiree's account in `year`, 元 a year.
    public func retireeAllocation(in year: Int, baseYear: Int) -> Double {
        Self.retireeAllocation(retireeAllocation, reform: financing.reform, in: year, baseYear: baseYear)
    }

    /// ``retireeAllocation(in:baseYear:)`` from the scheme's parts, before the scheme is built.
    static func retireeAllocation(_ allocation: DatedValue<Double>, reform: PersonalAccountReform?, in year: Int, baseYear: Int) -> Double {
        if let reform, reform.applies(in: year) { return reform.retireeAllocation(baseYear: baseYear) }
        return allocation.value(in: year)
    }

    /// Share of an employer-rate rise that reaches the pooled fund in `year`, before collection:
    /// all of it with age-banded accounts or under the reform, else `1 − employer share to accounts`.
    public func pooledShareOfEmployerRate(in year: Int) -> Double {
        if let reform = financing.reform, reform.applies(in: year) { return 1 }
        return financing.personalAccountByAge != nil ? 1 : 1 - employerShareToPersonalAccount.value(in: year)
    }
}
