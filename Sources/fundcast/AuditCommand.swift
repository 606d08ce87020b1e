import ArgumentParser
import Foundation
import Scenario
import Audit
import Reports

/// `fundcast audit`: the consistency audit of a published fund table.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check a published fund table (基金预算表/决算表) for arithmetic inconsistencies; exit 3 if any.",
        discussion: """
        TABLE is a long CSV (fund,row,column,value,unit) or the same content as YAML (fund: {column: {row: value}}, unit: 万元).
        Checked where the rows are printed: 小计 = Σ items, 合计 = 小计 + inter-level flows, 结余 = 收入合计 − 支出合计,
        滚存 = 上年结余 + 结余, both 总计, next year's 上年结余 = this year's 滚存, 其中 ≤ parent, 完成率 and 增减% columns,
        district sums, and employee = pooled + personal accounts. A difference within half a unit of the last printed digit
        per figure is rounding. Exit codes: 0 consistent, 1 bad input, 3 inconsistencies found.
        Example: fundcast audit Scenarios/published/tacheng-2024.csv
        """)

    @Argument(help: "The published table: CSV with header fund,row,column,value,unit, or YAML (.yaml/.yml).")
    var table: String

    @Option(help: "Output format: table, md or json.")
    var format: OutputFormat = .table

    @Option(help: "Label language: zh (default), en or both.")
    var lang: Language = .zh

    @Option(parsing: .unconditional, help: ArgumentHelp("Extra allowance in 元 added to the rounding bound of every money rule. Example: --tolerance 100", valueName: "元"))
    var tolerance: Double = 0

    func validate() throws {
        if format == .csv { throw ValidationError("--format must be table, md or json") }
    }

    func run() throws {
        // An out-of-range value is bad input (exit 1); a malformed command line is a usage error (2).
        if !tolerance.isFinite || tolerance < 0 {
            throw CommandFailure.message("--tolerance: expected an amount in 元 of at least 0, found \(plainDecimal(tolerance))")
        }
        let published: PublishedTable
        do {
            published = try PublishedTable.load(path: table)
        } catch {
            throw CommandFailure.input(error)
        }
        let audit = TableAudit(published, tolerance: tolerance)
        let report = AuditReport(audit, table: published, file: table, tolerance: tolerance)
        let text = format == .json ? report.json().serialized() + "\n" : report.text(language: lang, markdown: format == .md)
        try OutputWriter.writeStandardOutput(Data(text.utf8))
        if !audit.isConsistent {
            let n = audit.findings.count
            throw CommandFailure(message: "fundcast audit: \(n) inconsistenc\(n == 1 ? "y" : "ies") in \(escapingControlCharacters(table))\n", code: 3)
        }
    }
}
