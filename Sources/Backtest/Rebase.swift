import Foundation
import Scenario
import Demography
import Finance

/// Why a scenario cannot be rebased at a year.
public struct RebaseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var key: String
    public var expected: String
    public var found: String
    public var description: String { "\(key): expected \(expected), found \(found)" }
}

extension Scenario {
    /// The same scenario started from an earlier base year `year`: counts, balances and
    /// reported figures come from the history rows of `year`; policy inputs (rates, subsidies, per-head
    /// funding, schedules) stay as dated in the scenario; only history rows up to `year` are kept, so
    /// nothing after it can reach the projection. Rules (Sources/Backtest/README.md):
    /// - at the scenario's own base year the history replaces only what it reports;
    /// - counts: `employee.active`, `employee.retired`, `resident.insured` from the history (required);
    ///   payers keep the scenario's payer/active ratio; resident insured, income and spending are
    ///   `total − employee` where that exceeds the resident row (schemes integrated into the resident
    ///   scheme later, such as 2018's separate rural NCMS);
    /// - `population.total` (when given) moves with the WPP structure: `total · P_WPP(year)/P_WPP(t0)`;
    /// - base-year actuals: `employee_pooled`/`employee_pa` rows where reported, else the `employee`
    ///   row split in the scenario's own pooled/PA proportions; resident income and expenditure;
    /// - balances at the end of `year` where reported (`employee_pooled`, or `employee` less
    ///   `employee_pa`; `employee_pa`; `resident`), else unknown;
    /// - figures of the old base year that are levels, not policy, are carried back: the average
    ///   contribution base is re-derived so that the base year's contributions equal its reported
    ///   employee income (`income / (payers · total rate · collection)`), costs per claimant are
    ///   deflated by the scenario's medical inflation, and resident other income is re-derived as
    ///   reported income less per-head funding (`income − insured·(subsidy + individual·collection)`),
    ///   the derivations fundcast's national scenario documents for its own base year.
    public func rebased(at year: Int, history: [HistoryRecord]) throws(RebaseError) -> Scenario {
        var s = self
        let t0 = baseYear
        let known = history.filter { $0.year <= year }
        func value(_ scheme: HistoryRecord.Scheme, _ metric: HistoryRecord.Metric) -> Double? {
            known.value(year: year, scheme: scheme, metric: metric)
        }
        func required(_ scheme: HistoryRecord.Scheme, _ metric: HistoryRecord.Metric, key: String) throws(RebaseError) -> Double {
            guard let v = value(scheme, metric) else {
                throw RebaseError(key: key, expected: "a \(year),\(scheme.rawValue),\(metric.rawValue) row in the history file to rebase at \(year)",
                                  found: "none")
            }
            return v
        }
        guard year <= horizon else {
            throw RebaseError(key: "--fit-through", expected: "a year up to the horizon \(horizon)", found: "\(year)")
        }
        s.baseYear = year
        s.history = known
        if year != t0 {
            if let total = population.total {
                let then = Demographics.agedToEndOfYear(t0).reduce(0, +), now = Demographics.agedToEndOfYear(year).reduce(0, +)
                s.population.total = then > 0 ? total * now / then : total
            }
        }
        // At the scenario's own base year the history only replaces what it reports.
        let own = year == t0
        if var e = employee {
            if !own || value(.employee, .active) != nil {
                let active = try required(.employee, .active, key: "employee.active")
                let oldActive = e.active.value(in: t0)
                if !own, let payers = e.payers, oldActive > 0 {
                    e.payers = DatedValue(payers.value(in: t0) / oldActive * active)
                }
                e.active = DatedValue(active)
            }
            if !own || value(.employee, .retired) != nil {
                e.retired = DatedValue(try required(.employee, .retired, key: "employee.retired"))
            }
            let active = e.active.value(in: year)
            let a = e.baseYearActuals
            let income = value(.employee, .income), spending = value(.employee, .expenditure)
            func split(_ total: Double?, pooled: Double?, pa: Double?) -> (Double?, Double?) {
                guard let total, let pooled, let pa, pooled + pa != 0 else { return (nil, nil) }
                return (total * pooled / (pooled + pa), total * pa / (pooled + pa))
            }
            let (pi, ai) = split(income, pooled: a.pooledIncome, pa: a.personalAccountIncome)
            let (px, ax) = split(spending, pooled: a.pooledExpenditure, pa: a.personalAccountExpenditure)
            e.baseYearActuals.pooledIncome = value(.employeePooled, .income) ?? pi ?? (own ? a.pooledIncome : nil)
            e.baseYearActuals.pooledExpenditure = value(.employeePooled, .expenditure) ?? px ?? (own ? a.pooledExpenditure : nil)
            e.baseYearActuals.personalAccountIncome = value(.employeePersonalAccount, .income) ?? ai ?? (own ? a.personalAccountIncome : nil)
            e.baseYearActuals.personalAccountExpenditure = value(.employeePersonalAccount, .expenditure) ?? ax ?? (own ? a.personalAccountExpenditure : nil)
            guard e.baseYearActuals.pooledExpenditure != nil, e.baseYearActuals.personalAccountExpenditure != nil else {
                throw RebaseError(key: "employee.base_year_actuals", expected: "a \(year),employee,expenditure row (or employee_pooled and employee_pa rows) in the history to calibrate the rebased costs",
                                  found: "none for \(year)")
            }
            let paBalance = value(.employeePersonalAccount, .balance)
            let oldPooled = e.pooledBalance, oldPA = e.personalAccountBalance
            e.personalAccountBalance = paBalance ?? (own ? oldPA : nil)
            e.pooledBalance = value(.employeePooled, .balance) ?? value(.employee, .balance).flatMap { total in paBalance.map { total - $0 } }
                ?? (own ? oldPooled : nil)
            if year != t0 {
                if let income {
                    // Reported income holds the interest the model credits apart (on the average balance of
                    // each fund whose balance is known): the base reproduces the rest, the contributions.
                    let r0 = assumptions.interestRate.value(in: year), a = e.baseYearActuals
                    func interest(_ t: Double?, _ x: Double?, _ c: Double?) -> Double {
                        guard let t, let x, let c else { return 0 }
                        return baseYearInterest(rate: r0, opening: nil, closing: c, reportedIncome: t, expenditure: x)
                    }
                    let credited = interest(a.pooledIncome, a.pooledExpenditure, e.pooledBalance)
                        + interest(a.personalAccountIncome, a.personalAccountExpenditure, e.personalAccountBalance)
                    let payers = e.payers?.value(in: year) ?? active
                    let rate = (e.employerRate.value(in: year) + e.employeeRate.value(in: year)) * e.collectionRate.value(in: year)
                    if payers > 0, rate > 0 { e.averageBase = DatedValue((income - credited) / (payers * rate)) }
                }
                let deflator = CostTrend(assumptions: assumptions, baseYear: year, horizon: t0).price(t0) // costs per claimant grow with the price index
                for i in e.financing.categories.indices { e.financing.categories[i].costPerClaimant /= deflator }
            }
            s.employee = e
        }
        if var r = resident {
            // Scope: the resident scheme is the integrated 城乡居民 scheme (国发〔2016〕3号). Where the
            // history's total exceeds employee + resident (2018: the rural NCMS still run apart in seven
            // provinces, merged in 2019), the rest belongs to the integrated scheme: resident = total − employee.
            func integrated(_ metric: HistoryRecord.Metric) -> Double? {
                let reported = value(.resident, metric)
                guard let total = value(.total, metric), let employee = value(.employee, metric), let reported,
                      total - employee > reported else { return reported }
                return total - employee
            }
            let insured: Double
            if let v = integrated(.insured) { insured = v } else if own { insured = r.insured.value(in: year) } else {
                insured = try required(.resident, .insured, key: "resident.insured")
            }
            if !own || integrated(.insured) != nil { r.insured = DatedValue(insured) }
            r.baseYearIncome = integrated(.income) ?? (own ? r.baseYearIncome : nil)
            r.baseYearExpenditure = integrated(.expenditure) ?? (own ? r.baseYearExpenditure : nil)
            guard r.baseYearExpenditure != nil else {
                throw RebaseError(key: "resident.base_year_actuals", expected: "a \(year),resident,expenditure row in the history to calibrate the rebased costs",
                                  found: "none for \(year)")
            }
            r.balance = value(.resident, .balance) ?? (own ? r.balance : nil)
            if year != t0 {
                if let income = r.baseYearIncome, !(r.otherIncome.isConstant && r.otherIncome.value(in: t0) == 0) {
                    let funding = insured * (r.subsidyPerCapita.value(in: year) + r.individualPerCapita.value(in: year) * r.collectionRate.value(in: year))
                    // Less the interest the model credits apart, as the employee base above.
                    let credited = r.baseYearExpenditure.map { x in r.balance.map { baseYearInterest(rate: assumptions.interestRate.value(in: year), opening: nil, closing: $0, reportedIncome: income, expenditure: x) } ?? 0 } ?? 0
                    r.otherIncome = DatedValue(max(0, income - funding - credited))
                }
                let deflator = CostTrend(assumptions: assumptions, baseYear: year, horizon: t0).price(t0) // costs per claimant grow with the price index
                for i in r.financing.categories.indices { r.financing.categories[i].costPerClaimant /= deflator }
            }
            s.resident = r
        }
        return s
    }
}
