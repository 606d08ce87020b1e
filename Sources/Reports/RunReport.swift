import Scenario
import Finance
import Projection

/// `fundcast run`: one row per year, base year first.
public enum RunReport {
    public static func table(_ result: ProjectionResult, style: NumberStyle, language: Language, measure: MonthsPayableMeasure = .standard) -> Table {
        TextTables.table(reportTable(result, measure: measure), style: style, language: language)
    }

    /// The projection as a report table: one row a year (the base year's row holds reported figures).
    /// Column keys are unique (`employee_pooled.months_payable`, `resident.months_payable`), so the
    /// CSV and the spreadsheets can name every column. Months payable follow `measure` (basis and rounding).
    public static func reportTable(_ result: ProjectionResult, measure: MonthsPayableMeasure = .standard) -> ReportTable {
        typealias Column = (ReportColumn, (YearResult) -> ReportValue)
        var columns: [Column] = [(ReportColumn("year", Label("年份", "Year")), { .year($0.year) })]
        if result.years[0].members.population != nil {
            columns.append((ReportColumn("population", Label("常住人口", "Population")), { .of($0.members.population, .persons) }))
        }
        if result.years[0].members.oldAgeDependency != nil {
            columns.append((ReportColumn("old_age_dependency", Label("老年抚养比", "Old-age dep."), long: Label("老年抚养比", "Old-age dependency"), rateDecimals: 1), { .of($0.members.oldAgeDependency, .rate) }))
        }
        if result.years[0].members.demography != nil {
            columns += [
                (ReportColumn("population.share_65_plus", Label("65岁以上占比", "65+ share"), rateDecimals: 1), { .of($0.members.demography?.share65Plus, .rate) }),
                (ReportColumn("population.share_80_plus", Label("80岁以上占比", "80+ share"), rateDecimals: 1), { .of($0.members.demography?.share80Plus, .rate) }),
                (ReportColumn("population.e0_male", Label("男性预期寿命", "e0 men"), long: Label("男性出生时预期寿命", "Life expectancy at birth, men")), { .of($0.members.demography?.e0Male, .years) }),
                (ReportColumn("population.e0_female", Label("女性预期寿命", "e0 women"), long: Label("女性出生时预期寿命", "Life expectancy at birth, women")), { .of($0.members.demography?.e0Female, .years) }),
                (ReportColumn("population.births", Label("出生", "Births"), long: Label("出生人数", "Births")), { .of($0.members.demography?.births, .persons) }),
                (ReportColumn("population.deaths", Label("死亡", "Deaths"), long: Label("死亡人数", "Deaths")), { .of($0.members.demography?.deaths, .persons) }),
            ]
        }
        // A balance whose base-year figure was not reported is only the change since the base year: its
        // column and its months payable are left empty (as the budget leaves them), with a note.
        let pooledKnown = result.balanceKnown(.employeePooled), accountsKnown = result.balanceKnown(.employeePersonalAccount)
        let residentKnown = result.balanceKnown(.resident)
        if result.scenario.employee != nil {
            columns += [
                (ReportColumn("employee.active", Label("在职", "Active"), long: Label("职工医保在职人数", "Employee scheme: active")), { .of($0.members.active, .persons) }),
                (ReportColumn("employee.retired", Label("退休", "Retired"), long: Label("职工医保退休人数", "Employee scheme: retired")), { .of($0.members.retired, .persons) }),
                (ReportColumn("employee.dependency_ratio", Label("赡养比", "Dep. ratio"), long: Label("赡养比(在职/退休)", "Dependency ratio (actives per retiree)")), { .of($0.members.dependencyRatio, .ratio) }),
                (ReportColumn("employee_pooled.income", Label("统筹收入", "Pooled income")), { .of($0.employee?.pooled.income, .money) }),
                (ReportColumn("employee_pooled.expenditure", Label("统筹支出", "Pooled spending")), { .of($0.employee?.pooled.expenditure, .money) }),
                (ReportColumn("employee_pooled.balance", Label("统筹结余", "Pooled balance")), { pooledKnown ? .of($0.employee?.pooled.closingBalance, .money) : .notApplicable }),
                (ReportColumn("employee_pooled.months_payable", Label("可支付月数", "Months"), long: pooledMonthsLabel(measure.basis)),
                 { pooledKnown && (measure.basis == .pooled || accountsKnown) ? .of(measure.shown($0.employee?.monthsPayable(measure.basis)), .months) : .notApplicable }),
                (ReportColumn("employee_pa.balance", Label("个账结余", "PA balance"), long: Label("个人账户结余", "Personal-account balance")),
                 { accountsKnown ? .of($0.employee?.personalAccount.closingBalance, .money) : .notApplicable }),
            ]
        }
        if result.scenario.resident != nil {
            columns += [
                (ReportColumn("resident.insured", Label("居民参保", "Resident insured")), { .of($0.resident?.insured, .persons) }),
                (ReportColumn("resident.income", Label("居民收入", "Resident income")), { .of($0.resident?.income, .money) }),
                (ReportColumn("resident.expenditure", Label("居民支出", "Resident spending")), { .of($0.resident?.expenditure, .money) }),
                (ReportColumn("resident.balance", Label("居民结余", "Resident balance")), { residentKnown ? .of($0.resident?.closingBalance, .money) : .notApplicable }),
                (ReportColumn("resident.months_payable", Label("可支付月数", "Months"), long: Label("居民可支付月数", "Resident months payable")),
                 { residentKnown ? .of(measure.shown($0.resident?.monthsPayable), .months) : .notApplicable }),
            ]
        }
        return ReportTable(
            code: "projection", title: Label(result.scenario.name, result.scenario.name), shortTitle: Label("逐年预测", "Projection"),
            caption: .moneyAndPeople, columns: columns.map(\.0),
            rows: result.years.map { y in ReportRow(code: String(y.year), cells: columns.map { $0.1(y) }, isActual: y.isBaseYear) },
            labelColumns: 1,
            notes: [Label("* 基期: 报告数(未报告的项目为驱动测算)", "* base year: reported figures (modelled from drivers where none were reported)")]
                + [unknownBalanceNote(result)].compactMap { $0 })
    }

