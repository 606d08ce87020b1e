import Foundation

/// A numeric scenario key that a variant can change on the decoded ``Scenario``: the typed form of
/// `--set KEY=NUMBER` for sweeps, goal seek and stress tests, without re-reading or re-parsing files.
///
/// Setting a key to `v` gives the scenario that `--set KEY=v` gives (a plain number replaces the
/// whole value, dated or not, from the base year on): `v` is read as the file reads it — money in the
/// scenario's `unit`, per-head amounts in 元, rates as fractions — and checked against the key's range.
public struct NumericKey: Sendable, Hashable, CustomStringConvertible {
    /// Dotted key path, as `--set` writes it: `employee.employer_rate`.
    public let path: String
    let quantity: Quantity
    private let apply: @Sendable (inout Scenario, Double) -> String?

    init(_ path: String, _ quantity: Quantity, _ apply: @escaping @Sendable (inout Scenario, Double) -> String?) {
        self.path = path
        self.quantity = quantity
        self.apply = apply
    }

    public var description: String { path }
    public static func == (a: NumericKey, b: NumericKey) -> Bool { a.path == b.path }
    public func hash(into h: inout Hasher) { h.combine(path) }

    /// What the key accepts, for messages: "a rate between 0 and 1 (e.g. 0.08 or 8%)".
    public var expected: String { quantity.expected }

    /// Whether values are money in the scenario's unit (so `1` means 1 万元 in a 万元 file).
    public var isMoney: Bool { quantity == .money }

    /// `scenario` with the key set to `value` (in the file's unit for money), or why it cannot be.
    public func setting(_ value: Double, in scenario: Scenario) -> Result<Scenario, NumericKeyError> {
        let v = quantity == .money ? value * scenario.unit.yuanPerUnit : value
        guard quantity.accepts(v) else {
            return .failure(NumericKeyError(key: path, expected: quantity.expected, found: plainDecimal(value)))
        }
        var s = scenario
        if let problem = apply(&s, v) { return .failure(NumericKeyError(key: path, expected: problem, found: plainDecimal(value))) }
        return .success(s)
    }

    /// The key named `path`, or an error with the closest known key (or saying the key is not numeric).
    public static func named(_ path: String) -> Result<NumericKey, NumericKeyError> {
        if let key = byPath[path] { return .success(key) }
        if nonNumeric.contains(path) || path.hasPrefix("population.age_sex") || path.hasSuffix("_profile") {
            return .failure(NumericKeyError(key: path, expected: "a numeric key (\(path) is not a number; see `fundcast sweep --help` for the keys)", found: "'\(path)'"))
        }
        return .failure(NumericKeyError(key: path, expected: "a numeric scenario key such as employee.employer_rate",
                                        found: "unknown key '\(path)'", suggestion: closestMatch(to: path, in: catalogue.map(\.path))))
    }

    /// Keys of the scenario that exist but are not numbers a variant can move.
    static let nonNumeric: Set<String> = [
        "name", "region", "base_year", "horizon", "unit", "extends", "history", "population.retirement_schedule",
        "population.life_table", "population.migration_profile", "membership.model", "membership.full_coverage_age",
        "costs.curve", "employee.wage_profile", "resident.benefit_lag_years", "employee.personal_account.reform.year",
        "employee.personal_account.by_age", "assumptions.utilisation_trend_by_age",
    ]

    static let byPath: [String: NumericKey] = Dictionary(uniqueKeysWithValues: catalogue.map { ($0.path, $0) })

    /// Every numeric key a variant can change, in the order of the README's key table.
    public static let catalogue: [NumericKey] = assumptionKeys + populationKeys + membershipKeys + employeeKeys + residentKeys

    private static let noEmployee = "a scenario with an employee scheme (employee:)"
    private static let noResident = "a scenario with a resident scheme (resident:)"

    /// A dated key of the whole scenario.
    private static func dated(_ path: String, _ q: Quantity, _ kp: WritableKeyPath<Scenario, DatedValue<Double>>,
                              then: (@Sendable (inout Scenario) -> Void)? = nil) -> NumericKey {
        nonisolated(unsafe) let kp = kp
        return NumericKey(path, q) { s, v in s[keyPath: kp] = DatedValue(v); then?(&s); return nil }
    }

    private static func optionalDated(_ path: String, _ q: Quantity, _ kp: WritableKeyPath<Scenario, DatedValue<Double>?>) -> NumericKey {
        nonisolated(unsafe) let kp = kp
        return NumericKey(path, q) { s, v in s[keyPath: kp] = DatedValue(v); return nil }
    }

    private static func employee<V>(_ path: String, _ q: Quantity, _ kp: WritableKeyPath<EmployeeScheme, V>, _ wrap: @escaping @Sendable (Double) -> V) -> NumericKey {
        nonisolated(unsafe) let kp = kp
        return NumericKey("employee." + path, q) { s, v in
            guard s.employee != nil else { return noEmployee }
            s.employee![keyPath: kp] = wrap(v)
            return nil
        }
    }

