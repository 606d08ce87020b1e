import Foundation
import Scenario
import Membership

/// An insured state whose members cost differently by age.
public enum InsuredState: String, Sendable, CaseIterable {
    case active, retired, resident
}

/// Relative cost by age-sex cell for each insured state and benefit category (Sources/Finance/README.md).
///
/// The shape is the embedded Korean curve (default), the Japanese one, or flat; a user CSV
/// (`membership.cost_profile.<state>`, or `costs.<category>.<state>`) replaces it for its state or
/// category. The retired curve of an embedded shape is scaled once, at calibration, so that the
/// base year's cost per retiree over cost per active equals `retiree_cost_ratio` (default 39.5/9.9,
/// the ratio of the national 2021 hospitalisation rates): the stand-in shape carries the age
/// gradient, the Chinese ratio its level between the two states. Only relative levels matter: each
/// fund's absolute level is calibrated to its reported spending.
public struct CostCurves: Sendable {
    /// Curves by state (category "all"), 202 cells each; the retired one before ``retiredScale``.
    let states: [InsuredState: [Double]]
    /// Category-specific curves where the scenario gives them.
    let categories: [CostCategory: [InsuredState: [Double]]]
    /// Whether the retired curve is an embedded shape to scale to the retiree/active ratio.
    let scaleRetired: Bool

    /// The curves of a scenario.
    public init(scenario: Scenario) {
        let shape = CostCurves.shape(scenario.costs.shape)
        let m = scenario.membership
        states = [
            .active: m.activeCostProfile?.values ?? shape,
            .retired: m.retiredCostProfile?.values ?? shape,
            .resident: m.residentCostProfile?.values ?? shape,
        ]
        scaleRetired = m.retiredCostProfile == nil
        var categories: [CostCategory: [InsuredState: [Double]]] = [:]
        for (category, profiles) in scenario.costs.categoryProfiles {
            var byState: [InsuredState: [Double]] = [:]
            if let t = profiles.active { byState[.active] = t.values }
            if let t = profiles.retired { byState[.retired] = t.values }
            if let t = profiles.resident { byState[.resident] = t.values }
            categories[category] = byState
        }
        self.categories = categories
    }

    /// The curve of `state` for `category` (nil: all benefits).
    public func curve(_ state: InsuredState, _ category: CostCategory? = nil) -> [Double] {
        if let category, let c = categories[category]?[state] { return c }
        return states[state] ?? CostCurves.flat
    }

    /// Whether `category` has a curve of its own in any state.
    public func hasOwnCurve(_ category: CostCategory) -> Bool { categories[category] != nil }

    /// A shipped shape by cell (the same curve for both sexes: no source splits by sex).
    public static func shape(_ s: CostSettings.Shape) -> [Double] {
        switch s {
        case .korea: return embedded.korea
        case .japan: return embedded.japan
        case .flat: return flat
        }
    }

    static let flat = [Double](repeating: 1, count: AgeSex.cells)

    /// The embedded table (``CostCurveTables``) by cell.
    static let embedded: (korea: [Double], japan: [Double]) = {
        var korea = [Double](repeating: 1, count: AgeSex.ages), japan = korea
        for line in CostCurveTables.curves.split(separator: "\n").dropFirst() {
            let f = line.split(separator: ",")
            guard f.count == 3, let age = Int(f[0]), let k = Double(f[1]), let j = Double(f[2]), age >= 0, age < AgeSex.ages else {
                preconditionFailure("embedded cost-curve table is malformed: \(line)")
            }
            korea[age] = k
            japan[age] = j
        }
        return (korea + korea, japan + japan)
    }()

    /// `Σ_cells N(i)·c(i)·u(age(i))`: cost-weighted members, with a utilisation index by age (`u = 1`
    /// when nil); one curve of ``weights(_:_:curves:utilisation:)``.
    public static func weight(_ cells: [Double], _ curve: [Double], utilisation: UtilisationIndex?) -> Double {
        weights(cells, curve, curves: 1, utilisation: utilisation).weighted[0]
    }
}

