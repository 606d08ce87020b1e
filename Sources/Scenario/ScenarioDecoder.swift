/// Turns a merged scenario tree into a typed ``Scenario``, checking every key and range.
/// The tree's `extends` and `history` keys have already been resolved by ``ScenarioLoader``.
enum ScenarioDecoder {
    /// Longest projection the model accepts, in years after the base year.
    static let maximumHorizonYears = 100
    /// Default projection length: 75 years, the long-range period of the US Social Security and
    /// Medicare Trustees' reports, where the demography supports it (``defaultHorizon(baseYear:)``).
    static let defaultHorizonYears = 75
    /// Last year of the embedded demography's projection inputs (UN WPP 2024 medium variant, 2100).
    static let demographyLastYear = 2100

    /// `t0 + 75`, but not beyond the last year of the UN projections the population model uses
    /// (and at least 35 years, the earlier default, where that still fits in the accepted range).
    static func defaultHorizon(baseYear: Int) -> Int {
        max(min(baseYear + defaultHorizonYears, demographyLastYear), baseYear + 35)
    }

    static func decode(_ tree: SourceNode, file: String, displayNames: [String: String] = [:]) throws(ScenarioError) -> Scenario {
        try decode(tree, file: file, displayNames: displayNames, context: DecodingContext(file: file))
    }

    /// Decodes into a given context, which keeps what each key meant (``ResolvedScenario`` reads its units).
    static func decode(_ tree: SourceNode, file: String, displayNames: [String: String], context: DecodingContext) throws(ScenarioError) -> Scenario {
        context.displayNames = displayNames
        let root = MappingReader(tree, path: "", context: context)

        if let unitText = root.string("unit") {
            if let unit = MoneyUnit(parsing: unitText) {
                context.unit = unit
            } else if let n = root.node("unit") {
                context.report(n.location, "unit", expected: "元, 万元 or 亿元", found: "'\(unitText)'")
            }
        }
        _ = root.has("extends") // resolved by the loader
        // 市级统筹: district scenarios, loaded by the loader (paths relative to this file, inside its folder).
        var districtFiles: [DistrictFile] = []
        if let node = root.node("districts") {
            if case .sequence(let items, _) = node, !items.isEmpty {
                for (i, item) in items.enumerated() {
                    guard case .scalar(let path, let loc, _) = item, !path.isEmpty else {
                        context.report(item.location, "districts[\(i)]", expected: "a path to a district scenario file", found: item.found)
                        continue
                    }
                    districtFiles.append(DistrictFile(path: path, location: loc))
                }
            } else {
                let found: String = if case .sequence = node { "an empty list (leave districts out for a scenario without districts)" } else { node.found }
                context.report(node.location, "districts", expected: "a list of district scenario files, e.g. [a.yaml, b.yaml]", found: found)
            }
        }
        var history: [HistoryRecord] = []
        if let node = root.node("history"), let text = context.readFile(node, key: "history") {
            do {
                history = try HistoryRecord.parse(csv: text, file: context.display(node))
            } catch {
                context.issues += error.issues
            }
        }
        // Names are printed as titles: control characters (terminal escapes, NUL) are dropped.
        let name = strippingControlCharacters(root.string("name") ?? file)
        let region = strippingControlCharacters(root.string("region") ?? name)
        let baseYear = root.require(root.integer("base_year", in: 1990...2100), "base_year", example: "2024 (the last year with actual figures)")
        context.baseYear = baseYear
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
        var membership = decodeMembership(root.child("membership"))
        if root.child("membership").string("model") == nil, population?.total == nil {
            membership.model = .aggregate // without a population there is nothing to place members on
        }
        let employee = root.has("employee") ? decodeEmployee(root.child("employee")) : nil
        let resident = root.has("resident") ? decodeResident(root.child("resident")) : nil
        if !root.has("employee"), !root.has("resident") {
            context.report(root.location, "employee/resident", expected: "at least one scheme (employee: or resident:)", found: "neither")
        }
        var warnings = decodeWarnings(root.child("warnings"))
        warnings?.sources = thresholdSources(tree)
        let costs = decodeCosts(root.child("costs"))
        var execution = decodeExecution(root.child("execution"))
        execution.completionToleranceSource = citedSource("execution.completion_tolerance", in: tree)
        let stochastic = decodeStochastic(root.child("stochastic"))
        if root.has("sources") { ParameterSources.check(tree, context: context) }
        root.finish()

        if membership.model == .cohort, population?.total == nil {
            context.report(root.location, "population.total",
                           expected: "the area's population (the age-structured model scales the age-sex structure to it), or membership: {model: aggregate}",
                           found: "no population.total")
        }
        if membership.model == .cohort, let e = root.node("employee") {
            let employee = MappingReader(e, path: "employee", context: DecodingContext(file: file))
            for key in ["active_growth", "retired_growth"] where employee.has(key) {
                context.report(employee.location, "employee.\(key)", expected: "no growth rate: the age-structured model projects members from the population; use membership: {model: aggregate} to project by growth rates", found: "\(key)")
            }
        }
        if membership.model == .cohort, let base = baseYear {
            // The age-structured model places base-year counts and projects them; later counts would be ignored.
            let counts: [(String, DatedValue<Double>?)] = [
                ("employee.active", employee?.active), ("employee.retired", employee?.retired),
                ("employee.payers", employee?.payers ?? nil), ("resident.insured", resident?.insured),
            ]
            for (key, value) in counts {
                if let later = value?.knots.first(where: { $0.year > base }) {
                    context.report(root.location, key, expected: "a base-year count only: the age-structured model projects members from the population (use membership: {model: aggregate} to give later years' counts)",
                                   found: "a count for \(later.year)")
                }
            }
        }
        guard context.issues.isEmpty, let baseYear, let assumptions, let population, let warnings else {
            throw ScenarioError(context.issues.isEmpty
                ? [ScenarioIssue(location: SourceLocation(file: file), key: "", expected: "a complete scenario", found: "missing values")]
                : context.issues)
        }
        var scenario = Scenario(
            name: name, region: region, source: escapingControlCharacters(file), baseYear: baseYear,
            horizon: horizon ?? defaultHorizon(baseYear: baseYear), unit: context.unit,
            assumptions: assumptions, population: population, membership: membership,
            employee: employee ?? nil, resident: resident ?? nil,
            warnings: warnings, history: history, costs: costs, stochastic: stochastic, districtFiles: districtFiles)
        scenario.execution = execution
        return scenario
    }