    private static func resident<V>(_ path: String, _ q: Quantity, _ kp: WritableKeyPath<ResidentScheme, V>, _ wrap: @escaping @Sendable (Double) -> V) -> NumericKey {
        nonisolated(unsafe) let kp = kp
        return NumericKey("resident." + path, q) { s, v in
            guard s.resident != nil else { return noResident }
            s.resident![keyPath: kp] = wrap(v)
            return nil
        }
    }

    private static func membership<V>(_ path: String, _ q: Quantity, _ kp: WritableKeyPath<MembershipSettings, V>, _ wrap: @escaping @Sendable (Double) -> V,
                                      check: (@Sendable (MembershipSettings) -> String?)? = nil) -> NumericKey {
        nonisolated(unsafe) let kp = kp
        return NumericKey("membership." + path, q) { s, v in
            s.membership[keyPath: kp] = wrap(v)
            return check?(s.membership)
        }
    }

    private static let dated: @Sendable (Double) -> DatedValue<Double> = { DatedValue($0) }
    private static let optionalDated: @Sendable (Double) -> DatedValue<Double>? = { DatedValue($0) }
    private static let plain: @Sendable (Double) -> Double = { $0 }
    private static let optionalPlain: @Sendable (Double) -> Double? = { $0 }

    static let assumptionKeys: [NumericKey] = [
        dated("assumptions.wage_growth", .growth, \.assumptions.wageGrowth),
        // Giving medical_inflation makes it the whole cost growth, as in a file (an override).
        dated("assumptions.medical_inflation", .growth, \.assumptions.medicalInflation) { $0.assumptions.costGrowthModel = .medicalInflation },
        dated("assumptions.interest_rate", .interestRate, \.assumptions.interestRate),
        dated("assumptions.excess_cost_growth", .growth, \.assumptions.excessCostGrowth),
        dated("assumptions.utilisation_trend", .growth, \.assumptions.utilisationTrend),
    ]

    static let populationKeys: [NumericKey] = [
        NumericKey("population.total", .count) { s, v in s.population.total = v; return nil },
        dated("population.growth", .growth, \.population.growth),
        optionalDated("population.tfr", .fertility, \.population.tfr),
        optionalDated("population.sex_ratio_at_birth", .positiveRatio, \.population.sexRatioAtBirth),
        optionalDated("population.net_migration", .signed, \.population.netMigration),
        optionalDated("population.mortality_improvement", .improvement, \.population.mortalityImprovement),
    ]

    static let membershipKeys: [NumericKey] = {
        let shares: @Sendable (MembershipSettings) -> String? = { m in
            m.earlyRetirementShare + m.lateRetirementShare > 1 ? "early_retirement_share + late_retirement_share at most 1" : nil
        }
        return [
            membership("female_cadre_share", .rate, \.femaleCadreShare, plain),
            membership("minimum_years_met_share", .rate, \.minimumYearsMetShare, dated),
            membership("buy_in_share", .rate, \.buyInShare, dated),
            membership("buy_in_years", .nonNegative, \.buyInYears, dated),
            membership("lapse_rate", .rate, \.lapseRate, dated),
            membership("switch_rate", .rate, \.switchRate, dated),
            membership("active_coverage", .positiveRatio, \.activeCoverage, dated),
            membership("resident_coverage", .positiveRatio, \.residentCoverage, dated),
            membership("active_coverage_trend", .growth, \.activeCoverageTrend, optionalDated),
            membership("coverage_trend_damping", .rate, \.coverageTrendDamping, plain),
            membership("resident_premium_elasticity", .nonNegative, \.residentPremiumElasticity, plain),
            membership("early_retirement_share", .rate, \.earlyRetirementShare, plain, check: shares),
            membership("late_retirement_share", .rate, \.lateRetirementShare, plain, check: shares),
        ]
    }()

