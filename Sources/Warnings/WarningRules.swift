import Scenario
import Finance
import Projection

/// The graded risk-warning rules as a table (``table``), evaluated over a projection. Thresholds
/// come from the scenario's ``WarningThresholds`` (documented defaults); each rule's 依据 is a
/// document by title and number or 「fundcast 默认阈值」 with its reasoning (module README).
public enum WarningRules {
    // MARK: 依据

    static let basisDepletion = WarningBasis(
        zh: "《社会保险基金财务制度》(财社〔2017〕144号) 第三十八条: 基金收不抵支时首先动用历年滚存结余; 结余用尽即需按该条后续顺序弥补",
        en: "《社会保险基金财务制度》(财社〔2017〕144号) art. 38: a deficit is first paid from the carried-forward balance; once it is used up the next stages of the article apply")
    static let basisAdjustmentFund = WarningBasis(
        zh: "《社会保险基金财务制度》(财社〔2017〕144号) 第三十八条(二): 历年滚存结余不足时使用上级调剂金",
        en: "《社会保险基金财务制度》(财社〔2017〕144号) art. 38 (2): when the balance falls short, the higher-level adjustment fund pays")
    static let basisFiscalSubsidy = WarningBasis(
        zh: "《社会保险基金财务制度》(财社〔2017〕144号) 第三十八条(四): 调剂金仍不足时由同级财政给予补贴",
        en: "《社会保险基金财务制度》(财社〔2017〕144号) art. 38 (4): what the adjustment fund does not pay, the same-level treasury subsidises")
    static let basisGap = WarningBasis(
        zh: "《社会保险基金财务制度》(财社〔2017〕144号) 第三十八条(五): 报经批准后调整缴费比例或待遇水平",
        en: "《社会保险基金财务制度》(财社〔2017〕144号) art. 38 (5): contribution rates or benefits are changed with approval")
    static let basisMonthsPayable = WarningBasis(
        zh: "人力资源社会保障部 财政部《关于进一步加强基本医疗保险基金管理的指导意见》(人社部发〔2009〕67号, 通行口径): 统筹基金累计结余以6–9个月平均支付水平为宜, 超过15个月为结余过多, 低于3个月为结余不足",
        en: "人社部发〔2009〕67号 (guidance on managing basic medical insurance funds, as commonly quoted): a pooled-fund balance of 6–9 months' average spending is reasonable, above 15 months too much, below 3 months insufficient")
    static let basisResidentMonths = WarningBasis(
        zh: "fundcast 默认阈值: 未见居民医保可支付月数的全国性规定, 参照职工统筹基金3个月的下限(人社部发〔2009〕67号, 通行口径)",
        en: "fundcast default threshold: no national rule for the resident fund was found; the employee pooled fund's lower band of 3 months (人社部发〔2009〕67号, as commonly quoted) is used")
    static let basisDeficit = WarningBasis(
        zh: "《社会保险基金财务制度》(财社〔2017〕144号) 第三十六条: 以收定支、收支平衡、略有结余; 一年收不抵支为橙色、连续2年为红色是 fundcast 默认阈值: 连续赤字说明收支已结构性失衡, 而非一次性波动",
        en: "《社会保险基金财务制度》(财社〔2017〕144号) art. 36: spending set by income, balanced, with a small surplus; one deficit year orange and 2 in a row red are fundcast default thresholds: repeated deficits show a structural imbalance, not a one-off")
    static let basisDependency = WarningBasis(
        zh: "fundcast 默认阈值: 赡养比低于3为黄色、低于2为橙色; 退休人员不缴费, 比值越低统筹基金越依赖在职职工缴费 (未见全国性规定)",
        en: "fundcast default threshold: a dependency ratio below 3 yellow, below 2 orange; retirees pay no contributions, so the lower the ratio the more the pool rests on actives' contributions (no national rule found)")
    static let basisGrowthGap = WarningBasis(
        zh: "fundcast 默认阈值: 支出增速连续2年高于收入增速2个百分点以上, 为收支缺口逐年扩大的早期信号 (未见全国性规定)",
        en: "fundcast default threshold: spending growth above income growth by more than 2 points for 2 years is an early sign of a widening gap (no national rule found)")
    static let basisResidentSurplus = WarningBasis(
        zh: "fundcast 默认阈值: 居民医保当年筹资、当年使用, 当期结余率超过15%说明筹资明显高于当年待遇需要 (未见全国性规定)",
        en: "fundcast default threshold: the resident fund collects and spends within the year, so a surplus above 15% of income means funding well above the year's benefits (no national rule found)")
    static let basisResidentBalance = WarningBasis(
        zh: "《社会保险基金财务制度》(财社〔2017〕144号) 第三十六条: 新型农村合作医疗基金累计结余应不超过当年筹集基金总额的25%; 原为新农合规定, 此处类推适用于居民医保",
        en: "《社会保险基金财务制度》(财社〔2017〕144号) art. 36: the rural cooperative scheme's balance should not exceed 25% of the year's funds raised; applied here to the resident fund by analogy")

