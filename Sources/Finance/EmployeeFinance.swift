import Scenario
import Membership

/// The employee scheme's pooled fund and personal accounts, year by year (MODEL.md §3–5).
///
/// Contributions: each cell's payers pay on a base of `W·E[clamp(profile·X, floor, ceiling)]` (the
/// average wage `W`, a relative wage profile, lognormal dispersion `X`, floor and ceiling as multiples
/// of `W`) or, without an average wage, on the stated average base; the employer part goes to the
/// pooled fund less the share credited to personal accounts (or age-banded account rates), the
/// employee part to the accounts. Flexible workers pay 3 %/4 % of the prior year's wage into the pooled
/// fund; retirees' contributions, large-claims premiums, late fees on recovered arrears, buy-ins and
/// transfers are their own lines. Benefits are `c(t)·(W_A + W_R)·λ(t)`: members weighted by their
/// relative cost (``MembershipYear/activeCostWeight``), `c(t) = c(t0)·Π(1 + medical inflation)`
/// calibrated to reported spending, and `λ(t)` the categories' lever factor (``BenefitLevers``).
/// Members spend from their personal accounts a calibrated drawdown rate `d` of what the accounts
/// hold, `X = d·(F_open + I)`, so a cut in account income cuts spending instead of draining them.
public struct EmployeeFinance: Sendable {
    /// Pooled-fund benefit cost per unit of cost weight (an average active member without an age
    /// profile) in the base year, before levers, 元.
    public let activeCostPerHead: Double
    /// Share of the accounts' resources (opening balance + income) spent in a year.
    public private(set) var personalAccountDrawdownRate: Double
    public let pooledCalibration: CalibrationTarget
    public let personalAccountCalibration: CalibrationTarget
    public let levers: BenefitLevers
    /// Price × utilisation (or medical inflation) of per-capita cost.
    public let trend: CostTrend
    /// Benefits by state and category at a unit level, with the cost curves by age.
    let benefits: BenefitModel

    private let scheme: EmployeeScheme
    private let rules: EmployeeFinancing
    private let assumptions: Assumptions
    private let membership: MembershipSettings
    private let baseYear: Int
    /// The average wage path `W(t)` (``wageSeries(scheme:assumptions:baseYear:)``).
    private let wage: @Sendable (Int) -> Double

    /// Calibrates cost levels from the scenario's reported spending.
    public init(scenario: Scenario, scheme: EmployeeScheme, membership: [MembershipYear]) throws(FinanceError) {
        self.scheme = scheme
        self.rules = scheme.financing
        self.assumptions = scenario.assumptions
        self.membership = scenario.membership
        self.baseYear = scenario.baseYear
        let wage = EmployeeFinance.wageSeries(scheme: scheme, assumptions: scenario.assumptions, baseYear: scenario.baseYear)
        self.wage = wage
        let trend = CostTrend(assumptions: scenario.assumptions, baseYear: scenario.baseYear, horizon: max(scenario.horizon, membership.last?.year ?? 0))
        self.trend = trend
        let levers = BenefitLevers(categories: scheme.financing.categories, elasticity: scheme.financing.demandElasticity,
                                   baseYear: scenario.baseYear, trend: trend, averageWage: wage)
        self.levers = levers
        func members(_ year: Int) -> MembershipYear? { membership.first { $0.year == year } }

        let years = membership.map(\.year)
        let pooled = try CalibrationTarget.required(actual: scheme.baseYearActuals.pooledExpenditure, scenario: scenario, scheme: .employeePooled,
                                                    projectedYears: years, key: "employee.base_year_actuals.pooled_expenditure", what: "pooled-fund spending")
        guard let y = members(pooled.year) else { preconditionFailure("calibration year \(pooled.year) checked above") }
        let transfer = y.retired * scheme.retireeAllocation(in: pooled.year, baseYear: scenario.baseYear)
        let largeClaims = y.employeeInsured * rules.largeClaimsPremium.value(in: pooled.year) * rules.largeClaimsLossRatio.value(in: pooled.year)
        var model = BenefitModel(curves: CostCurves(scenario: scenario), trend: trend, levers: levers,
                                 states: [.active, .retired], retireeCostRatio: scheme.retireeCostRatio)
        model.calibrate(on: y)
        benefits = model
        let weightedMembers = model.unit(y).byState.reduce(0, +)
        let decomposed = EmployeeFinance.phased(levers.decomposed(in: pooled.year, active: y.active, retired: y.retired, resident: 0),
                                                levers: levers, reform: scheme.financing.reform, year: pooled.year).reduce(0) { $0 + $1.total }
        guard weightedMembers > 0 else {
            throw FinanceError(key: "employee.active", expected: "members to spread spending over", found: "no active or retired members in \(pooled.year)")
        }
        guard pooled.amount >= transfer + largeClaims + decomposed else {
            throw FinanceError(key: decomposed > 0 ? "employee.spending" : "employee.personal_account.retiree_allocation",
                               expected: "retirees' allocations, large-claims payments and decomposed categories (\(wholeNumber(transfer + largeClaims + decomposed)) 元) within reported pooled spending",
                               found: "pooled spending of \(wholeNumber(pooled.amount)) 元 in \(pooled.year)")
        }
        activeCostPerHead = (pooled.amount - transfer - largeClaims - decomposed) / weightedMembers
        pooledCalibration = pooled

        let pa = try CalibrationTarget.required(actual: scheme.baseYearActuals.personalAccountExpenditure, scenario: scenario,
                                                scheme: .employeePersonalAccount, projectedYears: years,
                                                key: "employee.base_year_actuals.pa_expenditure", what: "personal-account spending")
        guard let yp = members(pa.year) else { preconditionFailure("calibration year \(pa.year) checked above") }
        guard yp.employeeInsured > 0 else {
            throw FinanceError(key: "employee.active", expected: "members with personal accounts", found: "none in \(pa.year)")
        }
        personalAccountCalibration = pa
        personalAccountDrawdownRate = 0
        personalAccountDrawdownRate = try calibrateDrawdown(to: pa, membership: membership)
    }

