import Foundation
import Scenario

/// How benefit categories' levers move spending relative to the base year.
///
/// Each category keeps its base-year share of benefits; in year `t` its spending is scaled by
/// `φ(t)/φ(t0) · ((1 − φ(t)) / (1 − φ(t0)))^ε`: the change in the effective fund-paid share
/// ``fundPaidShare(reimbursement:deductible:cap:meanCost:sigma:)`` (costs per claimant grow with
/// the price index while deductibles and caps stay at their dated nominal values), times the
/// demand response to the change in the out-of-pocket share with elasticity `ε`. Benefits outside
/// any category (`1 − Σ shares`) are not affected by the levers.
public struct BenefitLevers: Sendable {
    public let categories: [SpendingCategory]
    public let elasticity: Double
    let baseYear: Int
    let trend: CostTrend
    let averageWage: @Sendable (Int) -> Double
    let baseShares: [Double]

    /// What the yearly loops read of a category, without its dated values: copying a
    /// ``SpendingCategory`` retains each of them, on every path-year of `simulate`.
    public struct Term: Sendable {
        public let kind: SpendingCategory.Kind
        /// Its share of base-year benefits (categories given as shares).
        public let share: Double
        /// Whether it is decomposed as claim rates × cost per claimant (not a share).
        public let isDecomposed: Bool
        /// Its cost curve's category, when its kind has one.
        public let costCategory: CostCategory?
    }

    /// ``categories`` as terms, in order.
    public let terms: [Term]

    public init(categories: [SpendingCategory], elasticity: Double, baseYear: Int,
                trend: CostTrend, averageWage: @escaping @Sendable (Int) -> Double) {
        self.categories = categories
        self.elasticity = elasticity
        self.baseYear = baseYear
        self.trend = trend
        self.averageWage = averageWage
        var shares: [Double] = []
        categories.withUnsafeBufferPointer { categories in
            for i in categories.indices { shares.append(BenefitLevers.share(categories[i], year: baseYear, trend: trend, wage: averageWage)) }
        }
        self.baseShares = shares
        terms = categories.map { Term(kind: $0.kind, share: $0.share, isDecomposed: $0.claimRates != nil, costCategory: CostCategory(rawValue: $0.kind.rawValue)) }
        // Every projected year's factors once: spending, its categories and the decomposed amounts
        // each read them, on every Monte Carlo path.
        let last = trend.baseYear + trend.projectedYears
        factorTable = categories.isEmpty || last < baseYear ? [] : Self.factors(categories, shares, elasticity, baseYear...last, trend, averageWage)
        noDecomposed = [StateAmounts](repeating: StateAmounts(), count: categories.count)
    }

    /// ``decomposed(in:active:retired:resident:)`` when no category is decomposed: all zero.
    private let noDecomposed: [StateAmounts]

    /// ``factors(in:)`` of the years `baseYear …`, in order, one array (a year's categories after the
    /// previous year's): one allocation a path, read in cache, not one a year.
    private let factorTable: [(share: Double, factor: Double)]

    /// The categories' factors of one year, `f[i]` of category `i`.
    public struct Factors: RandomAccessCollection, Sendable {
        let storage: [(share: Double, factor: Double)]
        let offset: Int
        public let count: Int
        public var startIndex: Int { 0 }
        public var endIndex: Int { count }
        public subscript(i: Int) -> (share: Double, factor: Double) {
            precondition(i >= 0 && i < count, "category index within the year's factors")
            return storage[offset + i]
        }
    }

    static func share(_ c: SpendingCategory, year: Int, trend: CostTrend, wage: (Int) -> Double) -> Double {
        let cap = c.cap?.value(in: year) ?? c.capWageMultiple.map { $0.value(in: year) * wage(year) }
        return fundPaidShare(reimbursement: c.reimbursement.value(in: year), deductible: c.deductible.value(in: year), cap: cap,
                             meanCost: c.costPerClaimant * trend.price(year), sigma: c.costDispersion)
    }

