import Foundation
import Demography
import Scenario

/// Monte Carlo paths of the cohort membership model advanced together (`fundcast simulate`).
///
/// The paths of a block share everything but their TFR path, their Lee–Carter mortality deviation and
/// their economic assumptions, so each path's Leslie matrix differs but has the same shape: survival on
/// the sub-diagonal and births in the first row. A dense GEMM per path would multiply 202 × 202 mostly
/// zeros; here a year is a shift and a scale of each state, laid out `[cell][path]` so every cell's
/// update is one contiguous loop over the paths of the block. The steps, their order and their
/// formulas are those of ``CohortMembership/project(_:keepCells:)`` (ageing and death, migrants,
/// retirement, lapse, switching, entries, residents, the yearly counts), so each path's counts equal
/// that path's own deterministic projection up to the order of the births sum (rounding only).
/// Population indicators (e0, births, deaths) are not computed: finance does not read them.
public enum CohortPathBlock {
    /// Whether `scenarios` may share a block: the same scenario but for the TFR, the mortality
    /// deviation and the assumptions (which the membership model reads only through the resident
    /// premium's growth gap).
    public static func canShare(_ scenarios: [Scenario]) -> Bool {
        guard let first = scenarios.first, first.membership.model == .cohort else { return false }
        func key(_ s: Scenario) -> Scenario {
            var k = s
            k.population.tfr = nil
            k.population.mortalityDeviation = nil
            k.assumptions = first.assumptions
            return k
        }
        let base = key(first)
        return scenarios.dropFirst().allSatisfy { key($0) == base }
    }

    /// The base year's counts, which every path of `scenario` shares (nil when its population cannot be placed).
    public static func baseYear(_ scenario: Scenario) -> MembershipYear? {
        var central = Demographics(scenario)
        guard let placed = try? place(scenario, &central) else { return nil }
        return baseYear(placed, central.basePopulation, year: scenario.baseYear)
    }

    /// The scenario's members placed on its base population (the central demography, no mortality deviation).
    private static func place(_ scenario: Scenario, _ central: inout Demographics) throws(CohortMembership.PlacementError) -> CohortMembership.Variant {
        central.mortalityDeviation = nil
        var tables: [RetirementTiming: RetirementTable] = [:]
        return try CohortMembership.place(CohortMembership.Variant(scenario, tables: &tables), population: central.basePopulation)
    }

    private static func baseYear(_ placed: CohortMembership.Variant, _ p0: [Double], year: Int) -> MembershipYear {
        CohortMembership.summary(placed, CohortMembership.residents(placed, population: p0, year: year), year: year, flows: nil)
    }

    /// Every path's yearly counts (base year first) or the reason its population cannot be projected.
    /// Requires ``canShare(_:)``; the results of a path do not depend on the other paths of the block.
    public static func project(_ scenarios: [Scenario]) -> [Result<[MembershipYear], CohortMembership.PlacementError>] {
        var years = [[MembershipYear]](repeating: [], count: scenarios.count)
        let failed = advance(scenarios) { members in
            for (p, m) in members.enumerated() { years[p].append(m) }
        }
        return zip(failed, years).map { e, y in e.map { .failure($0) } ?? .success(y) }
    }

