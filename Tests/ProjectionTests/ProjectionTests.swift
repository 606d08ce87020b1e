import Foundation
import Testing
import Projection
import Finance
import Scenario
import Membership
import TestSupport


func loadShipped(_ name: String, overrides: [String] = []) throws -> Scenario {
    try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("Scenarios/\(name)").path, overrides: overrides)
}

@Test func huoshan2014ContributionsFromTheReportsOwnDrivers() throws {
    let result = try Projection.run(loadShipped("huoshan-2013.yaml"))
    let y2014 = try #require(result.year(2014)?.employee)
    // 26,500 payers × 32,063.57 元 × 8.94 % = 75,961,803.7 元 ≈ 7,596万
    let expected = 26_500 * 32_063.57 * 0.0894
    #expect(abs(y2014.drivers.contributionsCollected - expected) < 1)
    #expect(abs(y2014.drivers.contributionsCollected / 7_596e4 - 1) < 0.005)
    // against the reported 7,485万: the effective yield is 98.5 %
    let reported = try #require(result.scenario.history.value(year: 2014, scheme: .employee, metric: .income))
    #expect(reported == 7_485e4)
    #expect(abs(reported / (y2014.pooled.income + y2014.personalAccount.income) - 0.985) < 0.001)
    // spending calibrated to the reported 2014 figures (no 2013 flows were reported)
    #expect(abs(y2014.pooled.expenditure - 2_962e4) < 0.01)
    #expect(abs(y2014.personalAccount.expenditure - 2_648e4) < 0.01)
    #expect(result.calibration.employeePooled?.origin == .history)
}

@Test func exampleCityReproducesItsBaseYearAndTheIdentityHolds() throws {
    let result = try Projection.run(loadShipped("example-city.yaml"))
    let base = try #require(result.years.first)
    let e = try #require(base.employee)
    // reported 2021 figures (万元) are reproduced exactly: income via the unexplained line, spending by calibration
    #expect(abs(e.pooled.income - 339_201.97e4) < 0.01)
    #expect(abs(e.pooled.expenditure - 256_379.11e4) < 0.01)
    #expect(abs(e.personalAccount.expenditure - 213_668.24e4) < 0.01)
    #expect(abs(e.pooled.closingBalance - 563_727.36e4) < 0.01)
    #expect(result.years.count == 2056 - 2021 + 1)
    for (previous, year) in zip(result.years, result.years.dropFirst()) {
        for fund in result.funds {
            let a = try #require(result.account(fund, in: year)), p = try #require(result.account(fund, in: previous))
            #expect(abs(a.closingBalance - (p.closingBalance + a.income - a.expenditure)) < 0.005, "\(fund) \(year.year)")
        }
    }
}

@Test func dependencyRatioIsActivesPerRetiree() throws {
    // Zhenjiang 2012 (seed 004): 32.85万 in service, 14.79万 retired → 2.22
    let s = try loadShipped("example-city.yaml", overrides: ["employee.active=328500", "employee.retired=147900"])
    let result = try Projection.run(s)
    #expect(abs((result.years[0].members.dependencyRatio ?? 0) - 2.2211) < 0.0001)
}

@Test func depletionYearIsTheFirstNegativeBalance() throws {
    let result = try Projection.run(loadShipped("example-city.yaml", overrides: ["employee.employer_rate=0.03"]))
    let year = try #require(result.depletionYear(.employeePooled))
    let before = try #require(result.year(year - 1)?.employee?.pooled.closingBalance)
    let at = try #require(result.year(year)?.employee?.pooled.closingBalance)
    #expect(before >= 0)
    #expect(at < 0)
}

@Test func batchRunsEachVariantIndependently() throws {
    let base = try loadShipped("example-city.yaml")
    let cut = try loadShipped("example-city.yaml", overrides: ["employee.employer_rate=0.06"])
    let results = try Projection.run(batch: [base, cut])
    let single = try Projection.run(cut)
    #expect(results[1].years.last?.employee?.pooled.closingBalance == single.years.last?.employee?.pooled.closingBalance)
    #expect((results[1].years[1].employee?.pooled.income ?? 0) < (results[0].years[1].employee?.pooled.income ?? 0))
}

@Test func baseYearCalibrationsOnlyWhenEveryFundCalibratesToTheBaseYear() throws {
    // Huoshan calibrates to its reported 2014 spending (a history row after the 2013 base year): nothing to share.
    let huoshan = try loadShipped("huoshan-2013.yaml")
    let members = AggregateMembership.project(huoshan)
    #expect(Projection.baseYearCalibrations(huoshan, baseYear: members[0]) == nil)
    // The example city calibrates to its base year: the shared calibration is the run's own.
    let city = try loadShipped("example-city.yaml")
    let run = try Projection.run(city)
    let shared = try #require(Projection.baseYearCalibrations(city, baseYear: run.years[0].members))
    #expect(shared.employee?.activeCostPerHead == run.calibration.employeeActiveCostPerHead)
    #expect(shared.resident?.costPerHead == run.calibration.residentCostPerHead)
    #expect(shared.employee?.pooled.year == 2021)
    // Members of a later year are not the base year's.
    #expect(Projection.baseYearCalibrations(city, baseYear: run.years[1].members) == nil)
}
