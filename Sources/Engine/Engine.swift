import Foundation
import Scenario
import Membership
import Finance
import Projection

/// One projection engine for many variants of one resolved scenario (sweeps, goal seek, stress tests).
///
/// - The scenario tree is loaded and resolved once (by the caller); variants are typed settings of it
///   (``Variant``), never re-read or re-parsed.
/// - Membership is projected once per distinct membership input (``membershipInputs(_:)``): variants
///   that change only finance keys (rates, balances, cost growth) share one cohort projection, and the
///   distinct ones that share a demography age together in one GEMM a year (``CohortMembership``).
/// - Every variant gets its result or its own located error (``VariantError``); one bad variant never
///   stops the others.
/// - Results are reduced as each variant's finance finishes (`reduce`), so memory grows with the batch
///   size, not with the number of variants × years.
/// - Finance runs on `threads` workers, each variant on its own (the model is pure): a variant's result
///   depends only on its settings, never on the thread count or the batch it falls in.
public struct Engine: Sendable {
    public let baseline: Scenario
    /// Variants projected together; a batch's projections are alive at once, then reduced.
    public var batchSize: Int
    /// Workers for the variants' finance (default: the machine's cores).
    public var threads: Int
    /// An assumption set applied to every variant after its settings, as `--assumptions` applies on top of
    /// `--set`: a sweep point of `K=v` is then `run --set K=v --assumptions SET`, the set's change to `K`
    /// included. Nil: the settings are the last word.
    public var adjustment: Adjustment?

    public init(_ baseline: Scenario, adjustment: Adjustment? = nil, batchSize: Int = 256, threads: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.baseline = baseline
        self.adjustment = adjustment
        self.batchSize = max(1, batchSize)
        self.threads = max(1, threads)
    }

    /// Projects every variant and reduces its projection with `reduce`, in the variants' order.
    public func run<T: Sendable>(_ variants: [Variant], reduce: @Sendable (ProjectionResult) -> T) -> [Result<T, VariantError>] {
        var out: [Result<T, VariantError>] = []
        out.reserveCapacity(variants.count)
        var start = 0
        while start < variants.count {
            let end = min(variants.count, start + batchSize)
            out += runBatch(variants[start..<end], offset: start, reduce: reduce)
            start = end
        }
        return out
    }

    /// Projects one variant (goal seek steps through values one at a time).
    public func run<T: Sendable>(_ variant: Variant, index: Int = 0, reduce: @Sendable (ProjectionResult) -> T) -> Result<T, VariantError> {
        runBatch([variant][...], offset: index, reduce: reduce)[0]
    }

