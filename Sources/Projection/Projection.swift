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

    /// Finance on given membership: calibration, funds, the result.
    public static func finance(_ scenario: Scenario, membership: [MembershipYear], cells: [StateCells]?) throws(FinanceError) -> ProjectionResult {
        var calibration = ProjectionResult.Calibration()
        var employeeYears: [EmployeeYear]?
        var residentYears: [ResidentFundYear]?
        if let scheme = scenario.employee {
            let finance = try EmployeeFinance(scenario: scenario, scheme: scheme, membership: membership)
            employeeYears = finance.project(membership)
            calibration.employeePooled = finance.pooledCalibration
            calibration.employeePersonalAccount = finance.personalAccountCalibration
            calibration.employeeActiveCostPerHead = finance.activeCostPerHead
            calibration.employeePersonalAccountDrawdown = finance.personalAccountDrawdownRate
        }
        if let scheme = scenario.resident {
            let finance = try ResidentFinance(scenario: scenario, scheme: scheme, membership: membership)
            residentYears = finance.project(membership)
            calibration.resident = finance.calibration
            calibration.residentCostPerHead = finance.costPerHead
        }
        let years = membership.enumerated().map { i, members in
            YearResult(year: members.year, members: members, employee: employeeYears?[i],
                       resident: residentYears?[i], isBaseYear: i == 0)
        }
        return ProjectionResult(scenario: scenario, years: years, calibration: calibration,
                                membershipModel: scenario.membership.model.rawValue, cells: cells)
    }
}
