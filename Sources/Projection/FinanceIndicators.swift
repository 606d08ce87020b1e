import Scenario
import Finance

extension ProjectionResult {
    /// Present values over the projection of the pooled fund's flows (SSA / ILO practice): flows
    /// arrive through the year (discounted to mid-year at the scenario's interest rate), income before
    /// interest and before shortfall cover, and a target fund of six months' spending at the horizon.
    struct PooledPresentValues {
        var opening = 0.0, income = 0.0, contributions = 0.0, spending = 0.0, base = 0.0, rateRiseYield = 0.0, target = 0.0
    }

    func pooledPresentValues() -> PooledPresentValues? {
        guard let opening = years.first?.employee?.pooled.closingBalance, balanceKnown(.employeePooled),
              let scheme = scenario.employee else { return nil }
        var pv = PooledPresentValues(opening: opening)
        var discount = 1.0, lastSpending = 0.0
        for y in projectedYears {
            guard let e = y.employee else { return nil }
            let r = scenario.assumptions.interestRate.value(in: y.year)
            discount /= 1 + r
            let mid = discount * (1 + r).squareRoot()
            pv.income += mid * (e.pooled.incomeBeforeCover - e.pooled.interest)
            pv.contributions += mid * e.pooled.employerContributions
            pv.spending += mid * e.pooled.expenditure
            pv.base += mid * e.drivers.totalBase
            // what one point of employer rate brings into the pool: base × collection × pooled share
            pv.rateRiseYield += mid * e.drivers.totalBase * e.drivers.effectiveCollectionRate * scheme.pooledShareOfEmployerRate(in: y.year)
            lastSpending = e.pooled.expenditure
        }
        pv.target = discount * lastSpending * ProjectionResult.targetMonthsAtHorizon / 12
        return pv
    }

    /// Actuarial balance in points of EMPLOYER rate: the rise of the employer rate from the budget
    /// year on that closes the balance, `(F0 + PV(I) − PV(X) − target) / PV(base × collection × pooled share)`.
    /// Only the pooled share of an employer-rate rise reaches the pool (before the 2021 reform, 1 − the
    /// share credited to accounts), so the points exceed the balance as a share of the base.
    /// Negative: the rise needed; positive: the room for a cut.
    public func actuarialBalanceEmployerRatePoints() -> Double? {
        guard let pv = pooledPresentValues(), pv.rateRiseYield > 0 else { return nil }
        return (pv.opening + pv.income - pv.spending - pv.target) / pv.rateRiseYield
    }

    /// General average premium of the pooled fund (ILO): the level rate on the contribution base at
    /// which the opening balance, the present value of pooled contributions at that rate and of the
    /// fund's other income (before interest and shortfall cover) pay the present value of spending and
    /// the target fund at the horizon: `(PV(X) + target − F0 − PV(I − C)) / PV(base)`, where `C` are
    /// the contributions credited to the pool (职工缴费划入统筹部分).
    public func generalAveragePremium() -> Double? {
        guard let pv = pooledPresentValues(), pv.base > 0 else { return nil }
        return (pv.spending + pv.target - pv.opening - (pv.income - pv.contributions)) / pv.base
    }

    /// The first projected year in which `fund` needs cover beyond its own balance (adjustment fund,
    /// treasury or an uncovered gap), with that year's cover; nil if none by the horizon.
    public func firstCoverNeeded(_ fund: Fund) -> (year: Int, cover: DeficitCover)? {
        for y in projectedYears {
            let c: DeficitCover? = switch fund {
            case .employeePooled: y.employee?.pooled.deficitCover
            case .resident: y.resident?.deficitCover
            case .employeePersonalAccount, .employee, .total: nil
            }
            if let c, c.stage > .carriedForwardBalance { return (y.year, c) }
        }
        return nil
    }
}
