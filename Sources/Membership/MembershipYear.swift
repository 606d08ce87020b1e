import Scenario
import Demography

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
    /// Uninsured persons, when ages are modelled.
    public var uninsured: Double?
    /// Cost-weighted actives `Σ A·w_A`: pooled-fund spending on actives is cost per weight × this.
    public var activeCostWeight: Double
    /// Cost-weighted retirees `Σ R·w_R` (flat `w_R` = the retiree cost ratio without a profile).
    public var retiredCostWeight: Double
    /// Cost-weighted residents `Σ U·w_U`.
    public var residentCostWeight: Double
    /// Gross flows into and out of the employee scheme during the year (age-structured model).
    public var flows: MembershipFlows?
    /// Active employees by age-sex cell (202); contribution bases, flexible workers' rates and
    /// age-banded personal accounts depend on ages. The aggregate model spreads its count over the
    /// working ages of the embedded population.
    public var activeCells: [Double]?
    /// Retired employees and insured residents by age-sex cell (age-structured model only): finance
    /// weighs them with the cost curves by age.
    public var retiredCells: [Double]?
    public var residentCells: [Double]?
    /// Population indicators (65+ and 80+ shares, e0 by sex, births, deaths), age-structured model only.
    public var demography: PopulationIndicators?

    public init(year: Int, active: Double, retired: Double, payers: Double, residentInsured: Double,
                population: Double? = nil, oldAgeDependency: Double? = nil) {
        self.year = year
        self.active = active
        self.retired = retired
        self.payers = payers
        self.residentInsured = residentInsured
        self.population = population
        self.oldAgeDependency = oldAgeDependency
        self.activeCostWeight = active
        self.retiredCostWeight = retired
        self.residentCostWeight = residentInsured
    }

    /// 赡养比: actives per retiree, `ΣA / ΣR` (霍山县 2014 年、镇江市 2012 年医保工作总结: 32.85万 : 14.79万 = 2.22). nil without retirees.
    public var dependencyRatio: Double? {
        retired > 0 ? active / retired : nil
    }

    /// Employee-scheme insured, `A + R`.
    public var employeeInsured: Double { active + retired }
}

/// Gross flows of a year between states, persons.
public struct MembershipFlows: Sendable, Equatable {
    /// Actives entering retirement in the scheme (meeting the minimum years or buying in).
    public var retirements: Double
    /// Of those, the ones who bought in missing years (补缴).
    public var buyIns: Double
    /// Actives reaching retirement age short of the minimum years who leave the employee scheme.
    public var retireesToResident: Double
    /// Actives leaving at working age (A → U).
    public var lapses: Double
    /// Residents joining the employee scheme (U → A).
    public var switches: Double
    /// New actives restoring coverage (school leavers, migrants).
    public var entries: Double

    public init(retirements: Double, buyIns: Double, retireesToResident: Double, lapses: Double, switches: Double, entries: Double) {
        self.retirements = retirements
        self.buyIns = buyIns
        self.retireesToResident = retireesToResident
        self.lapses = lapses
        self.switches = switches
        self.entries = entries
    }
}