    private static func decodeAssumptions(_ r: MappingReader) -> Assumptions? {
        defer { r.finish() }
        let n = Assumptions.neutral
        var a = Assumptions(
            wageGrowth: r.dated("wage_growth", .growth) ?? n.wageGrowth,
            medicalInflation: r.dated("medical_inflation", .growth) ?? n.medicalInflation,
            interestRate: r.dated("interest_rate", .interestRate) ?? n.interestRate)
        decodeCostGrowth(r, into: &a)
        return a
    }

    private static func decodePopulation(_ r: MappingReader) -> PopulationSettings? {
        defer { r.finish() }
        return PopulationSettings(
            total: r.number("total", .count),
            growth: r.dated("growth", .growth) ?? DatedValue(0),
            tfr: r.dated("tfr", .fertility),
            sexRatioAtBirth: r.dated("sex_ratio_at_birth", .positiveRatio),
            netMigration: r.dated("net_migration", .signed),
            mortalityImprovement: r.dated("mortality_improvement", .improvement),
            ageSexCounts: r.table("age_sex", column: "count", expected: "a count ≥ 0") { $0 >= 0 },
            lifeTable: r.table("life_table", column: "qx", expected: "a probability of dying between 0 and 1") { $0 >= 0 && $0 <= 1 },
            migrationProfile: r.table("migration_profile", column: "share", expected: "a share ≥ 0") { $0 >= 0 }.map { t in
                let sum = t.values.reduce(0, +)
                return AgeSexTable(values: t.values.map { sum > 0 ? $0 / sum : 0 })
            },
            retirementSchedule: decodeSchedule(r))
    }

