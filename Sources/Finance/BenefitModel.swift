import Scenario
import Membership

/// Calibrated benefits of one fund by state and category at a unit cost level (Sources/Finance/README.md).
///
/// In year `t`, state `s`, with cost weights `W_s(t) = Σ_cells N·c_s·U_t(a)` (``CostCurves``,
/// ``CostTrend``) and price index `P(t)`:
/// `B_s(t) = L · P(t) · [(1 − Σ_k share_k)·W_s(t) + Σ_k share_k·λ_k(t)·W_{s,k}(t)·n_k]`,
/// where `λ_k` is category k's lever factor (``BenefitLevers``), `W_{s,k}` its own weights when it has
/// a curve of its own and `n_k = W(t_c)/W_k(t_c)` keeps its calibration-year share. The level `L` is
/// calibrated so that the calibration year reproduces reported spending. With a flat curve, no trends
/// and no category curves this is `L·P·W·λ`: the model before cost curves.
struct BenefitModel: Sendable {
    let curves: CostCurves
    let trend: CostTrend
    let levers: BenefitLevers
    let states: [InsuredState]
    /// Retiree/active cost ratio the retired curve is scaled to (employee fund only).
    let retireeCostRatio: DatedValue<Double>?
    /// Retired-curve scale at the calibration year and the ratio it was set for.
    private(set) var retiredScale = 1.0
    private(set) var scaledForRatio = 1.0
    /// `n_k` per category (1 without a curve of its own).
    private(set) var norms: [Double]

    /// Categories with a curve of their own (in some state), in a fixed order: ``Weights/own``.
    let ownCategories: [CostCategory]
    /// Per state (``states`` order), the curves a year's weights read, 202 cells each, one after the
    /// other: all benefits, then each of ``ownCategories`` (the state's own curve where it has none).
    private let stateCurves: [[Double]]
    /// Every weight of ``stateCurves`` is finite (``CostCurves/pairWeights(_:_:_:_:utilisation:finiteCurves:)``).
    private let finiteCurves: Bool

    init(curves: CostCurves, trend: CostTrend, levers: BenefitLevers, states: [InsuredState], retireeCostRatio: DatedValue<Double>?) {
        self.curves = curves
        self.trend = trend
        self.levers = levers
        self.states = states
        self.retireeCostRatio = retireeCostRatio
        norms = [Double](repeating: 1, count: levers.categories.count)
        let own = CostCategory.allCases.filter { curves.hasOwnCurve($0) }
        ownCategories = own
        stateCurves = states.map { s in ([nil] + own).flatMap { curves.curve(s, $0) } }
        finiteCurves = stateCurves.allSatisfy { $0.allSatisfy(\.isFinite) }
    }

    /// What ``calibrate(on:)`` fixes: the retired curve's scale (and the ratio it was set for) and the
    /// category norms `n_k`.
    struct Calibration: Sendable, Equatable {
        var retiredScale: Double, scaledForRatio: Double, norms: [Double]
    }

    var calibration: Calibration { Calibration(retiredScale: retiredScale, scaledForRatio: scaledForRatio, norms: norms) }

    /// The model with a calibration fixed elsewhere (on the same calibration-year members).
    func calibrated(_ c: Calibration) -> BenefitModel {
        var m = self
        m.retiredScale = c.retiredScale
        m.scaledForRatio = c.scaledForRatio
        m.norms = c.norms
        return m
    }

    /// Fixes the retired scale and category norms on the calibration year's members.
    mutating func calibrate(on m: MembershipYear) {
        let year = m.year
        if let ratio = retireeCostRatio?.value(in: year) {
            retiredScale = ratio
            scaledForRatio = ratio
            if curves.scaleRetired, let a = m.activeCells, let r = m.retiredCells {
                let perActive = CostCurves.weight(a, curves.curve(.active), utilisation: nil) / max(1e-300, a.reduce(0, +))
                let perRetired = CostCurves.weight(r, curves.curve(.retired), utilisation: nil) / max(1e-300, r.reduce(0, +))
                if perActive > 0, perRetired > 0 { retiredScale = ratio * perActive / perRetired }
            } else if !curves.scaleRetired {
                retiredScale = 1
            }
        }
        let all = states.reduce(0) { $0 + weight(m, $1, nil) }
        for (i, c) in levers.categories.enumerated() {
            guard let k = CostCategory(rawValue: c.kind.rawValue), curves.hasOwnCurve(k) else { continue }
            let own = states.reduce(0) { $0 + weight(m, $1, k) }
            norms[i] = own > 0 ? all / own : 1
        }
    }

