import Scenario
import Finance
import Projection
import Warnings

/// The JSON contract of the README's JSON section: money in 元, people in persons, whatever `--unit` says.
public enum ProjectionJSON {
    /// `basis`: which balance over which spending the employee pooled fund's `months_payable` divides
    /// (`--months-payable`; the default `pooled` keeps the contract's figure). Values stay unrounded.
    public static func document(_ result: ProjectionResult, warnings: [RiskWarning], budget: Budget? = nil,
                                basis: MonthsPayableBasis = .pooled) -> JSONValue {
        var top: [(String, JSONValue)] = [
            ("scenario", .string(result.scenario.name)),
            ("region", .string(result.scenario.region)),
            ("base_year", .number(Double(result.scenario.baseYear))),
            ("horizon", .number(Double(result.scenario.horizon))),
            ("unit", .string(MoneyUnit.yuan.rawValue)),
            ("membership_model", .string(result.membershipModel)),
            ("years", .array(result.years.map { year($0, result, basis: basis) })),
            ("indicators", indicators(result)),
            ("calibration", calibration(result.calibration)),
            ("warnings", .array(warnings.map(warning))),
        ]
        if basis != .pooled { top.append(("months_payable_basis", .string(basis.rawValue))) }
        if let changes = commandLineChanges(result.scenario.commandLineChanges) { top.append(("command_line_changes", changes)) }
        if let budget { top.append(("budget", budgetJSON(budget))) }
        return .object(top)
    }

    /// `command_line_changes`: each change's arguments and, for an assumption set, its titles; nil when there are none.
    public static func commandLineChanges(_ changes: [CommandLineChange]) -> JSONValue? {
        guard !changes.isEmpty else { return nil }
        return .array(changes.map { c in
            .object([("arguments", .string(c.arguments))] + (c.titleZh.map { [("title", .string($0)), ("title_en", .string(c.titleEn ?? $0))] } ?? []))
        })
    }

    /// `population`: total and old-age dependency, then (age-structured model) the 65+ and 80+ shares
    /// (fractions), e0 by sex (years) and the year's births and deaths (persons; null in the base year).
    static func populationPairs(_ y: YearResult) -> [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = [("total", .num(y.members.population)), ("old_age_dependency", .num(y.members.oldAgeDependency))]
        if let d = y.members.demography {
            pairs += [("share_65_plus", .num(d.share65Plus)), ("share_80_plus", .num(d.share80Plus)),
                      ("e0_male", .num(d.e0Male)), ("e0_female", .num(d.e0Female)),
                      ("births", .num(d.births)), ("deaths", .num(d.deaths))]
        }
        return pairs
    }

