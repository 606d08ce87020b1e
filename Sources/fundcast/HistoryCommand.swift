import ArgumentParser
import Foundation
import Scenario
import Finance
import Projection
import Reports
import RunHistory

/// `fundcast history list|show|diff`: the runs saved with `--save`.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List, show and compare runs saved with --save (the run history).",
        discussion: """
        Examples:
          fundcast budget Scenarios/example-city.yaml --save --label 2022-draft
          fundcast budget Scenarios/example-city.yaml --set employee.employer_rate=0.075 --save --label 2022-revised
          fundcast history list
          fundcast history diff 2022-draft 2022-revised
        """,
        subcommands: [HistoryList.self, HistoryShow.self, HistoryDiff.self])
}

/// Options every history subcommand shares.
struct HistoryOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run database (default: $XDG_DATA_HOME/fundcast/runs.sqlite, else ~/.local/share/fundcast/runs.sqlite).", valueName: "FILE"))
    var db: String?

    @Option(help: "Label language: zh (default), en or both.")
    var lang: Language = .zh

    @Option(help: "Money unit for tables: 元, 万元 (default) or 亿元.")
    var unit: MoneyUnit = .wan

    @Option(help: "Output format: table, csv, md or json (show: the stored document, byte for byte; diff: changes, lines and parts in 元).")
    var format: OutputFormat = .table

    static func open(_ db: String?, create: Bool = false) throws(CommandFailure) -> RunStore {
        do {
            return try RunStore(path: db ?? RunStore.defaultPath(), create: create)
        } catch {
            throw CommandFailure.message(error.description)
        }
    }

    func store() throws(CommandFailure) -> RunStore { try HistoryOptions.open(db) }

    func run(_ reference: String, in store: RunStore) throws(CommandFailure) -> StoredRun {
        do {
            return try store.run(reference)
        } catch {
            throw CommandFailure.message(error.description)
        }
    }

    var style: NumberStyle { NumberStyle(unit: unit, grouping: format != .csv) }

    /// `names`: each table's name in a CSV of several (one table with a `table` column: a reader never
    /// takes a second header line for data).
    func render(_ tables: [Reports.Table], names: [String]? = nil) -> String {
        if format == .csv, tables.count > 1 {
            return TableRenderer.csv(combining: tables.enumerated().map { (name: names?[$0.offset] ?? "table\($0.offset + 1)", table: $0.element) })
        }
        return tables.map { t in
            switch format {
            case .csv: return TableRenderer.csv(t)
            case .md: return TableRenderer.markdown(t)
            default: return TableRenderer.text(t)
            }
        }.joined(separator: "\n")
    }

    /// A stored line's value: money in the chosen unit; rates, counts and months as numbers.
    func cell(_ line: SavedBudgetLine, _ value: Double?) -> String {
        HistoryOptions.isMoney(line) ? style.money(value) : style.plain(value, decimals: 4)
    }

    /// Money lines (元 in the JSON, rounded to the 分): fund lines but rates and months, and the
    /// drivers' contribution total. Per-head amounts in the drivers table are shown as numbers of 元.
    static func isMoney(_ line: SavedBudgetLine) -> Bool {
        line.table == "drivers" ? line.code == "employee.contributions_collected" : !["surplus_rate", "months_payable"].contains(line.code)
    }

    /// A stored figure exactly as the stored JSON wrote it.
    static func exact(_ value: Double?) -> String {
        value.map { JSONValue.number($0).serialized() } ?? "null"
    }

    func title(_ run: StoredRun) -> String {
        "#\(run.id)" + (run.label.map { " \($0)" } ?? "") + " (\(run.createdAt))"
    }

    static func fundName(_ code: String, _ lang: Language) -> String {
        switch code {
        case "employee_pooled": return lang.pick("职工统筹", "Employee pooled")
        case "employee_pa": return lang.pick("个人账户", "Personal accounts")
        case "employee": return lang.pick("职工医保", "Employee scheme")
        case "resident": return lang.pick("居民医保", "Resident")
        case "drivers": return lang.pick("测算依据", "Drivers")
        default: return code
        }
    }
}