    /// The members of `state` by cell, when the membership model has ages for every state of the fund.
    func cells(_ m: MembershipYear, _ state: InsuredState) -> [Double]? {
        switch state {
        case .active: return m.retiredCells != nil || m.residentCells != nil ? m.activeCells : nil
        case .retired: return m.retiredCells
        case .resident: return m.residentCells
        }
    }

    /// The retired curve's scale in year `t` (1 for the other states and for a user's own curve).
    private func scale(_ state: InsuredState, _ t: Int) -> Double {
        state == .retired && curves.scaleRetired ? retiredScale * (retireeCostRatio.map { $0.value(in: t) / scaledForRatio } ?? 1) : 1
    }

    /// Cost-weighted members of `state` in the members' year (with utilisation and, for retirees, the scale).
    /// `utilisation: false` leaves out the utilisation trend: the members weighted by the cost curve alone.
    func weight(_ m: MembershipYear, _ state: InsuredState, _ category: CostCategory?, in year: Int? = nil, utilisation: Bool = true) -> Double {
        let t = year ?? m.year
        if let cells = cells(m, state) {
            return scale(state, t) * CostCurves.weight(cells, curves.curve(state, category), utilisation: utilisation ? trend.utilisation(t) : nil)
        }
        // No ages: the membership model's weights (flat, or its own profiles), all-ages utilisation.
        let flat: Double
        switch state {
        case .active: flat = m.activeCostWeight
        case .retired: flat = m.retiredCostWeight
        case .resident: flat = m.residentCostWeight
        }
        return flat * (utilisation ? trend.utilisationAllAges(t) : 1)
    }

    /// One year's cost-weighted members, every weight its spending reads, by state (``states`` order):
    /// ``weight(_:_:_:in:utilisation:)`` with and without the utilisation trend and for each category
    /// with a curve of its own, computed in one pass over each state's cells (the same sums, term by term).
    struct Weights {
        /// The year whose prices and trends apply.
        var year: Int
        /// By state (at most the three of ``InsuredState``): inline, not on the heap, as they are
        /// made for every path-year of `simulate`.
        var all = SIMD4<Double>(), plain = SIMD4<Double>()
        /// `own[c][s]`: category ``ownCategories``[c] in state `s`.
        var own: [[Double]]
    }

    /// The weights of members `m` at the prices and trends of `year` (default the members' year).
    func weights(_ m: MembershipYear, in year: Int? = nil) -> Weights {
        let t = year ?? m.year
        let u = trend.utilisation(t)
        precondition(states.count <= 4, "at most four insured states")
        var w = Weights(year: t, own: ownCategories.isEmpty ? [] : [[Double]](repeating: [Double](repeating: 0, count: states.count), count: ownCategories.count))
        if ownCategories.isEmpty, states.allSatisfy({ cells(m, $0)?.count == AgeSex.cells }) {
            // One curve per state and every state by all its cells: two states' sums in each pass.
            var j = 0
            while j < states.count {
                let k = min(j + 1, states.count - 1)
                let sums = CostCurves.pairWeights(cells(m, states[j]) ?? [], stateCurves[j], cells(m, states[k]) ?? [], stateCurves[k], utilisation: u,
                                                      finiteCurves: finiteCurves)
                let scaleJ = scale(states[j], t), scaleK = scale(states[k], t)
                w.all[j] = scaleJ * sums.a.weighted
                w.plain[j] = scaleJ * sums.a.plain
                w.all[k] = scaleK * sums.b.weighted
                w.plain[k] = scaleK * sums.b.plain
                j = k + 1
            }
            return w
        }
        for (j, s) in states.enumerated() {
            guard let cells = cells(m, s) else {
                w.all[j] = weight(m, s, nil, in: t)
                w.plain[j] = weight(m, s, nil, in: t, utilisation: false)
                for c in ownCategories.indices { w.own[c][j] = weight(m, s, ownCategories[c], in: t) }
                continue
            }
            let sums = CostCurves.weights(cells, stateCurves[j], curves: 1 + ownCategories.count, utilisation: u)
            let scale = scale(s, t)
            w.all[j] = scale * sums.weighted[0]
            w.plain[j] = scale * sums.plain
            for c in ownCategories.indices { w.own[c][j] = scale * sums.weighted[1 + c] }
        }
        return w
    }

