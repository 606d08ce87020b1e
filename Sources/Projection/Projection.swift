import Scenario
import Membership
import Finance

/// Scenario → members → finance → ``ProjectionResult``: the one model every command uses.
public enum Projection {
    /// Projects one scenario deterministically.
    public static func run(_ scenario: Scenario) throws(FinanceError) -> ProjectionResult {
        let membership = AggregateMembership.project(scenario)
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
                                membershipModel: "aggregate")
    }

    /// Projects a batch of scenario variants (sweeps, stress tests). Each variant is independent;
    /// the batch is the seam where the age-structured model shares one Leslie product across variants.
    public static func run(batch scenarios: [Scenario]) throws(FinanceError) -> [ProjectionResult] {
        var results: [ProjectionResult] = []
        results.reserveCapacity(scenarios.count)
        for scenario in scenarios { results.append(try run(scenario)) }
        return results
    }
}
