/// Sex of a population cell.
public enum Sex: Int, Sendable, CaseIterable {
    case male = 0, female = 1
}

/// The cell layout shared by every age-structured vector: single ages 0…100 (100 = 100+) for
/// men, then the same for women — 202 cells. Index `sex·101 + age`.
public enum AgeSex {
    /// The open age group, 100+.
    public static let maximumAge = 100
    /// Ages per sex, 0…100.
    public static let ages = maximumAge + 1
    /// Cells in a population vector.
    public static let cells = 2 * ages

    @inline(__always)
    public static func index(age: Int, sex: Sex) -> Int { sex.rawValue * ages + age }

    /// Sum of `vector` over ages `range` of both sexes.
    public static func sum(_ vector: [Double], ages range: ClosedRange<Int>) -> Double {
        var total = 0.0
        for sex in Sex.allCases { for age in range { total += vector[index(age: age, sex: sex)] } }
        return total
    }

    /// Old-age dependency `P(65+) / P(15–64)`; nil without working-age people.
    public static func oldAgeDependency(_ population: [Double]) -> Double? {
        let working = sum(population, ages: 15...64)
        return working > 0 ? sum(population, ages: 65...maximumAge) / working : nil
    }
}
