import ArgumentParser
import Foundation
import Scenario
import Backtest
import Reports

/// `fundcast backtest`: the structural model rebased at the fit-through year and the trend baselines
/// fitted on the years up to it, all forecasting the following years against the actuals.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Structural model vs GM(1,1) and trend baselines against actuals.",
        discussion: """
        Example: fundcast backtest Scenarios/history/china-national.csv --scenario Scenarios/china-national.yaml --fit-through 2018
        Forecasts use only history rows up to --fit-through; later rows are the actuals.
        """)

    @Argument(help: "History CSV (year,scheme,metric,value,unit).")
    var history: String

    @Option(help: "Scenario YAML file whose policy inputs the structural model uses.")
    var scenario: String

    @Option(name: .customLong("fit-through"), parsing: .unconditional, help: "Last year the models may see (the rebased base year), e.g. 2018.")
    var fitThrough: Int

    @Option(parsing: .unconditional, help: "Years to forecast (default: through the last year of the history).")
    var horizon: Int?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario key; VALUE is YAML. Repeatable.", valueName: "KEY=VALUE"))
    var overrides: [String] = []

    @OptionGroup var render: RenderOptions

    func run() throws {
        // An out-of-range value is bad input (exit 1), as --paths 0 is; a malformed command line is a usage error (2).
        if let horizon, !(1...50).contains(horizon) { throw CommandFailure.message("--horizon: expected 1 to 50 years, found \(horizon)") }
        try render.refuseReportFile("backtest")
        let loaded: Scenario
        let records: [HistoryRecord]
        do {
            loaded = try ScenarioLoader.load(path: scenario, overrides: overrides)
            guard let data = FileManager.default.contents(atPath: history) else {
                throw CommandFailure.message("\(history): expected a readable history CSV, found no such file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure.message("\(history): expected UTF-8 text, found undecodable bytes")
            }
            records = try HistoryRecord.parse(csv: text, file: history)
        } catch let error as ScenarioError {
            throw CommandFailure.input(error)
        }
        guard records.contains(where: { $0.year <= fitThrough }) else {
            throw CommandFailure.message("--fit-through \(fitThrough): expected a year the history \(history) covers, found its first year \(records.map(\.year).min().map(String.init) ?? "none")")
        }
        guard records.contains(where: { $0.year > fitThrough }) else {
            throw CommandFailure.message("--fit-through \(fitThrough): expected a year before the history's last (\(records.map(\.year).max().map(String.init) ?? "none")), so that later rows are actuals to forecast against, found none after \(fitThrough)")
        }
        if let horizon, !records.contains(where: { $0.year > fitThrough && $0.year <= fitThrough + horizon }) {
            throw CommandFailure.message("--horizon \(horizon): expected actuals within the forecast years \(fitThrough + 1)–\(fitThrough + horizon), found none (the history's years after \(fitThrough): \(Set(records.map(\.year).filter { $0 > fitThrough }).sorted().map(String.init).joined(separator: ", ")))")
        }
        let result: Backtest
        do {
            result = try Backtest.run(scenario: loaded, history: records, fitThrough: fitThrough, horizon: horizon)
        } catch let error as RebaseError {
            throw CommandFailure.message("\(history) / \(scenario): \(error)")
        } catch {
            throw CommandFailure.message("\(scenario): the structural model rebased at \(fitThrough) failed: \(error)")
        }
        let (format, lang) = (render.format, render.lang)
        let style = NumberStyle(unit: render.unit ?? loaded.unit, grouping: format != .csv)
        let text: String
        switch format {
        case .json: text = BacktestRendering.json(result).serialized() + "\n"
        case .csv: text = BacktestRendering.tables(result, style: style, language: lang).map(TableRenderer.csv).joined(separator: "\n")
        case .md: text = BacktestRendering.tables(result, style: style, language: lang).map(TableRenderer.markdown).joined(separator: "\n")
        case .table: text = BacktestRendering.tables(result, style: style, language: lang).map(TableRenderer.text).joined(separator: "\n")
        }
        try render.emit(Data(text.utf8), input: scenario)
    }
}