struct HistoryList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List saved runs: id, label, time, scenario, budget year, headline figures.")

    @OptionGroup var options: HistoryOptions

    func run() throws {
        let store = try options.store()
        let runs: [StoredRun]
        do { runs = try store.all() } catch { throw CommandFailure.message(error.description) }
        if options.format == .json {
            // Money in 元 and codes rather than labels, as every JSON of fundcast.
            let list: JSONValue = .array(runs.map { r in
                let h = r.headline
                return .object([
                    ("id", .number(Double(r.id))), ("label", r.label.map { .string($0) } ?? .null), ("created_at", .string(r.createdAt)),
                    ("command", .string(r.command)), ("scenario", .string(r.scenarioName)), ("scenario_hash", .string(r.resolved.hash)),
                    ("budget_year", r.budgetYear.map { .number(Double($0)) } ?? .null),
                    ("pooled_income", .money(h.pooledIncome)), ("pooled_expenditure", .money(h.pooledExpenditure)), ("pooled_balance", .money(h.pooledBalance)),
                    ("resident_income", .money(h.residentIncome)), ("resident_expenditure", .money(h.residentExpenditure)),
                    ("resident_balance", .money(h.residentBalance)), ("pooled_depletion_year", h.pooledDepletionYear.map { .number(Double($0)) } ?? .null),
                ])
            })
            return try OutputWriter.writeStandardOutput(Data((list.serialized() + "\n").utf8))
        }
        let l = options.lang, s = options.style
        var table = Reports.Table(
            title: l.pick("运行记录", "Saved runs") + " — \(store.path)  (" + l.pick("金额单位: \(s.unit.rawValue)", "money: \(s.unit.english)") + ")",
            header: [l.pick("编号", "ID"), l.pick("标签", "Label"), l.pick("时间(UTC)", "Time (UTC)"), l.pick("命令", "Command"),
                     l.pick("情景", "Scenario"), l.pick("情景哈希", "Scenario hash"), l.pick("预算年度", "Budget year"),
                     l.pick("统筹收入", "Pooled income"), l.pick("统筹支出", "Pooled spending"), l.pick("统筹结余", "Pooled balance"),
                     l.pick("居民收入", "Resident income"), l.pick("居民支出", "Resident spending"), l.pick("居民结余", "Resident balance"),
                     l.pick("统筹穿底年", "Pooled depletion")],
            rows: [], numeric: [true, false, false, false, false, false, true, true, true, true, true, true, true, true])
        // A label names the latest run saved with it: an earlier run's label is marked with the run it moved to.
        var latest: [String: Int64] = [:]
        for r in runs { if let label = r.label { latest[label] = max(latest[label] ?? r.id, r.id) } }
        for r in runs {
            let h = r.headline
            let label = r.label.map { l0 in latest[l0].map { $0 != r.id ? l0 + l.pick("(已移至 #\($0))", " (now #\($0))") : l0 } ?? l0 } ?? ""
            table.rows.append([String(r.id), label, r.createdAt, r.command, r.scenarioName, r.resolved.hash,
                               r.budgetYear.map(String.init) ?? "—", s.money(h.pooledIncome), s.money(h.pooledExpenditure),
                               s.money(h.pooledBalance), s.money(h.residentIncome), s.money(h.residentExpenditure),
                               s.money(h.residentBalance), h.pooledDepletionYear.map(String.init) ?? "—"])
        }
        if runs.isEmpty { table.notes = [l.pick("尚无记录: 用 --save 保存一次运行", "No runs yet: save one with --save")] }
        try OutputWriter.writeStandardOutput(Data(options.render([table]).utf8))
    }
}

