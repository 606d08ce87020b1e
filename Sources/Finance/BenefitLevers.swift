import Foundation
import Scenario

/// How benefit categories' levers move spending relative to the base year (MODEL.md §4).
///
/// Each category keeps its base-year share of benefits; in year `t` its spending is scaled by
/// `φ(t)/φ(t0) · ((1 − φ(t)) / (1 − φ(t0)))^ε`: the change in the effective fund-paid share
/// ``fundPaidShare(reimbursement:deductible:cap:meanCost:sigma:)`` (costs per claimant grow with
/// medical inflation while deductibles and caps stay at their dated nominal values), times the
/// demand response to the change in the out-of-pocket share with elasticity `ε`. Benefits outside
/// any category (`1 − Σ shares`) are not affected by the levers.
public struct BenefitLevers: Sendable {
    public let categories: [SpendingCategory]
    public let elasticity: Double
    let baseYear: Int
    let medicalInflation: DatedValue<Double>
    let averageWage: @Sendable (Int) -> Double
    let baseShares: [Double]

    public init(categories: [SpendingCategory], elasticity: Double, baseYear: Int,
                medicalInflation: DatedValue<Double>, averageWage: @escaping @Sendable (Int) -> Double) {
        self.categories = categories
        self.elasticity = elasticity
        self.baseYear = baseYear
        self.medicalInflation = medicalInflation
        self.averageWage = averageWage
        var shares: [Double] = []
        for c in categories {
            shares.append(BenefitLevers.share(c, year: baseYear, baseYear: baseYear, inflation: medicalInflation, wage: averageWage))
        }
        self.baseShares = shares
    }

    static func share(_ c: SpendingCategory, year: Int, baseYear: Int, inflation: DatedValue<Double>, wage: (Int) -> Double) -> Double {
        let cap = c.cap?.value(in: year) ?? c.capWageMultiple.map { $0.value(in: year) * wage(year) }
        return fundPaidShare(reimbursement: c.reimbursement.value(in: year), deductible: c.deductible.value(in: year), cap: cap,
                             meanCost: c.costPerClaimant * cumulativeGrowth(inflation, from: baseYear, to: year), sigma: c.costDispersion)
    }

    /// Per category: the fund-paid share in `year` and the factor on its base-year spending.
    public func factors(in year: Int) -> [(share: Double, factor: Double)] {
        categories.enumerated().map { i, c in
            let phi = BenefitLevers.share(c, year: year, baseYear: baseYear, inflation: medicalInflation, wage: averageWage)
            let phi0 = baseShares[i]
            guard phi0 > 0 else { return (phi, 1) }
            let demand = elasticity != 0 && phi < 1 && phi0 < 1 ? pow((1 - phi) / (1 - phi0), elasticity) : 1
            return (phi, phi / phi0 * demand)
        }
    }

    /// The factor on total benefits in `year`: `Σ share·factor + (1 − Σ share)`.
    public func totalFactor(in year: Int) -> Double {
        let f = factors(in: year)
        let shares = categories.reduce(0) { $0 + $1.share }
        return zip(categories, f).reduce(1 - shares) { $0 + $1.0.share * $1.1.factor }
    }

    /// Splits benefits of `year` by category (the rest goes to no category).
    public func split(_ benefits: Double, in year: Int) -> [CategoryAmount] {
        let f = factors(in: year)
        let total = totalFactor(in: year)
        guard total > 0 else { return [] }
        return zip(categories, f).map { c, x in
            CategoryAmount(kind: c.kind, amount: benefits * c.share * x.factor / total, fundPaidShare: x.share)
        }
    }
}
