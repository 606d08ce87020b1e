import Foundation
import Scenario
import Audit

/// `fundcast audit`: the findings of a ``TableAudit`` as a bilingual table (terminal or Markdown)
/// with notes on the rows derived and the rules left unchecked, or as JSON.
public struct AuditReport: Sendable {
    public var audit: TableAudit
    public var table: PublishedTable
    /// The table file as the user named it.
    public var file: String
    /// `--tolerance`, 元.
    public var tolerance: Double

    public init(_ audit: TableAudit, table: PublishedTable, file: String, tolerance: Double = 0) {
        self.audit = audit
        self.table = table
        self.file = file
        self.tolerance = tolerance
    }

    static func fundName(_ fund: BudgetTableFund) -> Label {
        switch fund {
        case .employee: Label("职工医保(含个人账户)", "Employee fund")
        case .employeePooled: Label("职工医保统筹基金", "Pooled fund")
        case .employeePersonalAccount: Label("职工医保个人账户", "Personal accounts")
        case .resident: Label("城乡居民医保", "Resident fund")
        case .total: Label("全部基金", "All funds")
        }
    }

    static func rowName(_ line: BudgetLine) -> Label {
        switch line {
        case .incomeGrandTotal: Label("总计(收入方)", "Grand total (income)")
        case .expenditureGrandTotal: Label("总计(支出方)", "Grand total (expenditure)")
        default: Label(line.chineseName, line.englishName)
        }
    }

    static func checkName(_ check: AuditCheck) -> Label { Label(check.chineseName, check.englishName) }

    func unitName(_ unit: PublishedUnit) -> Label {
        switch unit {
        case .money(let u): Label(u.rawValue, u.english)
        case .percent: Label("%", "%")
        }
    }

    /// The findings table: fund, column, row, rule, printed, recomputed, difference, allowed, unit.
    public func findingsTable(language: Language, grouping: Bool = true) -> Table {
        let style = NumberStyle(unit: .yuan, grouping: grouping)
        let header = [Label("基金", "Fund"), Label("列", "Column"), Label("项目", "Row"), Label("校验规则", "Rule"),
                      Label("列示数", "Printed"), Label("重算数", "Recomputed"), Label("差额", "Difference"),
                      Label("允许误差", "Allowed"), Label("单位", "Unit")].map { $0.text(language) }
        let rows = audit.findings.map { f -> [String] in
            var column = f.column
            if !f.otherColumns.isEmpty, f.check == .rollForward || f.check == .completion || f.check == .growthRate || f.check == .growthAmount {
                column += language.pick(" (对照 ", " (against ") + f.otherColumns.joined(separator: ", ") + ")"
            }
            let row = Self.rowName(f.line).text(language) + (f.derived.isEmpty ? "" : "*")
            return [Self.fundName(f.fund).text(language), column, row, Self.checkName(f.check).text(language),
                    style.fixed(f.printed, decimals: f.decimals), style.fixed(f.recomputed, decimals: f.decimals),
                    style.fixed(f.difference, decimals: f.decimals), style.fixed(f.allowed, decimals: f.decimals + 1),
                    unitName(f.unit).text(language)]
        }
        var t = Table(title: language.pick("不一致之处", "Inconsistencies"), header: header, rows: rows,
                      numeric: [false, false, false, false, true, true, true, true, false])
        if audit.findings.contains(where: { !$0.derived.isEmpty }) {
            t.notes.append(language.pick("* 重算用到表中未列示、由其他行推得的项目 (见下)", "* the recomputation uses rows the table does not print, derived from other rows (below)"))
        }
        return t
    }

