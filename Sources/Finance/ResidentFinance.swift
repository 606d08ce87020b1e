import Scenario
import Membership

/// The resident scheme's fund, year by year: income `N × (subsidy + individual × collection rate)`,
/// the subsidy split into central and local parts; benefits `c(t)·W_U·λ(t)` with the insured weighted
/// by relative cost, `c(t) = c(t0)·Π(1 + medical inflation)` calibrated to reported spending and `λ`
/// the categories' lever factor. With a one-year benefit lag (地方医保经办文件汇编 (北部湾、成都等), Chengdu), the people covered
/// in year `t` are those who paid in `t − 1`.
public struct ResidentFinance: Sendable {
    /// What calibration fixed (``Calibrated``).
    public let calibrated: Calibrated
    /// Benefit cost per insured resident in the base year, 元.
    public var costPerHead: Double { calibrated.costPerHead }
    public var calibration: CalibrationTarget { calibrated.target }
    public let levers: BenefitLevers
    public let trend: CostTrend
    let benefits: BenefitModel

    private let scheme: ResidentScheme
    private let assumptions: Assumptions
    private let baseYear: Int
    /// 人均财政补助, 人均个人缴费 and the 大病保险 premium by year (``subsidyPerCapita(in:)``,
    /// ``individualPerCapita(in:)``, ``premium(_:in:baseYear:)``), computed once to the horizon.
    private let subsidy: @Sendable (Int) -> Double, individual: @Sendable (Int) -> Double, criticalIllnessPremium: @Sendable (Int) -> Double

    /// What calibration to reported spending fixes (``EmployeeFinance/Calibrated``): the cost level and
    /// the category norms, read from the calibration year only.
    public struct Calibrated: Sendable, Equatable {
        public var costPerHead: Double
        public var target: CalibrationTarget
        var benefits: BenefitModel.Calibration
    }

    public init(scenario: Scenario, scheme: ResidentScheme, membership: [MembershipYear]) throws(FinanceError) {
        try self.init(scenario: scenario, scheme: scheme, membership: membership, calibrated: nil)
    }

    /// The fund's finance with a given calibration (nil: calibrated here on `membership`).
    public init(scenario: Scenario, scheme: ResidentScheme, membership: [MembershipYear], calibrated given: Calibrated?) throws(FinanceError) {
        self.scheme = scheme
        self.assumptions = scenario.assumptions
        self.baseYear = scenario.baseYear
        let (t0, horizon, growth) = (scenario.baseYear, max(scenario.horizon, membership.last?.year ?? 0), scheme.perCapitaGrowth)
        subsidy = scheme.subsidyPerCapita.anchoredSeries(baseYear: t0, growth: growth, from: t0, through: horizon)
        individual = scheme.individualPerCapita.anchoredSeries(baseYear: t0, growth: growth, from: t0, through: horizon)
        let noPremium: @Sendable (Int) -> Double = { _ in 0 }
        criticalIllnessPremium = scheme.financing.criticalIllnessPremium?.anchoredSeries(baseYear: t0, growth: growth, from: t0, through: horizon) ?? noPremium
        // Caps given as multiples of the average wage use the employee scheme's wage; without one, 0.
        let noWage: @Sendable (Int) -> Double = { _ in 0 }
        let wage = scenario.employee.map { EmployeeFinance.wageSeries(scheme: $0, assumptions: scenario.assumptions, baseYear: scenario.baseYear, horizon: scenario.horizon) } ?? noWage
        let trend = CostTrend(assumptions: scenario.assumptions, baseYear: scenario.baseYear, horizon: max(scenario.horizon, membership.last?.year ?? 0))
        self.trend = trend
        let levers = BenefitLevers(categories: scheme.financing.categories, elasticity: scheme.financing.demandElasticity,
                                   baseYear: scenario.baseYear, trend: trend, averageWage: wage)
        self.levers = levers
        let model = BenefitModel(curves: CostCurves(scenario: scenario), trend: trend, levers: levers, states: [.resident], retireeCostRatio: nil)
        let c: Calibrated
        if let given { c = given } else { c = try ResidentFinance.calibrate(scenario: scenario, scheme: scheme, membership: membership, model: model) }
        benefits = model.calibrated(c.benefits)
        calibrated = c
    }