/// Tables and JSON of a backtest.
enum BacktestRendering {
    static func modelLabel(_ name: String, _ lang: Language) -> String {
        switch name {
        case "structural": return lang.pick("结构模型", "Structural")
        case "gm11": return "GM(1,1)"
        case "linear": return lang.pick("线性趋势", "Linear")
        case "log_linear": return lang.pick("对数线性", "Log-linear")
        case "verhulst": return lang.pick("灰色Verhulst", "Verhulst")
        default: return name
        }
    }

    static func seriesLabel(_ key: SeriesKey, _ lang: Language) -> String {
        let scheme: String
        switch key.scheme {
        case .total: scheme = lang.pick("合计", "Total")
        case .employee: scheme = lang.pick("职工医保", "Employee")
        case .employeePooled: scheme = lang.pick("职工统筹", "Employee pooled")
        case .employeePersonalAccount: scheme = lang.pick("个人账户", "Personal accounts")
        case .resident: scheme = lang.pick("居民医保", "Resident")
        }
        let metric: String
        switch key.metric {
        case .insured: metric = lang.pick("参保人数", "insured")
        case .active: metric = lang.pick("在职", "active")
        case .retired: metric = lang.pick("退休", "retired")
        case .income: metric = lang.pick("收入", "income")
        case .expenditure: metric = lang.pick("支出", "expenditure")
        case .balance: metric = lang.pick("累计结余", "balance")
        }
        return scheme + " " + metric
    }

    static func isPeople(_ key: SeriesKey) -> Bool { [.insured, .active, .retired].contains(key.metric) }