    /// The weight of `state` for `category` (nil: all benefits) among `w`.
    func weight(_ w: Weights, _ state: InsuredState, _ category: CostCategory?) -> Double {
        guard let j = states.firstIndex(of: state) else { return 0 }
        if let category, let c = ownCategories.firstIndex(of: category) { return w.own[c][j] }
        return w.all[j]
    }

    /// The parts of one state's calibrated benefits in the weights' year.
    func spendingDrivers(_ w: Weights, _ state: InsuredState) -> SpendingDrivers {
        guard let j = states.firstIndex(of: state) else { return SpendingDrivers(weight: 0, utilisation: 1, price: trend.price(w.year)) }
        let mix = w.plain[j]
        return SpendingDrivers(weight: mix, utilisation: mix > 0 ? w.all[j] / mix : 1, price: trend.price(w.year))
    }

    /// Calibrated benefits at level 1 (元 per unit level): by state (in ``states`` order) and by
    /// category (0 for decomposed ones, which are counted separately).
    /// - Parameter year: the year whose prices and trends apply (default the members' year; a resident
    ///   fund with a benefit lag pays in `t` for last year's members).
    func unit(_ m: MembershipYear, in year: Int? = nil) -> (byState: [Double], categories: [Double]) {
        unit(weights(m, in: year))
    }

    /// ``unit(_:in:)`` on a year's weights.
    func unit(_ weights: Weights) -> (byState: [Double], categories: [Double]) {
        let t = weights.year
        let f = levers.factors(in: t)
        let price = trend.price(t)
        let shares = levers.terms.reduce(0) { $0 + ($1.isDecomposed ? 0 : $1.share) }
        var byState = [Double](repeating: 0, count: states.count)
        var categories = [Double](repeating: 0, count: levers.categories.count)
        for (j, s) in states.enumerated() {
            let w = weights.all[j]
            var b = (1 - shares) * w
            for (i, c) in levers.terms.enumerated() where !c.isDecomposed {
                let k = c.costCategory
                let wk = k.map { curves.hasOwnCurve($0) ? weight(weights, s, $0) : w } ?? w
                let amount = c.share * f[i].factor * wk * norms[i]
                b += amount
                categories[i] += price * amount
            }
            byState[j] = price * b
        }
        return (byState, categories)
    }
}

/// What one state's calibrated benefits are made of in a year, for the attribution of their change:
/// benefits = level × `weight` × `utilisation` × `price` × the benefit levers' factor (the policy part),
/// plus any category decomposed as claim rate × cost per claim (counted apart).
public struct SpendingDrivers: Sendable, Equatable {
    /// Members weighted by the cost curve of their age, sex and state (retirees with their scale), no trend:
    /// ÷ members it is the age–state mix (ageing).
    public var weight: Double
    /// Utilisation index of these members relative to the base year (claims per head by age, `U_t(a)/U_t0(a)`).
    public var utilisation: Double
    /// Unit-cost (price) index `P(t)/P(t0)`: wage growth plus excess cost growth, or `medical_inflation`.
    public var price: Double

    public init(weight: Double, utilisation: Double, price: Double) {
        self.weight = weight
        self.utilisation = utilisation
        self.price = price
    }
}
