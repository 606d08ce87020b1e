import Scenario
import Finance
import Projection
import Warnings

/// The annual-report document (`fundcast export`): summary, budget tables, the yearly projection
/// with its charts, warnings and every scenario parameter. Every export format renders this one
/// ``ReportDocument``.
public enum ExportReport {
    /// A parameter's unit (as the resolved scenario stores it, in Chinese) with its English.
    public static func unitLabel(_ unit: String) -> Label {
        Label(unit, ResolvedScenario.englishUnit(unit))
    }

    /// Upper end of the reasonable range of months payable (6–9 months), 人社部发〔2009〕67号; the
    /// other bands are the scenario's own warning thresholds (red, orange, excess).
    public static let reasonableMonthsUpper = 9.0

    /// The projection table titled for a report (各年测算结果 and its years; `run` titles it with the scenario's name).
    static func projectionTable(_ result: ProjectionResult) -> ReportTable {
        var t = RunReport.reportTable(result)
        let s = result.scenario
        t.title = Label("各年测算结果(\(s.baseYear)–\(s.horizon)年)", "Figures by year, \(s.baseYear)–\(s.horizon)")
        return t
    }

    public static func document(_ result: ProjectionResult, warnings: [RiskWarning], budget: Budget,
                                parameters: [ResolvedParameter], slug: String, execution: [ReportTable] = []) -> ReportDocument {
        let s = result.scenario
        var sections: [ReportSection] = []
        let status = WarningRendering.statusLabels(warnings, result: result, budgetYear: budget.year)
        sections.append(ReportSection(code: "summary", title: Label("概要", "Summary"),
                                      paragraphs: Budget.horizonIndicators(result) + status,
                                      alerts: warnings.map(alert)))
        sections.append(ReportSection(code: "budget", title: Label("\(budget.year)年基金预算", "Fund budget for \(budget.year)"),
                                      paragraphs: budget.notes, tables: budget.reportTables()))
        // 市级统筹: the city level's execution, each district's and 全市 in one section.
        if let first = execution.first {
            sections.append(ReportSection(code: "execution", title: execution.count == 1 ? first.title : Label("预算执行情况", "Budget execution"), tables: execution))
        }
        if let attribution = try? DriverAttribution(result, year: budget.year), !attribution.lines.isEmpty {
            sections.append(ReportSection(code: "attribution", title: Label("预算增减因素分析", "Why each line moves"),
                                          tables: attribution.reportTables(unit: budget.unit), waterfalls: attribution.lines.map(attribution.waterfall)))
        }
        sections.append(ReportSection(code: "projection", title: Label("逐年预测(\(s.baseYear)–\(s.horizon)年)", "Projection \(s.baseYear)–\(s.horizon)"),
                                      tables: [projectionTable(result)], charts: charts(result)))
        sections.append(ReportSection(code: "warnings", title: Label("风险预警", "Risk warnings"),
                                      paragraphs: warnings.isEmpty ? [Label("无预警", "No warnings")] : [],
                                      tables: [warningsTable(warnings)]))
        sections.append(ReportSection(code: "assumptions", title: Label("情景参数", "Scenario parameters"),
                                      tables: [assumptionsTable(parameters)]))
        return ReportDocument(
            title: Label("\(s.name) — \(budget.year)年基金预算与运行分析", "\(s.name) — fund budget \(budget.year) and projection"),
            subtitle: [Label("情景文件: \(s.source); 基期 \(s.baseYear) 年; 预测至 \(s.horizon) 年", "Scenario: \(s.source); base year \(s.baseYear); horizon \(s.horizon)")] + [Label.commandLineChanges(s)].compactMap { $0 },
            sections: sections, slug: slug, baseYear: s.baseYear, unit: s.unit)
    }

    static func tone(_ level: WarningLevel) -> ReportTone {
        switch level {
        case .red: return .red
        case .orange: return .orange
        case .yellow: return .yellow
        case .green: return .green
        case .notice: return .notice
        }
    }

    static func alert(_ w: RiskWarning) -> ReportAlert {
        ReportAlert(tone: tone(w.level), levelName: Label(w.level.chinese, w.level.rawValue), message: Label(w.messageZh, w.messageEn),
                    code: w.code, source: Label(w.source, w.sourceEn), urgent: w.isUrgent)
    }