    // MARK: The table

    /// Every rule, most important first (the order decides which warning a status line names).
    public static let table: [WarningRule] = {
        var rules: [WarningRule] = []
        for scheme in [WarningScheme.employeePooled, .resident] {
            rules += [
                WarningRule(code: .fundDepleted, level: .red, scheme: scheme, metric: .balanceBeforeCover, comparison: .below,
                            threshold: .fixed(0), basis: basisDepletion,
                            predicate: { _ in ("累计结余耗尽", "balance exhausted") }, isEvent: true),
                WarningRule(code: .coverAdjustmentFund, level: .red, scheme: scheme, metric: .adjustmentFund, comparison: .above,
                            threshold: .fixed(0), basis: basisAdjustmentFund,
                            predicate: { _ in ("需上级调剂金弥补收支缺口", "adjustment fund from the higher level needed to cover the deficit") }),
                WarningRule(code: .coverFiscalSubsidy, level: .red, scheme: scheme, metric: .fiscalSubsidy, comparison: .above,
                            threshold: .fixed(0), basis: basisFiscalSubsidy,
                            predicate: { _ in ("需同级财政补贴(财政兜底)弥补收支缺口", "fiscal subsidy (treasury backstop) needed to cover the deficit") }),
                WarningRule(code: .coverGap, level: .red, scheme: scheme, metric: .coverGap, comparison: .above,
                            threshold: .fixed(0), basis: basisGap,
                            predicate: { _ in ("历年结余、上级调剂金和财政补贴不足以弥补收支缺口, 需报批后调整缴费比例或待遇",
                                                  "deficit beyond the balance, adjustment fund and fiscal subsidy: contribution rates or benefits must change (with approval)") }),
                WarningRule(code: .monthsPayableLow, level: .red, scheme: scheme, metric: .monthsPayable, comparison: .below,
                            threshold: .scenario(scheme == .resident ? .residentMonthsPayableRed : .monthsPayableRed),
                            basis: scheme == .resident ? basisResidentMonths : basisMonthsPayable,
                            predicate: { t in ("可支付月数低于\(t)", "balance below \(t) of spending") }),
                WarningRule(code: .currentDeficit, level: .red, scheme: scheme, metric: .currentSurplus, comparison: .below,
                            threshold: .fixed(0), minimumYears: .scenario(.deficitRedYears), basis: basisDeficit,
                            predicate: { _ in ("连续当期收不抵支", "consecutive current deficits") }),
            ]
            if scheme == .employeePooled {
                rules.append(WarningRule(code: .monthsPayableLow, level: .orange, scheme: scheme, metric: .monthsPayable, comparison: .below,
                                         threshold: .scenario(.monthsPayableOrange), basis: basisMonthsPayable,
                                         predicate: { t in ("可支付月数低于\(t)", "balance below \(t) of spending") }))
            }
            rules.append(WarningRule(code: .currentDeficit, level: .orange, scheme: scheme, metric: .currentSurplus, comparison: .below,
                                     threshold: .fixed(0), basis: basisDeficit,
                                     predicate: { _ in ("当期收不抵支", "current deficit") }))
        }
        for (level, key) in [(WarningLevel.orange, WarningThresholds.Key.dependencyOrange), (.yellow, .dependencyYellow)] {
            rules.append(WarningRule(code: .dependencyRatioLow, level: level, scheme: .employee, metric: .dependencyRatio, comparison: .below,
                                     threshold: .scenario(key), basis: basisDependency,
                                     predicate: { t in ("赡养比(在职/退休)低于\(t)", "dependency ratio (actives per retiree) below \(t)") }))
        }
        for scheme in [WarningScheme.employeePooled, .resident] {
            rules.append(WarningRule(code: .spendingOutpacesIncome, level: .yellow, scheme: scheme, metric: .growthGap, comparison: .above,
                                     threshold: .scenario(.growthGap), minimumYears: .scenario(.growthGapYears), basis: basisGrowthGap,
                                     predicate: { t in ("支出增速连续高于收入增速\(t)以上", "spending growth above income growth by more than \(t) year after year") }))
        }
        rules += [
            WarningRule(code: .monthsPayableExcess, level: .notice, scheme: .employeePooled, metric: .monthsPayable, comparison: .above,
                        threshold: .scenario(.monthsPayableExcess), basis: basisMonthsPayable,
                        predicate: { t in ("可支付月数超过\(t), 结余偏多", "balance above \(t) of spending (excess)") }),
            WarningRule(code: .residentSurplusHigh, level: .notice, scheme: .resident, metric: .surplusRate, comparison: .above,
                        threshold: .scenario(.residentSurplusRate), basis: basisResidentSurplus,
                        predicate: { t in ("当期结余率超过\(t)", "current surplus rate above \(t)") }),
            WarningRule(code: .residentBalanceHigh, level: .notice, scheme: .resident, metric: .balanceToIncome, comparison: .above,
                        threshold: .scenario(.residentBalanceShare), basis: basisResidentBalance,
                        predicate: { t in ("累计结余超过当年收入的\(t)", "balance above \(t) of the year's income") }),
        ]
        return rules
    }()

