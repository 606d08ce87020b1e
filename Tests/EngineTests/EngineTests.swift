import Foundation
import Testing
import Engine
import Projection
import Scenario
import TestSupport

func scenario(_ name: String, _ overrides: [String] = []) throws -> Scenario {
    try ScenarioLoader.load(path: repositoryPath("Scenarios/\(name)"), overrides: overrides)
}

func key(_ path: String) throws -> NumericKey { try NumericKey.named(path).get() }

/// Every fund's closing balance in every year.
func balances(_ r: ProjectionResult) -> [Double] {
    r.years.flatMap { y in r.funds.compactMap { r.account($0, in: y)?.closingBalance } }
}

@Suite("Engine: variants of one resolved scenario")
struct EngineTests {
    @Test("a variant equals a separate run of the same --set, to the 元", arguments: [
        ("employee.employer_rate", 0.055), ("assumptions.excess_cost_growth", 0.02), ("population.tfr", 1.3),
        ("employee.balance.pooled", 500_000.0), ("resident.individual_per_capita", 450.0), ("membership.early_retirement_share", 0.2),
    ])
    func variantEqualsSet(_ path: String, _ value: Double) throws {
        let base = try scenario("example-city.yaml")
        let separate = try Projection.run(try scenario("example-city.yaml", ["\(path)=\(plainDecimal(value))"]))
        let results = Engine(base).run([Variant([(try key(path), value)]), Variant([(try key("employee.employer_rate"), 0.09)])]) { $0 }
        let engine = try results[0].get()
        let a = balances(engine), b = balances(separate)
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) { #expect(abs(x - y) < 1, "\(path)=\(value): \(x) vs \(y)") }
        #expect(a != balances(try results[1].get())) // the other variant differs
    }

    /// Values written with an exponent keep their decimals: each point is what `--set` reads for it (they were
    /// rounded to the digits before the exponent: `6e-2:1e-1:1e-2` gave five zeros).
    @Test("a sweep range written with exponents")
    func sweepRangeWithExponents() throws {
        #expect(try SweepAxis.parse("employee.employer_rate=6e-2:1e-1:1e-2").get().values == [0.06, 0.07, 0.08, 0.09, 0.1])
        #expect(try SweepAxis.parse("employee.employer_rate=0.06:0.07:2.5e-3").get().values == [0.06, 0.0625, 0.065, 0.0675, 0.07])
        #expect(try SweepAxis.parse("population.total=1.5e6:2.5e6:5E5").get().values == [1_500_000, 2_000_000, 2_500_000])
    }

    /// An end of the bracket whose projection leaves ±10¹⁵ 元 within the condition's years (medical inflation of 50 %
    /// takes the national pooled fund there by 2035) is moved inwards until it is within them, and the search
    /// runs there: the value found holds by a separate run and the one beside it fails (it stopped with the error).
    @Test("solve narrows a bracket whose end leaves the bounds of a meaningful figure")
    func solveNarrowsAnOutOfBoundsEnd() throws {
        let national = try scenario("china-national.yaml")
        let condition = try KeepCondition.parse("resident.months_payable>=3").get()
        let inflation = try key("assumptions.medical_inflation")
        let solved = try Engine(national).solve(inflation, in: -0.5...0.5, condition: condition, through: 2040, tolerance: 1e-6).get()
        let searched = try #require(solved.searched)
        #expect(searched.lowerBound == -0.5 && searched.upperBound < 0.5 && searched.upperBound > 0.1, "\(searched)")
        guard case .found(let value, let failsAt) = solved.outcome else { Issue.record("expected a value, found \(solved.outcome)"); return }
        let check = try Engine(national).run([Variant([(inflation, value)]), Variant([(inflation, failsAt)])]) { condition.path($0, through: 2040) }.map { try $0.get() }
        #expect(condition.holds(check[0]) && !condition.holds(check[1]))
        // Within the bounds throughout, nothing is narrowed.
        #expect(try Engine(national).solve(inflation, in: 0...0.2, condition: condition, through: 2040, tolerance: 1e-6).get().searched == nil)
    }

    /// A tolerance finer than the values' precision (1e-300 at a rate near 0.08, whose doubles are 1.4e-17 apart)
    /// ends when the two ends are as close as doubles get, instead of looping for ever.
    @Test("solve stops at the values' precision when the tolerance is finer")
    func solveStopsAtThePrecision() throws {
        let condition = try KeepCondition.parse("employee.pooled.months_payable>=6").get()
        let solved = try Engine(try scenario("example-city.yaml")).solve(try key("employee.employer_rate"), in: 0...1, condition: condition,
                                                                          through: 2035, tolerance: 1e-300).get()
        guard case .found(let value, let failsAt) = solved.outcome else { Issue.record("expected a value, found \(solved.outcome)"); return }
        #expect(value > failsAt && value - failsAt < 1e-15, "\(value) vs \(failsAt)")
    }