struct HistoryShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one saved run: its inputs and its stored tables (--format json: the stored document).")

    @Argument(help: "Run id or label.")
    var reference: String

    @OptionGroup var options: HistoryOptions

    @Option(help: "With --format json: which stored document, budget (default when stored) or run.")
    var document: String?

    func run() throws {
        let store = try options.store()
        let run = try options.run(reference, in: store)
        if options.format == .json {
            let (name, text) = document == "run" || run.budgetJSON == nil ? ("run", run.runJSON) : ("budget", run.budgetJSON!)
            // Byte for byte as stored — unless the database was damaged: a document that is no longer JSON is said to be.
            guard (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])) != nil else {
                throw CommandFailure.message("\(store.path): run \(run.id): expected the stored \(name) document to be JSON, found it damaged (the database was changed outside fundcast); save the run again")
            }
            try OutputWriter.writeStandardOutput(Data(text.utf8))
            return
        }
        let l = options.lang
        var out = ""
        if options.format != .csv {
            out += l.pick("运行", "Run") + " \(options.title(run))\n"
            out += l.pick("命令行", "Command line") + ": \(run.commandLine)\n"
            out += l.pick("情景", "Scenario") + ": \(run.scenarioName) (\(run.resolved.file)); " + l.pick("哈希", "hash") + " \(run.resolved.hash); fundcast \(run.fundcastVersion)\n"
            out += l.pick("预算年度", "Budget year") + ": \(run.budgetYear.map(String.init) ?? "—")\n\n"
        }
        var tables = [parameterTable(run, l)]
        for fund in run.lines.map(\.table).uniqued() {
            var t = Reports.Table(title: HistoryOptions.fundName(fund, l) + "  (" + l.pick("金额单位: 元, 与保存的 JSON 完全一致", "money in yuan, exactly as stored in the JSON") + ")",
                                  header: [l.pick("代码", "Code"), l.pick("项目", "Item"), l.pick("上年", "Previous"), l.pick("本年预算", "Budget")],
                                  rows: [], numeric: [false, false, true, true])
            for line in run.lines where line.table == fund {
                t.rows.append([line.code, l.pick(line.labelZh, line.labelEn).trimmingCharacters(in: .whitespaces),
                               HistoryOptions.exact(line.previous), HistoryOptions.exact(line.budget)])
            }
            tables.append(t)
        }
        out += options.render(tables, names: ["parameters"] + run.lines.map(\.table).uniqued())
        try OutputWriter.writeStandardOutput(Data(out.utf8))
    }

    func parameterTable(_ run: StoredRun, _ l: Language) -> Reports.Table {
        Reports.Table(title: l.pick("情景参数(合并 extends 与 --set 之后)", "Scenario parameters (after extends and --set)"),
                      header: [l.pick("参数", "Parameter"), l.pick("值", "Value"), l.pick("单位", "Unit"), l.pick("来源", "Source")],
                      rows: run.resolved.parameters.map { [$0.path, $0.value, ExportReport.unitLabel($0.unit).text(l), $0.source] }, numeric: [false, false, false, false])
    }
}