    /// Calibration to reported spending on the calibration year's covered members (``Calibrated``).
    private static func calibrate(scenario: Scenario, scheme: ResidentScheme, membership: [MembershipYear],
                                  model uncalibrated: BenefitModel) throws(FinanceError) -> Calibrated {
        let levers = uncalibrated.levers
        // Reported 待遇支出 + 大病保险支出 (or 支出合计 less the other lines).
        let t0 = scenario.baseYear, lines = scheme.baseYearLines
        let modelledFlows = EmployeeFinance.modelled(LineFlows.baseYear(lines, drivers: scheme.otherLines, year: t0))
        let t0Premiums = ResidentFinance.premium(scheme, in: t0, baseYear: t0) * (membership.first { $0.year == t0 }?.residentInsured ?? 0)
        let reported = lines.derived(.benefits, modelled: modelledFlows.merging([.criticalIllness: t0Premiums]) { a, _ in a })
            .map { $0 + (lines[.criticalIllness] ?? t0Premiums) }
        let target = try CalibrationTarget.required(actual: scheme.baseYearExpenditure ?? reported, scenario: scenario, scheme: .resident,
                                                    projectedYears: membership.map(\.year), key: "resident.base_year_actuals.expenditure",
                                                    what: "resident-fund spending")
        let covered = ResidentFinance.covered(in: target.year, membership: membership, lag: scheme.financing.benefitLagYears)
        var model = uncalibrated
        if let covered { model.calibrate(on: covered) }
        let weight = covered.map { model.unit($0, in: target.year).byState[0] } ?? 0
        // Fewer than half a (cost-weighted) member is none: spending over a rounding residue of members
        // would be a cost per head of 10²⁵ 元.
        guard weight >= 0.5 else {
            throw FinanceError(key: "resident.insured", expected: "insured residents to spread spending over", found: "none in \(target.year)")
        }
        let decomposed = levers.decomposed(in: target.year, active: 0, retired: 0, resident: covered?.residentInsured ?? 0).reduce(0) { $0 + $1.total }
        let premiums = ResidentFinance.premium(scheme, in: target.year, baseYear: scenario.baseYear) * (membership.first { $0.year == target.year }?.residentInsured ?? 0)
        guard target.amount >= decomposed + premiums else {
            throw FinanceError(key: decomposed > 0 ? "resident.spending" : "resident.critical_illness_premium",
                               expected: "decomposed categories and 大病保险 premiums (\(wholeNumber(decomposed + premiums)) 元) within reported spending",
                               found: "\(wholeNumber(target.amount)) 元 in \(target.year)")
        }
        return Calibrated(costPerHead: (target.amount - decomposed - premiums) / weight, target: target, benefits: model.calibration)
    }

    /// 人均财政补助 in `year`, 元: the dated standard, grown at `per_capita_growth` after its last knot.
    public func subsidyPerCapita(in year: Int) -> Double { subsidy(year) }

    /// 大病保险 premium per insured in `year`, 元 (grows at `per_capita_growth` after its last knot).
    static func premium(_ scheme: ResidentScheme, in year: Int, baseYear: Int) -> Double {
        scheme.financing.criticalIllnessPremium?.anchoredLevel(in: year, baseYear: baseYear, growth: scheme.perCapitaGrowth) ?? 0
    }

    /// 人均个人缴费 in `year`, 元.
    public func individualPerCapita(in year: Int) -> Double { individual(year) }

    /// The members whose benefits fall in `year`: this year's insured, or last year's with a benefit
    /// lag (the base year has no earlier year and uses its own).
    static func covered(in year: Int, membership: [MembershipYear], lag: Int) -> MembershipYear? {
        membership.first { $0.year == year - lag } ?? membership.first { $0.year == year }
    }

    public func project(_ membership: [MembershipYear]) -> [ResidentFundYear] {
        var carry = start()
        return membership.map { year($0, &carry) }
    }

    /// What the projection carries from one year to the next: the closing balance, what the base year
    /// fixes (the other lines' shares, the reported interest), and the members of the last
    /// `benefit_lag_years` years, whose benefits fall due later.
    public struct Carry: Sendable {
        var balance: Double
        var shares: [BudgetLine: Double] = [:]
        var baseInterest = 0.0
        var earlier: [MembershipYear] = []
    }

    /// The state before the base year: the reported closing balance (0 without one).
    public func start() -> Carry { Carry(balance: scheme.balance ?? 0) }