    /// Advances the block a year at a time, handing `each` every path's counts of the year (the base year
    /// first, `members[p]` of path `p`), so a caller keeps only what it needs. Returns each path's reason
    /// its population cannot be projected (nil: projected; a path's counts after its failure mean nothing).
    public static func advance(_ scenarios: [Scenario], each: (_ members: [MembershipYear]) -> Void) -> [CohortMembership.PlacementError?] {
        let first = scenarios[0]
        let n = AgeSex.cells, paths = scenarios.count
        var central = Demographics(first)
        let t0 = first.baseYear
        // Placement reads only the base year, which every path shares.
        let placed: CohortMembership.Variant
        do { placed = try place(first, &central) } catch {
            return [CohortMembership.PlacementError?](repeating: error, count: paths)
        }
        let p0 = central.basePopulation
        // Paths differ in the enrolment factor only (the resident premium's growth against their wages).
        let enrolment = scenarios.map { s -> [Double] in
            var factor = 1.0
            return (t0...s.horizon).map { y in
                if y > t0 { factor *= max(0, 1 - s.membership.residentPremiumElasticity * CoverageTrend.premiumGrowthGap(s, year: y)) }
                return factor
            }
        }
        each([MembershipYear](repeating: baseYear(placed, p0, year: t0), count: paths))
        var failed = [CohortMembership.PlacementError?](repeating: nil, count: paths)
        guard first.horizon > t0 else { return failed }

        let state = PathBlockState(cells: n, paths: paths)
        for i in 0..<n {
            for p in 0..<paths {
                state.population[i * paths + p] = p0[i]
                state.active[i * paths + p] = placed.active[i]
                state.cadres[i * paths + p] = placed.cadres[i]
                state.retired[i * paths + p] = placed.retired[i]
            }
        }
        let settings = first.membership
        let loadings = first.population.mortalityDeviation?.loadings
            ?? scenarios.lazy.compactMap { $0.population.mortalityDeviation?.loadings }.first
        let tfrs = scenarios.map { Demographics.tfrOf($0) }
        let hasResidentScheme = first.resident != nil
        for year in t0..<first.horizon {
            let next = year + 1
            let table = central.lifeTable(in: next)
            let deviation = scenarios.map { $0.population.mortalityDeviation?.shift[next] ?? 0 }
            state.survival(table: table, loadings: loadings, deviation: deviation)
            state.age(tfr: tfrs.map { $0.value(in: next) }, sexRatioAtBirth: central.sexRatioAtBirth.value(in: next),
                      schedule: central.fertilitySchedule)
            let lost = state.migrate(central.migrants(in: next))
            for p in 0..<paths where failed[p] == nil && lost[p] > 0.5 {
                failed[p] = CohortMembership.PlacementError(key: "population.net_migration", expected: "no more emigrants than people in each age and sex",
                                                            found: "\(wholeNumber(lost[p])) emigrants too many in \(year)")
            }
            let coverage = settings.residentCoverage.value(in: next)
            let multipliers = enrolment.map { coverage * $0[next - t0] }
            let flows = state.applyFlows(placed, year: next, residentMultipliers: multipliers, hasResidentScheme: hasResidentScheme)
            state.residents(totalCoverage: placed.totalCoverage, multipliers: multipliers, hasResidentScheme: hasResidentScheme)
            each(state.summary(placed, year: next, flows: flows))
        }
        return failed
    }
}

/// Values of a block's `[cell · paths + path]` layout, read one or four consecutive paths at a time
/// (``PathBlockState``'s transposition, specialised for each source).
fileprivate protocol BlockCells {
    subscript(_ i: Int) -> Double { get }
    func load(_ i: Int) -> SIMD4<Double>
}

/// One state's values.
fileprivate struct StateRows: BlockCells {
    let x: UnsafeMutablePointer<Double>
    @inline(__always) subscript(_ i: Int) -> Double { x[i] }
    @inline(__always) func load(_ i: Int) -> SIMD4<Double> { UnsafeRawPointer(x + i).loadUnaligned(as: SIMD4<Double>.self) }
}

/// Two states' values added (actives and cadres: the employee actives).
fileprivate struct StateRowsSum: BlockCells {
    let x: UnsafeMutablePointer<Double>, y: UnsafeMutablePointer<Double>
    @inline(__always) subscript(_ i: Int) -> Double { x[i] + y[i] }
    @inline(__always) func load(_ i: Int) -> SIMD4<Double> {
        UnsafeRawPointer(x + i).loadUnaligned(as: SIMD4<Double>.self) + UnsafeRawPointer(y + i).loadUnaligned(as: SIMD4<Double>.self)
    }
}

/// The states of a block of paths, `x[cell · paths + path]`, and the year's survival by path.
final class PathBlockState {
    let n: Int, paths: Int
    /// Raw buffers (one allocation each, freed in `deinit`): the loops over paths run without
    /// copy-on-write or exclusivity checks.
    let population: UnsafeMutablePointer<Double>, active: UnsafeMutablePointer<Double>, cadres: UnsafeMutablePointer<Double>
    let retired: UnsafeMutablePointer<Double>, resident: UnsafeMutablePointer<Double>, uninsured: UnsafeMutablePointer<Double>
    /// One-year survival `S(x)` of the year, by cell and path.
    let survival: UnsafeMutablePointer<Double>
    /// Infant survival `L0/l0` by sex and path, `[sex · paths + path]`.
    let infant: UnsafeMutablePointer<Double>
    /// Scratch for ``columns(_:)``'s transposition, `[path · cells + cell]`: kept for the block's life, as
    /// a buffer of this size allocated and freed three times a year makes the C heap return its top to
    /// the system and fault it back in (millions of page faults in a 100,000-path run).
    let transposed: UnsafeMutablePointer<Double>

