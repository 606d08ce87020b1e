import Foundation
import Scenario

/// When a birth cohort retires under a schedule, for cohort-level hazards in an annual model.
///
/// Cell `a` in year `t` holds the birth cohort `b = t − a` (the age reached during the year). Births
/// are spread evenly over the twelve months; a person born in month `m` of year `b` reaches the
/// statutory age `SA(b, m)` in month `12b + m − 1 + SA` (counted from year 0), so retires in the
/// calendar year of that month. Flexible retirement: a share retires up to 3 years early
/// (not below the old statutory age) and a share up to 3 years late.
public struct RetirementTiming: Sendable, Hashable {
    public let rule: RetirementRule
    public let earlyShare: Double
    public let lateShare: Double
    /// Months by which retirement may be advanced or deferred (3 years).
    public static let flexibleMonths = 36

    /// Early and late shares above 1 in total are scaled down to sum to 1 (nobody retires twice).
    public init(rule: RetirementRule, earlyShare: Double = 0, lateShare: Double = 0) {
        self.rule = rule
        let total = earlyShare + lateShare
        self.earlyShare = total > 1 ? earlyShare / total : earlyShare
        self.lateShare = total > 1 ? lateShare / total : lateShare
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

    /// Share of the cohort born in `birthYear` that has retired before `year`, in [0, 1]; a cohort
    /// whose every member has retired is exactly 1 (the twelfths are summed with rounding).
    public func retiredBefore(_ year: Int, birthYear: Int) -> Double {
        let share = retirementYears(birthYear: birthYear).filter { $0.year < year }.reduce(0) { $0 + $1.weight }
        return share > 1 - 1e-9 ? 1 : max(0, share)
    }

    /// Share of those still active at the start of `year` who retire during it (a hazard in [0, 1]).
    public func hazard(in year: Int, birthYear: Int) -> Double {
        cohortHazard(before: retiredBefore(year, birthYear: birthYear), after: retiredBefore(year + 1, birthYear: birthYear))
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

    /// The shares retired before each year of every cohort in a window, precomputed so the annual
    /// model reads hazards in O(1) per cell.
    public func table(birthYears: ClosedRange<Int>, years: ClosedRange<Int>) -> RetirementTable {
        var retired = [Double](repeating: 0, count: birthYears.count * (years.count + 1))
        for (bi, b) in birthYears.enumerated() {
            let timeline = retirementYears(birthYear: b)
            for (yi, y) in (years.lowerBound...(years.upperBound + 1)).enumerated() {
                let share = timeline.filter { $0.year < y }.reduce(0) { $0 + $1.weight }
                retired[bi * (years.count + 1) + yi] = share > 1 - 1e-9 ? 1 : max(0, share)
            }
        }
        return RetirementTable(birthYears: birthYears, years: years, retiredBefore: retired)
    }
}

/// ``RetirementTiming`` tabulated: the share of each birth cohort retired before each year.
public struct RetirementTable: Sendable {
    let birthYears: ClosedRange<Int>
    let years: ClosedRange<Int>
    let retiredBefore: [Double]

    /// Share of the cohort retired before `year` (0 for cohorts younger than the window, 1 for older ones).
    public func retiredBefore(_ year: Int, birthYear b: Int) -> Double {
        if b > birthYears.upperBound { return 0 }
        if b < birthYears.lowerBound { return 1 }
        let y = min(max(year, years.lowerBound), years.upperBound + 1)
        return retiredBefore[(b - birthYears.lowerBound) * (years.count + 1) + (y - years.lowerBound)]
    }

    /// Share of those still active at the start of `year` who retire during it.
    public func hazard(in year: Int, birthYear b: Int) -> Double {
        cohortHazard(before: retiredBefore(year, birthYear: b), after: retiredBefore(year + 1, birthYear: b))
    }
}

/// The hazard of retiring in a year from the shares retired before and after it: `(after − before) / (1 − before)`,
/// 1 once the whole cohort has gone.
func cohortHazard(before: Double, after: Double) -> Double {
    let remaining = 1 - before
    guard remaining > 1e-12, after < 1 else { return 1 }
    return min(1, max(0, (after - before) / remaining))
}

extension RetirementTiming {
    /// ``table(birthYears:years:)`` computed once per process for each timing and range: the table is a
    /// pure function of them, and Monte Carlo paths (one projection each) share one schedule.
    public func sharedTable(birthYears: ClosedRange<Int>, years: ClosedRange<Int>) -> RetirementTable {
        RetirementTableCache.shared.table(self, birthYears: birthYears, years: years)
    }
}

/// The process-wide store behind ``RetirementTiming/sharedTable(birthYears:years:)``; at most
/// ``limit`` tables are kept (a sweep over many horizons starts afresh rather than grow without bound).
final class RetirementTableCache: @unchecked Sendable {
    static let shared = RetirementTableCache()
    static let limit = 64
    private struct Key: Hashable {
        var timing: RetirementTiming
        var births: ClosedRange<Int>
        var years: ClosedRange<Int>
    }
    private var tables: [Key: RetirementTable] = [:]
    private let lock = NSLock()

    func table(_ timing: RetirementTiming, birthYears: ClosedRange<Int>, years: ClosedRange<Int>) -> RetirementTable {
        let key = Key(timing: timing, births: birthYears, years: years)
        lock.lock()
        if let t = tables[key] { lock.unlock(); return t }
        lock.unlock()
        let t = timing.table(birthYears: birthYears, years: years)
        lock.lock()
        if tables.count >= Self.limit { tables.removeAll() }
        tables[key] = t
        lock.unlock()
        return t
    }
}