struct HistoryDiff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed from run A to run B: differing parameters, each budget line's change, and its attribution to the parameters.",
        discussion: """
        Attribution re-runs the model from run A's stored parameters with subsets of the changes applied.
        With at most \(HistoryDiff.shapleyLimit) changed parameters it is the Shapley value (every one of the 2ⁿ subsets: the split
        does not depend on an order, and interactions are shared evenly). With more it is one at a time in the order
        the parameters appear in run B's scenario (n + 1 re-runs; an interaction goes to the later parameter).
        A change the re-runs do not reproduce (another fundcast version, edited data files) is shown as unattributed.
        """)

    static let shapleyLimit = 6

    /// Progress goes to stderr only when it is a terminal.
    static let showsProgress = isatty(2) != 0

    @Argument(help: "Earlier run: id or label.")
    var first: String

    @Argument(help: "Later run: id or label.")
    var second: String

    @OptionGroup var options: HistoryOptions

    func run() throws {
        let store = try options.store()
        let a = try options.run(first, in: store), b = try options.run(second, in: store)
        let l = options.lang, s = options.style
        let changes = a.resolved.changes(to: b.resolved)
        var out = ""
        if options.format != .csv {
            out += l.pick("比较", "Comparing") + " \(options.title(a)) → \(options.title(b))\n"
            if a.budgetYear != b.budgetYear {
                out += l.pick("注意: 两次运行的预算年度不同(\(a.budgetYear.map(String.init) ?? "—") → \(b.budgetYear.map(String.init) ?? "—")), 归因按后者年度重算",
                              "Note: the runs have different budget years (\(a.budgetYear.map(String.init) ?? "—") → \(b.budgetYear.map(String.init) ?? "—")); attribution re-runs the later one's") + "\n"
            }
            out += "\n"
        }
        var tables: [Reports.Table] = []
        tables.append(Reports.Table(
            title: l.pick("变动的参数(\(changes.count)项)", "Parameters that differ (\(changes.count))"),
            header: [l.pick("参数", "Parameter"), l.pick("原值", "Old"), l.pick("新值", "New"), l.pick("单位", "Unit"), l.pick("新值来源", "Source of the new value")],
            // Two runs may read a key in different units (a file in 万元, another in 亿元): then both are named.
            rows: changes.map { c in
                let (old, new) = (c.old?.unit ?? "", c.new?.unit ?? "")
                let unit = !old.isEmpty && !new.isEmpty && old != new
                    ? "\(ExportReport.unitLabel(old).text(l)) → \(ExportReport.unitLabel(new).text(l))" : ExportReport.unitLabel(new.isEmpty ? old : new).text(l)
                return [c.path, c.old?.value ?? "—", c.new?.value ?? "—", unit, c.new?.source ?? "—"]
            },
            numeric: [false, false, false, false, false]))

        // Lines of either run, run B's order first.
        var keys: [String] = []
        var lineA: [String: SavedBudgetLine] = [:], lineB: [String: SavedBudgetLine] = [:]
        for line in b.lines { let k = line.table + "/" + line.code; keys.append(k); lineB[k] = line }
        for line in a.lines { let k = line.table + "/" + line.code; if lineB[k] == nil { keys.append(k) }; lineA[k] = line }

        let useShapley = changes.count <= HistoryDiff.shapleyLimit
        var parts: [[Double]] = []
        var attributionNote: String
        if changes.isEmpty {
            attributionNote = l.pick("参数相同: 无可归因的变动", "Same parameters: nothing to attribute")
        } else {
            do throws(CommandFailure) {
                let total = useShapley ? 1 << changes.count : changes.count + 1
                var done = 0
                let value: (Set<Int>) throws(CommandFailure) -> [Double] = { subset in
                    done += 1
                    if HistoryDiff.showsProgress { OutputWriter.writeStandardError("\r\(l.pick("重算模型", "re-running the model")) \(done)/\(total)") }
                    defer { if HistoryDiff.showsProgress, done == total { OutputWriter.writeStandardError("\n") } }
                    let scenario = a.resolved.applying(changes.enumerated().filter { subset.contains($0.offset) }.map(\.element))
                    let lines = try HistoryDiff.budgetLines(scenario, year: b.budgetYear)
                    // Money as the stored JSON has it (to the 分), so an exact re-run leaves nothing unattributed.
                    return keys.map { k in
                        let x = lines[k] ?? 0
                        guard let line = lineB[k] ?? lineA[k], HistoryOptions.isMoney(line) else { return x }
                        return (x * 100).rounded() / 100
                    }
                }
                parts = useShapley ? try Attribution.shapley(players: changes.count, value: value)
                                   : try Attribution.sequential(players: changes.count, value: value)
                attributionNote = useShapley
                    ? l.pick("归因方法: Shapley 值 — 变动参数 \(changes.count) 项(不超过\(HistoryDiff.shapleyLimit)项), 从运行 #\(a.id) 的参数出发, 对全部 \(1 << changes.count) 种变动组合重算模型; 结果与顺序无关, 交互作用平均分摊",
                             "Attribution: Shapley value — \(changes.count) changed parameters (at most \(HistoryDiff.shapleyLimit)), the model re-run from run #\(a.id)'s parameters on all \(1 << changes.count) subsets of the changes; independent of order, interactions shared evenly")
                    : l.pick("归因方法: 逐项替代 — 变动参数 \(changes.count) 项(超过\(HistoryDiff.shapleyLimit)项, Shapley 需重算 \(1 << changes.count) 次), 按参数在运行 #\(b.id) 情景中的顺序依次替换, 每项计入替换时的变化; 交互作用计入后替换的参数",
                             "Attribution: one at a time — \(changes.count) changed parameters (more than \(HistoryDiff.shapleyLimit): Shapley would need \(1 << changes.count) re-runs), replaced in the order they appear in run #\(b.id)'s scenario, each credited with the change when it is replaced; interactions go to the later parameter")
            } catch {
                attributionNote = l.pick("无法归因: 重算失败", "No attribution: a re-run failed") + " — " + error.message.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        var header = [l.pick("基金", "Fund"), l.pick("项目", "Item"), "#\(a.id)", "#\(b.id)", l.pick("增减额", "Change")]
        header += changes.map(\.path)
        var jsonLines: [JSONValue] = []
        var rows: [[String]] = []
        for (i, k) in keys.enumerated() {
            let la = lineA[k], lb = lineB[k]
            guard let line = lb ?? la else { continue }
            let change = (lb?.budget ?? 0) - (la?.budget ?? 0)
            var row = [HistoryOptions.fundName(line.table, l), l.pick(line.labelZh, line.labelEn).trimmingCharacters(in: .whitespaces),
                       options.cell(line, la?.budget), options.cell(line, lb?.budget), options.cell(line, change)]
            var json: [(String, JSONValue)] = [("table", .string(line.table)), ("code", .string(line.code)),
                                               ("first", .num(la?.budget)), ("second", .num(lb?.budget)), ("change", .num(change))]
            if !parts.isEmpty {
                let attributed = parts.map { $0[i] }
                row += attributed.map { options.cell(line, $0) }
                let rest = change - attributed.reduce(0, +)
                row.append(options.cell(line, rest))
                json.append(("parts", .object(zip(changes, attributed).map { ($0.path, .num($1)) })))
                json.append(("unattributed", .num(rest)))
            }
            rows.append(row)
            jsonLines.append(.object(json))
        }
        if !parts.isEmpty { header.append(l.pick("未归因(模型或数据变化)", "Unattributed (model or data changed)")) }
        var lines = Reports.Table(title: l.pick("预算各行变动及归因", "Change of each budget line and its attribution") + "  ("
                                        + l.pick("金额单位: \(s.unit.rawValue)", "money: \(s.unit.english)") + ")",
                                  header: header, rows: rows, numeric: [false, false] + Array(repeating: true, count: header.count - 2))
        lines.notes = [attributionNote]
        if options.format == .json {
            let document = JSONValue.object([
                ("first", .number(Double(a.id))), ("second", .number(Double(b.id))),
                ("method", parts.isEmpty ? .null : .string(useShapley ? "shapley" : "one_at_a_time")), ("note", .string(attributionNote)),
                ("parameters", .array(changes.map { c in
                    .object([("path", .string(c.path)), ("old", c.old.map { .string($0.value) } ?? .null), ("new", c.new.map { .string($0.value) } ?? .null),
                             ("unit", .string(c.new?.unit ?? c.old?.unit ?? "")), ("source", c.new.map { .string($0.source) } ?? .null)])
                })),
                ("lines", .array(jsonLines)),
            ])
            try OutputWriter.writeStandardOutput(Data((document.serialized() + "\n").utf8))
            return
        }
        tables.append(lines)
        out += options.render(tables, names: ["parameters", "lines"])
        try OutputWriter.writeStandardOutput(Data(out.utf8))
    }

    /// The budget lines of a re-run of `resolved`, keyed `table/code`.
    static func budgetLines(_ resolved: ResolvedScenario, year: Int?) throws(CommandFailure) -> [String: Double] {
        let scenario: Scenario
        do { scenario = try ScenarioLoader.load(resolved) } catch { throw CommandFailure.input(error) }
        // As budget saved it: with districts (市级统筹) each level's and 全市's tables, the city's flows the districts'.
        let budget = try ModelRun(scenario, file: resolved.file).budget(year: year)
        var out: [String: Double] = [:]
        for t in budget.tables { for r in t.rows { out[t.code + "/" + r.code] = r.budget } }
        return out
    }
}

extension Sequence where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