    static func schemeName(_ s: WarningScheme) -> Label {
        switch s {
        case .employeePooled: return Label("职工统筹基金", "Employee pooled fund")
        case .employeePersonalAccount: return Label("职工个人账户", "Personal accounts")
        case .employee: return Label("职工医保", "Employee scheme")
        case .resident: return Label("居民医保基金", "Resident fund")
        case .total: return Label("全部险种", "All schemes")
        }
    }

    /// The value of a warning's metric, typed by the metric's kind.
    static func metricValue(_ metric: WarningMetric, _ x: Double) -> ReportValue {
        switch metric.kind {
        case .months: return .of(x, .months)
        case .money: return .of(x, .money)
        case .rate: return .of(x, .rate)
        case .points: return .of(x, .ratePoints)
        case .ratio: return .of(x, .ratio)
        }
    }

    static func warningsTable(_ warnings: [RiskWarning]) -> ReportTable {
        ReportTable(
            code: "warnings", title: Label("风险预警", "Risk warnings"), shortTitle: Label("风险预警", "Warnings"),
            columns: [ReportColumn("level", Label("级别", "Level")), ReportColumn("scheme", Label("基金", "Fund")),
                      ReportColumn("year", Label("首次年份", "First year")), ReportColumn("message", Label("说明", "Message")),
                      ReportColumn("source", Label("依据", "Source")),
                      ReportColumn("value", Label("数值", "Value")), ReportColumn("threshold", Label("阈值", "Threshold"))],
            rows: warnings.map { w in
                ReportRow(code: w.code, cells: [.label(Label(w.level.chinese, w.level.rawValue)), .label(schemeName(w.scheme)), .year(w.year),
                                                .label(Label(w.messageZh, w.messageEn)), .label(Label(w.source, w.sourceEn)),
                                                metricValue(w.metric, w.value), metricValue(w.metric, w.threshold)],
                          tone: tone(w.level))
            },
            labelColumns: 5)
    }