    /// The notes: how rounding is allowed for, which rows were derived, which rules were not checked.
    public func notes(language: Language) -> [String] {
        var notes: [String] = []
        let money = tolerance > 0 ? NumberStyle(unit: .yuan, grouping: true).fixed(tolerance, decimals: 2) : nil
        notes.append(language.pick(
            "允许误差 = 规则所涉各列示数末位半个单位之和" + (money.map { " + 容差 \($0) 元" } ?? "") + " (如 996.84 万元 的末位半个单位为 0.005 万元); 差额在允许误差内视为四舍五入, 不算不一致",
            "Allowed = the sum over the rule's printed figures of half a unit of each one's last printed digit" + (money.map { " + tolerance \($0) yuan" } ?? "") + " (996.84 (10k yuan) is within 0.005 of its true value); a difference within it is rounding, not an inconsistency"))
        var derivedGroups: [(String, [String])] = []
        for d in audit.derivations {
            let place = Self.fundName(d.fund).text(language) + " " + d.column
            let name = Self.rowName(d.line).text(language)
            if let i = derivedGroups.firstIndex(where: { $0.0 == place }) { derivedGroups[i].1.append(name) } else { derivedGroups.append((place, [name])) }
        }
        for (place, names) in derivedGroups {
            notes.append(language.pick("\(place): 未列示, 按恒等式推得: ", "\(place): not printed, derived by the identities: ") + names.joined(separator: language == .en ? ", " : "、"))
        }
        for s in audit.skipped {
            let place = Self.fundName(s.fund).text(language) + " " + s.column
            let missing = s.missing.map { Self.rowName($0).text(language) }.joined(separator: language == .en ? ", " : "、")
            // No row missing: the columns the rule compares could not be told apart (two 执行 columns of one year).
            notes.append(s.missing.isEmpty
                ? language.pick("\(place): 未校验 \(s.check.chineseName) (无法确定所对照的执行数列与预算数列)",
                                "\(place): not checked: \(s.check.englishName) (the execution and budget columns it compares cannot be told apart)")
                : language.pick("\(place): 未校验 \(s.check.chineseName) (未列示: \(missing))",
                                "\(place): not checked: \(s.check.englishName) (not printed: \(missing))"))
        }
        for fund in PublishedTable.fundNames {
            if let d = audit.districtColumns[fund] {
                let partial = d.subtotals.isEmpty ? ("", "")
                    : ("; \(d.subtotals.joined(separator: "、")) 为部分合计, 不计入", "; \(d.subtotals.joined(separator: ", ")): partial totals, not added")
                notes.append(language.pick("\(Self.fundName(fund).zh): 合计列 \(d.total) = Σ \(d.districts.joined(separator: "、"))\(partial.0)",
                                           "\(Self.fundName(fund).en): total column \(d.total) = Σ \(d.districts.joined(separator: ", "))\(partial.1)"))
            }
            if audit.districtTotalsSkipped.contains(fund) {
                notes.append(language.pick("\(Self.fundName(fund).zh): 层级间往来(上级补助、下级上解、补助下级、上解上级)及含有它们的合计、总计在合计列中互相抵消, 不按地区加总校验",
                                           "\(Self.fundName(fund).en): flows between levels, and the totals holding them, net out in the total column and are not summed over districts"))
            }
        }
        return notes
    }

    /// The summary line: `12 项校验, 1 处不一致` / `12 checks, 1 inconsistency`.
    public func summary(language: Language) -> String {
        let n = audit.findings.count
        let zh = "\(table.figures.count) 个数字, \(audit.checksRun) 项校验, " + (n == 0 ? "未发现不一致" : "\(n) 处不一致")
        let en = "\(table.figures.count) figures, \(audit.checksRun) checks, " + (n == 0 ? "no inconsistency" : "\(n) inconsistenc\(n == 1 ? "y" : "ies")")
        return language.pick(zh, en)
    }

    /// The terminal (or, with `markdown`, Markdown) report.
    public func text(language: Language, markdown: Bool) -> String {
        var out = (markdown ? "## " : "") + language.pick("预算表一致性检查", "Budget table consistency audit") + ": " + file + "\n"
        out += summary(language: language) + "\n\n"
        if !audit.findings.isEmpty {
            let t = findingsTable(language: language)
            out += (markdown ? TableRenderer.markdown(t) : TableRenderer.text(t)) + "\n"
        }
        let notes = notes(language: language)
        if !notes.isEmpty {
            out += (markdown ? "### " : "") + language.pick("说明", "Notes") + "\n"
            out += notes.map { (markdown ? "- " : "  ") + $0 + "\n" }.joined()
        }
        return out
    }

    /// `--format json`: money in 元, percentages in percentage points, each finding with its location.
    public func json() -> JSONValue {
        func lines(_ ls: [BudgetLine]) -> JSONValue { .array(ls.map { .string($0.rawValue) }) }
        let findings: [JSONValue] = audit.findings.map { f in
            let scale = f.unit.scale
            var pairs: [(String, JSONValue)] = [
                ("check", .string(f.check.rawValue)), ("rule_zh", .string(f.check.chineseName)), ("rule_en", .string(f.check.englishName)),
                ("fund", .string(f.fund.rawValue)), ("column", .string(f.column)), ("row", .string(f.line.rawValue)),
                ("row_zh", .string(Self.rowName(f.line).zh)),
                ("printed", .number(f.printed * scale)), ("recomputed", .number(f.recomputed * scale)),
                ("difference", .number(f.difference * scale)), ("allowed", .number(f.allowed * scale)),
                ("unit", .string(f.unit == .percent ? "%" : "元")),
                ("printed_as", .string(f.figure.map { "\($0.written) \($0.unit.symbol)" } ?? "")),
                ("derived_rows", lines(f.derived)), ("other_columns", .array(f.otherColumns.map { .string($0) })),
            ]
            if let loc = f.figure?.location {
                pairs.append(("location", .string(loc.description)))
            }
            return .object(pairs)
        }
        return .object([
            ("file", .string(file)), ("figures", .number(Double(table.figures.count))), ("checks", .number(Double(audit.checksRun))),
            ("consistent", .bool(audit.isConsistent)), ("tolerance_yuan", .number(tolerance)),
            ("findings", .array(findings)),
            ("derived", .array(audit.derivations.map { .object([("fund", .string($0.fund.rawValue)), ("column", .string($0.column)),
                                                               ("row", .string($0.line.rawValue)), ("by", .string($0.check.rawValue))]) })),
            ("not_checked", .array(audit.skipped.map { .object([("fund", .string($0.fund.rawValue)), ("column", .string($0.column)),
                                                                ("check", .string($0.check.rawValue)), ("missing_rows", lines($0.missing))]) })),
        ])
    }
}
