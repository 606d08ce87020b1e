/// Decoding of the finance keys added for spending and accounts (personal-account reform, cost
/// curves, price × utilisation, deficit cover). Kept apart from ``ScenarioDecoder``'s main file so
/// the two grow independently.
extension ScenarioDecoder {
    /// `employee.personal_account.reform: {year, active_rate_cap, retiree_pension_share, average_pension, pension_growth, outpatient_phase_in_years}`,
    /// or `none` (a variant that extends a reformed scenario and keeps the pre-reform rules).
    static func decodeReform(_ parent: MappingReader) -> PersonalAccountReform? {
        if case .scalar(let text, _, _)? = parent.node("reform"), text == "none" { return nil }
        let r = parent.child("reform")
        guard r.isPresent else { r.finish(); return nil }
        defer { r.finish() }
        let year = r.require(r.integer("year", in: 1990...2100), "year", example: "2023 (the area's first year under 国办发〔2021〕14号)")
        let pension = r.require(r.dated("average_pension", .moneyPerHead), "average_pension",
                                example: "42000 (元 a year: the area's average basic pension of retired employees)")
        guard let year, let pension else { return nil }
        return PersonalAccountReform(
            year: year,
            activeRateCap: r.number("active_rate_cap", .rate) ?? PersonalAccountReform.defaultActiveRateCap,
            retireePensionShare: r.number("retiree_pension_share", .rate) ?? PersonalAccountReform.defaultRetireePensionShare,
            averagePension: pension,
            pensionGrowth: r.dated("pension_growth", .growth) ?? DatedValue(0),
            outpatientPhaseInYears: r.integer("outpatient_phase_in_years", in: 1...20) ?? 1)
    }

    /// `costs: {curve: korea | japan | flat, inpatient: {active: FILE, retired: FILE, resident: FILE}, …}`.
    static func decodeCosts(_ r: MappingReader) -> CostSettings {
        defer { r.finish() }
        var settings = CostSettings.defaults
        if let name = r.string("curve") {
            if let shape = CostSettings.Shape(rawValue: name) {
                settings.shape = shape
            } else if let n = r.node("curve") {
                r.context.issues.append(ScenarioIssue(location: n.location, key: r.keyPath("curve"), expected: "korea, japan or flat", found: "'\(name)'",
                                                      suggestion: closestMatch(to: name, in: CostSettings.Shape.allCases.map(\.rawValue))))
            }
        }
        let positive: (Double) -> Bool = { $0 >= 0 }
        for category in CostCategory.allCases where r.has(category.rawValue) {
            let c = r.child(category.rawValue)
            defer { c.finish() }
            settings.categoryProfiles[category] = StateCostProfiles(
                active: c.table("active", column: "relative_cost", expected: "a relative cost ≥ 0", accepts: positive),
                retired: c.table("retired", column: "relative_cost", expected: "a relative cost ≥ 0", accepts: positive),
                resident: c.table("resident", column: "relative_cost", expected: "a relative cost ≥ 0", accepts: positive))
        }
        return settings
    }

    /// The cost-growth keys of `assumptions`: `excess_cost_growth`, `utilisation_trend`,
    /// `utilisation_trend_by_age: {0: 0, 65: 0.01}`. With `medical_inflation` given, that one rate is
    /// the whole growth (an override) and these are not used.
    static func decodeCostGrowth(_ r: MappingReader, into a: inout Assumptions) {
        a.costGrowthModel = r.has("medical_inflation") ? .medicalInflation : .priceAndUtilisation
        a.excessCostGrowth = r.dated("excess_cost_growth", .growth) ?? a.excessCostGrowth
        a.utilisationTrend = r.dated("utilisation_trend", .growth) ?? a.utilisationTrend
        a.utilisationTrendByAge = ageBands(r, "utilisation_trend_by_age", .growth)
    }

    /// `{0: 0.0, 65: 0.01}`: values by the first age of each band.
    static func ageBands(_ r: MappingReader, _ key: String, _ quantity: Quantity) -> DatedValue<Double>? {
        guard let node = r.node(key) else { return nil }
        guard case .mapping(let pairs, _) = node, !pairs.isEmpty else {
            r.context.report(node.location, r.keyPath(key), expected: "a mapping of first ages to values, e.g. {0: 0.0, 65: 0.01}", found: node.found)
            return nil
        }
        var knots: [(year: Int, value: Double)] = []
        for pair in pairs {
            guard let age = Int(pair.key), (0...AgeSex.maximumAge).contains(age) else {
                r.context.issues.append(ScenarioIssue(location: pair.keyLocation, key: "\(r.keyPath(key)).\(pair.key)", expected: "an age 0…100", found: "'\(pair.key)'"))
                continue
            }
            if let v = r.context.number(pair.value, path: "\(r.keyPath(key)).\(age)", quantity) { knots.append((age, v)) }
        }
        return knots.isEmpty ? nil : DatedValue(knots: knots)
    }

    /// `employee.maternity: {per_birth: 元} | {base_year_spending: amount}`.
    static func decodeMaternity(_ r: MappingReader) -> MaternityBenefit? {
        guard r.isPresent else { r.finish(); return nil }
        defer { r.finish() }
        let perBirth = r.number("per_birth", .moneyPerHead)
        let spending = r.number("base_year_spending", .money)
        if perBirth == nil, spending == nil {
            r.contextReport(key: "", expected: "per_birth (元 a birth to an insured woman) or base_year_spending (reported maternity spending)")
            return nil
        }
        if perBirth != nil, spending != nil {
            r.contextReport(key: "base_year_spending", expected: "per_birth or base_year_spending, not both", found: "both")
            return nil
        }
        return MaternityBenefit(perBirth: perBirth, baseYearSpending: spending)
    }

    /// `deficit_cover: {adjustment_fund: amount a year, fiscal_subsidy: amount a year | unlimited}`.
    static func decodeDeficitCover(_ r: MappingReader) -> DeficitCoverRules {
        defer { r.finish() }
        var rules = DeficitCoverRules.none
        rules.adjustmentFundCap = r.dated("adjustment_fund", .money) ?? rules.adjustmentFundCap
        if case .scalar(let text, _, _)? = r.node("fiscal_subsidy"), text == "unlimited" {
            rules.fiscalCap = DatedValue(.infinity)
        } else {
            rules.fiscalCap = r.dated("fiscal_subsidy", .money) ?? rules.fiscalCap
        }
        return rules
    }
}