    /// The funds whose base-year balance was not reported, and the keys that would give it; nil when every balance is known.
    static func unknownBalanceNote(_ result: ProjectionResult) -> Label? {
        let unknown: [(Fund, String, Label)] = [
            (.employeePooled, "employee.balance.pooled", Label("职工统筹基金", "employee pooled fund")),
            (.employeePersonalAccount, "employee.balance.personal_account", Label("职工个人账户", "personal accounts")),
            (.resident, "resident.balance", Label("居民医保基金", "resident fund")),
        ].filter { f, _, _ in result.funds.contains(f) && !result.balanceKnown(f) }
        guard !unknown.isEmpty else { return nil }
        return Label("基期滚存结余未报告(" + unknown.map { "\($0.2.zh) \($0.1)" }.joined(separator: "、") + "): 其结余与可支付月数不列示, 收入与支出照常测算",
                     "Base-year balance not reported (" + unknown.map { "\($0.2.en) \($0.1)" }.joined(separator: ", ") + "): its balance and months payable are left empty; income and spending are projected as usual")
    }

    /// The long name of the employee months-payable column: which balance over which spending.
    static func pooledMonthsLabel(_ basis: MonthsPayableBasis) -> Label {
        switch basis {
        case .pooled: return Label("统筹可支付月数", "Pooled months payable")
        case .employee: return Label("职工医保可支付月数(统筹+个账结余÷职工医保支出)", "Employee months payable (pooled + account balances ÷ scheme spending)")
        case .total: return Label("统筹可支付月数(统筹结余÷职工医保总支出)", "Pooled months payable (pooled balance ÷ total scheme spending)")
        }
    }
}
