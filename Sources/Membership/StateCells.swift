import Scenario

/// Insured states of one year by age-sex cell, persons. Invariant, tested: every
/// person of `population` is in exactly one state, `A + C + R + U + N = P` in every cell.
public struct StateCells: Sendable, Equatable {
    public var population: [Double]
    /// Active employees other than women in cadre posts (men, women workers).
    public var active: [Double]
    /// Active women in cadre posts (female cells only; zero for men).
    public var activeCadres: [Double]
    /// Retired employees.
    public var retired: [Double]
    /// Resident-scheme insured.
    public var resident: [Double]
    /// Uninsured.
    public var uninsured: [Double]

    /// All active employees, `A + C`, by cell.
    public var allActive: [Double] { zip(active, activeCadres).map(+) }
}
