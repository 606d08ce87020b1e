import Testing
@testable import Membership
import Scenario
import TestSupport

@Suite struct RetirementRuleTests {
    let reform = RetirementSchedule.china2025

    @Test func menUnderTheReform() {
        // From January 1965 one month per 4 months of birth, up to 36: months since Jan 1965 / 4 + 1.
        #expect(reform.male.ageInMonths(birthYear: 1965, birthMonth: 1) == 721) // 0/4 + 1 = 1 → 60y1m
        #expect(reform.male.ageInMonths(birthYear: 1965, birthMonth: 4) == 721) // 3/4 + 1 = 1
        #expect(reform.male.ageInMonths(birthYear: 1965, birthMonth: 5) == 722) // 4/4 + 1 = 2 → 60y2m
        #expect(reform.male.ageInMonths(birthYear: 1965, birthMonth: 12) == 723) // 11/4 + 1 = 3
        #expect(reform.male.ageInMonths(birthYear: 1976, birthMonth: 8) == 755) // 139/4 + 1 = 34 + 1 = 35
        #expect(reform.male.ageInMonths(birthYear: 1976, birthMonth: 9) == 756) // 140/4 + 1 = 36 → 63y
        #expect(reform.male.ageInMonths(birthYear: 1977, birthMonth: 1) == 756) // 144/4 + 1 = 37, capped at 36
        #expect(reform.male.ageInMonths(birthYear: 1990, birthMonth: 6) == 756)
        #expect(reform.male.ageInMonths(birthYear: 1964, birthMonth: 12) == 720) // before the first cohort
    }

    @Test func womenWorkersAndCadresUnderTheReform() {
        // Women workers from January 1975, one month per 2 months, up to 60: months since / 2 + 1.
        #expect(reform.femaleWorker.ageInMonths(birthYear: 1975, birthMonth: 1) == 601) // 0/2 + 1 → 50y1m
        #expect(reform.femaleWorker.ageInMonths(birthYear: 1975, birthMonth: 3) == 602) // 2/2 + 1 = 2
        #expect(reform.femaleWorker.ageInMonths(birthYear: 1979, birthMonth: 12) == 630) // 59/2 + 1 = 29 + 1 = 30
        #expect(reform.femaleWorker.ageInMonths(birthYear: 1985, birthMonth: 1) == 660) // 120/2 + 1 = 61, capped at 60 → 55y
        #expect(reform.femaleWorker.ageInMonths(birthYear: 1974, birthMonth: 12) == 600)
        // Women cadres from January 1970, like men: 55y1m for January 1970.
        #expect(reform.femaleCadre.ageInMonths(birthYear: 1970, birthMonth: 1) == 661)
        #expect(reform.femaleCadre.ageInMonths(birthYear: 1969, birthMonth: 12) == 660)
        #expect(reform.femaleCadre.ageInMonths(birthYear: 1990, birthMonth: 1) == 696) // 55 + 3 years = 58y
    }

    @Test func pre2025NeverDelays() {
        let old = RetirementSchedule.pre2025
        var delayed: [String] = []
        for b in 1940...2010 {
            for m in 1...12 {
                if old.male.ageInMonths(birthYear: b, birthMonth: m) != 720 { delayed.append("men \(b)-\(m)") }
                if old.femaleCadre.ageInMonths(birthYear: b, birthMonth: m) != 660 { delayed.append("cadres \(b)-\(m)") }
                if old.femaleWorker.ageInMonths(birthYear: b, birthMonth: m) != 600 { delayed.append("workers \(b)-\(m)") }
            }
        }
        #expect(delayed.isEmpty, "\(delayed.prefix(5))")
        #expect(RetirementSchedule.named["pre-2025"] == old)
        #expect(RetirementSchedule.named["china-2025"] == RetirementSchedule.china2025)
    }
}

@Suite struct RetirementTimingTests {
    @Test func pre2025MenBorn1960RetireIn2020() {
        let t = RetirementTiming(rule: RetirementSchedule.pre2025.male)
        // Born in month m of 1960: 60 years later is month m of 2020, for every m.
        #expect(t.hazard(in: 2020, birthYear: 1960) == 1)
        #expect(t.hazard(in: 2019, birthYear: 1960) == 0)
        #expect(t.retiredBefore(2020, birthYear: 1960) == 0)
        #expect(abs(t.retiredBefore(2021, birthYear: 1960) - 1) < 1e-15)
        #expect(t.hazard(in: 2021, birthYear: 1960) == 1) // nobody left: the hazard is 1 by convention
    }