    static let employeeKeys: [NumericKey] = [
        employee("active", .count, \.active, dated),
        employee("retired", .count, \.retired, dated),
        NumericKey("employee.payers", .count) { s, v in
            guard s.employee != nil else { return noEmployee }
            guard v <= s.employee!.active.value(in: s.baseYear) else { return "at most the \(wholeNumber(s.employee!.active.value(in: s.baseYear))) active members (payers are actives who pay)" }
            s.employee!.payers = DatedValue(v)
            return nil
        },
        employee("active_growth", .growth, \.activeGrowth, dated),
        employee("retired_growth", .growth, \.retiredGrowth, dated),
        NumericKey("employee.average_base", .moneyPerHead) { s, v in
            guard s.employee != nil else { return noEmployee }
            guard s.employee!.financing.averageWage == nil else { return "average_wage, which this scenario gives instead of average_base" }
            s.employee!.averageBase = DatedValue(v)
            return nil
        },
        NumericKey("employee.average_wage", .moneyPerHead) { s, v in
            guard s.employee != nil else { return noEmployee }
            guard s.employee!.financing.averageWage != nil else { return "average_base, which this scenario gives instead of average_wage" }
            s.employee!.financing.averageWage = DatedValue(v)
            s.employee!.averageBase = DatedValue(v)
            return nil
        },
        employee("employer_rate", .rate, \.employerRate, dated),
        employee("employee_rate", .rate, \.employeeRate, dated),
        employee("collection_rate", .rate, \.collectionRate, dated),
        employee("personal_account.employer_share_to_pa", .rate, \.employerShareToPersonalAccount, dated),
        employee("personal_account.retiree_allocation", .moneyPerHead, \.retireeAllocation, dated),
        employee("retiree_cost_ratio", .positiveRatio, \.retireeCostRatio, dated),
        employee("fiscal_subsidy", .money, \.fiscalSubsidy, dated),
        employee("other_income", .money, \.otherIncome, dated),
        employee("wage_dispersion", .nonNegative, \.financing.wageDispersion, plain),
        employee("base_floor", .nonNegative, \.financing.baseFloor, dated),
        employee("base_ceiling", .positiveRatio, \.financing.baseCeiling, dated),
        employee("flexible_share", .rate, \.financing.flexibleShare, dated),
        employee("flexible_rate_young", .rate, \.financing.flexibleRateYoung, dated),
        employee("flexible_rate_old", .rate, \.financing.flexibleRateOld, dated),
        employee("retiree_contribution", .moneyPerHead, \.financing.retireeContribution, dated),
        employee("large_claims_premium", .moneyPerHead, \.financing.largeClaimsPremium, dated),
        employee("large_claims_loss_ratio", .nonNegative, \.financing.largeClaimsLossRatio, dated),
        employee("late_fee_daily_rate", .rate, \.financing.lateFeeDailyRate, dated),
        employee("arrears_recovery", .rate, \.financing.arrearsRecovery, dated),
        employee("arrears_days", .nonNegative, \.financing.arrearsDays, dated),
        employee("buy_in_rate", .rate, \.financing.buyInRate, dated),
        employee("transfers_in", .money, \.financing.transfersIn, dated),
        employee("demand_elasticity", .signed, \.financing.demandElasticity, plain),
        employee("base_year_actuals.pooled_income", .money, \.baseYearActuals.pooledIncome, optionalPlain),
        employee("base_year_actuals.pooled_expenditure", .money, \.baseYearActuals.pooledExpenditure, optionalPlain),
        employee("base_year_actuals.pa_income", .money, \.baseYearActuals.personalAccountIncome, optionalPlain),
        employee("base_year_actuals.pa_expenditure", .money, \.baseYearActuals.personalAccountExpenditure, optionalPlain),
        employee("balance.pooled", .money, \.pooledBalance, optionalPlain),
        employee("balance.personal_account", .money, \.personalAccountBalance, optionalPlain),
        employee("deficit_cover.adjustment_fund", .money, \.financing.deficitCover.adjustmentFundCap, dated),
        employee("deficit_cover.fiscal_subsidy", .money, \.financing.deficitCover.fiscalCap, dated),
    ]

    static let residentKeys: [NumericKey] = [
        resident("insured", .count, \.insured, dated),
        resident("insured_growth", .growth, \.insuredGrowth, dated),
        resident("subsidy_per_capita", .moneyPerHead, \.subsidyPerCapita, dated),
        resident("individual_per_capita", .moneyPerHead, \.individualPerCapita, dated),
        resident("per_capita_growth", .growth, \.perCapitaGrowth, dated),
        resident("collection_rate", .rate, \.collectionRate, dated),
        resident("other_income", .money, \.otherIncome, dated),
        resident("central_subsidy_share", .rate, \.financing.centralSubsidyShare, dated),
        resident("demand_elasticity", .signed, \.financing.demandElasticity, plain),
        resident("base_year_actuals.income", .money, \.baseYearIncome, optionalPlain),
        resident("base_year_actuals.expenditure", .money, \.baseYearExpenditure, optionalPlain),
        resident("balance", .money, \.balance, optionalPlain),
        resident("deficit_cover.adjustment_fund", .money, \.financing.deficitCover.adjustmentFundCap, dated),
        resident("deficit_cover.fiscal_subsidy", .money, \.financing.deficitCover.fiscalCap, dated),
    ]
}

/// Why a numeric key cannot be set: the key, what it accepts, what was given.
public struct NumericKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var key: String
    public var expected: String
    public var found: String
    public var suggestion: String?

    public var description: String {
        "\(key): expected \(expected), found \(found)" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
    }
}

/// A number as a user would write it: `0.055`, `1.2`, `300000` (up to 12 significant digits, no exponent).
public func plainDecimal(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
    var text = String(format: "%.12g", x)
    if text.contains("e") { text = String(format: "%.12f", x) }
    if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    return text
}
