import Scenario
import Projection
import Warnings
import Stochastic

/// The report model of a Monte Carlo run (`fundcast simulate` and `fundcast merge`): typed tables every
/// renderer can show, and the JSON document. Built only from the summary, so a merge of shards renders
/// byte for byte what the single run renders.
public enum SimulationReport {
    static let levelLabels = ["P5", "P25", "P50", "P75", "P95"]

    static func seriesLabel(_ s: SimulationSeries) -> Label {
        switch s {
        case .balance(let f):
            let n = SimulationSummary.fundName(f)
            return Label("\(n.zh) 年末滚存结余", "\(n.en) closing balance")
        case .monthsPayable(let f):
            let n = SimulationSummary.fundName(f)
            return Label("\(n.zh) 可支付月数", "\(n.en) months payable")
        case .dependencyRatio: return Label("职工医保 赡养比 (在职/退休)", "Employee actives per retiree")
        }
    }

    static func value(_ s: SimulationSeries, _ x: Double) -> ReportValue {
        guard x.isFinite else { return .notApplicable }
        switch s {
        case .balance: return .money(x)
        case .monthsPayable: return .months(x)
        case .dependencyRatio: return .ratio(x)
        }
    }

    /// One fan table per series: a row a year, the five percentiles.
    public static func fanTables(_ summary: SimulationSummary) -> [ReportTable] {
        let years = Array(summary.header.years)
        return summary.header.series.enumerated().map { k, s in
            let columns = [ReportColumn("year", Label("年份", "Year"))] + levelLabels.map { ReportColumn($0.lowercased(), Label($0, $0)) }
            let rows = years.enumerated().map { y, year in
                ReportRow(cells: [.year(year)] + summary.fans[k][y].map { value(s, $0) }, isActual: y == 0)
            }
            return ReportTable(code: "simulate.fan.\(s.code)", title: seriesLabel(s), caption: {
                if case .balance = s { return .money } else { return .none }
            }(), columns: columns, rows: rows)
        }
    }

    /// Every fan in one long table (for CSV): series code and name, year, the five percentiles.
    public static func fanLongTable(_ summary: SimulationSummary) -> ReportTable {
        let years = Array(summary.header.years)
        let columns = [ReportColumn("series", Label("指标代码", "Series")), ReportColumn("name", Label("指标", "Name")),
                       ReportColumn("year", Label("年份", "Year"))] + levelLabels.map { ReportColumn($0.lowercased(), Label($0, $0)) }
        var rows: [ReportRow] = []
        for (k, s) in summary.header.series.enumerated() {
            for (y, year) in years.enumerated() {
                rows.append(ReportRow(cells: [.text(s.code), .label(seriesLabel(s)), .year(year)] + summary.fans[k][y].map { value(s, $0) }))
            }
        }
        return ReportTable(code: "simulate.fans", title: Label("百分位扇形图", "Percentile fans"), columns: columns, rows: rows, labelColumns: 3)
    }

    /// Probability of depletion by each year and of months payable below the red threshold, per fund.
    public static func probabilityTable(_ summary: SimulationSummary) -> ReportTable {
        let h = summary.header
        var columns = [ReportColumn("year", Label("年份", "Year"))]
        for f in h.funds {
            let n = SimulationSummary.fundName(f)
            columns.append(ReportColumn("\(f.rawValue).depletion_probability", Label("\(n.zh) 穿底概率", "\(n.en) P(depleted)"), rateDecimals: 1))
        }
        for f in h.monthsFunds {
            let n = SimulationSummary.fundName(f)
            let red = plainDecimal(h.monthsPayableRed(f)) // each fund's threshold, as the scenario writes it: 3, 2.5
            columns.append(ReportColumn("\(f.rawValue).months_payable_below_\(red)", Label("\(n.zh) 可支付月数<\(red) 概率", "\(n.en) P(months < \(red))"), rateDecimals: 1))
        }
        let rows = Array(h.years).enumerated().map { y, year in
            ReportRow(cells: [.year(year)] + h.funds.indices.map { ReportValue.rate(summary.depletion[$0][y]) }
                        + h.monthsFunds.indices.map { ReportValue.rate(summary.lowMonths[$0][y]) },
                      isActual: y == 0)
        }
        return ReportTable(code: "simulate.probabilities", title: Label("穿底概率与可支付月数不足概率 (按年)", "Probability of depletion and of low months payable, by year"),
                           columns: columns, rows: rows)
    }