    // MARK: Evaluation

    /// Every warning the projection raises, most severe first, then by year and the table's order;
    /// amounts are quoted in `unit` (the report's; default the scenario's).
    public static func evaluate(_ result: ProjectionResult, unit: MoneyUnit? = nil) -> [RiskWarning] {
        let t = result.scenario.warnings
        let series = MetricSeries(result)
        var taken: [String: Set<Int>] = [:]
        var warnings: [(rank: Int, warning: RiskWarning)] = []
        // Within a ladder (one code and scheme) the most severe rule claims its years first.
        let ordered = table.enumerated().sorted { ($0.element.level, $0.offset) < ($1.element.level, $1.offset) }
        for (rank, rule) in ordered {
            guard let points = series.values(rule.metric, rule.scheme) else { continue }
            let ladder = "\(rule.code.rawValue)/\(rule.scheme.rawValue)"
            let holding = holdingYears(points, rule: rule, thresholds: t)
            let years = holding.subtracting(taken[ladder] ?? []).sorted()
            taken[ladder, default: []].formUnion(holding)
            if let w = warning(rule, years: years, points: points, result: result, unit: unit ?? result.scenario.unit) {
                warnings.append((rank, w))
            }
        }
        return warnings.sorted { ($0.warning.level, $0.warning.year, $0.rank) < ($1.warning.level, $1.warning.year, $1.rank) }.map(\.warning)
    }

    /// The years in runs of at least `minimumYears` consecutive years where the comparison holds.
    static func holdingYears(_ points: [(year: Int, value: Double?)], rule: WarningRule, thresholds t: WarningThresholds) -> Set<Int> {
        let minimum = max(1, Int(rule.minimumYears.value(t)))
        var result = Set<Int>(), run: [Int] = []
        for p in points {
            let fires = p.value.map { rule.fires($0, thresholds: t) } ?? false
            if fires, let last = run.last, last + 1 == p.year {
                run.append(p.year)
                continue
            }
            if run.count >= minimum { result.formUnion(run) }
            run = fires ? [p.year] : []
        }
        if run.count >= minimum { result.formUnion(run) }
        return result
    }

