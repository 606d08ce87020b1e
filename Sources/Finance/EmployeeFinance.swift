import Scenario
import Membership
import Demography

/// The employee scheme's pooled fund and personal accounts, year by year.
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
/// Members spend from their personal accounts what their outpatient and pharmacy use costs (the
/// personal-account cost curve by age, calibrated to reported account spending, growing with price ×
/// utilisation), capped by what the accounts hold: `X = min(use, F_open + I)`.
public struct EmployeeFinance: Sendable {
    /// What calibration fixed (``Calibrated``).
    public let calibrated: Calibrated
    /// Pooled-fund benefit cost per unit of cost weight (an average active member without an age
    /// profile) in the base year, before levers, 元.
    public var activeCostPerHead: Double { calibrated.activeCostPerHead }
    /// For information: the base year's share of account resources spent, `X / (C + X)` with the
    /// reported closing balance `C` (0 without one). Spending itself follows use (``personalAccountUsePerWeight``).
    public var personalAccountDrawdownRate: Double { calibrated.personalAccountDrawdownRate }
    /// Account spending per unit of use weight at base-year prices, 元: members' outpatient and
    /// pharmacy use paid from their accounts, calibrated to reported account spending.
    public var personalAccountUsePerWeight: Double { calibrated.personalAccountUsePerWeight }
    /// Maternity benefit per birth to an insured woman at base-year prices, 元 (0: no maternity line).
    public var maternityPerBirth: Double { calibrated.maternityPerBirth }
    /// Fertility by age for births to insured women.
    let fertility: (tfr: DatedValue<Double>, schedule: [Double])
    public var pooledCalibration: CalibrationTarget { calibrated.pooled }
    public var personalAccountCalibration: CalibrationTarget { calibrated.personalAccount }
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
    /// Reported personal-account spending: `pa_expenditure`, else the accounts' 待遇支出 line (or 支出合计).
    static func reportedAccountSpending(_ scheme: EmployeeScheme) -> Double? {
        scheme.baseYearActuals.personalAccountExpenditure ?? scheme.baseYearLines.personalAccount.derived(.benefits)
    }

    /// The flows as line values, for deriving an item from a reported total.
    static func modelled(_ f: LineFlows) -> [BudgetLine: Double] {
        Dictionary(uniqueKeysWithValues: [BudgetLine.transfersOut, .otherExpenditure, .subsidyFromHigherLevel, .remittanceFromLowerLevel,
                                          .subsidyToLowerLevel, .remittanceToHigherLevel].map { ($0, f[$0]) })
    }

    /// The average wage path `W(t)` (``wageSeries(scheme:assumptions:baseYear:horizon:)``).
    private let wage: @Sendable (Int) -> Double

    /// What calibration to reported spending fixes: the cost levels, the retired curve's scale and the
    /// category norms. It reads the calibration year's members, wage, prices and levers only, so every
    /// Monte Carlo path whose calibration year is the base year (which no stochastic factor moves) has
    /// the same one: `simulate` calibrates once (``init(scenario:scheme:membership:calibrated:)``).
    public struct Calibrated: Sendable, Equatable {
        public var activeCostPerHead: Double
        public var personalAccountDrawdownRate: Double
        public var personalAccountUsePerWeight: Double
        public var maternityPerBirth: Double
        public var pooled: CalibrationTarget
        public var personalAccount: CalibrationTarget
        var benefits: BenefitModel.Calibration
    }

    /// Calibrates cost levels from the scenario's reported spending.
    public init(scenario: Scenario, scheme: EmployeeScheme, membership: [MembershipYear]) throws(FinanceError) {
        try self.init(scenario: scenario, scheme: scheme, membership: membership, calibrated: nil)
    }