    /// Every parameter the model ran with: its value as written (a quoted text without its quotes),
    /// its unit and where it came from.
    static func assumptionsTable(_ parameters: [ResolvedParameter]) -> ReportTable {
        func shown(_ value: String) -> String {
            guard value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\""), !value.dropFirst().dropLast().contains("\"") else { return value }
            return String(value.dropFirst().dropLast())
        }
        return ReportTable(
            code: "assumptions", title: Label("情景参数(取值、单位与来源)", "Scenario parameters (value, unit, source)"),
            shortTitle: Label("情景参数", "Assumptions"),
            columns: [ReportColumn("key", Label("参数", "Key")), ReportColumn("value", Label("取值", "Value")),
                      ReportColumn("unit", Label("单位", "Unit")), ReportColumn("source", Label("来源", "Source")),
                      ReportColumn("document", Label("依据文件", "Document"))],
            rows: parameters.withoutSources.map { p in
                ReportRow(code: p.path, cells: [.text(p.path), .text(shown(p.value)), .label(ExportReport.unitLabel(p.unit)), .text(p.source),
                                                .text(parameters.document(for: p.path) ?? "")])
            },
            labelColumns: 5,
            notes: [Label("未列出的参数取 fundcast 默认值: 经济假设为 0 (不增长、不计息), 人口结构为内置的全国默认值, 预警阈值为人社部发〔2009〕67号的默认值",
                          "Keys not listed take fundcast's defaults: economic assumptions 0 (no growth, no interest), the embedded national population structure, the warning thresholds of 人社部发〔2009〕67号")])
    }

    /// Charts of the projection: per fund the balance, months payable with the warning bands, and
    /// income against spending; then the employee scheme's 赡养比.
    static func charts(_ result: ProjectionResult) -> [ReportChart] {
        let years = result.years.map(\.year)
        let t = result.scenario.warnings
        var charts: [ReportChart] = []
        let funds: [(Fund, Label, (YearResult) -> (any FundAccount)?)] = [
            (.employeePooled, Label("职工统筹基金", "Employee pooled fund"), { $0.employee?.pooled }),
            (.resident, Label("居民医保基金", "Resident fund"), { $0.resident }),
        ]
        for (fund, name, account) in funds where result.funds.contains(fund) {
            let code = fund.rawValue
            let known = result.balanceKnown(fund)
            charts.append(ReportChart(
                code: "\(code).balance", title: Label("\(name.zh)年末滚存结余", "\(name.en): year-end balance"),
                caption: Label(known ? "\(name.zh)年末累计结余, \(years.first ?? 0)年为报告数" : "\(name.zh)未提供基期结余, 按0起算, 仅反映基期后的累计变动",
                               known ? "Year-end balance of the \(name.en); the first year is reported" : "No base-year balance given: the balance starts from 0"),
                style: .bars, kind: .money, years: years,
                series: [.init(key: "\(code).balance", label: Label("年末滚存结余", "Year-end balance"), values: result.years.map { account($0)?.closingBalance })]))
            if known {
                let red = fund == .resident ? t.residentMonthsPayableRed : t.monthsPayableRed
                charts.append(ReportChart(
                    code: "\(code).months_payable", title: Label("\(name.zh)可支付月数", "\(name.en): months payable"),
                    caption: Label("年末结余可支付的月数(结余 ÷ 月均支出); 色带: <\(fmt(red))月不足(红), \(fmt(red))–\(fmt(t.monthsPayableOrange))月偏低(橙), \(fmt(t.monthsPayableOrange))–\(fmt(reasonableMonthsUpper))月合理, >\(fmt(t.monthsPayableExcess))月结余过多 (人社部发〔2009〕67号)",
                                   "Months of spending the year-end balance pays; bands: below \(fmt(red)) insufficient (red), \(fmt(red))–\(fmt(t.monthsPayableOrange)) low (orange), \(fmt(t.monthsPayableOrange))–\(fmt(reasonableMonthsUpper)) reasonable, above \(fmt(t.monthsPayableExcess)) excess"),
                    kind: .months, years: years,
                    series: [.init(key: "\(code).months_payable", label: Label("可支付月数", "Months payable"), values: result.years.map { account($0)?.monthsPayable })],
                    bands: [
                        .init(from: 0, to: red, tone: .red, label: Label("不足", "insufficient")),
                        .init(from: red, to: t.monthsPayableOrange, tone: .orange, label: Label("偏低", "low")),
                        .init(from: t.monthsPayableOrange, to: reasonableMonthsUpper, tone: .green, label: Label("合理", "reasonable")),
                        .init(from: t.monthsPayableExcess, to: nil, tone: .notice, label: Label("结余过多", "excess")),
                    ]))
            }
            charts.append(ReportChart(
                code: "\(code).income_expenditure", title: Label("\(name.zh)收入与支出", "\(name.en): income and spending"),
                caption: Label("\(name.zh)当年基金收入与基金支出; 支出线高于收入线的年份当期赤字", "Income and spending of the \(name.en) each year; where spending is above income the year runs a deficit"),
                kind: .money, years: years,
                series: [.init(key: "\(code).income", label: Label("基金收入", "Income"), values: result.years.map { account($0)?.income }),
                         .init(key: "\(code).expenditure", label: Label("基金支出", "Spending"), values: result.years.map { account($0)?.expenditure })]))
        }
        if result.scenario.employee != nil {
            charts.append(ReportChart(
                code: "employee.dependency_ratio", title: Label("职工医保赡养比(在职/退休)", "Employee scheme: actives per retiree"),
                caption: Label("每名退休人员对应的在职参保人数; 低于\(fmt(t.dependencyYellow))黄色预警, 低于\(fmt(t.dependencyOrange))橙色预警",
                               "Active members per retiree; below \(fmt(t.dependencyYellow)) yellow, below \(fmt(t.dependencyOrange)) orange warning"),
                kind: .ratio, years: years,
                series: [.init(key: "employee.dependency_ratio", label: Label("赡养比", "Dependency ratio"), values: result.years.map { $0.members.dependencyRatio })],
                bands: [.init(from: 0, to: t.dependencyOrange, tone: .orange, label: Label("橙色", "orange")),
                        .init(from: t.dependencyOrange, to: t.dependencyYellow, tone: .yellow, label: Label("黄色", "yellow"))]))
        }
        return charts
    }

    /// A threshold for captions: whole numbers without decimals.
    static func fmt(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e9 ? String(Int(x)) : String(format: "%.2f", x)
    }
}