    private func runBatch<T: Sendable>(_ batch: ArraySlice<Variant>, offset: Int, reduce: @Sendable (ProjectionResult) -> T) -> [Result<T, VariantError>] {
        var out = [Result<T, VariantError>?](repeating: nil, count: batch.count)
        var scenarios: [(slot: Int, scenario: Scenario)] = []
        // 市级统筹: the city level's flows with its districts are the districts' (as run and budget project it);
        // districts that the variants leave alike (a sweep of a city-level key) are projected once.
        var projectedDistricts: [(districts: [Scenario], results: [ProjectionResult])] = []
        func mirrored(_ s: Scenario) throws(FinanceError) -> Scenario {
            guard !s.districts.isEmpty else { return s }
            if let known = projectedDistricts.first(where: { $0.districts == s.districts }) { return Projection.mirroringDistricts(s, known.results) }
            let results = try s.districts.map { d throws(FinanceError) in try Projection.run(d) }
            projectedDistricts.append((s.districts, results))
            return Projection.mirroringDistricts(s, results)
        }
        for (slot, variant) in batch.enumerated() {
            switch variant.resolve(on: baseline).flatMap({ s in adjustment.map { Engine.applying($0, to: s) } ?? .success(s) }) {
            case .success(let s):
                do throws(FinanceError) { scenarios.append((slot, try mirrored(s))) } catch {
                    out[slot] = .failure(VariantError(index: offset + slot, label: variant.label, message: error.description))
                }
            case .failure(let e): out[slot] = .failure(VariantError(index: offset + slot, label: variant.label, message: e.description))
            }
        }
        // Distinct membership inputs, each projected once. Keys are compared in full only within a
        // bucket of equal fingerprints (a function of the key, so equal keys share a bucket): a
        // 1,000-point TFR sweep makes 1,000 buckets, not half a million comparisons of scenarios.
        var distinct: [Scenario] = []
        var buckets: [Int: [Int]] = [:]
        var membershipOf: [Int: Int] = [:]
        for (slot, s) in scenarios {
            let key = Engine.membershipInputs(s)
            let fingerprint = Engine.fingerprint(key)
            if let i = buckets[fingerprint, default: []].first(where: { distinct[$0] == key }) {
                membershipOf[slot] = i
            } else {
                membershipOf[slot] = distinct.count
                buckets[fingerprint, default: []].append(distinct.count)
                distinct.append(key)
            }
        }
        let memberships = Engine.projectMemberships(distinct, threads: threads)
        let labels = batch.map(\.label)
        let results = Slots<Result<T, VariantError>>(count: scenarios.count)
        let work = scenarios.map { (slot: $0.slot, scenario: $0.scenario, membership: memberships[membershipOf[$0.slot]!]) }
        let workers = min(threads, work.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for i in stride(from: w, to: work.count, by: workers) {
                let (slot, s, membership) = work[i]
                let fail = { (message: String) in Result<T, VariantError>.failure(VariantError(index: offset + slot, label: labels[slot], message: message)) }
                switch membership {
                case .failure(let message):
                    results[i] = fail(message.description)
                case .success(let years):
                    do throws(FinanceError) {
                        let result = try Projection.finance(s, membership: years, cells: nil)
                        if let problem = result.boundsProblem() {
                            results[i] = .failure(VariantError(index: offset + slot, label: labels[slot], message: problem, outOfBounds: true))
                        } else {
                            results[i] = .success(reduce(result))
                        }
                    } catch {
                        results[i] = fail(error.description)
                    }
                }
            }
        }
        for (i, w) in work.enumerated() { out[w.slot] = results[i] }
        return out.map { $0! }
    }

    /// Distinct cohort memberships projected together (one GEMM a year among those sharing a
    /// demography). Fixed, so a variant's figures never depend on the thread count.
    static let membershipChunk = 64