    /// The scheme's finance with a given calibration (nil: calibrated here on `membership`). A given one
    /// must come from a scenario with the same calibration year, members, wage, prices and levers there.
    public init(scenario: Scenario, scheme: EmployeeScheme, membership: [MembershipYear], calibrated given: Calibrated?) throws(FinanceError) {
        self.scheme = scheme
        self.rules = scheme.financing
        self.assumptions = scenario.assumptions
        self.membership = scenario.membership
        self.baseYear = scenario.baseYear
        let wage = EmployeeFinance.wageSeries(scheme: scheme, assumptions: scenario.assumptions, baseYear: scenario.baseYear, horizon: scenario.horizon)
        self.wage = wage
        let trend = CostTrend(assumptions: scenario.assumptions, baseYear: scenario.baseYear, horizon: max(scenario.horizon, membership.last?.year ?? 0))
        self.trend = trend
        let levers = BenefitLevers(categories: scheme.financing.categories, elasticity: scheme.financing.demandElasticity,
                                   baseYear: scenario.baseYear, trend: trend, averageWage: wage)
        self.levers = levers
        let fertility = Demographics.fertility(scenario)
        self.fertility = fertility
        let model = BenefitModel(curves: CostCurves(scenario: scenario), trend: trend, levers: levers,
                                 states: [.active, .retired], retireeCostRatio: scheme.retireeCostRatio)
        let c: Calibrated
        if let given { c = given } else { c = try EmployeeFinance.calibrate(scenario: scenario, scheme: scheme, membership: membership, model: model, fertility: fertility) }
        benefits = model.calibrated(c.benefits)
        calibrated = c
    }

    /// Calibration to reported spending on the calibration year's members (``Calibrated``).
    private static func calibrate(scenario: Scenario, scheme: EmployeeScheme, membership: [MembershipYear], model uncalibrated: BenefitModel,
                                  fertility: (tfr: DatedValue<Double>, schedule: [Double])) throws(FinanceError) -> Calibrated {
        let rules = scheme.financing, trend = uncalibrated.trend, levers = uncalibrated.levers
        func members(_ year: Int) -> MembershipYear? { membership.first { $0.year == year } }
        let years = membership.map(\.year)
        // Reported 待遇支出 (or 支出合计 less the other lines) plus the model's allocation to accounts.
        let t0 = scenario.baseYear
        let baseTransfer = members(t0).map { $0.retired * scheme.retireeAllocation(in: t0, baseYear: t0) } ?? 0
        var modelledLines = EmployeeFinance.modelled(LineFlows.baseYear(scheme.baseYearLines.pooled, drivers: scheme.otherLines, year: t0))
        modelledLines[.allocationToPersonalAccounts] = baseTransfer
        let reportedBenefits = scheme.baseYearLines.pooled.derived(.benefits, modelled: modelledLines).map { $0 + baseTransfer }
        let pooled = try CalibrationTarget.required(actual: scheme.baseYearActuals.pooledExpenditure ?? reportedBenefits, scenario: scenario, scheme: .employeePooled,
                                                    projectedYears: years, key: "employee.base_year_actuals.pooled_expenditure", what: "pooled-fund spending")
        guard let y = members(pooled.year) else { preconditionFailure("calibration year \(pooled.year) checked above") }
        let transfer = y.retired * scheme.retireeAllocation(in: pooled.year, baseYear: scenario.baseYear)
        let largeClaims = y.employeeInsured * rules.largeClaimsPremium.value(in: pooled.year) * rules.largeClaimsLossRatio.value(in: pooled.year)
        var model = uncalibrated
        // The retiree cost ratio scales the retired curve to the retirees' own ages in this year: with
        // none, there are no ages, and the later retirees would be costed on another scale (a jump
        // between 0 retirees and 1).
        if scheme.retireeCostRatio != nil, model.curves.scaleRetired, y.activeCells != nil, let r = y.retiredCells, r.reduce(0, +) <= 0 {
            throw FinanceError(key: "employee.retired",
                               expected: "retirees in \(pooled.year), the year spending is calibrated to (the retiree cost ratio compares the cost per retiree with the cost per active member)",
                               found: "0 retirees")
        }
        model.calibrate(on: y)
        let weightedMembers = model.unit(y).byState.reduce(0, +)
        var maternity = 0.0, maternityPerBirth = 0.0
        if let m = scheme.financing.maternity {
            let births = EmployeeFinance.insuredBirths(y, fertility: fertility)
            if let perBirth = m.perBirth {
                maternityPerBirth = perBirth
            } else if let spending = m.baseYearSpending {
                guard births > 0 else {
                    throw FinanceError(key: "employee.maternity.base_year_spending", expected: "insured women of child-bearing age to spread maternity spending over", found: "no births in \(pooled.year)")
                }
                maternityPerBirth = spending / births / trend.price(pooled.year)
            }
            maternity = maternityPerBirth * births * trend.price(pooled.year)
        }
        let decomposed = EmployeeFinance.phased(levers.decomposed(in: pooled.year, active: y.active, retired: y.retired, resident: 0),
                                                levers: levers, reform: scheme.financing.reform, year: pooled.year).reduce(0) { $0 + $1.total }
        guard weightedMembers >= 0.5 else { // fewer than half a member is none (a rounding residue)
            throw FinanceError(key: "employee.active", expected: "members to spread spending over", found: "no active or retired members in \(pooled.year)")
        }
        guard pooled.amount >= transfer + largeClaims + decomposed + maternity else {
            throw FinanceError(key: decomposed > 0 ? "employee.spending" : "employee.personal_account.retiree_allocation",
                               expected: "retirees' allocations, large-claims payments, maternity and decomposed categories (\(wholeNumber(transfer + largeClaims + decomposed + maternity)) 元) within reported pooled spending",
                               found: "pooled spending of \(wholeNumber(pooled.amount)) 元 in \(pooled.year)")
        }
        let activeCostPerHead = (pooled.amount - transfer - largeClaims - decomposed - maternity) / weightedMembers

        let pa = try CalibrationTarget.required(actual: EmployeeFinance.reportedAccountSpending(scheme), scenario: scenario,
                                                scheme: .employeePersonalAccount, projectedYears: years,
                                                key: "employee.base_year_actuals.pa_expenditure", what: "personal-account spending")
        guard let yp = members(pa.year) else { preconditionFailure("calibration year \(pa.year) checked above") }
        guard yp.employeeInsured > 0 else {
            throw FinanceError(key: "employee.active", expected: "members with personal accounts", found: "none in \(pa.year)")
        }
        // Account use per unit of use weight: the calibration year's spending over its weights.
        let paUnit = EmployeeFinance.accountUseWeight(model, yp)
        // For information (JSON provenance): the base year's share of account resources spent.
        let drawdown: Double
        if let closing = scheme.personalAccountBalance, closing + pa.amount > 0 {
            drawdown = pa.amount / (closing + pa.amount)
        } else {
            drawdown = 0
        }
        return Calibrated(activeCostPerHead: activeCostPerHead, personalAccountDrawdownRate: drawdown,
                          personalAccountUsePerWeight: paUnit > 0 ? pa.amount / paUnit : 0, maternityPerBirth: maternityPerBirth,
                          pooled: pooled, personalAccount: pa, benefits: model.calibration)
    }

