import Scenario

/// Insured people in one year, persons. The seam between membership models and finance: finance
/// reads only these counts, so the aggregate model here and the age-structured model replace each
/// other without touching finance.
public struct MembershipYear: Sendable, Equatable {
    public var year: Int
    /// 在职 (active employees, including flexible workers).
    public var active: Double
    /// 退休 (retired employees).
    public var retired: Double
    /// 缴费人数: actives who pay contributions this year.
    public var payers: Double
    /// 居民医保参保人数.
    public var residentInsured: Double
    /// Total population of the area, when known.
    public var population: Double?
    /// Population old-age dependency `P(65+)/P(15–64)`, when ages are modelled.
    public var oldAgeDependency: Double?

    public init(year: Int, active: Double, retired: Double, payers: Double, residentInsured: Double,
                population: Double? = nil, oldAgeDependency: Double? = nil) {
        self.year = year
        self.active = active
        self.retired = retired
        self.payers = payers
        self.residentInsured = residentInsured
        self.population = population
        self.oldAgeDependency = oldAgeDependency
    }

    /// 赡养比: actives per retiree, `ΣA / ΣR` (seed 004: 32.85万 : 14.79万 = 2.22). nil without retirees.
    public var dependencyRatio: Double? {
        retired > 0 ? active / retired : nil
    }

    /// Employee-scheme insured, `A + R`.
    public var employeeInsured: Double { active + retired }
}