extension CostCurves {
    /// ``weight(_:_:utilisation:)`` of `curves` curves in one pass over the cells (`stacked` holds them
    /// one after the other): `weighted[k]` the k-th with the utilisation index, `plain` the first
    /// without it. Each sum adds its terms in cell order, skipping empty cells, as it would alone.
    static func weights(_ cells: [Double], _ stacked: [Double], curves k: Int, utilisation: UtilisationIndex?) -> (weighted: [Double], plain: Double) {
        let stride = AgeSex.cells
        let count = min(cells.count, stride)
        var weighted = [Double](repeating: 0, count: k)
        var plain = 0.0
        precondition(stacked.count >= k * stride, "stacked cost curves: \(k) × \(stride) cells expected")
        cells.withUnsafeBufferPointer { c in
            stacked.withUnsafeBufferPointer { w in
                weighted.withUnsafeMutableBufferPointer { acc in
                    guard let utilisation else {
                        for i in 0..<count where c[i] != 0 {
                            for j in 0..<k { acc[j] += c[i] * w[j * stride + i] }
                        }
                        plain = acc[0]
                        return
                    }
                    utilisation.withRow { u in
                        var age = 0
                        if k == 1 {
                            // One curve (no category has its own): both sums in registers.
                            var weighted = 0.0
                            for i in 0..<count {
                                if c[i] != 0 {
                                    plain += c[i] * w[i]
                                    weighted += c[i] * w[i] * u[age]
                                }
                                age = age + 1 == AgeSex.ages ? 0 : age + 1
                            }
                            acc[0] = weighted
                            return
                        }
                        for i in 0..<count {
                            if c[i] != 0 {
                                plain += c[i] * w[i]
                                for j in 0..<k { acc[j] += c[i] * w[j * stride + i] * u[age] }
                            }
                            age = age + 1 == AgeSex.ages ? 0 : age + 1
                        }
                    }
                }
            }
        }
        return (weighted, plain)
    }
}

