import ArgumentParser
import Foundation
import Audit
import Scenario
import Finance
import Projection
import Warnings
import Reports

/// `fundcast budget`: next year's budget tables (基金预算草案) with risk warnings.
struct BudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Print next year's budget tables per fund, with reconciliation and risk warnings.",
        discussion: """
        Example: fundcast budget Scenarios/example-city.yaml --unit 亿元 --lang both
        Mid-year execution (预算执行情况): fundcast budget Scenarios/example-city.yaml --actuals Scenarios/data/unnamed-city-ytd.csv
        """)

    @OptionGroup var common: CommonOptions

    @OptionGroup var save: SaveOptions

    @OptionGroup var monthsPayable: MonthsPayableOptions

    @Option(parsing: .unconditional, help: "Budget year (default: base_year + 1).")
    var year: Int?

    @Option(help: ArgumentHelp(
        "Year-to-date actuals of the budget year (CSV year,month,scheme,row,value,unit; 1–N月累计; the old metric header is read too): adds budget execution (完成率), a seasonal full-year estimate and months payable. With districts: (市级统筹) a last column district (blank = the city level, else a district file's stem or region) gives each district's execution and 全市 = Σ. Example: --actuals Scenarios/data/unnamed-city-ytd.csv",
        valueName: "YTD.csv"))
    var actuals: String?

    @Option(help: ArgumentHelp(
        "Approved budget (批复预算) of the budget year for --actuals, in the table format of `fundcast audit` (CSV fund,row,column,value,unit or YAML): 完成率 against its 本年收入合计/本年支出合计, the model's own budget beside it. Example: --approved Scenarios/published/changning-2025.csv",
        valueName: "FILE"))
    var approved: String?

    @Flag(name: .customLong("all-rows"), help: "Show every official row of the 基金预算表, also those with no value in either column (e.g. 上级补助收入 0.00).")
    var allRows = false

    @Flag(help: "Split each contribution and spending line's change into its drivers (LMDI-I): payers, base, rate, collection; insured, ageing, unit cost, policy.")
    var attribution = false

    func validate() throws {
        if approved != nil, actuals == nil { throw ValidationError("--approved needs --actuals YTD.csv (the approved budget is what execution is measured against)") }
    }

    func run() throws {
        // The actuals file is read first so that its problems are listed with the scenario's.
        var records: [YearToDateRecord] = []
        var actualsError: ScenarioError?
        if let actuals {
            do throws(ScenarioError) {
                records = try YearToDateRecord.load(path: actuals)
            } catch {
                actualsError = error
            }
        }
        var approvedTable: PublishedTable?
        if let approved {
            do throws(ScenarioError) {
                let table = try PublishedTable.load(path: approved)
                try Self.checkApproved(table, file: approved)
                approvedTable = table
            } catch {
                actualsError = ScenarioError((actualsError?.issues ?? []) + error.issues)
            }
        }
        let scenario: Scenario
        do {
            scenario = try common.loadScenario()
        } catch {
            guard let actualsError else { throw error }
            throw CommandFailure(message: error.message + CommandFailure.input(actualsError).message, code: 1)
        }
        if let actualsError { throw CommandFailure.input(actualsError) }
        var model = try ModelRun(scenario, file: common.scenarioName, unit: common.unit, locate: common.locate)
        // 市级统筹: each district's budget and 全市 beside the city level's.
        let budget = try model.budget(year: year, allRows: allRows).applying(monthsPayable.measure, model.result)
        var executions: [ExecutionReport] = [], warningExecutions: [ExecutionReport] = []
        if let actuals {
            do throws(ScenarioError) {
                try YearToDateRecord.check(records, budgetYear: budget.year, file: actuals,
                                           yearSource: year == nil ? "base_year \(scenario.baseYear) + 1" : "--year \(budget.year)")
                records = try YearToDateRecord.assigningDistricts(records, districts: model.districts.map(\.name), file: actuals)
                executions = try execution(model, records: records, year: budget.year, approved: approvedTable.map { ($0, approved ?? "") }, budget: budget,
                                           actualsFile: actuals, measure: monthsPayable.measure)
                // The warnings judge months payable on the pooled basis, whatever basis the table shows
                // (67号's 3, 6 and 15 months are pooled-fund bands), as the projected warnings do.
                var pooled = monthsPayable.measure
                pooled.basis = .pooled
                warningExecutions = pooled == monthsPayable.measure ? executions
                    : try execution(model, records: records, year: budget.year, approved: approvedTable.map { ($0, approved ?? "") }, budget: budget,
                                    actualsFile: actuals, measure: pooled)
            } catch {
                throw CommandFailure.input(error)
            }
            var yearToDate: [RiskWarning] = []
            for report in warningExecutions {
                yearToDate += WarningRules.yearToDate(report.execution, thresholds: scenario.warnings, tolerance: scenario.execution.completionTolerance,
                                                           toleranceSource: scenario.execution.completionToleranceSource,
                                                           measure: monthsPayable.measure, level: report.part.map { ($0.name.zh, $0.name.en) },
                                                           unit: common.unit ?? scenario.unit)
            }
            // Most severe first; within a level the year's own execution first, then the projected warnings in
            // their rules' order (第三十八条's stages in sequence), as without --actuals.
            model.warnings = (yearToDate + model.warnings).enumerated()
                .sorted { ($0.element.level, $0.offset) < ($1.element.level, $1.offset) }.map(\.element)
        }
        // Saved first: a run database that cannot take the run fails the command before anything is printed or written.
        if let format = common.exportFormat, let output = common.output {
            let exporter = try Exporter(common: common, model: model, year: year, execution: executions)
            try save.record("budget", common: common, model: model, budget: budget)
            try exporter.write(format, to: output, option: "--output")
            return try common.checkFailOn(model.warnings)
        }
        let style = NumberStyle(unit: common.unit ?? scenario.unit, grouping: common.format != .csv)
        let text = render(budget, model, executions: executions, style: style)
        // Saved once the output can be written (its file prepared) and before it is visible: a database that cannot
        // take the run prints and writes nothing, and an output that cannot be written saves nothing.
        try common.emit(text) { () throws(CommandFailure) in try save.record("budget", common: common, model: model, budget: budget) }
        try common.checkFailOn(model.warnings)
    }

    /// The execution of the budget year: one report without `districts:`; with them (市级统筹) the city
    /// level's, each district's (its own rows of the file against its own model, or its column of the
    /// approved table when the table has a column per district) and 全市 = Σ.
    /// An approved budget is a budget table: its flow lines are not negative, and its figures hold the
    /// table's identities within each column (the checks of `fundcast audit`, within the printed figures' rounding). A line
    /// measured against a budget that does not add up would be judged against the wrong figure.
    static func checkApproved(_ table: PublishedTable, file: String) throws(ScenarioError) {
        var issues: [ScenarioIssue] = []
        for f in table.figures where f.value < 0 && YearToDateRecord.kind(of: f.line) == .flow {
            if case .money = f.unit {
                issues.append(ScenarioIssue(location: f.location, key: "value", expected: "an approved \(f.line.chineseName) of at least 0", found: "\(f.written) \(f.unit.symbol)"))
            }
        }
        // The identities within a column (a 全市 column nets flows between levels the table need not print, so
        // the sum over districts is not one of them).
        for finding in TableAudit(table).findings where finding.otherColumns.isEmpty && finding.check != .districtSum {
            let at = finding.figure?.location ?? SourceLocation(file: file)
            let shown = { (x: Double) -> String in
                guard case .money(let unit) = finding.unit else { return plainDecimal(x) + " %" }
                return plainDecimal((x * 100).rounded() / 100) + " " + unit.rawValue
            }
            issues.append(ScenarioIssue(location: at, key: "value",
                                        expected: "an approved budget whose figures add up (\(finding.column) \(finding.line.chineseName): \(finding.check.englishName) gives \(shown(finding.recomputed)); fundcast audit \(file) lists every check)",
                                        found: shown(finding.printed)))
        }
        if !issues.isEmpty { throw ScenarioError(issues) }
    }

    /// 全市's budget column of months payable comes from the budget's 全市 tables (年末滚存结余 ÷ (本年支出合计 ÷ 12),
    /// the internal flows netted), on the pooled basis, where the balance is known.
    func execution(_ model: ModelRun, records: [YearToDateRecord], year: Int, approved: (table: PublishedTable, file: String)?,
                   budget: Budget, actualsFile: String, measure: MonthsPayableMeasure) throws(ScenarioError) -> [ExecutionReport] {
        let scenario = model.result.scenario
        let districts = model.districts.map(\.name)
        guard !districts.isEmpty else {
            let approvedBudget = try approved.map { a throws(ScenarioError) in try ApprovedBudget(a.table, year: year, file: a.file) }
            return [ExecutionReport(model.result, records: records, year: year, approved: approvedBudget, measure: measure)]
        }
        let byDistrict = approved.map { ApprovedBudget.hasColumn(naming: districts.flatMap { [$0.code, $0.region] }, in: $0.table) } ?? false
        let cityNames = [scenario.region, "市本级"]
        var parts: [(result: ProjectionResult, code: String?, name: String, names: [String])] = [(model.result, nil, model.levelName, cityNames)]
        for d in model.districts {
            parts.append((d.run.result, d.name.code, d.name.region, [d.name.code, d.name.region]))
        }
        // An approved table with a column per level: a column that names no level (nor 全市, the total)
        // would be dropped without a word.
        if byDistrict, let approved {
            let names = parts.flatMap(\.names) + ["全市", "合计"]
            let unknown = approved.table.columns.filter { c in !names.contains { !$0.isEmpty && c.contains($0) } }
            if !unknown.isEmpty {
                throw ScenarioError([ScenarioIssue(location: SourceLocation(file: approved.file), key: "column",
                                                   expected: "a column per level of 市级统筹 (\(parts.map(\.name).joined(separator: ", ")), or 全市)",
                                                   found: unknown.map { "'\($0)'" }.joined(separator: ", "))])
            }
        }
        // 全市 adds every level up: a level with no figures for the budget year would leave it short.
        let missing = parts.filter { p in !records.contains { $0.district == p.code && $0.year == year } }.map(\.name)
        if !missing.isEmpty {
            throw ScenarioError([ScenarioIssue(location: SourceLocation(file: actualsFile), key: "district",
                                               expected: "year-to-date figures for \(year) for every level of 市级统筹 (\(parts.map(\.name).joined(separator: ", "))), which 全市 adds up",
                                               found: "none for \(missing.joined(separator: ", "))")])
        }
        var reports: [ExecutionReport] = []
        for p in parts {
            let own = records.filter { $0.district == p.code }
            var approvedBudget: ApprovedBudget?
            if let approved {
                // A column per district: each level its own; otherwise the table is the city level's.
                if byDistrict {
                    let a = try ApprovedBudget(approved.table, year: year, file: approved.file, level: p.names)
                    approvedBudget = a.amounts.isEmpty ? nil : a
                } else if p.code == nil {
                    approvedBudget = try ApprovedBudget(approved.table, year: year, file: approved.file)
                }
            }
            var report = ExecutionReport(p.result, records: own, year: year, approved: approvedBudget, measure: measure)
            report.part = ExecutionReport.Part(code: p.code, name: Label(p.name, p.name))
            reports.append(report)
        }
        var total = ExecutionReport(consolidating: reports)
        for (scheme, fund) in [(HistoryRecord.Scheme.employeePooled, Fund.employeePooled), (.resident, .resident)] where measure.basis == .pooled || scheme == .resident {
            guard let t = budget.tables.first(where: { $0.code == "city_total.\(fund.rawValue)" }),
                  let closing = t.rows.first(where: { $0.line == .closingBalance })?.budget,
                  let spending = t.rows.first(where: { $0.line == .expenditureTotal })?.budget,
                  let months = Finance.monthsPayable(balance: closing, spending: spending) else { continue }
            total.budgetMonthsPayable[scheme] = months
        }
        return reports + [total]
    }

    /// `executions`: the city level's (or the only) execution first, then each district's and 全市.
    func render(_ budget: Budget, _ model: ModelRun, executions: [ExecutionReport] = [], style: NumberStyle) -> String {
        let execution = executions.first
        let lang = common.lang
        let scenario = model.result.scenario
        switch common.format {
        case .json:
            var document = ProjectionJSON.document(model.result, warnings: model.warnings, budget: budget)
            if let execution, case .object(var pairs) = document {
                pairs.append(("execution", execution.json()))
                // 市级统筹: each district's and 全市 after the city level's.
                if executions.count > 1 {
                    pairs.append(("district_executions", .array(executions.dropFirst().dropLast().map { $0.json() })))
                    pairs.append(("city_total_execution", executions.last!.json()))
                }
                document = .object(pairs)
            }
            if attribution, let split = try? DriverAttribution(model.result, year: budget.year), case .object(var pairs) = document {
                pairs.append(("attribution", split.json()))
                document = .object(pairs)
            }
            return document.serialized() + "\n"
        case .csv:
            // A file gets the byte-order mark Excel on Chinese Windows needs (as run's and export's CSV files);
            // standard output does not. With --actuals or --attribution the tables are one CSV with a `table`
            // column (budget, execution, …), so a reader never takes a second header line for data.
            let bom = common.output.map { $0 != "-" } == true ? ReportCSV.byteOrderMark : ""
            let budgetTable = budget.flatTable(style: style, language: lang)
            // execution (the city level, or the scenario without districts), execution.<district>, execution.city_total (全市).
            let extra = executions.map { e in (name: e.part?.code.map { "execution.\($0)" } ?? "execution", table: e.flatTable(style: style, language: lang)) }
                + attributionTables(model, budget, style).enumerated().map { (name: "attribution.\($0.offset + 1)", table: $0.element) }
            guard !extra.isEmpty else { return bom + TableRenderer.csv(budgetTable) }
            return bom + TableRenderer.csv(combining: [(name: "budget", table: budgetTable)] + extra)
        case .table, .md:
            let markdown = common.format == .md
            let render: (Reports.Table) -> String = { markdown ? TableRenderer.markdown($0) : TableRenderer.text($0) }
            var out = common.format == .md ? "## " : ""
            out += lang.pick("\(scenario.name) — \(budget.year)年基金预算草案", "\(scenario.name) — draft fund budget for \(budget.year)") + "\n"
            out += Label("情景文件: \(scenario.source); 基期 \(scenario.baseYear) 年", "Scenario: \(scenario.source); base year \(scenario.baseYear)")
                .withCommandLineChanges(scenario).text(lang) + "\n\n"
            for w in model.urgent {
                out += "!!! " + lang.pick(w.messageZh, w.messageEn) + "\n\n"
            }
            for table in budget.tables(style: style, language: lang) {
                out += render(table) + "\n"
            }
            for execution in executions {
                out += render(execution.table(style: style, language: lang)) + "\n"
            }
            for table in attributionTables(model, budget, style) { out += render(table) + "\n" }
            out += (common.format == .md ? "### " : "") + lang.pick("风险预警", "Risk warnings") + "\n"
            out += WarningRendering.status(model.warnings, result: model.result, budgetYear: budget.year, language: lang)
                .map { (common.format == .md ? "- " : "") + lang.pick("预警状态", "Status") + ": " + $0 + "\n" }.joined()
            let lines = WarningRendering.lines(model.warnings, language: lang)
            out += lines.isEmpty ? lang.pick("无预警\n", "No warnings\n") : lines.map { (common.format == .md ? "- " : "  ") + $0 + "\n" }.joined()
            if monthsPayable.basis != .pooled {
                // The table's row follows --months-payable; the thresholds are those of the pooled fund's own ratio.
                out += (common.format == .md ? "- " : "  ") + lang.pick(
                    "注: 预警中的职工可支付月数按统筹基金口径(统筹结余÷统筹基金月均支出)判断, 人社部发〔2009〕67号的3、6、15个月界限即按此口径; 上表该行按 --months-payable \(monthsPayable.basis.rawValue) 口径列示",
                    "Note: the warnings judge employee months payable on the pooled basis (pooled balance ÷ pooled monthly spending), the basis of the 3, 6 and 15-month bands of 人社部发〔2009〕67号; the table's row follows --months-payable \(monthsPayable.basis.rawValue)") + "\n"
            }
            return out
        }
    }

    /// The `--attribution` tables (none without the flag).
    func attributionTables(_ model: ModelRun, _ budget: Budget, _ style: NumberStyle) -> [Reports.Table] {
        guard attribution, let split = try? DriverAttribution(model.result, year: budget.year) else { return [] }
        return split.tables(style: style, language: common.lang)
    }
}