    init(cells n: Int, paths: Int) {
        self.n = n
        self.paths = paths
        func buffer(_ count: Int) -> UnsafeMutablePointer<Double> {
            let b = UnsafeMutablePointer<Double>.allocate(capacity: count)
            b.initialize(repeating: 0, count: count)
            return b
        }
        population = buffer(n * paths); active = buffer(n * paths); cadres = buffer(n * paths); retired = buffer(n * paths)
        resident = buffer(n * paths); uninsured = buffer(n * paths); survival = buffer(n * paths)
        infant = buffer(2 * paths)
        transposed = buffer(n * paths)
    }

    deinit {
        for b in [population, active, cadres, retired, resident, uninsured, survival, infant, transposed] { b.deallocate() }
    }

    /// Each path's life table of the year: the central table with `q` and `m` times `exp(β(x)·δ)`
    /// (``LifeTable/scaled(by:)``: `q` within [0, 1], 100+ closed), its survival
    /// (``LifeTable/survival``) and infant survival. A path with `δ = 0` keeps the central table.
    func survival(table: LifeTable, loadings: [Double]?, deviation: [Double]) {
        let P = paths
        // Loadings repeat within each abridged age group: one exp per distinct loading and path.
        var distinct: [Double] = [], group = [Int](repeating: 0, count: n)
        if let loadings {
            for i in 0..<n {
                if let g = distinct.firstIndex(of: loadings[i]) { group[i] = g } else { group[i] = distinct.count; distinct.append(loadings[i]) }
            }
        }
        var factor = [Double](repeating: 1, count: max(1, distinct.count) * P)
        for g in distinct.indices {
            for p in 0..<P where deviation[p] != 0 { factor[g * P + p] = exp(distinct[g] * deviation[p]) }
        }
        let q = table.qx
        let hasFactors = loadings != nil
        for sex in Sex.allCases {
            for age in 0...AgeSex.maximumAge {
                let i = AgeSex.index(age: age, sex: sex)
                let f = hasFactors ? group[i] * P : 0
                let s = survival + i * P
                if age == AgeSex.maximumAge {
                    if let m = table.mx?[i] {
                        for p in 0..<P { s[p] = hasFactors ? exp(-(m * factor[f + p])) : exp(-m) }
                    } else {
                        s.update(from: survival + (i - 1) * P, count: P)
                    }
                } else if hasFactors {
                    let qi = q[i]
                    factor.withUnsafeBufferPointer { factor in
                        let g = factor.baseAddress! + f
                        for p in 0..<P { s[p] = 1 - min(1, max(0, qi * g[p])) }
                    }
                } else {
                    s.update(repeating: 1 - min(1, max(0, q[i])), count: P)
                }
            }
            let i0 = AgeSex.index(age: 0, sex: sex)
            for p in 0..<P {
                let q0 = min(1, max(0, q[i0] * (hasFactors ? factor[group[i0] * P + p] : 1)))
                infant[sex.rawValue * P + p] = 1 - (1 - table.a0[sex.rawValue]) * q0
            }
        }
    }

    /// Ageing and death (the Leslie step): `X(a+1) ← S(a)·X(a)`, the open group keeping its survivors,
    /// births `Σ_a (f(a) + S(a)·f(a+1))/2 · P_F(a)` (`f = TFR·φ`) split by the sex ratio at birth and
    /// times infant survival into `P(0)`; the employee states get no births.
    func age(tfr: [Double], sexRatioAtBirth srb: Double, schedule: [Double]) {
        let P = paths
        // Row pointers keep the loops over paths free of checked index arithmetic (so they vectorise).
        var births = [Double](repeating: 0, count: P)
        births.withUnsafeMutableBufferPointer { b in
            tfr.withUnsafeBufferPointer { tfr in
                for age in 0..<AgeSex.maximumAge where schedule[age] > 0 || schedule[age + 1] > 0 {
                    let i = AgeSex.index(age: age, sex: .female)
                    let s = survival + i * P, x = population + i * P
                    let phi = schedule[age], phiNext = schedule[age + 1]
                    for p in 0..<P {
                        let f = tfr[p] * phi, fNext = tfr[p] * phiNext
                        b[p] += (f + s[p] * fNext) / 2 * x[p]
                    }
                }
            }
        }
        for sex in Sex.allCases {
            let top = AgeSex.index(age: AgeSex.maximumAge, sex: sex)
            for state in 0..<4 {
                func shift(_ x: UnsafeMutablePointer<Double>) {
                    let xTop = x + top * P, xBelow = x + (top - 1) * P, sTop = survival + top * P, sBelow = survival + (top - 1) * P
                    for p in 0..<P { xTop[p] = sBelow[p] * xBelow[p] + sTop[p] * xTop[p] }
                    for i in stride(from: top - 1, to: top - AgeSex.maximumAge, by: -1) {
                        let to = x + i * P, from = x + (i - 1) * P, s = survival + (i - 1) * P
                        for p in 0..<P { to[p] = s[p] * from[p] }
                    }
                    (x + AgeSex.index(age: 0, sex: sex) * P).update(repeating: 0, count: P)
                }
                switch state {
                case 0: shift(population)
                case 1: shift(active)
                case 2: shift(cadres)
                default: shift(retired)
                }
            }
        }
        for p in 0..<P {
            let boys = srb / (1 + srb) * infant[Sex.male.rawValue * P + p]
            let girls = 1 / (1 + srb) * infant[Sex.female.rawValue * P + p]
            population[AgeSex.index(age: 0, sex: .male) * P + p] = births[p] * boys
            population[AgeSex.index(age: 0, sex: .female) * P + p] = births[p] * girls
        }
    }