    /// The warning for the years a rule holds in, or nil when it holds in no projected year (a
    /// condition only in the base year restates the report, it is not a forecast).
    static func warning(_ rule: WarningRule, years: [Int], points: [(year: Int, value: Double?)], result: ProjectionResult, unit: MoneyUnit) -> RiskWarning? {
        let t = result.scenario.warnings
        let base = result.scenario.baseYear
        let horizon = result.years.last?.year ?? base
        let projected = years.filter { $0 > base }
        guard let firstProjected = projected.first else { return nil }
        let sinceBase = years.contains(base) && years.contains(base + 1)
        let first = sinceBase ? base : firstProjected
        var end = first
        while years.contains(end + 1) { end += 1 }

        let threshold = rule.threshold.value(t)
        let thresholdText = Text.threshold(threshold, rule.metric.kind)
        let predicate = rule.predicate(thresholdText.zh)
        let predicateEn = rule.predicate(thresholdText.en).en
        let value = points.first { $0.year == first }?.value ?? 0
        let shown = Text.value(value, rule.metric.kind, unit: unit, against: threshold, rule.comparison)
        let label = valueLabel(rule.metric)

        let span: (zh: String, en: String)
        if sinceBase {
            span = end == horizon ? ("自基期(\(base)年)起", "from the base year \(base) on") : ("自基期(\(base)年)起至\(end)年", "from the base year \(base) to \(end)")
        } else if rule.isEvent || first == end {
            span = ("\(first)年", "in \(first)")
        } else if end == horizon {
            span = ("自\(first)年起", "from \(first)")
        } else {
            span = ("\(first)–\(end)年", "in \(first)–\(end)")
        }
        let more = years.contains { $0 > end }
        let tail = more ? ("; 预测期内共\(projected.count)年", "; \(projected.count) years in all") : ("", "")
        let name = rule.scheme.warningSubject
        let basis = rule.printedBasis(t, thresholdText: predicate.zh)
        return RiskWarning(
            level: rule.level, rule: rule.code, scheme: rule.scheme, year: first, years: years, sinceBaseYear: sinceBase,
            metric: rule.metric, value: value, threshold: threshold, source: basis.zh, sourceEn: basis.en,
            messageZh: "\(name.zh)\(span.zh)\(predicate.zh)(\(first)年: \(label.zh)\(shown.zh)\(tail.0))",
            messageEn: "\(name.en): \(predicateEn) \(span.en) (\(first): \(label.en)\(shown.en)\(tail.1))",
            headlineZh: span.zh + predicate.zh, headlineEn: "\(predicateEn) \(span.en)",
            isUrgent: rule.code == .fundDepleted && first <= base + t.depletionAlertYears)
    }

    /// What a money value is, printed before it ("当期结余-1,234.00万元"); nothing for the other metrics.
    static func valueLabel(_ metric: WarningMetric) -> (zh: String, en: String) {
        switch metric {
        case .balanceBeforeCover: return ("弥补前年末结余", "year-end balance before cover ")
        case .currentSurplus: return ("当期结余", "current surplus ")
        case .adjustmentFund: return ("需调剂金", "adjustment fund ")
        case .fiscalSubsidy: return ("需财政补贴", "fiscal subsidy ")
        case .coverGap: return ("未弥补缺口", "uncovered gap ")
        case .growthGap: return ("差", "gap ")
        case .monthsPayable, .surplusRate, .balanceToIncome, .dependencyRatio, .depletionProbability, .ytdMonthsPayable, .estimateToBudget, .unbudgetedSpending: return ("", "")
        }
    }

    /// The worst level per scheme over the whole projection, green where nothing fired (notices aside).
    public static func summary(_ warnings: [RiskWarning], funds: [Fund]) -> [(WarningScheme, WarningLevel)] {
        WarningStatus.schemes(funds).map { scheme in
            (scheme, warnings.filter { WarningStatus.belongs($0, to: scheme) && $0.level != .notice }.map(\.level).min() ?? .green)
        }
    }
}
