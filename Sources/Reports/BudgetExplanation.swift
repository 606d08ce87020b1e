import Foundation
import Scenario
import Finance
import Projection
import Warnings

/// A drafted 预算测算依据及说明 (`fundcast explain`): one paragraph per line of every fund table, in
/// table order — the previous-year figure and where it comes from, the calculation written out with
/// the budget's own numbers, the assumptions quoted from the scenario with their file and line, and
/// the result — then the drivers and the warnings with their 依据.
///
/// Every figure outside a `code span` is a figure of the budget document (`budget --format json`) at
/// the tables' rounding; code spans quote scenario inputs verbatim (`assumptions.interest_rate: 0.015`).
public struct BudgetExplanation: Sendable {
    public var markdown: String
    /// Waterfall charts of the driver attribution, for the HTML page (empty without one).
    var charts: [String] = []
    var chartsTitle = ""

    public init(budget: Budget, result: ProjectionResult, warnings: [RiskWarning], parameters: [ResolvedParameter],
                scenarioHash: String, style: NumberStyle, language l: Language, attribution: DriverAttribution? = nil) {
        if let attribution {
            charts = attribution.lines.map { WaterfallSVG.svg(attribution.waterfall($0), style: style, language: l) }
            chartsTitle = l.pick("变动因素分解(LMDI)", "Drivers of each line's change (LMDI)")
        }
        let s = result.scenario
        var md = "# " + l.pick("\(s.name) — \(budget.year)年基金预算测算依据及说明", "\(s.name) — basis of the \(budget.year) fund budget") + "\n\n"
        md += l.pick("基期 \(s.baseYear) 年(决算数), 预算年度 \(budget.year) 年; 金额单位: \(style.unit.rawValue), 人数单位: 人。情景文件 `\(s.source)`, 哈希 `\(scenarioHash)`。",
                     "Base year \(s.baseYear) (final accounts), budget year \(budget.year); money in \(style.unit.english), people in persons. Scenario `\(s.source)`, hash `\(scenarioHash)`.") + "\n"
        if let changes = Label.commandLineChanges(s) { md += "\n" + changes.text(l) + "\n" }
        let writer = Writer(budget: budget, parameters: parameters, style: style, l: l)
        for table in budget.tables where table.fund != nil {
            md += "\n## " + table.title.text(l) + "\n"
            for row in table.rows {
                md += "\n" + writer.paragraph(row, in: table) + "\n"
            }
        }
        if let drivers = budget.tables.first(where: { $0.fund == nil }) {
            md += "\n## " + drivers.title.text(l) + "\n\n"
            for row in drivers.rows {
                md += "- " + writer.name(row) + ": " + writer.fig(row, row.previous) + " → " + writer.fig(row, row.budget) + "\n"
            }
        }
        md += "\n## " + l.pick("风险预警及依据", "Risk warnings and their basis") + "\n\n"
        if warnings.isEmpty { md += l.pick("无预警。", "No warnings.") + "\n" }
        for w in warnings {
            // Its level first, as the budget prints it: a red warning must not read like a notice.
            md += "- **[" + l.pick(w.level.chinese, w.level.rawValue.uppercased()) + "]** " + l.pick(w.messageZh, w.messageEn)
                + l.pick("(依据: ", " (basis: ") + WarningRendering.source(w, language: l) + ")" + "\n"
        }
        markdown = md
    }