    /// Men born 1965 under the reform: born in month m, they retire in month index (from Jan 1965)
    /// m − 1 + 720 + delay, delay = (m − 1)/4 + 1. Offsets past January 2025: m−1+delay =
    /// 1, 2, 3, 4 (Jan–Apr births, delay 1), 6, 7, 8, 9 (May–Aug, delay 2), 11 (Sep, delay 3: December 2025),
    /// 12, 13, 14 (Oct–Dec births: January–March 2026). So 9 of 12 birth months retire in 2025.
    /// (Not 11/12: the delay is 3 months from September 1965 on, so only Jan–Sep births retire in 2025.)
    @Test func reformSplitsThe1965MenBetween2025And2026() {
        let t = RetirementTiming(rule: RetirementSchedule.china2025.male)
        #expect(t.hazard(in: 2024, birthYear: 1965) == 0)
        #expect(abs(t.hazard(in: 2025, birthYear: 1965) - 9.0 / 12) < 1e-15)
        #expect(t.hazard(in: 2026, birthYear: 1965) == 1) // the 3/12 left all retire in 2026
        #expect(abs(t.retiredBefore(2026, birthYear: 1965) - 0.75) < 1e-15)
        // Born 1964: all at 60 in 2024.
        #expect(t.hazard(in: 2024, birthYear: 1964) == 1)
        // Born 1977: 63 years for every month → all in 2040.
        #expect(t.hazard(in: 2039, birthYear: 1977) == 0 && t.hazard(in: 2040, birthYear: 1977) == 1)
    }

    @Test func averageStatutoryAgeOfThoseRetiringIn2025() throws {
        let t = RetirementTiming(rule: RetirementSchedule.china2025.male)
        // 2025: the 1965 births of Jan–Sep: 4 at 721, 4 at 722, 1 at 723 months → 6,495/9 = 721.667 → 60.1389 years.
        let age = try #require(t.averageStatutoryAge(retiringIn: 2025))
        #expect(abs(age - 6_495.0 / 9 / 12) < 1e-12)
        #expect(RetirementTiming(rule: RetirementSchedule.pre2025.male).averageStatutoryAge(retiringIn: 2025) == 60)
    }

    @Test func lateShareSpreadsRetirementThreeYearsLater() {
        // Pre-2025 men born 1960: half at 60 (2020), half at 63 (2023).
        let t = RetirementTiming(rule: RetirementSchedule.pre2025.male, lateShare: 0.5)
        #expect(t.hazard(in: 2020, birthYear: 1960) == 0.5)
        #expect(t.hazard(in: 2021, birthYear: 1960) == 0)
        #expect(t.hazard(in: 2022, birthYear: 1960) == 0)
        #expect(t.hazard(in: 2023, birthYear: 1960) == 1) // 0.5 of the 0.5 remaining
        #expect(abs(t.retiredBefore(2023, birthYear: 1960) - 0.5) < 1e-15)
        #expect(abs(t.retiredBefore(2024, birthYear: 1960) - 1) < 1e-15)
    }

    @Test func earlyShareCannotGoBelowTheOldAge() {
        // Born 1977 under the reform: statutory 63 (2040); early = max(60, 63 − 3) = 60 → 2037.
        let t = RetirementTiming(rule: RetirementSchedule.china2025.male, earlyShare: 0.25)
        #expect(abs(t.hazard(in: 2037, birthYear: 1977) - 0.25) < 1e-15)
        #expect(t.hazard(in: 2040, birthYear: 1977) == 1)
        // Born 1965 (statutory 60y1m…60y3m): early = max(720, 721 − 36) = 720 → 2025 for every month,
        // so 2025 gets 0.25 + 0.75·9/12 = 0.8125.
        let t65 = RetirementTiming(rule: RetirementSchedule.china2025.male, earlyShare: 0.25)
        #expect(abs(t65.hazard(in: 2025, birthYear: 1965) - 0.8125) < 1e-15)
        // Pre-2025 has no room below the statutory age: early changes nothing.
        let old = RetirementTiming(rule: RetirementSchedule.pre2025.male, earlyShare: 0.5)
        #expect(abs(old.hazard(in: 2020, birthYear: 1960) - 1) < 1e-12) // twelve 0.5/12 + 0.5/12 weights
    }
}
