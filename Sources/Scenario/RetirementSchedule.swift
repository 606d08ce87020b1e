/// A statutory retirement-age rule for one group, by birth cohort: people born before
/// `fromBirthYear` retire at `baseAge`; from January of that year on, every `monthsPerStep` months of
/// birth add one month, up to `maxDelayMonths` (the 2025 reform's gradual rise).
public struct RetirementRule: Sendable, Hashable {
    /// The age before the reform, years.
    public var baseAge: Int
    /// First birth year affected; nil for a rule without delay.
    public var fromBirthYear: Int?
    public var monthsPerStep: Int
    public var maxDelayMonths: Int

    public init(baseAge: Int, fromBirthYear: Int? = nil, monthsPerStep: Int = 1, maxDelayMonths: Int = 0) {
        self.baseAge = baseAge
        self.fromBirthYear = fromBirthYear
        self.monthsPerStep = monthsPerStep
        self.maxDelayMonths = maxDelayMonths
    }

    /// Statutory retirement age in months for a birth year and month (1…12).
    public func ageInMonths(birthYear: Int, birthMonth: Int) -> Int {
        guard let from = fromBirthYear, maxDelayMonths > 0 else { return baseAge * 12 }
        let monthsSince = (birthYear - from) * 12 + (birthMonth - 1)
        guard monthsSince >= 0 else { return baseAge * 12 }
        return baseAge * 12 + min(maxDelayMonths, monthsSince / monthsPerStep + 1)
    }
}

/// Retirement ages for men, women in cadre posts (女干部) and women workers (女工人).
public struct RetirementSchedule: Sendable, Equatable {
    /// The value of `population.retirement_schedule`: `china-2025`, `pre-2025` or `custom`.
    public var name: String
    /// The document that sets these ages, as a user can look it up (Chinese, English); nil for a
    /// schedule written in the scenario.
    public var basis: (zh: String, en: String)?
    public var male: RetirementRule
    public var femaleCadre: RetirementRule
    public var femaleWorker: RetirementRule

    /// Before 2025: men 60, women cadres 55, women workers 50 (国发〔1978〕104号; 地方医保经办文件汇编 (北部湾、成都等)).
    public static let pre2025 = RetirementSchedule(
        name: "pre-2025",
        basis: ("《国务院关于安置老弱病残干部的暂行办法》《国务院关于工人退休、退职的暂行办法》(国发〔1978〕104号)",
                "the State Council's interim measures on the retirement of cadres and of workers (国发〔1978〕104号)"),
        male: RetirementRule(baseAge: 60), femaleCadre: RetirementRule(baseAge: 55), femaleWorker: RetirementRule(baseAge: 50))

    /// The 2025 reform (全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》, 2024-09-13, in force
    /// 2025-01-01): over 15 years men 60→63 and women cadres 55→58, one month per 4 months of birth
    /// from the 1965 and 1970 cohorts; women workers 50→55, one month per 2 months from the 1975 cohort.
    public static let china2025 = RetirementSchedule(
        name: "china-2025",
        basis: ("《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》(2024年9月13日)",
                "the NPC Standing Committee's Decision on gradually raising the statutory retirement age (13 September 2024)"),
        male: RetirementRule(baseAge: 60, fromBirthYear: 1965, monthsPerStep: 4, maxDelayMonths: 36),
        femaleCadre: RetirementRule(baseAge: 55, fromBirthYear: 1970, monthsPerStep: 4, maxDelayMonths: 36),
        femaleWorker: RetirementRule(baseAge: 50, fromBirthYear: 1975, monthsPerStep: 2, maxDelayMonths: 60))

    public init(name: String, basis: (zh: String, en: String)? = nil, male: RetirementRule, femaleCadre: RetirementRule, femaleWorker: RetirementRule) {
        self.name = name
        self.basis = basis
        self.male = male
        self.femaleCadre = femaleCadre
        self.femaleWorker = femaleWorker
    }

    /// Equal rules under the same name (the basis follows the name).
    public static func == (a: RetirementSchedule, b: RetirementSchedule) -> Bool {
        a.name == b.name && a.male == b.male && a.femaleCadre == b.femaleCadre && a.femaleWorker == b.femaleWorker
    }

    public static let named: [String: RetirementSchedule] = ["china-2025": china2025, "pre-2025": pre2025]
}
