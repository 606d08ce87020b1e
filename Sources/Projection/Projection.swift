import Scenario
import Membership
import Finance
import Demography

/// Scenario → members → finance → ``ProjectionResult``: the one model every command uses.
public enum Projection {
    /// Projects one scenario deterministically.
    public static func run(_ scenario: Scenario) throws(FinanceError) -> ProjectionResult {
        try run(batch: [scenario])[0]
    }

    /// Projects a batch of scenario variants (sweeps, stress tests, benchmarks): the age-structured
    /// membership of variants sharing a demography advances with one GEMM a year for the whole batch.
    public static func run(batch scenarios: [Scenario]) throws(FinanceError) -> [ProjectionResult] {
        let cohortIndices = scenarios.indices.filter { scenarios[$0].membership.model == .cohort }
        var cohorts: [Int: CohortMembership.Result] = [:]
        do {
            // Per-cell states are kept for single runs (reports by age); batches keep yearly counts only.
            let results = try CohortMembership.project(cohortIndices.map { scenarios[$0] }, keepCells: scenarios.count == 1)
            for (i, r) in zip(cohortIndices, results) { cohorts[i] = r }
        } catch {
            throw FinanceError(key: error.key, expected: error.expected, found: error.found)
        }
        var results: [ProjectionResult] = []
        results.reserveCapacity(scenarios.count)
        for (i, scenario) in scenarios.enumerated() {
            let membership = cohorts[i]?.years ?? AggregateMembership.project(scenario)
            let cells = cohorts[i].flatMap { $0.cells.isEmpty ? nil : $0.cells }
            results.append(try finance(scenario, membership: membership, cells: cells))
        }
        return results
    }

    /// Both schemes' calibrations (``EmployeeFinance/Calibrated``, ``ResidentFinance/Calibrated``).
    public struct Calibrations: Sendable, Equatable {
        public var employee: EmployeeFinance.Calibrated?
        public var resident: ResidentFinance.Calibrated?
    }

    /// The calibrations of `scenario` on its base year's members alone: what every variant that shares
    /// the base year (members, wage, prices, levers) would compute. Nil when a fund calibrates to a
    /// later year (a history row) or cannot be calibrated: each variant then calibrates on its own
    /// and reports its own error.
    public static func baseYearCalibrations(_ scenario: Scenario, baseYear members: MembershipYear) -> Calibrations? {
        guard members.year == scenario.baseYear else { return nil }
        do throws(FinanceError) {
            return Calibrations(
                employee: try scenario.employee.map { s throws(FinanceError) in try EmployeeFinance(scenario: scenario, scheme: s, membership: [members]).calibrated },
                resident: try scenario.resident.map { s throws(FinanceError) in try ResidentFinance(scenario: scenario, scheme: s, membership: [members]).calibrated })
        } catch {
            return nil
        }
    }

    /// Finance on given membership: calibration (or the given `calibrations`), funds, the result.
    public static func finance(_ scenario: Scenario, membership: [MembershipYear], cells: [StateCells]?,
                               calibrations: Calibrations? = nil) throws(FinanceError) -> ProjectionResult {
        var run = try FinanceRun(scenario, membership: membership, calibrations: calibrations)
        let years = membership.map { run.next($0) }
        if let base = years.first, base.isBaseYear { try checkBaseYearContributions(base, scenario) }
        var calibration = ProjectionResult.Calibration()
        if let finance = run.employee {
            calibration.employeePooled = finance.pooledCalibration
            calibration.employeePersonalAccount = finance.personalAccountCalibration
            calibration.employeeActiveCostPerHead = finance.activeCostPerHead
            calibration.employeePersonalAccountDrawdown = finance.personalAccountDrawdownRate
        }
        if let finance = run.resident {
            calibration.resident = finance.calibration
            calibration.residentCostPerHead = finance.costPerHead
        }
        return ProjectionResult(scenario: scenario, years: years, calibration: calibration,
                                membershipModel: scenario.membership.model.rawValue, cells: cells)
    }
}

extension Projection {
    /// The city level's scenario with its side of each flow with its districts — 下级上解收入 and 补助下级支出 —
    /// set, in every projected year, to what the districts project on theirs (Σ 上解上级支出, Σ 上级补助收入):
    /// one flow, one amount, so the pair cancels in 全市 to the 元. Each level projecting its own side by
    /// its own driver (a share of its own spending or income) would let the two drift apart with growth,
    /// and 全市 would book money no level paid. The base year keeps the reported lines. Unchanged
    /// without districts, or for a flow neither side has.
    public static func mirroringDistricts(_ scenario: Scenario, _ districts: [ProjectionResult]) -> Scenario {
        guard !districts.isEmpty, scenario.horizon > scenario.baseYear else { return scenario }
        var s = scenario
        let pairs: [(city: BudgetLine, district: BudgetLine)] = [(.remittanceFromLowerLevel, .remittanceToHigherLevel), (.subsidyToLowerLevel, .subsidyFromHigherLevel)]
        func mirrored(_ drivers: inout OtherLineDrivers, _ flows: (YearResult) -> LineFlows?) {
            for pair in pairs {
                let knots = (scenario.baseYear...scenario.horizon).map { t in
                    (year: t, value: districts.reduce(0.0) { sum, d in sum + (d.year(t).flatMap(flows)?[pair.district] ?? 0) })
                }
                guard drivers.interLevel[pair.city] != nil || knots.contains(where: { $0.value != 0 }) else { continue }
                drivers.interLevel[pair.city] = .amount(DatedValue(knots: knots))
            }
        }
        if s.employee != nil { mirrored(&s.employee!.otherLines) { $0.employee?.pooled.flows } }
        if s.resident != nil { mirrored(&s.resident!.otherLines) { $0.resident?.flows } }
        return s
    }

