import Scenario

/// When a birth cohort retires under a schedule, for cohort-level hazards in an annual model.
///
/// Cell `a` in year `t` holds the birth cohort `b = t − a` (the age reached during the year). Births
/// are spread evenly over the twelve months; a person born in month `m` of year `b` reaches the
/// statutory age `SA(b, m)` in month `12b + m − 1 + SA` (counted from year 0), so retires in the
/// calendar year of that month. Flexible retirement (MODEL.md §2): a share retires up to 3 years early
/// (not below the old statutory age) and a share up to 3 years late.
public struct RetirementTiming: Sendable {
    public let rule: RetirementRule
    public let earlyShare: Double
    public let lateShare: Double
    /// Months by which retirement may be advanced or deferred (3 years).
    public static let flexibleMonths = 36

    public init(rule: RetirementRule, earlyShare: Double = 0, lateShare: Double = 0) {
        self.rule = rule
        self.earlyShare = earlyShare
        self.lateShare = lateShare
    }

    /// Retirement years of the cohort born in `birthYear`, with weights summing to 1.
    func retirementYears(birthYear b: Int) -> [(year: Int, weight: Double)] {
        var result: [(Int, Double)] = []
        let normal = max(0, 1 - earlyShare - lateShare)
        for m in 1...12 {
            let birth = 12 * b + m - 1
            let statutory = rule.ageInMonths(birthYear: b, birthMonth: m)
            let early = max(rule.baseAge * 12, statutory - Self.flexibleMonths)
            for (age, w) in [(statutory, normal), (early, earlyShare), (statutory + Self.flexibleMonths, lateShare)] where w > 0 {
                result.append(((birth + age) / 12, w / 12))
            }
        }
        return result
    }

    /// Share of the cohort born in `birthYear` that has retired before `year`.
    public func retiredBefore(_ year: Int, birthYear: Int) -> Double {
        retirementYears(birthYear: birthYear).filter { $0.year < year }.reduce(0) { $0 + $1.weight }
    }

    /// Share of those still active at the start of `year` who retire during it (a hazard in [0, 1]).
    public func hazard(in year: Int, birthYear: Int) -> Double {
        let timeline = retirementYears(birthYear: birthYear)
        let before = timeline.filter { $0.year < year }.reduce(0) { $0 + $1.weight }
        let during = timeline.filter { $0.year == year }.reduce(0) { $0 + $1.weight }
        let remaining = 1 - before
        return remaining > 1e-12 ? min(1, during / remaining) : 1
    }

    /// The average statutory retirement age, in years, of people turning that age in `year`
    /// (for reports): the mean over birth months of cohorts retiring in `year`.
    public func averageStatutoryAge(retiringIn year: Int) -> Double? {
        var total = 0.0, count = 0.0
        for b in (year - 80)...(year - 40) {
            for m in 1...12 {
                let age = rule.ageInMonths(birthYear: b, birthMonth: m)
                if (12 * b + m - 1 + age) / 12 == year { total += Double(age) / 12; count += 1 }
            }
        }
        return count > 0 ? total / count : nil
    }
}
