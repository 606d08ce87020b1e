import Foundation
import Scenario

/// What `--save` hands the store: the run's inputs and its two JSON documents as the renderers wrote them.
public struct NewRun: Sendable, Equatable {
    /// `budget` or `run`.
    public var command: String
    public var label: String?
    /// The command line as typed (arguments joined by spaces, each quoted when it needs it).
    public var commandLine: String
    public var fundcastVersion: String
    public var scenarioName: String
    public var resolved: ResolvedScenario
    public var budgetYear: Int?
    /// The projection document (`run --format json`).
    public var runJSON: String
    /// The budget document (`budget --format json`), whose tables become ``SavedBudgetLine``s and headlines.
    public var budgetJSON: String?

    public init(command: String, label: String?, commandLine: String, fundcastVersion: String, scenarioName: String,
                resolved: ResolvedScenario, budgetYear: Int?, runJSON: String, budgetJSON: String?) {
        self.command = command
        self.label = label
        self.commandLine = commandLine
        self.fundcastVersion = fundcastVersion
        self.scenarioName = scenarioName
        self.resolved = resolved
        self.budgetYear = budgetYear
        self.runJSON = runJSON
        self.budgetJSON = budgetJSON
    }
}

/// One line of a stored budget table: 上年执行 and 本年预算 as the budget JSON gave them (元 for money).
public struct SavedBudgetLine: Sendable, Equatable {
    /// The table's JSON name (`employee_pooled`, `employee_pa`, `resident`, `drivers`).
    public var table: String
    /// The row's stable code (`income_total`, `closing_balance`, …; runs stored before the official layout: `income.total`, `balance`).
    public var code: String
    public var labelZh: String
    public var labelEn: String
    public var previous: Double?
    public var budget: Double?
}

/// The figures `history list` shows: the budget year's pooled and resident fund totals, 元, and the
/// depletion years of the projection (nil: the fund is absent, its balance unknown, or it lasts).
public struct RunHeadline: Sendable, Equatable {
    public var pooledIncome: Double?
    public var pooledExpenditure: Double?
    public var pooledBalance: Double?
    public var residentIncome: Double?
    public var residentExpenditure: Double?
    public var residentBalance: Double?
    public var pooledDepletionYear: Int?
    public var residentDepletionYear: Int?
}

/// A run as stored: what was saved, plus its id, time and the figures read from its documents.
/// Reads through to the saved run's fields (`run.label`, `run.resolved`, …).
@dynamicMemberLookup
public struct StoredRun: Sendable, Equatable {
    public var id: Int64
    /// UTC, ISO 8601 to the second.
    public var createdAt: String
    public var saved: NewRun
    public var headline: RunHeadline
    public var lines: [SavedBudgetLine]

    public subscript<T>(dynamicMember key: KeyPath<NewRun, T>) -> T { saved[keyPath: key] }
}

/// Reads budget lines and headline figures from the JSON documents (the contract the budget and run
/// commands print), so a run stored by an older schema yields them too.
enum DocumentFigures {
    static func lines(budgetJSON: String?) -> [SavedBudgetLine] {
        guard let budgetJSON, let top = object(budgetJSON), let budget = top["budget"] as? [String: Any],
              let tables = budget["tables"] as? [[String: Any]] else { return [] }
        var out: [SavedBudgetLine] = []
        for table in tables {
            let fund = table["fund"] as? String ?? ""
            for row in table["rows"] as? [[String: Any]] ?? [] {
                out.append(SavedBudgetLine(table: fund, code: row["code"] as? String ?? "", labelZh: row["label_zh"] as? String ?? "",
                                      labelEn: row["label_en"] as? String ?? "", previous: number(row["previous"]), budget: number(row["budget"])))
            }
        }
        return out
    }

    static func headline(lines: [SavedBudgetLine], runJSON: String) -> RunHeadline {
        // Codes of the official rows (BudgetLine), then those of runs stored before them.
        func value(_ table: String, _ codes: String...) -> Double? {
            codes.lazy.compactMap { code in lines.first { $0.table == table && $0.code == code }?.budget }.first
        }
        var h = RunHeadline(
            pooledIncome: value("employee_pooled", "income_total", "income.total"), pooledExpenditure: value("employee_pooled", "expenditure_total", "expenditure.total"),
            pooledBalance: value("employee_pooled", "closing_balance", "balance"), residentIncome: value("resident", "income_total", "income.total"),
            residentExpenditure: value("resident", "expenditure_total", "expenditure.total"), residentBalance: value("resident", "closing_balance", "balance"))
        if let top = object(runJSON), let indicators = top["indicators"] as? [String: Any],
           let depletion = indicators["depletion_year"] as? [String: Any] {
            h.pooledDepletionYear = number(depletion["employee_pooled"]).map { Int(exactly: $0.rounded()) } ?? nil
            h.residentDepletionYear = number(depletion["resident"]).map { Int(exactly: $0.rounded()) } ?? nil
        }
        return h
    }

    static func object(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    static func number(_ any: Any?) -> Double? {
        guard let n = any as? NSNumber else { return nil }
        return n.doubleValue
    }
}
