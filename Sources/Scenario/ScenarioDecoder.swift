/// Turns a merged scenario tree into a typed ``Scenario``, checking every key and range.
/// The tree's `extends` and `history` keys have already been resolved by ``ScenarioLoader``.
enum ScenarioDecoder {
    /// Longest projection the model accepts, in years after the base year.
    static let maximumHorizonYears = 100
    /// Default projection length (MODEL.md: horizon default t0+35).
    static let defaultHorizonYears = 35

    static func decode(_ tree: SourceNode, file: String, history: [HistoryRecord]) throws(ScenarioError) -> Scenario {
        let context = DecodingContext(file: file)
        let root = MappingReader(tree, path: "", context: context)

        if let unitText = root.string("unit") {
            if let unit = MoneyUnit(parsing: unitText) {
                context.unit = unit
            } else if let n = root.node("unit") {
                context.report(n.location, "unit", expected: "元, 万元 or 亿元", found: "'\(unitText)'")
            }
        }
        _ = root.has("extends") // resolved by the loader
        _ = root.has("history")
        let name = root.string("name") ?? file
        let region = root.string("region") ?? name
        let baseYear = root.integer("base_year", in: 1990...2100)
        if baseYear == nil, !root.has("base_year") {
            context.report(root.location, "base_year", expected: "the last year with actual figures, e.g. base_year: 2024", found: "no base_year")
        }
        var horizon = root.integer("horizon", in: 1991...2200)
        if let b = baseYear, let h = horizon, let n = root.node("horizon") {
            if h <= b {
                context.report(n.location, "horizon", expected: "a year after base_year \(b)", found: "\(h)")
                horizon = nil
            } else if h - b > maximumHorizonYears {
                context.report(n.location, "horizon", expected: "at most \(maximumHorizonYears) years after base_year \(b)", found: "\(h)")
                horizon = nil
            }
        }

        let assumptions = decodeAssumptions(root.child("assumptions"))
        let population = decodePopulation(root.child("population"))
        let employee = root.has("employee") ? decodeEmployee(root.child("employee")) : nil
        let resident = root.has("resident") ? decodeResident(root.child("resident")) : nil
        if !root.has("employee"), !root.has("resident") {
            context.report(root.location, "employee/resident", expected: "at least one scheme (employee: or resident:)", found: "neither")
        }
        let warnings = decodeWarnings(root.child("warnings"))
        root.finish()

        guard context.issues.isEmpty, let baseYear, let assumptions, let population, let warnings,
              employee.map({ $0 != nil }) ?? true, resident.map({ $0 != nil }) ?? true
        else {
            throw ScenarioError(context.issues.isEmpty
                ? [ScenarioIssue(location: SourceLocation(file: file), key: "", expected: "a complete scenario", found: "missing values")]
                : context.issues)
        }
        return Scenario(
            name: name, region: region, source: file, baseYear: baseYear,
            horizon: horizon ?? baseYear + defaultHorizonYears, unit: context.unit,
            assumptions: assumptions, population: population,
            employee: employee ?? nil, resident: resident ?? nil,
            warnings: warnings, history: history)
    }

    private static func decodeAssumptions(_ r: MappingReader) -> Assumptions? {
        defer { r.finish() }
        let n = Assumptions.neutral
        return Assumptions(
            wageGrowth: r.dated("wage_growth", .growth) ?? n.wageGrowth,
            medicalInflation: r.dated("medical_inflation", .growth) ?? n.medicalInflation,
            interestRate: r.dated("interest_rate", .rate) ?? n.interestRate)
    }

    private static func decodePopulation(_ r: MappingReader) -> PopulationSettings? {
        defer { r.finish() }
        return PopulationSettings(
            total: r.number("total", .count),
            growth: r.dated("growth", .growth) ?? DatedValue(0),
            tfr: r.dated("tfr", .nonNegative),
            netMigration: r.dated("net_migration", .signed),
            ageSexFile: r.string("age_sex"),
            retirementSchedule: r.string("retirement_schedule"))
    }

    /// A required value: reports its absence with an example.
    private static func required<T>(_ value: T?, _ r: MappingReader, _ key: String, example: String) -> T? {
        if value == nil, !r.has(key) {
            r.contextReport(key: key, expected: "a value, e.g. \(key): \(example)")
        }
        return value
    }