extension CostCurves {
    /// The all-benefits weights of two states (``weight(_:_:utilisation:)`` of each, with and without
    /// the utilisation index) in one pass over all ``AgeSex/cells`` cells of `a` and `b`: the year step's
    /// weights of a fund whose categories have no curves of their own.
    ///
    /// With `finiteCurves` (every weight of `wa` and `wb` finite) and a finite utilisation index, the
    /// cells are summed four at a time: lane `j` adds the terms of cells `i ≡ j (mod 4)` in cell order,
    /// and the lanes are joined as `(l₀ + l₁) + (l₂ + l₃)`. An empty cell's term is then `±0`, which
    /// leaves a lane as it was (a sum from `+0` is never `−0`), so empty cells need no test. This is
    /// the same sum as ``weight(_:_:utilisation:)``'s in another order: the two differ in the last bits
    /// only (relative 1e-16 times the number of cells), and the order is fixed, so the result is the
    /// same on every run, thread count and machine. Otherwise each sum adds its non-empty cells'
    /// terms in cell order, as ``weight(_:_:utilisation:)`` does.
    static func pairWeights(_ a: [Double], _ wa: [Double], _ b: [Double], _ wb: [Double], utilisation: UtilisationIndex?,
                            finiteCurves: Bool)
        -> (a: (weighted: Double, plain: Double), b: (weighted: Double, plain: Double)) {
        let n = AgeSex.cells
        precondition(a.count == n && b.count == n && wa.count >= n && wb.count >= n, "cost weights: \(n) cells a state expected")
        let utilisation = utilisation ?? .allAges(1)
        let inLanes = finiteCurves && utilisation.isFinite
        return utilisation.withRow { row in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    wa.withUnsafeBufferPointer { wa in
                        wb.withUnsafeBufferPointer { wb in
                            inLanes ? lanes(a, wa, b, wb, row) : inCellOrder(a, wa, b, wb, row)
                        }
                    }
                }
            }
        }
    }

    /// ``pairWeights(_:_:_:_:utilisation:finiteCurves:)`` four cells at a time (finite weights only).
    private static func lanes(_ a: UnsafeBufferPointer<Double>, _ wa: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>,
                              _ wb: UnsafeBufferPointer<Double>, _ u: UnsafeMutableBufferPointer<Double>)
        -> (a: (weighted: Double, plain: Double), b: (weighted: Double, plain: Double)) {
        typealias Lanes = SIMD4<Double>
        let n = AgeSex.cells
        func load(_ p: UnsafeBufferPointer<Double>, _ i: Int) -> Lanes {
            UnsafeRawPointer(p.baseAddress! + i).loadUnaligned(as: Lanes.self)
        }
        let uBase = UnsafeBufferPointer(u)
        var plainA = Lanes(), weightedA = Lanes(), plainB = Lanes(), weightedB = Lanes()
        var i = 0
        while i &+ 4 <= n {
            let ui = load(uBase, i)
            let cwa = load(a, i) * load(wa, i), cwb = load(b, i) * load(wb, i)
            plainA += cwa
            weightedA += cwa * ui
            plainB += cwb
            weightedB += cwb * ui
            i &+= 4
        }
        var lane = 0
        while i < n {
            let cwa = a[i] * wa[i], cwb = b[i] * wb[i]
            plainA[lane] += cwa
            weightedA[lane] += cwa * u[i]
            plainB[lane] += cwb
            weightedB[lane] += cwb * u[i]
            i &+= 1
            lane &+= 1
        }
        func join(_ l: Lanes) -> Double { (l[0] + l[1]) + (l[2] + l[3]) }
        return ((join(weightedA), join(plainA)), (join(weightedB), join(plainB)))
    }

    /// ``pairWeights(_:_:_:_:utilisation:finiteCurves:)`` in cell order, empty cells skipped (adding `+0`).
    private static func inCellOrder(_ a: UnsafeBufferPointer<Double>, _ wa: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>,
                                    _ wb: UnsafeBufferPointer<Double>, _ u: UnsafeMutableBufferPointer<Double>)
        -> (a: (weighted: Double, plain: Double), b: (weighted: Double, plain: Double)) {
        var weightedA = 0.0, plainA = 0.0, weightedB = 0.0, plainB = 0.0
        for i in 0..<AgeSex.cells {
            let ui = u[i]
            let ca = a[i], cwa = ca * wa[i], cb = b[i], cwb = cb * wb[i]
            plainA += ca != 0 ? cwa : 0
            weightedA += ca != 0 ? cwa * ui : 0
            plainB += cb != 0 ? cwb : 0
            weightedB += cb != 0 ? cwb * ui : 0
        }
        return ((weightedA, plainA), (weightedB, plainB))
    }
}

/// Growth of per-capita cost relative to the base year (Sources/Finance/README.md):
/// `c_t(a) = c_{t0}(a) · P(t)/P(t0) · U_t(a)/U_{t0}(a)` with the price index `P` growing at
/// `wage growth + excess cost growth` and utilisation `U` at `utilisation_trend + utilisation_trend_by_age(a)`;
/// or, with `medical_inflation` given, `P` growing at that rate and `U = 1` (the single override).
public struct CostTrend: Sendable {
    public let baseYear: Int
    public let model: CostGrowthModel
    /// `P(t)/P(t0)` for t0…t0+n.
    private let priceIndex: [Double]
    /// `U_t(a)/U_{t0}(a)` by single age for t0…t0+n, year after year in one array (``AgeSex/ages`` a
    /// year); empty when utilisation does not move or every age moves as the all-ages index.
    private let utilisationIndex: [Double]
    /// Utilisation moves (the all-ages index or, with ``utilisationIndex``, by age).
    private let utilisationMoves: Bool
    /// The all-ages part of the utilisation index (applied to counts without ages).
    private let utilisationAllAges: [Double]