    /// Net migrants join or leave every state of their cell in proportion, `P ← max(0, P + m)`; the
    /// employee states are kept within the population. Returns the emigrants each path could not place.
    func migrate(_ migrants: [Double]) -> [Double] {
        let P = paths
        var lost = [Double](repeating: 0, count: P)
        lost.withUnsafeMutableBufferPointer { lost in
            for i in 0..<n {
                let m = migrants[i]
                let x = population + i * P, a = active + i * P, c = cadres + i * P, r = retired + i * P
                for p in 0..<P {
                    let before = x[p]
                    let moved = max(0, before + m)
                    lost[p] += moved - (before + m)
                    let factor = before > 0 ? moved / before : 1
                    x[p] = moved
                    let ai = a[p] * factor, ci = c[p] * factor, ri = r[p] * factor
                    let employed = ai + ci + ri
                    // Without branches (so the loop vectorises): a factor of 1 leaves a state as it is, bit for bit.
                    let f = employed > moved && employed > 0 ? moved / employed : 1
                    a[p] = ai * f; c[p] = ci * f; r[p] = ri * f
                }
            }
        }
        return lost
    }

    /// Retirement, lapse, switching and entries of `year` (``CohortMembership/applyFlows(_:population:year:)``
    /// over paths): every rate is the same for all paths; only the states differ.
    func applyFlows(_ v: CohortMembership.Variant, year: Int, residentMultipliers: [Double], hasResidentScheme: Bool) -> [CohortMembership.Flows] {
        let P = paths
        // The year's flows by path, one contiguous accumulator each (so the loops over paths stay contiguous).
        let flow = UnsafeMutablePointer<Double>.allocate(capacity: 6 * P)
        flow.initialize(repeating: 0, count: 6 * P)
        defer { flow.deallocate() }
        let retirements = flow, buyIns = flow + P, toResident = flow + 2 * P, lapses = flow + 3 * P, switches = flow + 4 * P, entries = flow + 5 * P
        let settings = v.settings
        let rates = CohortMembership.FlowRates(v, year: year)
        let (met, buyIn, lapse, switchRate, coverage) = (rates.met, rates.buyIn, rates.lapse, rates.switchRate, rates.coverage)
        if switchRate > 0 { residents(totalCoverage: v.totalCoverage, multipliers: residentMultipliers, hasResidentScheme: hasResidentScheme) }
        let trendGrowth = rates.trendGrowth, trendFactor = rates.trendFactor
        for sex in Sex.allCases {
            for age in CohortMembership.workingAgeStart...AgeSex.maximumAge {
                let i = AgeSex.index(age: age, sex: sex)
                let b = year - age
                let hWorker = (sex == .male ? v.male : v.worker).hazard(in: year, birthYear: b)
                let hCadre = sex == .female ? v.cadre.hazard(in: year, birthYear: b) : 0
                let open = v.notRetired(age: age, sex: sex, year: year)
                let isOpen = open.worker + open.cadre > 0
                let share = isOpen ? open.cadre / (open.worker + open.cadre) : 0
                let entryAge = age < settings.fullCoverageAge
                let target = coverage * CohortMembership.entryShape(age, fullAge: settings.fullCoverageAge) * trendFactor
                let xa = active + i * P, xc = cadres + i * P, xr = retired + i * P, xu = resident + i * P, xn = population + i * P
                // Each step is its own loop over the paths, with the conditions that are the same for every
                // path of the cell tested outside it, so the loops vectorise; a path's arithmetic, in its
                // order, is that of ``CohortMembership/applyFlows(_:population:year:)``.
                for p in 0..<P {
                    let a = xa[p], c = xc[p]
                    let leaving = a * hWorker + c * hCadre
                    xa[p] = a - a * hWorker
                    xc[p] = c - c * hCadre
                    let qualifying = leaving * (met + (1 - met) * buyIn)
                    xr[p] += qualifying
                    retirements[p] += qualifying
                    buyIns[p] += leaving * (1 - met) * buyIn
                    toResident[p] += leaving - qualifying
                }
                guard isOpen else { continue }
                /// Lapse and switching of path `p`: its actives, cadres and the room left in its population.
                func lapseAndSwitch(_ p: Int) -> (a: Double, c: Double, room: Double) {
                    var a = xa[p], c = xc[p]
                    let lapsed = (a + c) * lapse
                    a *= 1 - lapse
                    c *= 1 - lapse
                    lapses[p] += lapsed
                    let switched = switchRate > 0 ? xu[p] * switchRate : 0
                    a += switched * (1 - share)
                    c += switched * share
                    switches[p] += switched
                    return (a, c, max(0, xn[p] - a - c - xr[p]))
                }
                if !entryAge {
                    let g = trendGrowth
                    for p in 0..<P {
                        let kept = lapseAndSwitch(p)
                        var a = kept.a, c = kept.c
                        if g != 0 {
                            let change = g > 0 ? min(kept.room, (a + c) * g) : (a + c) * g
                            let cadreShare = a + c > 0 ? c / (a + c) : 0
                            a += change * (1 - cadreShare)
                            c += change * cadreShare
                            // Adding +0 to the other total leaves it as it is (totals start at +0).
                            entries[p] += change > 0 ? change : 0
                            lapses[p] -= change > 0 ? 0 : change
                        }
                        xa[p] = a; xc[p] = c
                    }
                } else {
                    for p in 0..<P {
                        let kept = lapseAndSwitch(p), room = kept.room
                        var a = kept.a, c = kept.c
                        let topWorker = max(0, target * xn[p] * open.worker - a)
                        let topCadre = max(0, target * xn[p] * open.cadre - c)
                        let scale = topWorker + topCadre > room ? room / (topWorker + topCadre) : 1
                        a += topWorker * scale
                        c += topCadre * scale
                        entries[p] += (topWorker + topCadre) * scale
                        xa[p] = a; xc[p] = c
                    }
                }
            }
        }
        return (0..<P).map { p in
            CohortMembership.Flows(retirements: retirements[p], buyIns: buyIns[p], toResident: toResident[p],
                                   lapses: lapses[p], switches: switches[p], entries: entries[p])
        }
    }

