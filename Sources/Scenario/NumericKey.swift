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
    /// The key's value as a series (money in 元); nil when the scenario lacks the scheme or the key.
    private let read: @Sendable (Scenario) -> DatedValue<Double>?
    /// Sets the key from a series (a key that cannot vary by year takes its base-year value), or says why not.
    private let write: @Sendable (inout Scenario, DatedValue<Double>) -> String?

    /// Whether the key may vary by year (a dated value); a single number takes one value for every year.
    public let isDated: Bool

    /// For a level the model re-anchors at each knot and grows in between (the average base or wage,
    /// the resident per-head amounts, the aggregate model's counts: ``DatedValue/anchoredLevel(in:baseYear:growth:)``),
    /// the growth rate it grows with; nil for a key read as written in each year.
    public private(set) var growth: (@Sendable (Scenario) -> DatedValue<Double>?)?

    init(_ path: String, _ quantity: Quantity, dated: Bool = true, read: @escaping @Sendable (Scenario) -> DatedValue<Double>?,
         write: @escaping @Sendable (inout Scenario, DatedValue<Double>) -> String?) {
        self.path = path
        self.quantity = quantity
        self.isDated = dated
        self.read = read
        self.write = write
    }

    /// The key as a level grown at `growth` between its knots.
    func growing(with growth: @escaping @Sendable (Scenario) -> DatedValue<Double>?) -> NumericKey {
        var k = self
        k.growth = growth
        return k
    }

    public var description: String { path }
    public static func == (a: NumericKey, b: NumericKey) -> Bool { a.path == b.path }
    public func hash(into h: inout Hasher) { h.combine(path) }

    /// What the key accepts, for messages: "a rate between 0 and 1 (e.g. 0.08 or 8%)".
    public var expected: String { quantity.expected }

    /// `scenario` with the key set to `value` (in the file's unit for money), or why it cannot be.
    public func setting(_ value: Double, in scenario: Scenario) -> Result<Scenario, NumericKeyError> {
        let v = quantity == .money ? value * scenario.unit.yuanPerUnit : value
        guard quantity.accepts(v) else {
            return .failure(NumericKeyError(key: path, expected: quantity.expected, found: plainDecimal(value)))
        }
        return setting(series: DatedValue(v), in: scenario, shown: plainDecimal(value))
    }

    /// The key's current series in `scenario` (money in 元), nil when the scenario does not give it.
    public func series(in scenario: Scenario) -> DatedValue<Double>? { read(scenario) }

    /// `scenario` with the key set to `series` (money in 元), every knot checked against the key's range.
    public func setting(series: DatedValue<Double>, in scenario: Scenario, shown: String? = nil) -> Result<Scenario, NumericKeyError> {
        if let bad = series.knots.first(where: { !quantity.accepts($0.value) }) {
            let y = bad.year == Int.min ? "" : " in \(bad.year)"
            return .failure(NumericKeyError(key: path, expected: quantity.expected, found: plainDecimal(bad.value) + y))
        }
        var s = scenario
        if let problem = write(&s, series) {
            return .failure(NumericKeyError(key: path, expected: problem, found: shown ?? plainDecimal(series.value(in: scenario.baseYear + 1))))
        }
        return .success(s)
    }

    /// The values the key accepts when they form a bounded range of rates or ratios (a default search
    /// bracket for goal seek); nil for counts and amounts.
    public var bounds: ClosedRange<Double>? {
        switch quantity {
        case .rate: return 0...1
        case .growth: return -0.5...0.5
        case .interestRate: return 0...0.2
        case .improvement: return -0.1...0.1
        case .fertility: return 0...10
        default: return nil
        }
    }

    /// What a value of the key measures, for reports.
    public enum Measure: Sendable, Equatable {
        /// A fraction (rates, shares, growth rates).
        case rate
        /// An amount in the scenario's unit.
        case money
        /// 元 per person a year.
        case moneyPerHead
        case persons
        /// Any other number (births per woman, multipliers, months, years).
        case number
    }

    /// What the key's values are measured in, as the resolved parameters name it (万元 for money in
    /// `money`, 比率, 孩次/妇女, 倍; empty for a plain count of years or a volatility).
    public func unitName(money: MoneyUnit) -> String { ScenarioLoader.unitName(quantity, money: money) }

    public var measure: Measure {
        switch quantity {
        case .rate, .growth, .interestRate, .improvement: return .rate
        case .money: return .money
        case .moneyPerHead: return .moneyPerHead
        case .count, .signed: return .persons
        case .positiveRatio, .nonNegative, .fertility, .persistence, .volatility, .correlation: return .number
        }
    }

    /// A value of the key typed on the command line (`--vary` and `--between` ends): a plain number,
    /// or for a rate `8%` as `--set` reads it (scaled by 10⁻²). Nil: not a finite number.
    public func commandLineValue(_ text: String) -> Double? {
        guard case .success(let x) = NumberText.parse(text, money: false, percent: measure == .rate), x.isFinite else { return nil }
        return x
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

    /// How a stored field holds a key: a dated series, an optional one, a single number or an optional number.
    struct Codec<V>: Sendable {
        let wrap: @Sendable (DatedValue<Double>, Int) -> V
        let unwrap: @Sendable (V) -> DatedValue<Double>?
        let dated: Bool
    }
    static var dated: Codec<DatedValue<Double>> { Codec(wrap: { d, _ in d }, unwrap: { $0 }, dated: true) }
    static var optionalDated: Codec<DatedValue<Double>?> { Codec(wrap: { d, _ in d }, unwrap: { $0 }, dated: true) }
    static var plain: Codec<Double> { Codec(wrap: { d, base in d.value(in: base) }, unwrap: { DatedValue($0) }, dated: false) }
    static var optionalPlain: Codec<Double?> { Codec(wrap: { d, base in d.value(in: base) }, unwrap: { $0.map { DatedValue($0) } }, dated: false) }

    private static func key<V>(_ path: String, _ q: Quantity, _ kp: WritableKeyPath<Scenario, V>, _ codec: Codec<V>,
                               then: (@Sendable (inout Scenario) -> String?)? = nil) -> NumericKey {
        nonisolated(unsafe) let kp = kp
        return NumericKey(path, q, dated: codec.dated, read: { codec.unwrap($0[keyPath: kp]) },
                          write: { s, d in s[keyPath: kp] = codec.wrap(d, s.baseYear); return then?(&s) })
    }

    private static func employee<V>(_ path: String, _ q: Quantity, _ kp: WritableKeyPath<EmployeeScheme, V>, _ codec: Codec<V>) -> NumericKey {
        nonisolated(unsafe) let kp = kp
        return NumericKey("employee." + path, q, dated: codec.dated, read: { s in s.employee.flatMap { codec.unwrap($0[keyPath: kp]) } }, write: { s, d in
            guard s.employee != nil else { return noEmployee }
            s.employee![keyPath: kp] = codec.wrap(d, s.baseYear)
            return nil
        })
    }

    private static func resident<V>(_ path: String, _ q: Quantity, _ kp: WritableKeyPath<ResidentScheme, V>, _ codec: Codec<V>) -> NumericKey {
        nonisolated(unsafe) let kp = kp
        return NumericKey("resident." + path, q, dated: codec.dated, read: { s in s.resident.flatMap { codec.unwrap($0[keyPath: kp]) } }, write: { s, d in
            guard s.resident != nil else { return noResident }
            s.resident![keyPath: kp] = codec.wrap(d, s.baseYear)
            return nil
        })
    }

    private static func membership<V>(_ path: String, _ q: Quantity, _ kp: WritableKeyPath<MembershipSettings, V>, _ codec: Codec<V>,
                                      check: (@Sendable (MembershipSettings) -> String?)? = nil) -> NumericKey {
        key("membership." + path, q, (\Scenario.membership as WritableKeyPath<Scenario, MembershipSettings>).appending(path: kp), codec, then: { s in check?(s.membership) })
    }

    static let assumptionKeys: [NumericKey] = [
        key("assumptions.wage_growth", .growth, \.assumptions.wageGrowth, dated),
        // Giving medical_inflation makes it the whole cost growth, as in a file (an override).
        key("assumptions.medical_inflation", .growth, \.assumptions.medicalInflation, dated) { s in s.assumptions.costGrowthModel = .medicalInflation; return nil },
        key("assumptions.interest_rate", .interestRate, \.assumptions.interestRate, dated),
        key("assumptions.excess_cost_growth", .growth, \.assumptions.excessCostGrowth, dated),
        key("assumptions.utilisation_trend", .growth, \.assumptions.utilisationTrend, dated),
    ]

    static let populationKeys: [NumericKey] = [
        key("population.total", .count, \.population.total, optionalPlain),
        key("population.growth", .growth, \.population.growth, dated),
        key("population.tfr", .fertility, \.population.tfr, optionalDated),
        key("population.sex_ratio_at_birth", .positiveRatio, \.population.sexRatioAtBirth, optionalDated),
        key("population.net_migration", .signed, \.population.netMigration, optionalDated),
        key("population.mortality_improvement", .improvement, \.population.mortalityImprovement, optionalDated),
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
        employee("active", .count, \.active, dated).growing { $0.employee?.activeGrowth },
        employee("retired", .count, \.retired, dated).growing { $0.employee?.retiredGrowth },
        NumericKey("employee.payers", .count, read: { $0.employee?.payers ?? $0.employee?.active }, write: { s, d in
            guard let e = s.employee else { return noEmployee }
            let active = e.active.value(in: s.baseYear)
            guard d.value(in: s.baseYear) <= active else { return "at most the \(wholeNumber(active)) active members (payers are actives who pay)" }
            s.employee!.payers = d
            return nil
        }).growing { $0.employee?.activeGrowth },
        employee("active_growth", .growth, \.activeGrowth, dated),
        employee("retired_growth", .growth, \.retiredGrowth, dated),
        NumericKey("employee.average_base", .moneyPerHead, read: { $0.employee?.financing.averageWage == nil ? $0.employee?.averageBase : nil }, write: { s, d in
            guard s.employee != nil else { return noEmployee }
            guard s.employee!.financing.averageWage == nil else { return "average_wage, which this scenario gives instead of average_base" }
            s.employee!.averageBase = d
            return nil
        }).growing { $0.assumptions.wageGrowth },
        NumericKey("employee.average_wage", .moneyPerHead, read: { $0.employee?.financing.averageWage }, write: { s, d in
            guard s.employee != nil else { return noEmployee }
            guard s.employee!.financing.averageWage != nil else { return "average_base, which this scenario gives instead of average_wage" }
            s.employee!.financing.averageWage = d
            s.employee!.averageBase = d
            return nil
        }).growing { $0.assumptions.wageGrowth },
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
        resident("insured", .count, \.insured, dated).growing { $0.resident?.insuredGrowth },
        resident("insured_growth", .growth, \.insuredGrowth, dated),
        resident("subsidy_per_capita", .moneyPerHead, \.subsidyPerCapita, dated).growing { $0.resident?.perCapitaGrowth },
        resident("individual_per_capita", .moneyPerHead, \.individualPerCapita, dated).growing { $0.resident?.perCapitaGrowth },
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
