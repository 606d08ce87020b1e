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
}