    /// `retirement_schedule: china-2025 | pre-2025 | {male: {age, from_birth_year, months_per_step, max_delay_months}, female_cadre: …, female_worker: …}`.
    private static func decodeSchedule(_ r: MappingReader) -> RetirementSchedule {
        guard let node = r.node("retirement_schedule") else { return .china2025 }
        if case .scalar(let name, let loc, _) = node {
            if let schedule = RetirementSchedule.named[name] { return schedule }
            r.context.issues.append(ScenarioIssue(location: loc, key: r.keyPath("retirement_schedule"),
                                                  expected: "china-2025, pre-2025 or a custom schedule {male: …, female_cadre: …, female_worker: …}",
                                                  found: "'\(name)'", suggestion: closestMatch(to: name, in: RetirementSchedule.named.keys.sorted())))
            return .china2025
        }
        let s = MappingReader(node, path: r.keyPath("retirement_schedule"), context: r.context)
        defer { s.finish() }
        func rule(_ key: String, _ fallback: RetirementRule) -> RetirementRule {
            guard s.has(key) else { return fallback }
            let g = s.child(key)
            defer { g.finish() }
            return RetirementRule(
                baseAge: g.require(g.integer("age", in: 40...75), "age", example: "60") ?? fallback.baseAge,
                fromBirthYear: g.integer("from_birth_year", in: 1900...2100),
                monthsPerStep: g.integer("months_per_step", in: 1...120) ?? 1,
                maxDelayMonths: g.integer("max_delay_months", in: 0...240) ?? 0)
        }
        let base = RetirementSchedule.pre2025
        return RetirementSchedule(name: "custom", male: rule("male", base.male),
                                  femaleCadre: rule("female_cadre", base.femaleCadre), femaleWorker: rule("female_worker", base.femaleWorker))
    }

    private static func decodeMembership(_ r: MappingReader) -> MembershipSettings {
        defer { r.finish() }
        var m = MembershipSettings.defaults
        if let model = r.string("model") {
            if let parsed = MembershipSettings.Model(rawValue: model) {
                m.model = parsed
            } else if let n = r.node("model") {
                r.context.issues.append(ScenarioIssue(location: n.location, key: r.keyPath("model"), expected: "cohort or aggregate", found: "'\(model)'",
                                                      suggestion: closestMatch(to: model, in: ["cohort", "aggregate"])))
            }
        }
        m.femaleCadreShare = r.number("female_cadre_share", .rate) ?? m.femaleCadreShare
        m.minimumYearsMetShare = r.dated("minimum_years_met_share", .rate) ?? m.minimumYearsMetShare
        m.buyInShare = r.dated("buy_in_share", .rate) ?? m.buyInShare
        m.buyInYears = r.dated("buy_in_years", .nonNegative) ?? m.buyInYears
        m.lapseRate = r.dated("lapse_rate", .rate) ?? m.lapseRate
        m.switchRate = r.dated("switch_rate", .rate) ?? m.switchRate
        m.activeCoverage = r.dated("active_coverage", .positiveRatio) ?? m.activeCoverage
        m.residentCoverage = r.dated("resident_coverage", .positiveRatio) ?? m.residentCoverage
        m.activeCoverageTrend = r.dated("active_coverage_trend", .growth)
        m.coverageTrendDamping = r.number("coverage_trend_damping", .rate) ?? m.coverageTrendDamping
        m.residentPremiumElasticity = r.number("resident_premium_elasticity", .nonNegative) ?? m.residentPremiumElasticity
        if let age = r.number("full_coverage_age", .nonNegative) {
            if age == age.rounded(), (17...40).contains(age) {
                m.fullCoverageAge = Int(age)
            } else {
                r.contextReport(key: "full_coverage_age", expected: "a whole age from 17 to 40 (cohorts enter over ages 16 to it)", found: "\(age)")
            }
        }
        m.earlyRetirementShare = r.number("early_retirement_share", .rate) ?? m.earlyRetirementShare
        m.lateRetirementShare = r.number("late_retirement_share", .rate) ?? m.lateRetirementShare
        let early = m.earlyRetirementShare, late = m.lateRetirementShare
        if early + late > 1 {
            r.contextReport(key: "late_retirement_share", expected: "early_retirement_share + late_retirement_share at most 1", found: "\(early) + \(late)")
        }
        let costs = r.child("cost_profile")
        let positive: (Double) -> Bool = { $0 >= 0 }
        m.activeCostProfile = costs.table("active", column: "relative_cost", expected: "a relative cost ≥ 0", accepts: positive)
        m.retiredCostProfile = costs.table("retired", column: "relative_cost", expected: "a relative cost ≥ 0", accepts: positive)
        m.residentCostProfile = costs.table("resident", column: "relative_cost", expected: "a relative cost ≥ 0", accepts: positive)
        costs.finish()
        return m
    }