    /// Share of paths whose first depleted year is each year, per fund; the last row: not depleted by the horizon.
    public static func depletionYearTable(_ summary: SimulationSummary) -> ReportTable {
        let h = summary.header, n = Double(max(1, h.paths))
        let columns = [ReportColumn("year", Label("穿底年份", "Depletion year"))] + h.funds.map { f in
            let name = SimulationSummary.fundName(f)
            return ReportColumn(f.rawValue, Label(name.zh, name.en), rateDecimals: 1)
        }
        var rows: [ReportRow] = []
        let projected = Array(h.years.dropFirst())
        for (y, year) in projected.enumerated() where summary.depletionYears.contains(where: { $0[y] > 0 }) {
            rows.append(ReportRow(cells: [.year(year)] + summary.depletionYears.map { .rate(Double($0[y]) / n) }))
        }
        rows.append(ReportRow(code: "none", cells: [.label(Label("至 \(h.horizon) 年未穿底", "not depleted by \(h.horizon)"))]
                              + summary.depletionYears.map { .rate(Double($0[projected.count]) / n) }, isTotal: true))
        return ReportTable(code: "simulate.depletion_year", title: Label("穿底年份分布 (路径占比)", "Distribution of the depletion year (share of paths)"),
                           columns: columns, rows: rows)
    }

    /// The fans, then (when a fund reports a base-year balance) the probabilities and the depletion years.
    public static func tables(_ summary: SimulationSummary) -> [ReportTable] {
        guard !summary.header.funds.isEmpty else {
            var fans = fanTables(summary)
            if !fans.isEmpty {
                fans[fans.count - 1].notes.append(Label("情景未报告任何基金的基期结余: 结余、可支付月数与穿底概率无从模拟",
                                                        "No fund reports a base-year balance: balances, months payable and depletion are not simulated"))
            }
            return fans
        }
        return fanTables(summary) + [probabilityTable(summary), depletionYearTable(summary)]
    }

    /// `simulate --format json`: the run, `percentiles` per series and year, `depletion_probability`
    /// and `months_payable_low_probability` per fund and year, `depletion_year_distribution`, warnings.
    public static func json(_ summary: SimulationSummary) -> JSONValue {
        let h = summary.header, years = Array(h.years)
        let percentiles: [(String, JSONValue)] = h.series.enumerated().map { k, s in
            (s.code, .array(years.enumerated().map { y, year in
                .object([("year", .number(Double(year)))] + zip(levelLabels, summary.fans[k][y]).map { label, x in
                    (label.lowercased(), { if case .balance = s { return JSONValue.money(x.isFinite ? x : nil) } else { return JSONValue.num(x) } }())
                })
            }))
        }
        func perFund(_ table: [[Double]], _ funds: [Fund]) -> JSONValue {
            .object(funds.enumerated().map { k, f in
                (f.rawValue, .array(years.enumerated().dropFirst().map { y, year in .object([("year", .number(Double(year))), ("probability", .num(table[k][y]))]) }))
            })
        }
        let distribution: JSONValue = .object(h.funds.enumerated().map { k, f in
            (f.rawValue, .array(summary.depletionYears[k].enumerated().compactMap { y, count in
                guard count > 0 else { return nil }
                let year: JSONValue = y < years.count - 1 ? .number(Double(years[y + 1])) : .null
                return .object([("year", year), ("paths", .number(Double(count))), ("share", .num(Double(count) / Double(max(1, h.paths))))])
            }))
        })
        return .object([
            ("scenario", .string(h.scenarioName)), ("scenario_hash", .string(h.scenarioHash)), ("base_year", .number(Double(h.baseYear))),
            ("horizon", .number(Double(h.horizon))), ("unit", .string("元")), ("paths", .number(Double(h.paths))), ("seed", .string(String(h.seed))),
            ("percentiles", .object(percentiles)),
            ("depletion_probability", perFund(summary.depletion, h.funds)),
            ("months_payable_low_probability", perFund(summary.lowMonths, h.monthsFunds)),
            ("months_payable_low_threshold", .num(h.monthsPayableRed)),
            ("months_payable_low_thresholds", .object(h.monthsFunds.map { ($0.rawValue, .num(h.monthsPayableRed($0))) })),
            ("depletion_year_distribution", distribution),
            ("warnings", .array(summary.warnings.map(ProjectionJSON.warning))),
        ] + (ProjectionJSON.commandLineChanges(h.commandLineChanges).map { [("command_line_changes", $0)] } ?? []))
    }
}