    /// Spending of the decomposed categories in `year` by state, 元: `claims × cost per claimant(t) × φ(t)`
    /// times the demand response (categories given as shares are zero here).
    public func decomposed(in year: Int, active: Double, retired: Double, resident: Double) -> [StateAmounts] {
        guard terms.contains(where: \.isDecomposed) else { return noDecomposed }
        let f = factors(in: year)
        // cost per claim grows with the price index, claims per head with all-ages utilisation
        let growth = trend.perCapita(year)
        return terms.indices.map { i in
            guard terms[i].isDecomposed, let r = categories[i].claimRates else { return StateAmounts() }
            // φ(t)·demand(t) = factor·φ(t0) when φ(t0) > 0, else φ(t) (a benefit new since the base year).
            let paid = baseShares[i] > 0 ? f[i].factor * baseShares[i] : f[i].share
            let perClaim = categories[i].costPerClaimant * growth * paid
            return StateAmounts(active: active * r.active.value(in: year) * perClaim,
                                retired: retired * r.retired.value(in: year) * perClaim,
                                resident: resident * r.resident.value(in: year) * perClaim)
        }
    }

    /// Per category: the fund-paid share in `year` and the factor on its base-year spending.
    public func factors(in year: Int) -> Factors {
        let n = categories.count
        if n > 0, year >= baseYear, (year - baseYear + 1) * n <= factorTable.count { return Factors(storage: factorTable, offset: (year - baseYear) * n, count: n) }
        return Factors(storage: Self.factors(categories, baseShares, elasticity, year...year, trend, averageWage), offset: 0, count: n)
    }

    /// The categories' factors of each of `years`, one year after the other.
    private static func factors(_ categories: [SpendingCategory], _ baseShares: [Double], _ elasticity: Double, _ years: ClosedRange<Int>,
                                _ trend: CostTrend, _ averageWage: (Int) -> Double) -> [(share: Double, factor: Double)] {
        var table: [(share: Double, factor: Double)] = []
        table.reserveCapacity(categories.count * years.count)
        // Read in place: copying a category (as `enumerated()` would) retains each of its dated values.
        categories.withUnsafeBufferPointer { categories in
            for year in years {
                for i in categories.indices {
                    let phi = BenefitLevers.share(categories[i], year: year, trend: trend, wage: averageWage)
                    let phi0 = baseShares[i]
                    guard phi0 > 0 else { table.append((phi, 1)); continue }
                    let demand = elasticity != 0 && phi < 1 && phi0 < 1 ? pow((1 - phi) / (1 - phi0), elasticity) : 1
                    table.append((phi, phi / phi0 * demand))
                }
            }
        }
        return table
    }

    /// The factor on total benefits in `year`: `Σ share·factor + (1 − Σ share)`.
    public func totalFactor(in year: Int) -> Double {
        totalFactor(factors(in: year))
    }

    private func totalFactor(_ f: Factors) -> Double {
        let shares = terms.reduce(0) { $0 + $1.share }
        return zip(terms, f).reduce(1 - shares) { $0 + $1.0.share * $1.1.factor }
    }

    /// Benefits of `year` by category: share categories take their part of the calibrated benefits,
    /// decomposed ones their own amounts; what no category takes is "other benefits".
    public func split(calibrated: Double, decomposed: [StateAmounts], in year: Int) -> [CategoryAmount] {
        let f = factors(in: year)
        let total = totalFactor(f)
        return terms.enumerated().map { i, c in
            let amount = c.isDecomposed ? decomposed[i].total : (total > 0 ? calibrated * c.share * f[i].factor / total : 0)
            return CategoryAmount(kind: c.kind, amount: amount, fundPaidShare: f[i].share)
        }
    }
}

/// An amount split by insured state, 元.
public struct StateAmounts: Sendable, Equatable {
    public var active = 0.0, retired = 0.0, resident = 0.0
    public var total: Double { active + retired + resident }
}