    /// Yearly membership of each scenario: the age-structured ones in chunks of ``membershipChunk``
    /// projected on `threads` workers (a shared GEMM within a chunk where demography is shared); if a
    /// chunk fails, each of its scenarios alone, so the error lands on its own variant.
    static func projectMemberships(_ scenarios: [Scenario], threads: Int = 1) -> [Result<[MembershipYear], FinanceError>] {
        let out = Slots<Result<[MembershipYear], FinanceError>>(count: scenarios.count)
        let cohort = scenarios.indices.filter { scenarios[$0].membership.model == .cohort }
        for i in scenarios.indices where scenarios[i].membership.model == .aggregate {
            out[i] = .success(AggregateMembership.project(scenarios[i]))
        }
        let chunks = stride(from: 0, to: cohort.count, by: membershipChunk).map { Array(cohort[$0..<min(cohort.count, $0 + membershipChunk)]) }
        let workers = max(1, min(threads, chunks.count))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for c in stride(from: w, to: chunks.count, by: workers) {
                let chunk = chunks[c]
                do throws(CohortMembership.PlacementError) {
                    let results = try CohortMembership.project(chunk.map { scenarios[$0] }, keepCells: false)
                    for (i, r) in zip(chunk, results) { out[i] = .success(r.years) }
                } catch {
                    for i in chunk {
                        do throws(CohortMembership.PlacementError) {
                            out[i] = .success(try CohortMembership.project([scenarios[i]], keepCells: false)[0].years)
                        } catch {
                            out[i] = .failure(FinanceError(key: error.key, expected: error.expected, found: error.found))
                        }
                    }
                }
            }
        }
        return scenarios.indices.map { out[$0]! }
    }

    /// A cheap hash of the demographic inputs sweeps vary most (the TFR path, the mortality shift, net
    /// migration and the years): equal scenarios have equal fingerprints; unequal ones usually differ.
    static func fingerprint(_ s: Scenario) -> Int {
        var h = Hasher()
        h.combine(s.baseYear)
        h.combine(s.horizon)
        for value in [s.population.tfr, s.population.netMigration] {
            guard let value else { h.combine(-1); continue }
            for knot in value.knots { h.combine(knot.year); h.combine(knot.value) }
        }
        if let shift = s.population.mortalityDeviation?.shift {
            for year in shift.keys.sorted() { h.combine(year); h.combine(shift[year]) }
        }
        return h.finalize()
    }

    /// The part of a scenario that the membership models read: the scenario with every finance-only
    /// setting (rates, balances, actuals, cost growth, spending rules, titles) put to a fixed value.
    /// Two variants with equal inputs have identical membership. A setting left in by mistake only
    /// costs sharing, never correctness.
    public static func membershipInputs(_ s: Scenario) -> Scenario {
        var k = s
        k.name = ""; k.region = ""; k.source = ""; k.unit = .yuan
        k.warnings = .defaults
        k.costs = .defaults
        // Wage growth reaches membership only through the premium elasticity of resident enrolment.
        let wage = s.membership.residentPremiumElasticity != 0 ? s.assumptions.wageGrowth : DatedValue(0)
        k.assumptions = .neutral
        k.assumptions.wageGrowth = wage
        if var e = k.employee {
            let zero = DatedValue(0.0)
            e.averageBase = zero; e.employerRate = zero; e.employeeRate = zero; e.collectionRate = zero
            e.employerShareToPersonalAccount = zero; e.retireeAllocation = zero
            e.fiscalSubsidy = zero; e.otherIncome = zero
            e.baseYearActuals.pooledIncome = nil; e.baseYearActuals.pooledExpenditure = nil
            e.baseYearActuals.personalAccountIncome = nil; e.baseYearActuals.personalAccountExpenditure = nil
            e.financing = .defaults
            e.pooledBalance = nil; e.personalAccountBalance = nil
            k.employee = e
        }
        if var r = k.resident {
            let zero = DatedValue(0.0)
            r.subsidyPerCapita = zero; r.collectionRate = zero; r.otherIncome = zero
            if s.membership.residentPremiumElasticity == 0 { r.individualPerCapita = zero; r.perCapitaGrowth = zero }
            r.baseYearIncome = nil; r.baseYearExpenditure = nil; r.balance = nil
            r.financing = .defaults
            k.resident = r
        }
        return k
    }
}

import Demography

extension Engine {
    /// The series a key takes when the scenario does not give it, for changes relative to it (a shock
    /// lowering `population.tfr` lowers the embedded UN WPP 2024 medium path); nil for other keys.
    public static func defaultSeries(_ key: NumericKey, _ scenario: Scenario) -> DatedValue<Double>? {
        key.path == "population.tfr" ? DefaultDemography.tfrPath : nil
    }

    /// `scenario` with an adjustment (a shock, an assumption set) applied, defaults filled in.
    /// With `districts:` (市级统筹) the set applies to every level, as a shock or an assumption set is about
    /// the whole pool: the districts are not left at their baseline beneath a shocked city level.
    public static func applying(_ adjustment: Adjustment, to scenario: Scenario) -> Result<Scenario, NumericKeyError> {
        switch adjustment.apply(to: scenario, defaults: defaultSeries) {
        case .failure(let e): return .failure(e)
        case .success(var s):
            for i in s.districts.indices {
                switch adjustment.apply(to: s.districts[i], defaults: defaultSeries) {
                case .success(let d): s.districts[i] = d
                case .failure(var e):
                    e.found += " (district \(s.districts[i].region))"
                    return .failure(e)
                }
            }
            return .success(s)
        }
    }
}

/// Workers' results, one slot each: every slot is written by one worker only, read after all finish
/// (a raw buffer: distinct slots of one Swift array written at once would be overlapping accesses).
final class Slots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }
    deinit {
        buffer.baseAddress?.deinitialize(count: buffer.count)
        buffer.deallocate()
    }
    subscript(i: Int) -> T? {
        get { buffer[i] }
        set { buffer[i] = newValue }
    }
}