    /// Solve projects its points through the condition's last year only, or through the year a fund
    /// calibrates to when that is later: Huoshan's reported figures moved two years on (2016) are its
    /// calibration year, after `--through 2014`. The path it reports is a full-horizon run's, bit for bit.
    @Test("solve projects through the condition's year, or the calibration year when later, and changes no year before")
    func solveThroughTheCalibrationYear() throws {
        var base = try scenario("huoshan-2013.yaml")
        base.history = base.history.map { var r = $0; r.year += 2; return r }
        let condition = try KeepCondition.parse("employee.pooled.surplus>=0").get() // Huoshan reports no balance
        let rate = try key("employee.employer_rate")
        let solved = try Engine(base).solve(rate, in: 0.02...0.2, condition: condition, through: 2014, tolerance: 1e-6).get()
        guard case .found(let value, let failsAt) = solved.outcome else { Issue.record("expected a value, found \(solved.outcome)"); return }
        let full = try Engine(base).run([Variant([(rate, value)]), Variant([(rate, failsAt)])]) { condition.path($0, through: 2014) }.map { try $0.get() }
        #expect(base.horizon > 2016)
        #expect(full[0].map(\.value) == solved.path.map(\.value))
        #expect(condition.holds(full[0]) && !condition.holds(full[1]))
    }

    /// 150 TFR values make three membership chunks (64, 64, 22) and a bad variant among them: one
    /// worker or two, every result's bits are the same, and each chunk's variants equal their own
    /// separate projection. (Chunks are fixed by the variants' order, so threads never regroup them.)
    @Test("results do not depend on the thread count; a demographic sweep spans several chunks")
    func threadsAndBatchesDoNotMatter() throws {
        let base = try scenario("example-city.yaml")
        let tfr = try key("population.tfr")
        let variants = (0..<150).map { i in Variant([(tfr, i == 70 ? -1 : 0.9 + Double(i) * 0.005)]) }
        let one = Engine(base, threads: 1).run(variants) { balances($0) }
        let two = Engine(base, threads: 2).run(variants) { balances($0) }
        #expect(one.count == 150 && two.count == 150)
        for (a, b) in zip(one, two) { #expect(a == b) }
        guard case .failure(let e) = one[70] else { Issue.record("variant 71 should fail"); return }
        #expect(e.index == 70)
        for i in [0, 64, 149] {
            let alone = balances(try Projection.run(try base.with(tfr, 0.9 + Double(i) * 0.005)))
            for (x, y) in zip(try one[i].get(), alone) { #expect(abs(x - y) < 1, "variant \(i + 1): \(x) vs \(y)") }
        }
    }

    @Test("finance-only variants share one membership projection")
    func sharing() throws {
        let base = try scenario("example-city.yaml")
        let a = try base.with(try key("employee.employer_rate"), 0.06)
        let b = try base.with(try key("assumptions.interest_rate"), 0.03)
        #expect(Engine.membershipInputs(a) == Engine.membershipInputs(b))
        let c = try base.with(try key("population.tfr"), 1.5)
        #expect(Engine.membershipInputs(a) != Engine.membershipInputs(c))
    }

    @Test("a bad variant gets its own located error; the others their results")
    func locatedError() throws {
        let base = try scenario("example-city.yaml")
        let k = try key("employee.employer_rate")
        let results = Engine(base).run([Variant([(k, 0.06)]), Variant([(k, 1.5)]), Variant([(k, 0.07)])]) { $0.depletionYear(.employeePooled) }
        #expect((try? results[0].get()) != nil)
        #expect((try? results[2].get()) != nil)
        guard case .failure(let e) = results[1] else { Issue.record("variant 2 should fail"); return }
        #expect(e.description == "variant 2 (employee.employer_rate=1.5): employee.employer_rate: expected a rate between 0 and 1 (e.g. 0.08 or 8%), found 1.5")
    }

    @Test("money keys read in the scenario's unit, as --set does")
    func moneyUnit() throws {
        let base = try scenario("example-city.yaml") // unit: 万元
        let s = try base.with(try key("employee.balance.pooled"), 3)
        #expect(s.employee?.pooledBalance == 30_000)
    }

    @Test("unknown and non-numeric keys are refused with a suggestion")
    func unknownKeys() {
        guard case .failure(let e) = NumericKey.named("employee.employer_rat") else { Issue.record("should fail"); return }
        #expect(e.suggestion == "employee.employer_rate")
        guard case .failure(let n) = NumericKey.named("population.retirement_schedule") else { Issue.record("should fail"); return }
        #expect(n.expected.hasPrefix("a numeric key"))
    }
}

extension Scenario {
    func with(_ key: NumericKey, _ value: Double) throws -> Scenario { try key.setting(value, in: self).get() }
}