    public init(assumptions a: Assumptions, baseYear: Int, horizon: Int) {
        self.baseYear = baseYear
        model = a.costGrowthModel
        let n = max(0, horizon - baseYear)
        let ages = AgeSex.ages
        var p = [1.0], u = [1.0]
        p.reserveCapacity(n + 1)
        u.reserveCapacity(n + 1)
        var ua: [Double] = []
        // The by-age trend's value at each age, read once.
        let byAge = a.utilisationTrendByAge.map { trend in (0..<ages).map { trend.value(in: $0) } }
        let moves = model == .priceAndUtilisation && (!(a.utilisationTrend.isConstant && a.utilisationTrend.value(in: baseYear) == 0) || byAge != nil)
        if moves, byAge != nil {
            ua.reserveCapacity((n + 1) * ages)
            ua.append(contentsOf: repeatElement(1, count: ages))
        }
        for k in stride(from: 1, through: n, by: 1) {
            let t = baseYear + k
            switch model {
            case .medicalInflation:
                p.append(p[k - 1] * (1 + a.medicalInflation.value(in: t)))
                u.append(1)
            case .priceAndUtilisation:
                p.append(p[k - 1] * (1 + a.wageGrowth.value(in: t) + a.excessCostGrowth.value(in: t)))
                let all = a.utilisationTrend.value(in: t)
                u.append(u[k - 1] * (1 + all))
                // Without a by-age trend every age grows as the all-ages index, `U(a) = U_all`: that
                // index is the whole row (``utilisation(_:)``), not 101 copies of it a year.
                if moves, let byAge {
                    let last = (k - 1) * ages
                    for age in 0..<ages { ua.append(ua[last + age] * (1 + all + byAge[age])) }
                }
            }
        }
        priceIndex = p
        utilisationAllAges = u
        utilisationIndex = ua
        utilisationMoves = moves
    }

    /// Years after the base year the indices are computed for (later years hold the last value).
    public var projectedYears: Int { priceIndex.count - 1 }

    private func index(_ year: Int) -> Int { min(max(0, year - baseYear), priceIndex.count - 1) }

    /// `P(t)/P(t0)`.
    public func price(_ year: Int) -> Double { priceIndex[index(year)] }

    /// Utilisation index by single age in `year` relative to the base year; nil when it stays 1.
    public func utilisation(_ year: Int) -> UtilisationIndex? {
        guard utilisationMoves else { return nil }
        guard !utilisationIndex.isEmpty else { return .allAges(utilisationAllAges(year)) }
        let start = index(year) * AgeSex.ages
        return .byAge(utilisationIndex[start..<(start + AgeSex.ages)])
    }

    /// The all-ages utilisation index (for members counted without ages and decomposed categories).
    public func utilisationAllAges(_ year: Int) -> Double { utilisationAllAges[index(year)] }

    /// Total growth of per-capita cost for members without ages: `P · U_all`.
    public func perCapita(_ year: Int) -> Double { price(year) * utilisationAllAges(year) }
}

/// One year's utilisation index `U_t(a)/U_{t0}(a)` (``CostTrend/utilisation(_:)``): by single age, or
/// one value for every age (no by-age trend).
public enum UtilisationIndex: Sendable, Equatable {
    /// By age from 0; ages beyond the slice read 1.
    case byAge(ArraySlice<Double>)
    case allAges(Double)

    /// Every age's index is finite.
    public var isFinite: Bool {
        switch self {
        case .byAge(let u): return u.allSatisfy(\.isFinite)
        case .allAges(let v): return v.isFinite
        }
    }

    /// Calls `body` with the index of every cell (``AgeSex/cells``, cell `i` at age `i % ages`) in a
    /// buffer on the stack, 1 where a by-age slice ends (`x · 1` is `x` bit for bit), so that loops
    /// over cells read it without a test. Its first ``AgeSex/ages`` entries are the index by age.
    func withRow<R>(_ body: (UnsafeMutableBufferPointer<Double>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: AgeSex.cells) { row in
            let ages = AgeSex.ages
            switch self {
            case .allAges(let v):
                for i in 0..<AgeSex.cells { row[i] = v }
            case .byAge(let u):
                let known = Swift.min(u.count, ages)
                var k = u.startIndex
                for age in 0..<known { row[age] = u[k]; k += 1 }
                for age in known..<ages { row[age] = 1 }
                for i in ages..<AgeSex.cells { row[i] = row[i % ages] }
            }
            return body(row)
        }
    }
}