    /// ``mirroringDistricts(_:_:)`` with the districts projected here: what every command that projects a
    /// city with `districts:` projects for the city level (run and budget, sweeps, stress, goal seek, history).
    public static func mirroringDistricts(_ scenario: Scenario) throws(FinanceError) -> Scenario {
        guard !scenario.districts.isEmpty else { return scenario }
        return mirroringDistricts(scenario, try scenario.districts.map { d throws(FinanceError) in try run(d) })
    }
}

extension Projection {
    /// A reported base-year income below what the model gives its other lines (interest, subsidies,
    /// other income) would leave the contributions it implies (reported − the rest) negative: an input
    /// error (a total typed as 0, or in the wrong unit), not a figure to project from.
    static func checkBaseYearContributions(_ base: YearResult, _ scenario: Scenario) throws(FinanceError) {
        var derived: [(key: String, what: String, reported: Double?, contributions: Double)] = []
        if let e = base.employee, let s = scenario.employee {
            let pooled = s.baseYearActuals.pooledIncome, account = s.baseYearActuals.personalAccountIncome
            derived.append((pooled != nil ? "employee.base_year_actuals.pooled_income" : "employee.base_year_lines", "pooled-fund income",
                            pooled ?? s.baseYearLines.pooled[.incomeTotal], e.pooled.contributionsLine))
            derived.append((account != nil ? "employee.base_year_actuals.pa_income" : "employee.base_year_lines", "personal-account income",
                            account ?? s.baseYearLines.personalAccount[.incomeTotal],
                            e.personalAccount.employeeContributions + e.personalAccount.employerShare + e.personalAccount.unexplainedIncome))
        }
        if let r = base.resident, let s = scenario.resident {
            derived.append((s.baseYearIncome != nil ? "resident.base_year_actuals.income" : "resident.base_year_lines", "resident-fund income",
                            s.baseYearIncome ?? s.baseYearLines[.incomeTotal], r.contributionsLine))
        }
        for d in derived where d.contributions < -0.5 {
            guard let reported = d.reported else { continue }
            throw FinanceError(key: d.key,
                               expected: "a reported \(d.what) of at least the base year's other income lines (interest, subsidies, other income: \(wholeNumber(reported - d.contributions)) 元), the rest being contributions",
                               found: "\(wholeNumber(reported)) 元, which leaves contributions of \(wholeNumber(d.contributions)) 元")
        }
    }
}

/// The schemes' finance a year at a time: ``Projection/finance(_:membership:cells:calibrations:)``
/// runs it over a whole membership; `simulate` advances it as each path's members arrive, keeping only
/// what the next year needs.
public struct FinanceRun: Sendable {
    public let employee: EmployeeFinance?
    public let resident: ResidentFinance?
    private var employeeCarry: EmployeeFinance.Carry?
    private var residentCarry: ResidentFinance.Carry?
    private var isBaseYear = true

    /// The schemes of `scenario`, calibrated on `membership` unless `calibrations` are given (then
    /// `membership` need hold the base year only).
    public init(_ scenario: Scenario, membership: [MembershipYear], calibrations: Projection.Calibrations?) throws(FinanceError) {
        employee = try scenario.employee.map { s throws(FinanceError) in
            try EmployeeFinance(scenario: scenario, scheme: s, membership: membership, calibrated: calibrations?.employee)
        }
        resident = try scenario.resident.map { s throws(FinanceError) in
            try ResidentFinance(scenario: scenario, scheme: s, membership: membership, calibrated: calibrations?.resident)
        }
        employeeCarry = employee?.start()
        residentCarry = resident?.start()
    }

    /// The next year (the base year first) on its members.
    public mutating func next(_ members: MembershipYear) -> YearResult {
        // In place: binding the finances or their carries to locals would copy them every year.
        let e = employee != nil ? employee?.year(members, &employeeCarry!) : nil
        let r = resident != nil ? resident?.year(members, &residentCarry!) : nil
        defer { isBaseYear = false }
        return YearResult(year: members.year, members: members, employee: e, resident: r, isBaseYear: isBaseYear)
    }
}
