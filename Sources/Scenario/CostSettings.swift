/// How per-capita cost grows over time.
public enum CostGrowthModel: String, Sendable, Equatable {
    /// One rate for price and volume together (`assumptions.medical_inflation`, the older key).
    case medicalInflation = "medical_inflation"
    /// Price (wage growth + excess cost growth) × utilisation per head by age (Trustees / ILO practice).
    case priceAndUtilisation = "price_and_utilisation"
}

/// Benefit categories that can carry their own cost curve by age.
public enum CostCategory: String, Sendable, Equatable, CaseIterable {
    case inpatient, outpatient, chronic
    case personalAccount = "personal_account"
}

/// Relative-cost tables by age and sex for each insured state; nil: the state's default.
public struct StateCostProfiles: Sendable, Equatable {
    public var active: AgeSexTable?
    public var retired: AgeSexTable?
    public var resident: AgeSexTable?

    public init(active: AgeSexTable? = nil, retired: AgeSexTable? = nil, resident: AgeSexTable? = nil) {
        self.active = active
        self.retired = retired
        self.resident = resident
    }
}

/// The `costs:` section: which age profile of cost the model uses (Sources/Finance/README.md).
public struct CostSettings: Sendable, Equatable {
    /// The shipped relative cost curves by single age.
    public enum Shape: String, Sendable, Equatable, CaseIterable {
        /// Korea HIRA 2022 claims cost per enrollee: the default shape.
        case korea
        /// Japan MHLW FY2017 medical cost net of co-payment: a high-cost alternative (steeper at old ages).
        case japan
        /// No age profile: every active and resident costs the same, a retiree `retiree_cost_ratio` times as much.
        case flat
    }
    public var shape: Shape
    /// Category-specific curves (CSV `age,sex,relative_cost` per state); a category without one uses
    /// its state's curve.
    public var categoryProfiles: [CostCategory: StateCostProfiles]

    public init(shape: Shape, categoryProfiles: [CostCategory: StateCostProfiles] = [:]) {
        self.shape = shape
        self.categoryProfiles = categoryProfiles
    }

    /// The Korean shape (HIRA 2022): the closest published analogue of a fund's covered cost by age
    /// (no Chinese table by age was found), scaled in the model to the Chinese retiree/active ratio.
    public static let defaults = CostSettings(shape: .korea)
}