    /// Residents and uninsured from coverage (``CohortMembership/residents(_:population:year:)``).
    func residents(totalCoverage: [Double], multipliers: [Double], hasResidentScheme: Bool) {
        let P = paths
        multipliers.withUnsafeBufferPointer { multipliers in
            for i in 0..<n {
                let coverage = totalCoverage[i], row = i * P
                let x = population + row, a = active + row, c = cadres + row, r = retired + row, u = resident + row, out = uninsured + row
                for p in 0..<P {
                    let employed = a[p] + c[p] + r[p]
                    let free = max(0, x[p] - employed)
                    let insured = !hasResidentScheme ? 0 : min(free, max(0, min(1, coverage * multipliers[p]) * x[p] - employed))
                    u[p] = insured
                    out[p] = free - insured
                }
            }
        }
    }

    /// Every path's cells of a state (or of the sum of two), `x[cell · paths + p]` for every cell:
    /// transposed four cells by four paths at a time (four vector loads of the `[cell][path]` rows,
    /// four stores of `[path][cell]` columns), the edges one by one, then copied out one contiguous
    /// column per path. A transposition moves values only: the same bits as reading them one by one.
    private func columns<Source: BlockCells>(_ source: Source) -> [[Double]] {
        typealias V = SIMD4<Double>
        let P = paths
        let t = transposed
        @inline(__always) func store(_ v: V, _ i: Int) { UnsafeMutableRawPointer(t + i).storeBytes(of: v, as: V.self) }
        let cells4 = n & ~3, paths4 = P & ~3
        // Unchecked index arithmetic (`&*`, `&+`: the indices are below n·P, allocated above).
        var q = 0
        while q < paths4 {
            var i = 0
            while i < cells4 {
                // Rows: cells i…i+3, each paths q…q+3.
                let r0 = source.load(i &* P &+ q), r1 = source.load((i &+ 1) &* P &+ q)
                let r2 = source.load((i &+ 2) &* P &+ q), r3 = source.load((i &+ 3) &* P &+ q)
                store(V(r0[0], r1[0], r2[0], r3[0]), q &* n &+ i)
                store(V(r0[1], r1[1], r2[1], r3[1]), (q &+ 1) &* n &+ i)
                store(V(r0[2], r1[2], r2[2], r3[2]), (q &+ 2) &* n &+ i)
                store(V(r0[3], r1[3], r2[3], r3[3]), (q &+ 3) &* n &+ i)
                i &+= 4
            }
            for i in cells4..<n { for k in 0..<4 { t[(q &+ k) &* n &+ i] = source[i &* P &+ q &+ k] } }
            q &+= 4
        }
        for q in paths4..<P { for i in 0..<n { t[q &* n &+ i] = source[i &* P &+ q] } }
        return (0..<P).map { p in Array(UnsafeBufferPointer(start: t + p * n, count: n)) }
    }