    static func year(_ y: YearResult, _ result: ProjectionResult, basis: MonthsPayableBasis = .pooled) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("year", .number(Double(y.year))),
            ("is_base_year", .bool(y.isBaseYear)),
            ("population", .object(populationPairs(y))),
        ]
        if let e = y.employee {
            pairs.append(("employee", .object([
                ("active", .num(y.members.active)),
                ("retired", .num(y.members.retired)),
                ("payers", .num(e.drivers.payers)),
                ("dependency_ratio", .num(y.members.dependencyRatio)),
                ("average_base", .money(e.drivers.averageBase)),
                ("contributions", .money(e.drivers.contributionsCollected)),
                ("payg_cost_rate", .num(result.paygCostRate(y))),
                ("break_even_employer_rate", .num(result.breakEvenEmployerRate(y))),
                ("pooled", account(e.pooled, months: true, monthsPayable: basis == .pooled ? nil : e.monthsPayable(basis),
                                   known: result.balanceKnown(.employeePooled) && (basis == .pooled || result.balanceKnown(.employeePersonalAccount)),
                                   extra: [("interest", .money(e.pooled.interest)), ("deficit_cover", cover(e.pooled.deficitCover))])),
                ("personal_account", account(e.personalAccount, months: false, known: result.balanceKnown(.employeePersonalAccount),
                                             extra: [("interest", .money(e.personalAccount.interest))])),
            ])))
        }
        if let r = y.resident {
            var resident: [(String, JSONValue)] = [("insured", .num(r.insured))]
            if case .object(let rest) = account(r, months: true, known: result.balanceKnown(.resident), extra: [("interest", .money(r.interest)), ("deficit_cover", cover(r.deficitCover))]) { resident += rest }
            pairs.append(("resident", .object(resident)))
        }
        return .object(pairs)
    }

    /// A year's shortfall and its cover in 财社〔2017〕144号 第三十八条's order, 元: `balance_drawn +
    /// adjustment_fund + fiscal_subsidy + gap = shortfall`; `stage` the furthest step reached.
    static func cover(_ c: DeficitCover) -> JSONValue {
        let stage: String = switch c.stage {
        case .none: "none"
        case .carriedForwardBalance: "carried_forward_balance"
        case .adjustmentFund: "adjustment_fund"
        case .fiscalSubsidy: "fiscal_subsidy"
        case .gap: "gap"
        }
        return .object([
            ("shortfall", .money(c.shortfall)), ("balance_drawn", .money(c.balanceDrawn)),
            ("adjustment_fund", .money(c.adjustmentFund)), ("fiscal_subsidy", .money(c.fiscalSubsidy)),
            ("gap", .money(c.gap)), ("stage", .string(stage)),
        ])
    }

    /// `known`: the base-year balance was reported. Without it the balance is only the change since the
    /// base year: `balance` and `months_payable` are null (as the tables leave them empty).
    static func account(_ a: any FundAccount, months: Bool, monthsPayable: Double? = nil, known: Bool, extra: [(String, JSONValue)]) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("income", .money(a.income)), ("expenditure", .money(a.expenditure)),
            ("surplus", .money(a.surplus)), ("balance", known ? .money(a.closingBalance) : .null),
        ]
        if months { pairs.append(("months_payable", known ? .num(monthsPayable ?? a.monthsPayable) : .null)) }
        pairs.append(("surplus_rate", .num(a.surplusRate)))
        return .object(pairs + extra)
    }

    static func indicators(_ result: ProjectionResult) -> JSONValue {
        var depletion: [(String, JSONValue)] = [], years: [(String, JSONValue)] = []
        for fund in [Fund.employeePooled, .resident] where result.funds.contains(fund) {
            let known = result.balanceKnown(fund)
            depletion.append((fund.rawValue, known ? result.depletionYear(fund).map { .number(Double($0)) } ?? .null : .null))
            years.append((fund.rawValue, known ? result.yearsToDepletion(fund).map { .number(Double($0)) } ?? .null : .null))
        }
        return .object([
            ("depletion_year", .object(depletion)),
            ("years_to_depletion", .object(years)),
            ("actuarial_balance", .object(result.funds.contains(.employeePooled) ? [("employee_pooled", .num(result.actuarialBalance()))] : [])),
            ("actuarial_balance_employer_rate_points", .object(result.funds.contains(.employeePooled) ? [("employee_pooled", .num(result.actuarialBalanceEmployerRatePoints()))] : [])),
            ("general_average_premium", .object(result.funds.contains(.employeePooled) ? [("employee_pooled", .num(result.generalAveragePremium()))] : [])),
        ])
    }

    /// How spending levels were calibrated: to which reported figure, and the resulting base-year levels.
    static func calibration(_ c: ProjectionResult.Calibration) -> JSONValue {
        func target(_ t: CalibrationTarget?) -> JSONValue {
            guard let t else { return .null }
            return .object([("year", .number(Double(t.year))), ("amount", .money(t.amount)), ("origin", .string(t.origin.rawValue))])
        }
        return .object([
            ("employee_pooled", target(c.employeePooled)),
            ("employee_pa", target(c.employeePersonalAccount)),
            ("resident", target(c.resident)),
            ("employee_cost_per_weight", .num(c.employeeActiveCostPerHead)),
            ("employee_pa_drawdown_rate", .num(c.employeePersonalAccountDrawdown)),
            ("resident_cost_per_weight", .num(c.residentCostPerHead)),
        ])
    }

    static func warning(_ w: RiskWarning) -> JSONValue {
        .object([
            ("level", .string(w.level.rawValue)), ("code", .string(w.code)), ("scheme", .string(w.scheme.rawValue)),
            ("year", .number(Double(w.year))), ("years", .array(w.years.map { .number(Double($0)) })),
            ("since_base_year", .bool(w.sinceBaseYear)), ("metric", .string(w.metric.rawValue)), ("value", .num(w.value)),
            ("threshold", .num(w.threshold)), ("source", .string(w.source)), ("source_en", .string(w.sourceEn)),
            ("message_zh", .string(w.messageZh)), ("message_en", .string(w.messageEn)), ("urgent", .bool(w.isUrgent)),
        ])
    }

    static func budgetJSON(_ b: Budget) -> JSONValue {
        .object([
            ("year", .number(Double(b.year))),
            ("tables", .array(b.tables.map { t in
                .object([
                    ("fund", .string(t.code)), ("title_zh", .string(t.title.zh)), ("title_en", .string(t.title.en)),
                    ("rows", .array(t.rows.map { r in
                        let value: (Double?) -> JSONValue = r.kind == .money ? { .money($0) } : { .num($0) }
                        return .object([
                            ("code", .string(r.code)), ("line", r.line.map { .string($0.rawValue) } ?? .null),
                            ("level", .number(Double(r.level))), ("total", .bool(r.isTotal)), ("modelled", .bool(r.modelled)),
                            ("label_zh", .string(r.label.zh)), ("label_en", .string(r.label.en)),
                            ("previous", value(r.previous)), ("budget", value(r.budget)),
                            ("change", value(r.change)), ("change_pct", .num(r.changePercent)),
                        ])
                    })),
                ])
            })),
            ("reconciliation", .array(b.reconciliation.map { r in
                .object([
                    ("year", .number(Double(r.year))), ("label_zh", .string(r.label.zh)), ("label_en", .string(r.label.en)),
                    ("reported", .num(r.reported)), ("model", .num(r.model)), ("gap", .num(r.gap)), ("ratio", .num(r.ratio)),
                ])
            })),
            ("notes", .array(b.notes.map { .object([("zh", .string($0.zh)), ("en", .string($0.en))]) })),
        ])
    }
}