    /// One table of forecasts (series × year rows, a forecast and error column per model), then the MAPE table.
    static func tables(_ b: Backtest, style: NumberStyle, language lang: Language) -> [Table] {
        var header = [lang.pick("项目", "Series"), lang.pick("年份", "Year"), lang.pick("单位", "Unit"), lang.pick("实际", "Actual")]
        for m in b.models { header += [modelLabel(m.name, lang), lang.pick("误差%", "Err %")] }
        var rows: [[String]] = []
        for key in b.series {
            let actualYears = b.years.filter { year in b.models.contains { $0.forecasts.contains { $0.series == key && $0.year == year && $0.actual != nil } } }
            for year in actualYears {
                let actual = b.models.lazy.compactMap { $0.forecasts.first { $0.series == key && $0.year == year }?.actual }.first
                let unit = isPeople(key) ? lang.pick("人", "persons") : lang.pick(style.unit.rawValue, style.unit.english)
                let mark = b.otherScope[key]?.contains(year) == true ? "†" : ""
                var row = [seriesLabel(key, lang), String(year), unit, (isPeople(key) ? style.persons(actual) : style.money(actual)) + mark]
                for m in b.models {
                    let f = m.forecasts.first { $0.series == key && $0.year == year }
                    row.append(f.map { isPeople(key) ? style.persons($0.forecast) : style.money($0.forecast) } ?? "—")
                    row.append(f?.errorPercent.map { String(format: "%+.1f", $0) } ?? (f?.scored == false ? lang.pick("不评", "n/s") : "—"))
                }
                rows.append(row)
            }
        }
        let units = lang.pick("金额单位: \(style.unit.rawValue); 人数单位: 人", "money: \(style.unit.english); people: persons")
        var forecasts = Table(title: lang.pick("回测：\(b.fitThrough) 年及以前拟合，预测 \(b.years.lowerBound)–\(b.years.upperBound) 年",
                                               "Backtest: fitted through \(b.fitThrough), forecasting \(b.years.lowerBound)–\(b.years.upperBound)") + "  (\(units))",
                              header: header, rows: rows, numeric: [false, false, false] + [Bool](repeating: true, count: header.count - 3))
        forecasts.notes = [lang.pick("误差% = (预测 − 实际)/实际；— 表示该模型无法拟合（历史年份不足）或当年无实际数。",
                                     "Err % = (forecast − actual)/actual; — : the model cannot be fitted (too few past years) or no actual that year.")]
        if !b.otherScope.isEmpty {
            forecasts.notes.append(lang.pick(
                "† 实际数口径与 \(b.fitThrough) 年不同(历史文件 scope 列): 趋势基准无从得知口径变化, 不予评分(\"不评\"); 结构模型照常评分, 其误差含口径变化(除非情景已设定该变化)。",
                "† the actual is of another scope than \(b.fitThrough)'s (the history's scope column): the trend baselines cannot know of the change and are not scored (n/s); the structural model is, and its error includes the change unless the scenario sets it."))
        }
        var mapeHeader = [lang.pick("项目", "Series")]
        mapeHeader += b.models.map { modelLabel($0.name, lang) }
        var mapeRows: [[String]] = []
        for key in b.series where b.models.contains(where: { $0.mape[key] != nil }) {
            mapeRows.append([seriesLabel(key, lang)] + b.models.map { m in m.mape[key].map { String(format: "%.2f", $0) } ?? "—" })
        }
        var mape = Table(title: lang.pick("平均绝对百分比误差 MAPE (%)", "Mean absolute percentage error, MAPE (%)"),
                         header: mapeHeader, rows: mapeRows, numeric: [false] + [Bool](repeating: true, count: b.models.count))
        if let gm = b.models.first(where: { $0.name == "gm11" }) {
            let grades = gm.greyGrades.keys.sorted().filter { key in mapeRows.contains { $0[0] == seriesLabel(key, lang) } }.map { key -> String in
                let g = gm.greyGrades[key]!
                return seriesLabel(key, lang) + String(format: " C=%.3f P=%.2f ", g.c, g.p) + lang.pick("等级 \(g.grade)", "grade \(g.grade)")
            }
            if !grades.isEmpty {
                mape.notes.append(lang.pick("GM(1,1) 后验差检验（1 好 C≤0.35,P≥0.95；2 合格；3 勉强；4 不合格）：", "GM(1,1) posterior-variance test (1 good C≤0.35, P≥0.95; 2 qualified; 3 barely; 4 unqualified):"))
                mape.notes += grades.map { "  " + $0 }
            }
        }
        for key in b.series where mapeRows.contains(where: { $0[0] == seriesLabel(key, lang) }) {
            guard let fit = b.fitYears[key], let brk = b.scopeBreaks[key] else { continue }
            let span = fit.count == 1 ? "\(fit.lowerBound)" : "\(fit.lowerBound)–\(fit.upperBound)"
            let scope = b.fitScope[key].map { lang.pick("「\($0)」", "“\($0)”") } ?? lang.pick("未标注", "unmarked")
            let other = brk.scope.isEmpty ? lang.pick("未标注", "unmarked") : lang.pick("「\(brk.scope)」", "“\(brk.scope)”")
            let few = fit.count < 4 ? lang.pick("(年份不足, 部分或全部基准无法拟合)", " (too few years: some or all baselines cannot be fitted)") : ""
            mape.notes.append(lang.pick("\(seriesLabel(key, lang)): 与 \(b.fitThrough) 年同口径(\(scope))的历史为 \(span) 年\(few), 基准只用这些年份拟合; \(brk.year) 年及以前为另一口径(\(other)), 不与之连成一个序列",
                                        "\(seriesLabel(key, lang)): the history of \(b.fitThrough)'s scope (\(scope)) is \(span)\(few), and the baselines are fitted on those years only; \(brk.year) and earlier are another scope (\(other)) and not one series with it"))
        }
        // A series with actuals but no row for the fit-through year has no baseline; say so (it would read as unfittable).
        let baseline = b.models.first { $0.name != "structural" }
        let noFitYear = b.series.filter { key in baseline?.skipped[key] == "no value for \(b.fitThrough)" && b.otherScope[key] == nil
            && b.models.contains { $0.forecasts.contains { $0.series == key && $0.actual != nil } } }
        if !noFitYear.isEmpty {
            mape.notes.append(lang.pick("历史文件无 \(b.fitThrough) 年数据, 故无基准: " + noFitYear.map { seriesLabel($0, lang) }.joined(separator: "、"),
                                        "No \(b.fitThrough) row in the history, so no baseline: " + noFitYear.map { seriesLabel($0, lang) }.joined(separator: ", ")))
        }
        return [forecasts, mape, verdicts(b, language: lang)]
    }