    /// Every path's counts of the year (``CohortMembership/summary(_:_:year:flows:)`` over paths: each
    /// sum runs over the cells in the same order).
    func summary(_ v: CohortMembership.Variant, year: Int, flows: [CohortMembership.Flows]) -> [MembershipYear] {
        let P = paths
        let settings = v.settings
        let ratio = v.scenario.employee?.retireeCostRatio.value(in: year) ?? 1
        // Ten sums by path (actives, retirees, residents, population, uninsured, the three profile
        // weights, working-age and old-age population), each contiguous over the paths.
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: 10 * P)
        sums.initialize(repeating: 0, count: 10 * P)
        defer { sums.deallocate() }
        let sA = sums, sR = sums + P, sU = sums + 2 * P, sN = sums + 3 * P, sX = sums + 4 * P
        let wASum = sums + 5 * P, wRSum = sums + 6 * P, wUSum = sums + 7 * P, sWorking = sums + 8 * P, sOld = sums + 9 * P
        let profiles = [settings.activeCostProfile?.values, settings.retiredCostProfile?.values, settings.residentCostProfile?.values]
        for i in 0..<n {
            let age = i % AgeSex.ages
            let working = (15...64).contains(age), old = age >= 65
            let row = i * P
            let a = active + row, c = cadres + row, r = retired + row, u = resident + row, x = population + row, out = uninsured + row
            for p in 0..<P {
                sA[p] += a[p] + c[p]
                sR[p] += r[p]
                sU[p] += u[p]
                sN[p] += x[p]
                sX[p] += out[p]
            }
            if let wA = profiles[0]?[i] { for p in 0..<P { wASum[p] += (a[p] + c[p]) * wA } }
            if let wR = profiles[1]?[i] { for p in 0..<P { wRSum[p] += r[p] * wR } }
            if let wU = profiles[2]?[i] { for p in 0..<P { wUSum[p] += u[p] * wU } }
            if working { for p in 0..<P { sWorking[p] += x[p] } }
            if old { for p in 0..<P { sOld[p] += x[p] } }
        }
        let activeCells = columns(StateRowsSum(x: active, y: cadres)), retiredCells = columns(StateRows(x: retired)), residentCells = columns(StateRows(x: resident))
        return (0..<P).map { p in
            let a = sA[p], r = sR[p], u = sU[p]
            let working = sWorking[p]
            var y = MembershipYear(year: year, active: a, retired: r, payers: a * v.payerRatio, residentInsured: u,
                                   population: sN[p], oldAgeDependency: working > 0 ? sOld[p] / working : nil)
            y.activeCostWeight = profiles[0] == nil ? a * 1 : wASum[p]
            y.retiredCostWeight = profiles[1] == nil ? r * ratio : wRSum[p]
            y.residentCostWeight = profiles[2] == nil ? u * 1 : wUSum[p]
            let f = flows[p]
            y.flows = MembershipFlows(retirements: f.retirements, buyIns: f.buyIns, retireesToResident: f.toResident,
                                      lapses: f.lapses, switches: f.switches, entries: f.entries)
            y.uninsured = sX[p]
            y.activeCells = activeCells[p]
            y.retiredCells = retiredCells[p]
            y.residentCells = residentCells[p]
            return y
        }
    }
}