    /// One year of the fund on its members (``project(_:)`` one year at a time, base year first).
    public func year(_ members: MembershipYear, _ carry: inout Carry) -> ResidentFundYear {
        let lag = scheme.financing.benefitLagYears
        let recent = lag == 0 ? [] : carry.earlier + [members]
        let covered = lag == 0 ? members : ResidentFinance.covered(in: members.year, membership: recent, lag: lag)
        if lag > 0 { carry.earlier = Array(recent.suffix(lag)) }
        let t = members.year
        let n = members.residentInsured
        var year = ResidentFundYear(
            insured: n,
            individualContributions: n * individualPerCapita(in: t) * scheme.collectionRate.value(in: t),
            fiscalSubsidies: n * subsidyPerCapita(in: t),
            interest: 0,
            otherIncome: scheme.otherIncome.value(in: t),
            unexplainedIncome: 0,
            benefits: 0,
            closingBalance: carry.balance)
        let weights = covered.map { benefits.weights($0, in: t) }
        let unit = weights.map { benefits.unit($0) }
        let calibrated = costPerHead * (unit?.byState[0] ?? 0)
        let decomposed = levers.decomposed(in: t, active: 0, retired: 0, resident: covered?.residentInsured ?? 0)
        year.benefits = calibrated + decomposed.reduce(0) { $0 + $1.total }
        year.criticalIllnessPremiums = n * criticalIllnessPremium(t)
        year.spendingDrivers = weights.map { benefits.spendingDrivers($0, .resident) }
        year.centralSubsidies = year.fiscalSubsidies * scheme.financing.centralSubsidyShare.value(in: t)
        let f = levers.factors(in: t)
        year.categories = levers.terms.enumerated().map { i, c in
            CategoryAmount(kind: c.kind, amount: c.isDecomposed ? decomposed[i].total : costPerHead * (unit?.categories[i] ?? 0), fundPaidShare: f[i].share)
        }
        if t == baseYear {
            let lines = scheme.baseYearLines
            year.flows = LineFlows.baseYear(lines, drivers: scheme.otherLines, year: t)
            year.transfersIn = lines[.transfersIn] ?? scheme.otherLines.transfersIn.value(in: t)
            if let v = lines[.fiscalSubsidy] {
                let central = year.fiscalSubsidies > 0 ? year.centralSubsidies / year.fiscalSubsidies : 0
                year.fiscalSubsidies = v
                year.centralSubsidies = v * central
            }
            if let v = lines[.otherIncome] { year.otherIncome = v }
            if let v = lines[.contributions] { year.unexplainedIncome = v - year.individualContributions }
            // With only an income total reported, the interest comes from it, not from the drivers' contributions.
            let total = lines[.contributions] == nil ? scheme.baseYearIncome ?? lines[.incomeTotal] : nil
            let rate = assumptions.interestRate.value(in: t), closing = scheme.balance ?? lines[.closingBalance]
            year.interest = lines[.interest] ?? (total.map {
                baseYearInterest(rate: rate, opening: lines[.openingBalance], closing: closing, reportedIncome: $0, expenditure: year.expenditure)
            } ?? baseYearInterest(rate: rate, opening: lines[.openingBalance], closing: closing, netFlowBeforeInterest: year.income - year.expenditure))
            if lines[.contributions] == nil, let reported = scheme.baseYearIncome ?? lines[.incomeTotal] { year.unexplainedIncome = reported - year.income }
            carry.shares = LineFlows.shares(of: year.flows, incomeBeforeInterest: year.incomeBeforeInterest, itemExpenditure: year.itemExpenditure)
            carry.baseInterest = year.interest
            carry.balance = scheme.balance ?? lines[.openingBalance].map { $0 + year.income - year.expenditure } ?? lines[.closingBalance] ?? 0
            year.closingBalance = carry.balance
        } else {
            year.transfersIn = scheme.otherLines.transfersIn.value(in: t)
            year.flows = LineFlows.projected(scheme.otherLines, year: t, incomeBeforeInterest: year.incomeBeforeInterest,
                                             itemExpenditure: year.itemExpenditure, baseShares: carry.shares)
            year.interest = projectedInterest(rate: assumptions.interestRate.value(in: t), opening: carry.balance,
                                              netFlowBeforeInterest: year.income - year.expenditure,
                                              balanceKnown: scheme.balanceKnown, baseYearInterest: carry.baseInterest)
            year.deficitCover = DeficitCover.cover(opening: carry.balance, income: year.incomeBeforeCover, expenditure: year.expenditure,
                                                   rules: scheme.financing.deficitCover, year: t)
            carry.balance += year.income - year.expenditure
            year.closingBalance = carry.balance
        }
        return year
    }
}