    /// The average wage path `W(t)`: `average_wage` when given, else the average base, re-anchored at
    /// its knots and grown with wage growth in between.
    static func wageSeries(scheme: EmployeeScheme, assumptions: Assumptions, baseYear: Int) -> @Sendable (Int) -> Double {
        let level = scheme.financing.averageWage ?? scheme.averageBase
        let growth = assumptions.wageGrowth
        return { year in level.anchoredLevel(in: year, baseYear: baseYear, growth: growth) }
    }

    /// The drawdown rate at which spending in the calibration year equals the reported figure.
    /// In the base year, opening balance + income = closing balance + spending, so `d = X / (C + X)`
    /// (without a reported balance the opening one is taken as zero: `d = X / I`). For a later
    /// history year, projected spending rises with the rate and bisection on [0, 1] finds it.
    private func calibrateDrawdown(to target: CalibrationTarget, membership: [MembershipYear]) throws(FinanceError) -> Double {
        if target.year == baseYear {
            if let closing = scheme.personalAccountBalance {
                return closing + target.amount > 0 ? target.amount / (closing + target.amount) : 0
            }
            let income = project(membership.filter { $0.year == baseYear }, drawdown: 0).first?.personalAccount.income ?? 0
            guard income >= target.amount else {
                throw FinanceError(key: "employee.base_year_actuals.pa_expenditure",
                                   expected: "spending within the accounts' income (\(wholeNumber(income)) 元) when no base-year balance is given",
                                   found: "\(wholeNumber(target.amount)) 元")
            }
            return income > 0 ? target.amount / income : 0
        }
        let horizon = membership.filter { $0.year <= target.year }
        func spending(_ d: Double) -> Double {
            project(horizon, drawdown: d).last?.personalAccount.spending ?? 0
        }
        guard spending(1 - 1e-12) >= target.amount - 0.005 else {
            throw FinanceError(key: "employee.base_year_actuals.pa_expenditure",
                               expected: "personal-account spending the accounts can pay (they hold \(wholeNumber(spending(1 - 1e-12))) 元 in \(target.year))",
                               found: "\(wholeNumber(target.amount)) 元")
        }
        var low = 0.0, high = 1.0
        for _ in 0..<80 {
            let mid = (low + high) / 2
            if spending(mid) < target.amount { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }

    /// Contributions of a year, 元, with the drivers behind them.
    struct Contributions {
        var drivers: ContributionDrivers
        var toPooled = 0.0, employee = 0.0, creditedBeyondEmployee = 0.0, flexible = 0.0, lateFees = 0.0
    }

    /// Contribution bases, rates and the pooled/account split of `year` (MODEL.md §3).
    func contributions(in year: Int, members: MembershipYear) -> Contributions {
        let w = wage(year)
        let flexShare = rules.flexibleShare.value(in: year)
        let payerRatio = members.active > 0 ? members.payers / members.active : 0
        let cells = members.activeCells ?? []
        let floor = rules.baseFloor.value(in: year), ceiling = rules.baseCeiling.value(in: year)
        let sigma = rules.wageDispersion
        let withWage = rules.averageWage != nil
        func relativeBase(_ i: Int) -> Double {
            guard withWage else { return 1 }
            let profile = rules.wageProfile?.values[i] ?? 1
            return Lognormal.clampedMean(mean: profile, sigma: sigma, low: floor, high: ceiling)
        }
        let k = scheme.collectionRate.value(in: year)
        let recovery = rules.arrearsRecovery.value(in: year)
        let kEffective = k + (1 - k) * recovery
        let employerRate = scheme.employerRate.value(in: year), employeeRate = scheme.employeeRate.value(in: year)
        var employeePayers = 0.0, totalBase = 0.0, bandCredit = 0.0, flexible = 0.0, flexiblePayers = 0.0
        let bands = scheme.accountBands(in: year)
        let priorWage = wage(year - 1)
        if cells.isEmpty {
            employeePayers = members.payers * (1 - flexShare)
            totalBase = employeePayers * w * relativeBase(0)
            flexiblePayers = members.payers * flexShare
            flexible = flexiblePayers * rules.flexibleRateOld.value(in: year) * priorWage
        } else {
            for i in 0..<AgeSex.cells where cells[i] > 0 {
                let age = i % AgeSex.ages
                let payers = cells[i] * payerRatio
                let base = payers * (1 - flexShare) * w * relativeBase(i)
                employeePayers += payers * (1 - flexShare)
                totalBase += base
                if let bands { bandCredit += base * bands.value(in: age) }
                let flex = payers * flexShare
                flexiblePayers += flex
                let rate = age <= FinancingDefaults.flexibleAgeLimit ? rules.flexibleRateYoung.value(in: year) : rules.flexibleRateOld.value(in: year)
                flexible += flex * rate * priorWage
            }
        }
        let drivers = ContributionDrivers(
            payers: employeePayers + flexiblePayers, flexiblePayers: flexiblePayers,
            averageBase: employeePayers > 0 ? totalBase / employeePayers : w, averageWage: w,
            employerRate: employerRate, employeeRate: employeeRate, collectionRate: k, effectiveCollectionRate: kEffective)
        var c = Contributions(drivers: drivers)
        let employer = totalBase * employerRate * kEffective
        c.employee = totalBase * employeeRate * kEffective
        let credited: Double
        if let reform = rules.reform, reform.applies(in: year) {
            // 国办发〔2021〕14号: actives' accounts get their own contribution only, at most the cap.
            credited = totalBase * min(employeeRate, reform.activeRateCap) * kEffective
        } else {
            credited = bands != nil ? bandCredit * kEffective : c.employee + employer * scheme.employerShareCredited(in: year)
        }
        c.toPooled = employer + c.employee - credited
        if let reform = rules.reform, reform.applies(in: year) {
            c.employee = credited // the account's line is what it is credited; the rest is pooled above
        }
        c.creditedBeyondEmployee = credited - c.employee
        c.flexible = flexible * kEffective
        let recoveredArrears = (totalBase * (employerRate + employeeRate) + flexible) * (1 - k) * recovery
        c.lateFees = recoveredArrears * rules.lateFeeDailyRate.value(in: year) * rules.arrearsDays.value(in: year)
        return c
    }

    /// Contribution drivers in `year`.
    public func drivers(in year: Int, members: MembershipYear) -> ContributionDrivers {
        contributions(in: year, members: members).drivers
    }

    /// Projects both accounts from the base year to the last year in `membership`.
    /// The base year's row reproduces reported income (a `unexplainedIncome` line takes the gap)
    /// and carries the reported closing balances.
    public func project(_ membership: [MembershipYear]) -> [EmployeeYear] {
        project(membership, drawdown: personalAccountDrawdownRate)
    }

    private func project(_ membership: [MembershipYear], drawdown: Double) -> [EmployeeYear] {
        var years: [EmployeeYear] = []
        var pooledBalance = scheme.pooledBalance ?? 0
        var paBalance = scheme.personalAccountBalance ?? 0
        for members in membership {
            let t = members.year
            let isBase = t == baseYear
            let c = contributions(in: t, members: members)
            let unit = benefits.unit(members)
            let rate = isBase ? 0 : assumptions.interestRate.value(in: t)
            let insured = members.employeeInsured
            let premiums = insured * rules.largeClaimsPremium.value(in: t)
            let decomposed = EmployeeFinance.phased(levers.decomposed(in: t, active: members.active, retired: members.retired, resident: 0),
                                                    levers: levers, reform: rules.reform, year: t)
            let decomposedActive = decomposed.reduce(0) { $0 + $1.active }, decomposedRetired = decomposed.reduce(0) { $0 + $1.retired }
            let buyIns = (members.flows?.buyIns ?? 0) * buyInYears(t) * rules.buyInRate.value(in: t) * c.drivers.averageWage

            var pooled = PooledFundYear(
                employerContributions: c.toPooled,
                flexibleContributions: c.flexible,
                retireeContributions: members.retired * rules.retireeContribution.value(in: t),
                largeClaimsPremiums: premiums,
                lateFees: c.lateFees,
                buyIns: buyIns,
                transfersIn: rules.transfersIn.value(in: t),
                fiscalSubsidy: scheme.fiscalSubsidy.value(in: t),
                interest: 0,
                otherIncome: scheme.otherIncome.value(in: t),
                unexplainedIncome: 0,
                activeBenefits: activeCostPerHead * unit.byState[0] + decomposedActive,
                retireeBenefits: activeCostPerHead * unit.byState[1] + decomposedRetired,
                largeClaimsPayments: premiums * rules.largeClaimsLossRatio.value(in: t),
                transferToPersonalAccounts: members.retired * scheme.retireeAllocation(in: t, baseYear: baseYear),
                closingBalance: 0)
            pooled.categories = categoryAmounts(unit.categories, level: activeCostPerHead, decomposed: decomposed, year: t)
            var pa = PersonalAccountYear(
                employeeContributions: c.employee,
                employerShare: c.creditedBeyondEmployee,
                retireeAllocation: pooled.transferToPersonalAccounts,
                interest: 0, unexplainedIncome: 0, spending: 0, closingBalance: 0)

            if isBase {
                if let reported = scheme.baseYearActuals.pooledIncome { pooled.unexplainedIncome = reported - pooled.income }
                if let reported = scheme.baseYearActuals.personalAccountIncome { pa.unexplainedIncome = reported - pa.income }
                // Reported spending where given; else X = d·(O + I) with O + I = C + X, i.e.
                // X = d·C / (1 − d) from the reported closing balance C (X = d·I without one).
                if let reported = scheme.baseYearActuals.personalAccountExpenditure {
                    pa.spending = reported
                } else if scheme.personalAccountBalance != nil, drawdown < 1 {
                    pa.spending = drawdown * paBalance / (1 - drawdown)
                } else {
                    pa.spending = drawdown * max(0, pa.income)
                }
                pooled.closingBalance = pooledBalance
                pa.closingBalance = paBalance
            } else {
                pooled.interest = interestOnAverageBalance(rate: rate, opening: pooledBalance, netFlowBeforeInterest: pooled.income - pooled.expenditure)
                pooledBalance += pooled.income - pooled.expenditure
                pooled.closingBalance = pooledBalance
                pa.spending = drawdown * max(0, paBalance + pa.income)
                pa.interest = interestOnAverageBalance(rate: rate, opening: paBalance, netFlowBeforeInterest: pa.income - pa.spending)
                paBalance += pa.income - pa.spending
                pa.closingBalance = paBalance
            }
            years.append(EmployeeYear(year: t, drivers: c.drivers, pooled: pooled, personalAccount: pa))
        }
        return years
    }

    /// Decomposed categories with outpatient pooling (门诊共济, the outpatient category given by claim
    /// rates) scaled by the reform's phase-in: nothing before the reform year (国办发〔2021〕14号).
    static func phased(_ amounts: [StateAmounts], levers: BenefitLevers, reform: PersonalAccountReform?, year: Int) -> [StateAmounts] {
        guard let reform else { return amounts }
        var result = amounts
        for (i, c) in levers.categories.enumerated() where c.kind == .outpatient && c.claimRates != nil {
            let p = reform.outpatientPhase(in: year)
            result[i].active *= p
            result[i].retired *= p
        }
        return result
    }

    /// Benefits of `year` by category: share categories at the calibrated level, decomposed ones
    /// their own amounts.
    func categoryAmounts(_ unit: [Double], level: Double, decomposed: [StateAmounts], year: Int) -> [CategoryAmount] {
        let f = levers.factors(in: year)
        return levers.categories.enumerated().map { i, c in
            CategoryAmount(kind: c.kind, amount: c.claimRates != nil ? decomposed[i].total : level * unit[i], fundPaidShare: f[i].share)
        }
    }

    /// Average missing years bought in at retirement.
    private func buyInYears(_ year: Int) -> Double {
        membership.buyInYears.value(in: year)
    }
}