    /// Where the structural model loses to a simple baseline, and where it wins: one row per series
    /// scored, with the best baseline by MAPE, and a summary line.
    static func verdicts(_ b: Backtest, language lang: Language) -> Table {
        let verdicts = b.verdicts
        let rows = verdicts.map { v -> [String] in
            let outcome: String
            switch (v.structural, v.bestBaseline) {
            case (nil, _): outcome = lang.pick("结构模型未预测", "no structural forecast")
            case (_, nil): outcome = lang.pick("无基准可比", "no baseline to compare")
            case (let s?, let best?): outcome = best.mape < s ? lang.pick("不及基准", "loses to the baseline") : lang.pick("优于基准", "beats the baselines")
            }
            return [seriesLabel(v.series, lang), v.structural.map { String(format: "%.2f", $0) } ?? "—",
                    v.bestBaseline.map { modelLabel($0.name, lang) } ?? "—", v.bestBaseline.map { String(format: "%.2f", $0.mape) } ?? "—", outcome]
        }
        var t = Table(title: lang.pick("结构模型与最优基准 (MAPE, %)", "The structural model against the best baseline (MAPE, %)"),
                      header: [lang.pick("项目", "Series"), lang.pick("结构模型", "Structural"), lang.pick("最优基准", "Best baseline"),
                               lang.pick("基准MAPE", "Its MAPE"), lang.pick("结论", "Verdict")],
                      rows: rows, numeric: [false, true, false, true, false])
        func names(_ vs: [Backtest.Verdict], _ zh: String, _ en: String) -> (String, String) {
            let list = vs.map { seriesLabel($0.series, lang) }
            return ("\(zh) \(vs.count) 项" + (list.isEmpty ? "" : "(\(list.joined(separator: "、")))"), "\(en) \(vs.count)" + (list.isEmpty ? "" : " (\(list.joined(separator: ", ")))"))
        }
        let loses = names(verdicts.filter(\.structuralLoses), "结构模型不及最优基准", "The structural model loses to the best baseline on")
        let wins = names(verdicts.filter { $0.structural != nil && $0.bestBaseline != nil && !$0.structuralLoses }, "优于全部基准", "beats every baseline on")
        let only = names(verdicts.filter { $0.structural == nil }, "结构模型未预测而基准可评", "only baselines forecast")
        t.notes.append(lang.pick(
            [loses.0, wins.0, only.0].joined(separator: "; ") + "; 预测年份少时 MAPE 的抽样误差大, 一次回测不足以判定模型优劣。",
            ([loses.1, wins.1, only.1].joined(separator: "; ") + "; with few forecast years a MAPE has a large sampling error, and one backtest does not settle which model is better.")))
        return t
    }

    /// `{"fit_through", "years", "models": [{"name", "forecasts": [{"year", "scheme", "metric", "forecast", "actual", "error_pct"}], "mape": {…}}]}`, 元 and persons.
    static func json(_ b: Backtest) -> JSONValue {
        .object([
            ("fit_through", .number(Double(b.fitThrough))),
            ("years", .array(b.years.map { .number(Double($0)) })),
            ("models", .array(b.models.map { m in
                var pairs: [(String, JSONValue)] = [
                    ("name", .string(m.name)),
                    ("forecasts", .array(m.forecasts.map { f in
                        .object([("year", .number(Double(f.year))), ("scheme", .string(f.series.scheme.rawValue)),
                                 ("metric", .string(f.series.metric.rawValue)), ("forecast", .num(f.forecast)),
                                 ("actual", .num(f.actual)), ("error_pct", .num(f.errorPercent)), ("scored", .bool(f.scored))])
                    })),
                    ("mape", .object(m.mape.keys.sorted().map { ($0.description, .num(m.mape[$0])) })),
                ]
                if !m.greyGrades.isEmpty {
                    pairs.append(("grades", .object(m.greyGrades.keys.sorted().map { key in
                        let g = m.greyGrades[key]!
                        return (key.description, .object([("c", .num(g.c)), ("p", .num(g.p)), ("grade", .number(Double(g.grade)))]))
                    })))
                }
                return .object(pairs)
            })),
            ("fit_years", .object(b.fitYears.keys.sorted().map { k in
                (k.description, .array([.number(Double(b.fitYears[k]!.lowerBound)), .number(Double(b.fitYears[k]!.upperBound))]))
            })),
            ("verdicts", .array(b.verdicts.map { v in
                .object([("series", .string(v.series.description)), ("structural_mape", .num(v.structural)),
                         ("best_baseline", v.bestBaseline.map { .string($0.name) } ?? .null), ("best_baseline_mape", .num(v.bestBaseline?.mape)),
                         ("structural_loses", .bool(v.structuralLoses))])
            })),
        ])
    }
}