    /// The same text as a self-contained HTML page (headings, paragraphs, lists, code spans).
    public var html: String {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
        }
        func inline(_ s: String) -> String {
            var out = "", code = false, bold = false
            var rest = Substring(escape(s))
            while let c = rest.first {
                if rest.hasPrefix("**") { out += bold ? "</strong>" : "<strong>"; bold.toggle(); rest = rest.dropFirst(2); continue }
                if c == "`" { out += code ? "</code>" : "<code>"; code.toggle() } else { out.append(c) }
                rest = rest.dropFirst()
            }
            return out
        }
        var body = "", inList = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("- ") {
                if !inList { body += "<ul>\n"; inList = true }
                body += "<li>" + inline(String(line.dropFirst(2))) + "</li>\n"
                continue
            }
            if inList { body += "</ul>\n"; inList = false }
            if line.hasPrefix("## ") { body += "<h2>" + inline(String(line.dropFirst(3))) + "</h2>\n" }
            else if line.hasPrefix("# ") { body += "<h1>" + inline(String(line.dropFirst(2))) + "</h1>\n" }
            else if !line.isEmpty { body += "<p>" + inline(line) + "</p>\n" }
        }
        if inList { body += "</ul>\n" }
        if !charts.isEmpty { body += "<h2>\(escape(chartsTitle))</h2>\n" + charts.map { "<figure>\n" + $0 + "</figure>\n" }.joined() }
        return "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>\(escape(markdown.split(separator: "\n").first.map { String($0.dropFirst(2)) } ?? ""))</title>\n"
            + "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.6}code{background:#f3f3f3}</style></head><body>\n"
            + body + "</body></html>\n"
    }

    /// Writes the paragraphs; knows which scenario keys and which other lines each line depends on.
    struct Writer {
        var budget: Budget
        var parameters: [ResolvedParameter]
        var style: NumberStyle
        var l: Language

        func row(_ table: String, _ code: String) -> BudgetRow? {
            budget.tables.first { $0.code == table }?.rows.first { $0.code == code }
        }

        func name(_ row: BudgetRow) -> String { row.label.text(l).trimmingCharacters(in: .whitespaces) }

        /// A figure at the tables' rounding, with its unit.
        func fig(_ row: BudgetRow, _ value: Double?) -> String {
            switch row.kind {
            case .money: return style.money(value) + l.pick(style.unit.rawValue, " " + style.unit.english)
            case .persons: return style.persons(value) + l.pick("人", " persons")
            case .rate: return style.percent(value)
            case .months: return style.plain(value, decimals: 1) + l.pick("个月", " months")
            case .ratio: return style.plain(value, decimals: 2)
            case .moneyPerHead: return style.plain(value, decimals: 2) + l.pick("元", " yuan")
            }
        }

        /// `label figure` of another line's budget-year value, or nil when the line is absent.
        func term(_ table: String, _ code: String, previous: Bool = false) -> String? {
            guard let r = row(table, code) else { return nil }
            return name(r) + " " + fig(r, previous ? r.previous : r.budget)
        }

        /// The keys that set the growth of cost per head: `medical_inflation`, or price (wage growth plus
        /// `excess_cost_growth`) times volume (`utilisation_trend`); ``cite(_:)`` shows those the file gives.
        static let costGrowthKeys = ["assumptions.medical_inflation", "assumptions.wage_growth", "assumptions.excess_cost_growth",
                                     "assumptions.utilisation_trend"]

        func cite(_ paths: [String]) -> String? {
            let found = paths.compactMap { p in parameters.first { $0.path == p } }
            guard !found.isEmpty else { return nil }
            return l.pick("假设与依据: ", "Assumptions: ") + found.map { p in
                "`\(p.path): \(p.value)`" + (p.unit.isEmpty ? "" : " (\(ExportReport.unitLabel(p.unit).text(l)))") + l.pick(", 见 ", ", from ") + "`\(p.source)`"
                    + (parameters.document(for: p.path).map { l.pick(", 依据 ", ", per ") + $0 } ?? "")
            }
                .joined(separator: l.pick("; ", "; ")) + l.pick("。", ".")
        }

        /// The rows a summary adds: 小计 its side's first-level items, 合计 the 小计 and the inter-level flows.
        func items(of total: BudgetLine, in table: BudgetTable) -> [BudgetRow] {
            table.rows.filter { r in
                guard let line = r.line, line.side == total.side else { return false }
                switch total {
                case .incomeSubtotal, .expenditureSubtotal: return line.role == .item
                default: return line.role == .interLevel || line == .incomeSubtotal || line == .expenditureSubtotal
                }
            }
        }

        /// True when `parts` (budget year) add to the row's figure to the 分.
        func adds(_ value: Double?, _ parts: [Double?]) -> Bool {
            guard let v = value, parts.allSatisfy({ $0 != nil }) else { return false }
            return abs(parts.reduce(0) { $0 + ($1 ?? 0) } - v) < 0.005
        }

        func paragraph(_ line: BudgetRow, in table: BudgetTable) -> String {
            let t = table.code
            let previousWord = budget.previousIsBaseYear ? l.pick("上年执行数(\(budget.previousYear)年决算口径)", "The \(budget.previousYear) actual")
                                                         : l.pick("上年预计数(\(budget.previousYear)年)", "The \(budget.previousYear) estimate")
            var text = "**" + name(line) + "**" + l.pick("。", ". ") + previousWord + " " + fig(line, line.previous) + l.pick("。", ". ")
            let result = fig(line, line.budget)
            var calculation: String?
            var keys: [String] = []
            let sep = " + "
            let fundKey = t == "resident" ? "resident" : "employee"
            switch (t, line.code) {
            case (_, "income_subtotal"), (_, "expenditure_subtotal"), (_, "income_total"), (_, "expenditure_total"):
                let parts = line.line.map { items(of: $0, in: table) } ?? []
                if !parts.isEmpty { calculation = parts.map { name($0) + " " + fig($0, $0.budget) }.joined(separator: sep) + " = " + result }
            case (_, "surplus"):
                if let i = term(t, "income_total"), let x = term(t, "expenditure_total") { calculation = i + " − " + x + " = " + result }
            case (_, "opening_balance"):
                calculation = l.pick("等于上年年末滚存结余 = ", "last year's year-end balance = ") + result
                keys = t == "resident" ? ["resident.balance"] : t == "employee_pa" ? ["employee.balance.personal_account"]
                    : t == "employee" ? ["employee.balance.pooled", "employee.balance.personal_account"] : ["employee.balance.pooled"]
            case (_, "closing_balance"):
                if let o = term(t, "opening_balance"), let s = term(t, "surplus") { calculation = o + " + " + s + " = " + result }
            case (_, "income_grand_total"):
                if let i = term(t, "income_total"), let o = term(t, "opening_balance") { calculation = i + " + " + o + " = " + result }
            case (_, "expenditure_grand_total"):
                if let x = term(t, "expenditure_total"), let c = term(t, "closing_balance") { calculation = x + " + " + c + " = " + result }
            case (_, "surplus_rate"):
                if let s = term(t, "surplus"), let i = term(t, "income_total") { calculation = s + " ÷ " + i + " = " + result }
            case (_, "months_payable"):
                if let b = term(t, "closing_balance"), let x = term(t, "expenditure_total") { calculation = b + " ÷ " + x + " × 12 = " + result }
            case ("employee_pooled", "contributions"):
                // Collected contributions less what the accounts are credited, when nothing else is in the line.
                if let c = row("drivers", "employee.contributions_collected"), let a = row("employee_pa", "contributions"),
                   adds(line.budget, [c.budget, a.budget.map { -$0 }]) {
                    calculation = name(c) + " " + fig(c, c.budget) + " − " + l.pick("个人账户", "personal accounts' ") + name(a) + " " + fig(a, a.budget) + " = " + result
                }
                keys = ["employee.average_base", "employee.employer_rate", "employee.employee_rate", "employee.collection_rate",
                        "employee.personal_account.employer_share_to_pa", "assumptions.wage_growth"]
            case ("employee_pa", "contributions"):
                keys = ["employee.employee_rate", "employee.personal_account.employer_share_to_pa", "employee.average_base", "employee.collection_rate"]
            case (_, "interest"):
                calculation = l.pick("按年利率对年内平均结余计息(期初结余加半年净收支) = ", "interest at the yearly rate on the average balance (opening balance plus half the year's net flow) = ") + result
                keys = ["assumptions.interest_rate"]
            case ("employee_pooled", "benefits"):
                if let n = term("drivers", "employee.active"), let c = term("drivers", "employee.active_cost"), let r = term("drivers", "employee.retired"),
                   let rc = term("drivers", "employee.retiree_cost") {
                    // Both per-head costs written out (the retirees' calibrated to the base year, times their cost
                    // ratio); large-claims and maternity payments, when there are any, are the rest of the line.
                    let a = row("drivers", "employee.active"), ac = row("drivers", "employee.active_cost")
                    let rr = row("drivers", "employee.retired"), rcr = row("drivers", "employee.retiree_cost")
                    let parts = [a?.budget, ac?.budget, rr?.budget, rcr?.budget].compactMap { $0 }
                    let covered = parts.count == 4 && abs(parts[0] * parts[1] + parts[2] * parts[3] - (line.budget ?? 0)) < 0.5
                    calculation = n + " × " + c + " + " + r + " × " + rc + l.pick("(退休人员按基期决算校准, 乘退休人员费用系数)", " (retirees calibrated to the base year, times their cost ratio)")
                        + (covered ? "" : l.pick(", 加大额医疗、生育等其他待遇", ", plus large-claims, maternity and other benefits")) + " = " + result
                }
                keys = ["employee.base_year_actuals.pooled_expenditure", "employee.retiree_cost_ratio"] + Self.costGrowthKeys
            case ("employee_pooled", "allocation_to_personal_accounts"):
                if let n = term("drivers", "employee.retired") { calculation = n + l.pick(" × 每名退休人员划入额 = ", " × allocation per retiree = ") + result }
                keys = ["employee.personal_account.retiree_allocation"]
            case ("employee_pa", "benefits"):
                calculation = l.pick("参保人员门诊与购药使用(按基期校准), 以账户上年结余与当年收入为限 = ", "members' outpatient and pharmacy use (calibrated to the base year), up to the accounts' opening balance and income = ") + result
                keys = ["employee.base_year_actuals.pa_expenditure"]
            case ("resident", "contributions"):
                if let n = term("drivers", "resident.insured"), let c = term("drivers", "resident.individual_per_capita") { calculation = n + " × " + c + " = " + result }
                keys = ["resident.insured", "resident.insured_growth", "resident.individual_per_capita", "resident.per_capita_growth", "resident.collection_rate"]
            case ("resident", "fiscal_subsidy"):
                if let n = term("drivers", "resident.insured"), let c = term("drivers", "resident.subsidy_per_capita") { calculation = n + " × " + c + " = " + result }
                keys = ["resident.subsidy_per_capita", "resident.per_capita_growth"]
            case ("resident", "benefits"):
                if let n = term("drivers", "resident.insured"), let c = term("drivers", "resident.cost_per_head") { calculation = n + " × " + c + " = " + result }
                keys = ["resident.base_year_actuals.expenditure"] + Self.costGrowthKeys
            case (_, "other_income"):
                keys = ["\(fundKey).other_income"]
            case (_, "transfers_in"):
                keys = [t == "resident" ? "resident.transfers_in" : "employee.transfers_in"]
            case (_, "transfers_out"), (_, "other_expenditure"):
                keys = ["\(fundKey).\(line.code)"]
            case (_, "subsidy_from_higher_level"), (_, "remittance_from_lower_level"), (_, "subsidy_to_lower_level"), (_, "remittance_to_higher_level"):
                calculation = l.pick("按情景给定的金额或比例(未给定时保持上年占本年收入或支出小计的比例) = ", "the scenario's amount or share (without one, last year's share of the income or spending subtotal) = ") + result
                keys = ["\(fundKey).inter_level"]
            case ("employee_pooled", "fiscal_subsidy"), ("employee", "fiscal_subsidy"):
                keys = ["employee.fiscal_subsidy"]
            default:
                break
            }
            if line.code == "income_total", budget.previousIsBaseYear {
                // The combined fund (含个人账户) rests on both accounts' figures.
                keys += t == "resident" ? ["resident.base_year_actuals.income"] : t == "employee_pa" ? ["employee.base_year_actuals.pa_income"]
                    : t == "employee" ? ["employee.base_year_actuals.pooled_income", "employee.base_year_actuals.pa_income"] : ["employee.base_year_actuals.pooled_income"]
            }
            if line.code == "expenditure_total", budget.previousIsBaseYear {
                keys += t == "resident" ? ["resident.base_year_actuals.expenditure"] : t == "employee_pa" ? ["employee.base_year_actuals.pa_expenditure"]
                    : t == "employee" ? ["employee.base_year_actuals.pooled_expenditure", "employee.base_year_actuals.pa_expenditure"] : ["employee.base_year_actuals.pooled_expenditure"]
            }
            text += l.pick("测算: ", "Calculation: ") + (calculation ?? l.pick("按情景参数由模型测算 = ", "modelled from the scenario's parameters = ") + result) + l.pick("。", ". ")
            if let citation = cite(keys) { text += citation + " " }
            text += l.pick("结果: 本年预算 ", "Result: budget ") + result
            if let change = line.change {
                text += l.pick(", 比上年增减 ", ", change ") + (line.kind == .rate ? style.fixed(change * 100, decimals: 2) + l.pick("个百分点", " points") : fig(line, change))
                if let pct = line.changePercent { text += " (" + style.percent(pct) + ")" }
            }
            return text + l.pick("。", ".")
        }
    }
}