    /// The average wage path `W(t)`: `average_wage` when given, else the average base, re-anchored at
    /// its knots and grown with wage growth in between.
    /// With a `horizon`, the years from the one before the base year to the horizon are computed once
    /// (``DatedValue/anchoredSeries(baseYear:growth:from:through:)``).
    static func wageSeries(scheme: EmployeeScheme, assumptions: Assumptions, baseYear: Int, horizon: Int? = nil) -> @Sendable (Int) -> Double {
        let level = scheme.financing.averageWage ?? scheme.averageBase
        let growth = assumptions.wageGrowth
        guard let horizon, horizon >= baseYear else { return { year in level.anchoredLevel(in: year, baseYear: baseYear, growth: growth) } }
        return level.anchoredSeries(baseYear: baseYear, growth: growth, from: baseYear - 1, through: horizon)
    }

    /// Members' use of their accounts (outpatient and pharmacy) in weights at the year's prices:
    /// `P(t)·Σ_s W_{s,personal_account}(t)`, by state.
    static func accountUseWeights(_ model: BenefitModel, _ w: BenefitModel.Weights) -> (active: Double, retired: Double) {
        let price = model.trend.price(w.year)
        return (price * model.weight(w, .active, .personalAccount), price * model.weight(w, .retired, .personalAccount))
    }

    static func accountUseWeight(_ model: BenefitModel, _ m: MembershipYear) -> Double {
        let w = accountUseWeights(model, model.weights(m))
        return w.active + w.retired
    }

    /// Births to insured women in `year`: `TFR(t)·Σ_a φ(a)·A(a, F)` over active women by age (the
    /// scenario's fertility, or the embedded default schedule and TFR).
    static func insuredBirths(_ m: MembershipYear, fertility: (tfr: DatedValue<Double>, schedule: [Double])) -> Double {
        guard let cells = m.activeCells else { return 0 }
        let tfr = fertility.tfr.value(in: m.year)
        var births = 0.0
        for age in 0..<AgeSex.ages where fertility.schedule[age] > 0 {
            births += tfr * fertility.schedule[age] * cells[AgeSex.index(age: age, sex: .female)]
        }
        return births
    }

    /// Contributions of a year, 元, with the drivers behind them.
    struct Contributions {
        var drivers: ContributionDrivers
        var toPooled = 0.0, employee = 0.0, creditedBeyondEmployee = 0.0, flexible = 0.0, lateFees = 0.0
    }

