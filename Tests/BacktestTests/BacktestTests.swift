import Foundation
import Testing
@testable import Backtest
import Projection
import Scenario
import TestSupport


func nationalScenario() throws -> Scenario {
    try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("Scenarios/china-national.yaml").path)
}

func nationalHistory() throws -> [HistoryRecord] {
    let url = repositoryRoot.appendingPathComponent("Scenarios/history/china-national.csv")
    return try HistoryRecord.parse(csv: String(contentsOf: url, encoding: .utf8), file: "china-national.csv")
}

@Suite struct BacktestTests {
    /// A forecast never depends on history rows after the fit-through year: the same backtest on the
    /// history with those rows removed gives identical forecasts (only the actuals disappear).
    @Test func forecastsIgnoreRowsAfterTheFitThroughYear() throws {
        let s = try nationalScenario(), full = try nationalHistory()
        let cut = full.filter { $0.year <= 2018 }
        let a = try Backtest.run(scenario: s, history: full, fitThrough: 2018, horizon: 3)
        let b = try Backtest.run(scenario: s, history: cut, fitThrough: 2018, horizon: 3)
        #expect(a.models.map(\.name) == b.models.map(\.name))
        for (ma, mb) in zip(a.models, b.models) {
            // b knows fewer series (only those reported up to 2018); every forecast it makes is a's.
            let fb = mb.forecasts.map { ($0.year, $0.series, $0.forecast) }
            let fa = ma.forecasts.filter { f in mb.forecasts.contains { $0.series == f.series } }.map { ($0.year, $0.series, $0.forecast) }
            #expect(fa.count == fb.count, "\(ma.name)")
            for (x, y) in zip(fa, fb) { #expect(x.0 == y.0 && x.1 == y.1 && x.2 == y.2, "\(ma.name) \(x.1) \(x.0)") }
            #expect(mb.forecasts.allSatisfy { $0.actual == nil })
            #expect(!fb.isEmpty, "\(ma.name) forecasts something from 2018 rows alone")
        }
    }

    /// A synthetic history produced by the structural model itself (rebased at 2018 on the real
    /// history, projected to 2024) is recovered exactly: every structural error is 0.
    @Test func syntheticHistoryIsRecoveredExactly() throws {
        let s = try nationalScenario(), real = try nationalHistory()
        var rebased = try s.rebased(at: 2018, history: real)
        rebased.horizon = 2024
        let result = try Projection.run(rebased)
        let keys = [SeriesKey(.employee, .income), SeriesKey(.employee, .expenditure), SeriesKey(.employee, .active),
                    SeriesKey(.employee, .retired), SeriesKey(.employee, .insured), SeriesKey(.resident, .insured),
                    SeriesKey(.resident, .income), SeriesKey(.resident, .expenditure), SeriesKey(.employeePersonalAccount, .balance),
                    SeriesKey(.total, .income), SeriesKey(.total, .expenditure)]
        var synthetic = real.filter { $0.year <= 2018 }
        for y in result.projectedYears {
            for key in keys {
                if let v = Backtest.figure(key, y) { synthetic.append(HistoryRecord(year: y.year, scheme: key.scheme, metric: key.metric, value: v)) }
            }
        }
        let b = try Backtest.run(scenario: s, history: synthetic, fitThrough: 2018)
        #expect(b.years == 2019...2024)
        let structural = try #require(b.models.first { $0.name == "structural" })
        let compared = structural.forecasts.filter { $0.actual != nil }
        #expect(compared.count == keys.count * 6)
        for f in compared { #expect(f.errorPercent == 0, "\(f.series) \(f.year): \(f.forecast) vs \(f.actual!)") }
        for key in keys { #expect(structural.mape[key] == 0) }
    }

    /// Rebasing at 2018 takes the counts, reported figures and balances of 2018 from the history and
    /// re-derives the base-year levels: average base = (13,538亿 − the accounts' interest) / (23,308万 × 10 %).
    @Test func rebasedScenarioTakesTheBaseYearFromTheHistory() throws {
        let s = try nationalScenario(), h = try nationalHistory()
        let r = try s.rebased(at: 2018, history: h)
        #expect(r.baseYear == 2018)
        #expect(r.history.allSatisfy { $0.year <= 2018 })
        let e = try #require(r.employee), u = try #require(r.resident)
        #expect(e.active.value(in: 2018) == 233_080_000 && e.active.isConstant)
        #expect(e.retired.value(in: 2018) == 83_730_000)
        // Less the interest the model credits apart: 1.5 % on the accounts' average balance (7,284亿 at the end of
        // 2018, their flow of the year half before it); the pooled balance is not reported, so no pooled interest.
        let ai = try #require(e.baseYearActuals.personalAccountIncome), ax = try #require(e.baseYearActuals.personalAccountExpenditure)
        let interest = 0.015 * (7_284e8 - (ai - ax) / 2)
        #expect(interest > 100e8 && interest < 110e8)
        #expect(abs(e.averageBase.value(in: 2018) - (13_538e8 - interest) / (233_080_000 * 0.10)) < 1e-6)
        // Pooled/PA split of 2018's 13,538亿 in the scenario's proportions 10,641.74 : 8,361.36.
        let pooled = try #require(e.baseYearActuals.pooledIncome)
        #expect(abs(pooled - 13_538e8 * 10_641.74 / (10_641.74 + 8_361.36)) < 1)
        #expect(e.personalAccountBalance == 7_284e8)
        #expect(e.pooledBalance == nil) // 2018 reports no pooled balance
        // The integrated resident scheme: total − employee, since 2018's total holds the rural NCMS still
        // run apart: 134,459万 − 31,681万 = 102,778万 insured; 21,384亿 − 13,538亿 = 7,846亿 income;
        // 17,822亿 − 10,707亿 = 7,115亿 spending (the resident rows alone: 89,736万, 6,971亿, 6,277亿).
        #expect(u.insured.value(in: 2018) == 1_027_780_000)
        #expect(abs(u.baseYearIncome! - 7_846e8) < 1 && abs(u.baseYearExpenditure! - 7_115e8) < 1)
        // Other income: 7,846亿 − 102,778万 × (490 + 220) = 7,846亿 − 7,297.238亿 = 548.762亿.
        #expect(abs(u.otherIncome.value(in: 2019) - (7_846e8 - 1_027_780_000 * 710)) < 1)
        // The decomposed inpatient cost per stay is carried back by three years of 6 % inflation.
        #expect(abs(e.financing.categories[0].costPerClaimant - 12_948 / pow(1.06, 3)) < 1e-9)
    }

    /// Rebasing at the scenario's own base year with its own figures changes nothing that matters.
    @Test func rebasingAtTheOwnBaseYearKeepsTheProjection() throws {
        let s = try nationalScenario()
        let r = try s.rebased(at: 2021, history: s.history)
        let a = try Projection.run(s), b = try Projection.run(r)
        for (x, y) in zip(a.years, b.years).prefix(5) {
            #expect(x.members.active == y.members.active && x.members.retired == y.members.retired)
            #expect(abs((x.resident?.income ?? 0) - (y.resident?.income ?? 0)) < 1e-3)
        }
    }

    @Test func missingBaseYearCountsAreNamed() throws {
        let s = try nationalScenario(), h = try nationalHistory()
        #expect(throws: RebaseError.self) { try s.rebased(at: 2017, history: h) }
        do { _ = try s.rebased(at: 2017, history: h) } catch {
            #expect(error.key == "employee.active" && error.expected.contains("2017,employee,active"))
        }
        // 2019 has counts but no income or spending by scheme: costs cannot be calibrated there.
        do { _ = try s.rebased(at: 2019, history: h); Issue.record("2019 should not rebase") } catch {
            #expect(error.key == "employee.base_year_actuals" && error.found == "none for 2019")
        }
    }

    /// The shipped history marks the NCMS merger in the totals' scope: 2018 is the first year of their
    /// present scope, so no baseline is fitted on them (one year), where before they were fitted on
    /// 2012–2018 across the merger. Without the column the old fit comes back: the column is what changes it.
    @Test func baselinesAreFittedWithinOneScope() throws {
        let s = try nationalScenario(), h = try nationalHistory()
        let income = SeriesKey(.total, .income), insured = SeriesKey(.employee, .insured)
        let b = try Backtest.run(scenario: s, history: h, fitThrough: 2018)
        #expect(b.fitYears[income] == 2018...2018)
        #expect(b.scopeBreaks[income]?.year == 2017)
        #expect(b.models.filter { $0.name != "structural" }.allSatisfy { $0.mape[income] == nil })
        #expect(b.models.first { $0.name == "structural" }?.mape[income] != nil) // the structural model is still scored
        #expect(b.fitYears[insured] == 2012...2018 && b.scopeBreaks[insured] == nil)
        // Resident actuals of 2019–2021 are of another scope than 2018's (the seven provinces' NCMS).
        #expect(b.otherScope[SeriesKey(.resident, .insured)] == [2019, 2020, 2021])
        let unmarked = h.map { HistoryRecord(year: $0.year, scheme: $0.scheme, metric: $0.metric, value: $0.value) }
        let old = try Backtest.run(scenario: s, history: unmarked, fitThrough: 2018)
        #expect(old.fitYears[income] == 2012...2018)
        #expect(old.models.first { $0.name == "linear" }?.mape[income] != nil)
    }

    /// An actual of another scope does not score a baseline: employee insured 2020 marked as another
    /// scope leaves each baseline's MAPE the mean of its 2019 and 2021 errors; the structural model keeps all three.
    @Test func anActualOfAnotherScopeDoesNotScoreTheBaselines() throws {
        let s = try nationalScenario()
        let h = try nationalHistory().map { r -> HistoryRecord in
            var r = r
            if r.year == 2020, r.scheme == .employee, r.metric == .insured { r.scope = "另一口径" }
            return r
        }
        let key = SeriesKey(.employee, .insured)
        let b = try Backtest.run(scenario: s, history: h, fitThrough: 2018)
        #expect(b.otherScope[key] == [2020])
        let linear = try #require(b.models.first { $0.name == "linear" })
        let f = linear.forecasts.filter { $0.series == key }
        #expect(f.count == 3 && f.first { $0.year == 2020 }?.scored == false && f.first { $0.year == 2020 }?.errorPercent == nil)
        let e19 = try #require(f.first { $0.year == 2019 }?.errorPercent), e21 = try #require(f.first { $0.year == 2021 }?.errorPercent)
        #expect(abs(linear.mape[key]! - (abs(e19) + abs(e21)) / 2) < 1e-12)
        let structural = try #require(b.models.first { $0.name == "structural" })
        #expect(structural.forecasts.filter { $0.series == key }.allSatisfy { $0.scored })
    }

    /// The verdict on the national backtest: the model loses on the employee insured (Verhulst 0.55 %
    /// against its 3.51 %), the one series a baseline is scored on.
    @Test func verdictsSayWhereTheModelLoses() throws {
        let b = try Backtest.run(scenario: try nationalScenario(), history: try nationalHistory(), fitThrough: 2018)
        let insured = try #require(b.verdicts.first { $0.series == SeriesKey(.employee, .insured) })
        #expect(insured.structuralLoses && insured.bestBaseline?.name == "verhulst")
        #expect(b.verdicts.filter(\.structuralLoses).map(\.series) == [SeriesKey(.employee, .insured)])
        #expect(b.verdicts.filter { $0.bestBaseline == nil }.count == b.verdicts.count - 1)
    }
}