    private static func decodeEmployee(_ r: MappingReader) -> EmployeeScheme? {
        defer { r.finish() }
        let active = required(r.dated("active", .count), r, "active", example: "328500")
        let retired = required(r.dated("retired", .count), r, "retired", example: "147900")
        let averageBase = required(r.dated("average_base", .moneyPerHead), r, "average_base", example: "98000")
        let employerRate = required(r.dated("employer_rate", .rate), r, "employer_rate", example: "0.08")
        let employeeRate = r.dated("employee_rate", .rate) ?? DatedValue(0.02)
        let pa = r.child("personal_account")
        let shareToPA = pa.dated("employer_share_to_pa", .rate) ?? DatedValue(0)
        let retireeAllocation = pa.dated("retiree_allocation", .moneyPerHead) ?? DatedValue(0)
        pa.finish()
        let actuals = r.child("base_year_actuals")
        let employeeActuals = EmployeeActuals(
            pooledIncome: actuals.number("pooled_income", .money),
            pooledExpenditure: actuals.number("pooled_expenditure", .money),
            personalAccountIncome: actuals.number("pa_income", .money),
            personalAccountExpenditure: actuals.number("pa_expenditure", .money))
        actuals.finish()
        let balance = r.child("balance")
        let pooledBalance = balance.number("pooled", .money)
        let paBalance = balance.number("personal_account", .money)
        balance.finish()
        let scheme = EmployeeScheme(
            active: active ?? DatedValue(0), retired: retired ?? DatedValue(0),
            payers: r.dated("payers", .count),
            activeGrowth: r.dated("active_growth", .growth) ?? DatedValue(0),
            retiredGrowth: r.dated("retired_growth", .growth) ?? DatedValue(0),
            averageBase: averageBase ?? DatedValue(0),
            employerRate: employerRate ?? DatedValue(0), employeeRate: employeeRate,
            collectionRate: r.dated("collection_rate", .rate) ?? DatedValue(1),
            employerShareToPersonalAccount: shareToPA, retireeAllocation: retireeAllocation,
            retireeCostRatio: r.dated("retiree_cost_ratio", .positiveRatio) ?? DatedValue(EmployeeDefaults.retireeCostRatio),
            fiscalSubsidy: r.dated("fiscal_subsidy", .money) ?? DatedValue(0),
            otherIncome: r.dated("other_income", .money) ?? DatedValue(0),
            baseYearActuals: employeeActuals, pooledBalance: pooledBalance, personalAccountBalance: paBalance)
        guard active != nil, retired != nil, averageBase != nil, employerRate != nil else { return nil }
        return scheme
    }

    private static func decodeResident(_ r: MappingReader) -> ResidentScheme? {
        defer { r.finish() }
        let insured = required(r.dated("insured", .count), r, "insured", example: "2000000")
        let subsidy = required(r.dated("subsidy_per_capita", .moneyPerHead), r, "subsidy_per_capita", example: "{2024: 670, 2025: 700}")
        let individual = required(r.dated("individual_per_capita", .moneyPerHead), r, "individual_per_capita", example: "{2024: 400}")
        let actuals = r.child("base_year_actuals")
        let income = actuals.number("income", .money)
        let expenditure = actuals.number("expenditure", .money)
        actuals.finish()
        let scheme = ResidentScheme(
            insured: insured ?? DatedValue(0), insuredGrowth: r.dated("insured_growth", .growth) ?? DatedValue(0),
            subsidyPerCapita: subsidy ?? DatedValue(0), individualPerCapita: individual ?? DatedValue(0),
            perCapitaGrowth: r.dated("per_capita_growth", .growth) ?? DatedValue(0),
            collectionRate: r.dated("collection_rate", .rate) ?? DatedValue(1),
            otherIncome: r.dated("other_income", .money) ?? DatedValue(0),
            baseYearIncome: income, baseYearExpenditure: expenditure,
            balance: r.number("balance", .money))
        guard insured != nil, subsidy != nil, individual != nil else { return nil }
        return scheme
    }

    private static func decodeWarnings(_ r: MappingReader) -> WarningThresholds? {
        defer { r.finish() }
        var t = WarningThresholds.defaults
        let months = r.child("months_payable")
        t.monthsPayableRed = months.number("red", .nonNegative) ?? t.monthsPayableRed
        t.monthsPayableOrange = months.number("orange", .nonNegative) ?? t.monthsPayableOrange
        t.monthsPayableExcess = months.number("excess", .nonNegative) ?? t.monthsPayableExcess
        if t.monthsPayableRed > t.monthsPayableOrange || t.monthsPayableOrange > t.monthsPayableExcess {
            months.contextReport(key: "", expected: "red ≤ orange ≤ excess",
                                 found: "red \(t.monthsPayableRed), orange \(t.monthsPayableOrange), excess \(t.monthsPayableExcess)")
        }
        months.finish()
        let resident = r.child("resident")
        t.residentSurplusRate = resident.number("surplus_rate", .rate) ?? t.residentSurplusRate
        t.residentBalanceShare = resident.number("balance_share", .nonNegative) ?? t.residentBalanceShare
        t.residentMonthsPayableRed = resident.number("months_payable_red", .nonNegative) ?? t.residentMonthsPayableRed
        resident.finish()
        let dependency = r.child("dependency_ratio")
        t.dependencyYellow = dependency.number("yellow", .nonNegative) ?? t.dependencyYellow
        t.dependencyOrange = dependency.number("orange", .nonNegative) ?? t.dependencyOrange
        dependency.finish()
        let gap = r.child("growth_gap")
        t.growthGap = gap.number("points", .rate) ?? t.growthGap
        t.growthGapYears = gap.integer("years", in: 1...50) ?? t.growthGapYears
        gap.finish()
        t.depletionAlertYears = r.integer("depletion_alert_years", in: 0...100) ?? t.depletionAlertYears
        return t
    }
}

/// Defaults of the employee scheme that are not neutral, each with its source.
public enum EmployeeDefaults {
    /// Pooled-fund cost of a retiree relative to an active member, ≈ 4.0: the ratio of the national
    /// 2021 hospitalisation rates of retirees and actives (39.5 % / 9.9 %, 2021 national medical-security
    /// statistical bulletin, ../shared/data/README.md), used as a proxy for the cost ratio in the
    /// aggregate model until age-sex cost profiles replace it.
    public static let retireeCostRatio = 39.5 / 9.9
}

extension MappingReader {
    func contextReport(key: String, expected: String, found: String = "nothing") {
        context.issues.append(ScenarioIssue(location: location, key: key.isEmpty ? path : keyPath(key), expected: expected, found: found))
    }
}