    /// Contribution bases, rates and the pooled/account split of `year`.
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
        let flexibleRateYoung = rules.flexibleRateYoung.value(in: year), flexibleRateOld = rules.flexibleRateOld.value(in: year)
        if cells.isEmpty {
            employeePayers = members.payers * (1 - flexShare)
            totalBase = employeePayers * w * relativeBase(0)
            flexiblePayers = members.payers * flexShare
            flexible = flexiblePayers * flexibleRateOld * priorWage
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
                let rate = age <= FinancingDefaults.flexibleAgeLimit ? flexibleRateYoung : flexibleRateOld
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
        var state = start()
        return membership.map { year($0, &state) }
    }

    /// What the projection carries from one year to the next: the closing balances, and what the
    /// base year fixes for the later ones (the other lines' shares, the reported interest).
    public struct Carry: Sendable {
        var pooledBalance: Double, paBalance: Double
        var pooledShares: [BudgetLine: Double] = [:]
        var basePooledInterest = 0.0, basePAInterest = 0.0
    }

    /// The state before the base year: the reported closing balances (0 without them).
    public func start() -> Carry {
        Carry(pooledBalance: scheme.pooledBalance ?? 0, paBalance: scheme.personalAccountBalance ?? 0)
    }

    /// One year of both accounts on its members (``project(_:)`` one year at a time, base year first).
    public func year(_ members: MembershipYear, _ carry: inout Carry) -> EmployeeYear {
        let t = members.year
        let isBase = t == baseYear
        let c = contributions(in: t, members: members)
        let weights = benefits.weights(members)
        let unit = benefits.unit(weights)
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
        pooled.insuredBirths = EmployeeFinance.insuredBirths(members, fertility: fertility)
        pooled.activeSpendingDrivers = benefits.spendingDrivers(weights, .active)
        pooled.retireeSpendingDrivers = benefits.spendingDrivers(weights, .retired)
        pooled.maternityBenefits = maternityPerBirth * pooled.insuredBirths * trend.price(t)
        let use = EmployeeFinance.accountUseWeights(benefits, weights)
        var pa = PersonalAccountYear(
            employeeContributions: c.employee,
            employerShare: c.creditedBeyondEmployee,
            retireeAllocation: pooled.transferToPersonalAccounts,
            interest: 0, unexplainedIncome: 0, spending: 0, closingBalance: 0)

        if isBase {
            let lines = scheme.baseYearLines.pooled, paLines = scheme.baseYearLines.personalAccount
            let rate0 = assumptions.interestRate.value(in: t)
            // Reported lines replace the modelled ones; contributions carry the reported-minus-modelled gap.
            pooled.flows = LineFlows.baseYear(lines, drivers: scheme.otherLines, year: t)
            if let v = lines[.fiscalSubsidy] { pooled.fiscalSubsidy = v }
            if let v = lines[.otherIncome] { pooled.otherIncome = v; pooled.lateFees = 0 }
            if let v = lines[.transfersIn] { pooled.transfersIn = v }
            if let v = lines[.contributions] { pooled.unexplainedIncome = v - pooled.contributionsLine }
            // With only an income total reported, the interest comes from it, not from the drivers' contributions.
            let pooledTotal = lines[.contributions] == nil ? scheme.baseYearActuals.pooledIncome ?? lines[.incomeTotal] : nil
            let pooledClosing = scheme.pooledBalance ?? lines[.closingBalance]
            pooled.interest = lines[.interest] ?? (pooledTotal.map {
                baseYearInterest(rate: rate0, opening: lines[.openingBalance], closing: pooledClosing, reportedIncome: $0, expenditure: pooled.expenditure)
            } ?? baseYearInterest(rate: rate0, opening: lines[.openingBalance], closing: pooledClosing, netFlowBeforeInterest: pooled.income - pooled.expenditure))
            if lines[.contributions] == nil, let reported = scheme.baseYearActuals.pooledIncome ?? lines[.incomeTotal] {
                pooled.unexplainedIncome = reported - pooled.income
            }
            carry.pooledShares = LineFlows.shares(of: pooled.flows, incomeBeforeInterest: pooled.incomeBeforeInterest, itemExpenditure: pooled.itemExpenditure)
            // Reported spending where given; else members' use at the calibrated level.
            pa.demand = personalAccountUsePerWeight * (use.active + use.retired)
            pa.spending = EmployeeFinance.reportedAccountSpending(scheme) ?? pa.demand
            if let v = paLines[.contributions] { pa.unexplainedIncome = v - pa.employeeContributions - pa.employerShare }
            // A combined table's interest the accounts report no part of is the pooled fund's whole (their part 0),
            // so the two tables still add up to the combined one.
            let interestTakenWhole = scheme.baseYearLines.pooledTakenWhole.contains(.interest)
            let paTotal = paLines[.contributions] == nil ? scheme.baseYearActuals.personalAccountIncome ?? paLines[.incomeTotal] : nil
            let paClosing = scheme.personalAccountBalance ?? paLines[.closingBalance]
            pa.interest = paLines[.interest] ?? (interestTakenWhole ? 0 : paTotal.map {
                baseYearInterest(rate: rate0, opening: paLines[.openingBalance], closing: paClosing, reportedIncome: $0, expenditure: pa.spending)
            } ?? baseYearInterest(rate: rate0, opening: paLines[.openingBalance], closing: paClosing, netFlowBeforeInterest: pa.income - pa.spending))
            if paLines[.contributions] == nil, let reported = scheme.baseYearActuals.personalAccountIncome ?? paLines[.incomeTotal] {
                pa.unexplainedIncome = reported - pa.income
            }
            carry.basePooledInterest = pooled.interest
            carry.basePAInterest = pa.interest
            carry.pooledBalance = scheme.pooledBalance ?? lines[.openingBalance].map { $0 + pooled.income - pooled.expenditure } ?? lines[.closingBalance] ?? 0
            carry.paBalance = scheme.personalAccountBalance ?? paLines[.openingBalance].map { $0 + pa.income - pa.spending } ?? paLines[.closingBalance] ?? 0
            pooled.closingBalance = carry.pooledBalance
            pa.closingBalance = carry.paBalance
        } else {
            pooled.flows = LineFlows.projected(scheme.otherLines, year: t, incomeBeforeInterest: pooled.incomeBeforeInterest,
                                               itemExpenditure: pooled.itemExpenditure, baseShares: carry.pooledShares)
            pooled.interest = projectedInterest(rate: rate, opening: carry.pooledBalance, netFlowBeforeInterest: pooled.income - pooled.expenditure,
                                                balanceKnown: scheme.pooledBalanceKnown, baseYearInterest: carry.basePooledInterest)
            pooled.deficitCover = DeficitCover.cover(opening: carry.pooledBalance, income: pooled.incomeBeforeCover, expenditure: pooled.expenditure,
                                                     rules: rules.deficitCover, year: t)
            carry.pooledBalance += pooled.income - pooled.expenditure
            pooled.closingBalance = carry.pooledBalance
            // Members' outpatient and pharmacy use, capped by what the accounts hold.
            pa.demand = personalAccountUsePerWeight * (use.active + use.retired)
            let available = max(0, carry.paBalance + pa.income)
            pa.spending = min(pa.demand, available)
            pa.interest = projectedInterest(rate: rate, opening: carry.paBalance, netFlowBeforeInterest: pa.income - pa.spending,
                                            balanceKnown: scheme.personalAccountBalanceKnown, baseYearInterest: carry.basePAInterest)
            carry.paBalance += pa.income - pa.spending
            // Accounts spent to their last 元 end at no less than 0: `F + I − X` with `X = F + I` leaves a
            // rounding residue of either sign (at a zero rate nothing else is left), and its sign would
            // decide whether the accounts count as depleted.
            if pa.spending == available, pa.demand > 0 { carry.paBalance = max(0, carry.paBalance) }
            pa.closingBalance = carry.paBalance
        }
        return EmployeeYear(year: t, drivers: c.drivers, pooled: pooled, personalAccount: pa)
    }

    /// Decomposed categories with outpatient pooling (门诊共济, the outpatient category given by claim
    /// rates) scaled by the reform's phase-in: nothing before the reform year (国办发〔2021〕14号).
    public static func phased(_ amounts: [StateAmounts], levers: BenefitLevers, reform: PersonalAccountReform?, year: Int) -> [StateAmounts] {
        guard let reform else { return amounts }
        var result = amounts
        for (i, c) in levers.terms.enumerated() where c.kind == .outpatient && c.isDecomposed {
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
        return levers.terms.enumerated().map { i, c in
            CategoryAmount(kind: c.kind, amount: c.isDecomposed ? decomposed[i].total : level * unit[i], fundPaidShare: f[i].share)
        }
    }

    /// Average missing years bought in at retirement.
    private func buyInYears(_ year: Int) -> Double {
        membership.buyInYears.value(in: year)
    }
}