    private static func decodeEmployee(_ r: MappingReader) -> EmployeeScheme? {
        defer { r.finish() }
        let active = r.require(r.dated("active", .count), "active", example: "328500")
        let retired = r.require(r.dated("retired", .count), "retired", example: "147900")
        // average_wage (社平工资) derives every base from wages with base_floor and base_ceiling, so it
        // cannot stand beside average_base: one of the two is given, never both (neither silently wins).
        let averageWage = r.dated("average_wage", .moneyPerHead)
        var averageBase = averageWage == nil ? r.require(r.dated("average_base", .moneyPerHead), "average_base", example: "98000")
            : r.dated("average_base", .moneyPerHead)
        if averageWage != nil, r.has("average_base") {
            let baseLine = r.keyLocation("average_base")?.line.map { " on line \($0)" } ?? ""
            r.context.issues.append(ScenarioIssue(
                location: r.keyLocation("average_wage") ?? r.location, key: r.keyPath("average_wage"),
                expected: "either average_base (人均缴费基数, the mean contribution base) or average_wage (社平工资, from which each member's base is derived with base_floor and base_ceiling), not both: delete one",
                found: "average_wage together with average_base\(baseLine)"))
            averageBase = nil
        } else if averageWage != nil {
            averageBase = averageWage
        }
        // A base of 0 makes every contribution 0 whatever the rates: not a scenario, a slip.
        if let base = averageBase, base.knots.contains(where: { $0.value <= 0 }) {
            let key = averageWage != nil ? "average_wage" : "average_base"
            r.context.report(r.keyLocation(key) ?? r.location, r.keyPath(key), expected: "元 a year per payer above 0 (\(key == "average_wage" ? "社平工资" : "人均缴费基数"))",
                             found: plainDecimal(base.knots.first { $0.value <= 0 }!.value))
        } else if r.context.unit != .yuan, let base = averageBase, let tiny = base.knots.first(where: { $0.value < Self.minimumAverageBase }) {
            // In a file whose money is in 万元 or 亿元, a base below 1,000 元 a year (84 元 a month, below any base
            // ever used) was written in that unit (3.2 万元 for 32,000 元), which per-head amounts never take.
            let key = averageWage != nil ? "average_wage" : "average_base"
            let hint = "; per-head amounts are in 元 whatever the file's unit (\(r.context.unit.rawValue)): did you mean \(plainDecimal(tiny.value * r.context.unit.yuanPerUnit))?"
            r.context.report(r.keyLocation(key) ?? r.location, r.keyPath(key),
                             expected: "元 a year per payer of at least \(wholeNumber(Self.minimumAverageBase)) (\(key == "average_wage" ? "社平工资" : "人均缴费基数"))\(hint)",
                             found: plainDecimal(tiny.value))
        }
        let employerRate = r.require(r.dated("employer_rate", .rate), "employer_rate", example: "0.08")
        let employeeRate = r.dated("employee_rate", .rate) ?? DatedValue(0.02)
        let pa = r.child("personal_account")
        let shareToPA = pa.dated("employer_share_to_pa", .rate) ?? DatedValue(0)
        let retireeAllocation = pa.dated("retiree_allocation", .moneyPerHead) ?? DatedValue(0)
        var financing = EmployeeFinancing.defaults
        financing.personalAccountByAge = ageBands(pa, "by_age")
        financing.reform = decodeReform(pa)
        var lines = EmployeeBaseYearLines(personalAccount: decodeLines(pa), combined: decodeLines(r))
        pa.finish()
        let pooledReader = r.child("pooled")
        lines.pooled = decodeLines(pooledReader)
        pooledReader.finish()
        financing.averageWage = averageWage
        financing.wageProfile = r.table("wage_profile", column: "relative_wage", expected: "a relative wage > 0") { $0 > 0 }
        financing.wageDispersion = r.number("wage_dispersion", .nonNegative) ?? 0
        financing.baseFloor = r.dated("base_floor", .nonNegative) ?? financing.baseFloor
        financing.baseCeiling = r.dated("base_ceiling", .positiveRatio) ?? financing.baseCeiling
        financing.flexibleShare = r.dated("flexible_share", .rate) ?? financing.flexibleShare
        financing.flexibleRateYoung = r.dated("flexible_rate_young", .rate) ?? financing.flexibleRateYoung
        financing.flexibleRateOld = r.dated("flexible_rate_old", .rate) ?? financing.flexibleRateOld
        financing.retireeContribution = r.dated("retiree_contribution", .moneyPerHead) ?? financing.retireeContribution
        financing.largeClaimsPremium = r.dated("large_claims_premium", .moneyPerHead) ?? financing.largeClaimsPremium
        financing.largeClaimsLossRatio = r.dated("large_claims_loss_ratio", .nonNegative) ?? financing.largeClaimsLossRatio
        financing.lateFeeDailyRate = r.dated("late_fee_daily_rate", .rate) ?? financing.lateFeeDailyRate
        financing.arrearsRecovery = r.dated("arrears_recovery", .rate) ?? financing.arrearsRecovery
        financing.arrearsDays = r.dated("arrears_days", .nonNegative) ?? financing.arrearsDays
        financing.buyInRate = r.dated("buy_in_rate", .rate) ?? financing.buyInRate
        financing.transfersIn = r.dated("transfers_in", .money) ?? financing.transfersIn
        financing.categories = categories(r.child("spending"))
        financing.demandElasticity = r.number("demand_elasticity", .signed) ?? 0
        financing.maternity = decodeMaternity(r.child("maternity"))
        financing.deficitCover = decodeDeficitCover(r.child("deficit_cover"))
        if let floor = financing.averageWage == nil ? nil : financing.baseFloor.knots.first?.value,
           let ceiling = financing.baseCeiling.knots.first?.value, floor > ceiling {
            r.contextReport(key: "base_floor", expected: "a floor below the ceiling", found: "floor \(floor) > ceiling \(ceiling)")
        }
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
        checkTotalsGivenTwice(lines.pooled, linesReader: pooledReader, [
            (.incomeTotal, actuals, "pooled_income", employeeActuals.pooledIncome),
            (.expenditureTotal, actuals, "pooled_expenditure", employeeActuals.pooledExpenditure),
            (.closingBalance, balance, "pooled", pooledBalance)])
        checkTotalsGivenTwice(lines.personalAccount, linesReader: pa, [
            (.incomeTotal, actuals, "pa_income", employeeActuals.personalAccountIncome),
            (.expenditureTotal, actuals, "pa_expenditure", employeeActuals.personalAccountExpenditure),
            (.closingBalance, balance, "personal_account", paBalance)])
        if lines.pooled.isEmpty, !lines.combined.isEmpty {
            // Only the combined fund is published: the pooled fund is the combined table less the accounts.
            let base = r.context.baseYear ?? 0
            let allocation = (retired?.value(in: base) ?? 0)
                * EmployeeScheme.retireeAllocation(retireeAllocation, reform: financing.reform, in: base, baseYear: base)
            lines.derivePooledFromCombined(accountIncome: employeeActuals.personalAccountIncome, accountExpenditure: employeeActuals.personalAccountExpenditure,
                                           accountClosing: paBalance, allocation: allocation)
            checkPooledFromCombined(lines, r)
        }
        // Lines given only in the base year are held in later years (a dated key overrides).
        financing.transfersIn = r.has("transfers_in") ? financing.transfersIn : DatedValue(lines.pooled[.transfersIn] ?? 0)
        if financing.maternity == nil, let m = lines.pooled[.maternity] { financing.maternity = MaternityBenefit(baseYearSpending: m) }
        let otherLines = decodeOtherLines(r, lines: lines.pooled, transfersIn: false)
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
            fiscalSubsidy: r.dated("fiscal_subsidy", .money) ?? DatedValue(lines.pooled[.fiscalSubsidy] ?? 0),
            otherIncome: r.dated("other_income", .money) ?? DatedValue(lines.pooled[.otherIncome] ?? 0),
            baseYearActuals: employeeActuals, financing: financing, pooledBalance: pooledBalance, personalAccountBalance: paBalance,
            baseYearLines: lines, otherLines: otherLines)
        guard active != nil, retired != nil, averageBase != nil, employerRate != nil else { return nil }
        if let payers = scheme.payers, let base = r.context.baseYear,
           payers.value(in: base) > scheme.active.value(in: base) {
            r.contextReport(key: "payers", expected: "at most the \(wholeNumber(scheme.active.value(in: base))) active members in \(base) (payers are actives who pay)",
                            found: wholeNumber(payers.value(in: base)))
            return nil
        }
        return scheme
    }

    /// A pooled line derived from the combined table (combined − personal accounts) that comes out
    /// negative means the accounts' figures do not fit inside the combined ones: say which.
    private static func checkPooledFromCombined(_ lines: EmployeeBaseYearLines, _ r: MappingReader) {
        for line in [BudgetLine.openingBalance, .contributions, .benefits] {
            guard let pooled = lines.pooled[line], pooled < -0.005, let combined = lines.combined[line] else { continue }
            r.context.issues.append(ScenarioIssue(
                location: r.keyLocation("base_year_lines") ?? r.location, key: r.keyPath("base_year_lines"),
                expected: "the personal accounts' \(line.chineseName) within the combined fund's (含个人账户) \(amountInFileUnit(combined, r, toCents: true)) (the pooled fund's is the combined less the accounts'; check employee.personal_account, balance.personal_account and base_year_actuals.pa_income / pa_expenditure)",
                found: "the accounts' \(amountInFileUnit(combined - pooled, r, toCents: true)), which leaves the pooled fund \(amountInFileUnit(pooled, r, toCents: true))"))
        }
    }

    private static func decodeResident(_ r: MappingReader) -> ResidentScheme? {
        defer { r.finish() }
        let insured = r.require(r.dated("insured", .count), "insured", example: "2000000")
        let subsidy = r.require(r.dated("subsidy_per_capita", .moneyPerHead), "subsidy_per_capita", example: "{2024: 670, 2025: 700}")
        let individual = r.require(r.dated("individual_per_capita", .moneyPerHead), "individual_per_capita", example: "{2024: 400}")
        let actuals = r.child("base_year_actuals")
        let income = actuals.number("income", .money)
        let expenditure = actuals.number("expenditure", .money)
        actuals.finish()
        let lines = decodeLines(r)
        let balance = r.number("balance", .money)
        checkTotalsGivenTwice(lines, linesReader: r, [
            (.incomeTotal, actuals, "income", income), (.expenditureTotal, actuals, "expenditure", expenditure), (.closingBalance, r, "balance", balance)])
        let otherLines = decodeOtherLines(r, lines: lines, transfersIn: true)
        var criticalIllness = r.dated("critical_illness_premium", .moneyPerHead)
        if criticalIllness == nil, let premiums = lines[.criticalIllness], let base = r.context.baseYear, let n = insured?.value(in: base), n > 0 {
            criticalIllness = DatedValue(premiums / n) // the base year's 大病保险 premiums per insured, held
        }
        let scheme = ResidentScheme(
            insured: insured ?? DatedValue(0), insuredGrowth: r.dated("insured_growth", .growth) ?? DatedValue(0),
            subsidyPerCapita: subsidy ?? DatedValue(0), individualPerCapita: individual ?? DatedValue(0),
            perCapitaGrowth: r.dated("per_capita_growth", .growth) ?? DatedValue(0),
            collectionRate: r.dated("collection_rate", .rate) ?? DatedValue(1),
            otherIncome: r.dated("other_income", .money) ?? DatedValue(lines[.otherIncome] ?? 0),
            baseYearIncome: income, baseYearExpenditure: expenditure,
            balance: balance,
            financing: ResidentFinancing(
                centralSubsidyShare: r.dated("central_subsidy_share", .rate) ?? DatedValue(0),
                benefitLagYears: r.integer("benefit_lag_years", in: 0...1) ?? 0,
                categories: categories(r.child("spending")),
                demandElasticity: r.number("demand_elasticity", .signed) ?? 0,
                criticalIllnessPremium: criticalIllness,
                deficitCover: decodeDeficitCover(r.child("deficit_cover"))),
            baseYearLines: lines, otherLines: otherLines)
        guard insured != nil, subsidy != nil, individual != nil else { return nil }
        return scheme
    }

    /// `{0: 0.04, 35: 0.05, 45: 0.06}`: rates by the first age of each band.
    private static func ageBands(_ r: MappingReader, _ key: String) -> DatedValue<Double>? {
        ageBands(r, key, .rate)
    }

    /// `spending: {inpatient: {share, reimbursement, deductible, cap | cap_wage_multiple, cost_per_claimant, cost_dispersion}, …}`.
    private static func categories(_ r: MappingReader) -> [SpendingCategory] {
        defer { r.finish() }
        var result: [SpendingCategory] = []
        for kind in SpendingCategory.Kind.allCases where r.has(kind.rawValue) {
            let c = r.child(kind.rawValue)
            defer { c.finish() }
            let rates = c.child("claim_rates")
            var claimRates: ClaimRates?
            if rates.isPresent {
                claimRates = ClaimRates(active: rates.dated("active", .nonNegative) ?? DatedValue(0),
                                        retired: rates.dated("retired", .nonNegative) ?? DatedValue(0),
                                        resident: rates.dated("resident", .nonNegative) ?? DatedValue(0))
            }
            rates.finish()
            let share = claimRates != nil ? (c.number("share", .rate) ?? 0)
                : c.require(c.number("share", .rate), "share", example: "0.6 (of base-year benefit spending), or claim_rates: {active: 0.099, retired: 0.395}")
            let reimbursement = c.require(c.dated("reimbursement", .rate), "reimbursement", example: "0.85")
            let cost = c.require(c.number("cost_per_claimant", .moneyPerHead), "cost_per_claimant", example: "12948 (元 a claimant a year)")
            let dispersion = c.require(c.number("cost_dispersion", .nonNegative), "cost_dispersion", example: "1.0 (σ of log cost)")
            let category = SpendingCategory(
                kind: kind, share: claimRates != nil ? 0 : share ?? 0, claimRates: claimRates, reimbursement: reimbursement ?? DatedValue(0),
                deductible: c.dated("deductible", .moneyPerHead) ?? DatedValue(0),
                cap: c.dated("cap", .moneyPerHead), capWageMultiple: c.dated("cap_wage_multiple", .positiveRatio),
                costPerClaimant: cost ?? 0, costDispersion: dispersion ?? 0)
            if share != nil, reimbursement != nil, cost != nil, dispersion != nil { result.append(category) }
        }
        let total = result.reduce(0) { $0 + $1.share }
        if total > 1 + 1e-9 {
            r.contextReport(key: "", expected: "category shares adding up to at most 1 (the rest is other benefits)", found: "\(total)")
        }
        return result
    }

    /// The document `sources:` cites for each threshold: for its own key or the nearest block holding it
    /// (`warnings.months_payable` covers red, orange and excess; `warnings` covers all).
    /// The lowest average contribution base or wage read as one, 元 a year: 84 元 a month, below any base
    /// China has used (the 1998 reform's first bases were several thousand 元 a year).
    static let minimumAverageBase = 1_000.0

    private static func thresholdSources(_ tree: SourceNode) -> [WarningThresholds.Key: String] {
        var result: [WarningThresholds.Key: String] = [:]
        for key in WarningThresholds.Key.allCases { result[key] = citedSource(key.scenarioKey, in: tree) }
        return result
    }

    /// The document `sources:` cites for `key` or for the nearest block holding it.
    private static func citedSource(_ key: String, in tree: SourceNode) -> String? {
        var path = Substring(key)
        while !path.isEmpty {
            if case .scalar(let text, _, _)? = ParameterSources.node(at: "sources." + path, in: tree), !text.isEmpty {
                return strippingControlCharacters(text)
            }
            path = path.lastIndex(of: ".").map { path[..<$0] } ?? ""
        }
        return nil
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
        if t.dependencyOrange > t.dependencyYellow {
            dependency.contextReport(key: "", expected: "orange ≤ yellow (orange is the lower, more severe ratio)",
                                     found: "orange \(t.dependencyOrange), yellow \(t.dependencyYellow)")
        }
        dependency.finish()
        let gap = r.child("growth_gap")
        t.growthGap = gap.number("points", .rate) ?? t.growthGap
        t.growthGapYears = gap.integer("years", in: 1...50) ?? t.growthGapYears
        gap.finish()
        let deficit = r.child("current_deficit")
        t.deficitRedYears = deficit.integer("red_years", in: 2...50) ?? t.deficitRedYears
        deficit.finish()
        t.depletionAlertYears = r.integer("depletion_alert_years", in: 0...100) ?? t.depletionAlertYears
        return t
    }
}

/// Defaults of the employee scheme that are not neutral, each with its source.
public enum EmployeeDefaults {
    /// Pooled-fund cost of a retiree relative to an active member, ≈ 4.0: the ratio of the national
    /// 2021 hospitalisation rates of retirees and actives (39.5 % / 9.9 %, 2021 national medical-security
    /// statistical bulletin, 2021年全国医疗保障事业发展统计公报), used as a proxy for the cost ratio in the
    /// aggregate model until age-sex cost profiles replace it.
    public static let retireeCostRatio = 39.5 / 9.9
}

extension MappingReader {
    func contextReport(key: String, expected: String, found: String = "nothing") {
        context.issues.append(ScenarioIssue(location: location, key: key.isEmpty ? path : keyPath(key), expected: expected, found: found))
    }
}
