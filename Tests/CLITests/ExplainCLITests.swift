import Foundation
import Testing
import TestSupport

/// `fundcast explain`: a paragraph for every budget line, and no figure that is not the budget's.
@Suite struct ExplainCLITests {
    /// Every number in a JSON document.
    func numbers(_ any: Any, into out: inout [Double]) {
        if let d = any as? [String: Any] { for v in d.values { numbers(v, into: &out) } }
        else if let a = any as? [Any] { for v in a { numbers(v, into: &out) } }
        else if let n = any as? NSNumber, !(any is String) { out.append(n.doubleValue) }
    }

    func strings(_ any: Any, into out: inout [String]) {
        if let d = any as? [String: Any] { for v in d.values { strings(v, into: &out) } }
        else if let a = any as? [Any] { for v in a { strings(v, into: &out) } }
        else if let s = any as? String { out.append(s.trimmingCharacters(in: .whitespaces)) }
    }

    /// The tables' rounding: half away from zero, thousands grouped (NumberStyle).
    func fixed(_ x: Double, _ decimals: Int) -> String {
        let scale = pow(10, Double(decimals))
        var r = (x * scale).rounded(.toNearestOrAwayFromZero) / scale
        if r == 0 { r = 0 }
        let text = String(format: "%.\(decimals)f", r)
        let negative = text.hasPrefix("-")
        let parts = (negative ? String(text.dropFirst()) : text).split(separator: ".")
        var integer = String(parts[0]), groups: [String] = []
        while integer.count > 3 { groups.insert(String(integer.suffix(3)), at: 0); integer = String(integer.dropLast(3)) }
        groups.insert(integer, at: 0)
        return (negative ? "-" : "") + groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    }

    @Test(arguments: shippedScenarios)
    func everyLineHasAParagraphAndEveryFigureIsTheBudgets(_ file: String) throws {
        let explain = try fundcast(["explain", file, "--unit", "万元"])
        #expect(explain.status == 0, "\(explain.stderr)")
        let json = try fundcast(["budget", file, "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let tables = try #require((document["budget"] as? [String: Any])?["tables"] as? [[String: Any]])
        // 1. A paragraph for each line of each fund table, in table order.
        var cursor = explain.stdout.startIndex
        for table in tables where table["fund"] as? String != "drivers" {
            for row in table["rows"] as? [[String: Any]] ?? [] {
                let label = (row["label_zh"] as? String ?? "").trimmingCharacters(in: .whitespaces)
                let found = explain.stdout.range(of: "**\(label)**", range: cursor..<explain.stdout.endIndex)
                #expect(found != nil, "\(file): no paragraph for \(label) after the previous line's")
                if let found { cursor = found.upperBound }
            }
        }
        // 2. Every figure outside code spans (quoted scenario inputs) and outside the document's own
        //    strings (labels, warning messages and their sources) is a number of the budget document at
        //    the tables' rounding: money in 万元 to 2 decimals, persons to 1, rates as % to 2, others to 2 or 1.
        var values: [Double] = []
        numbers(document, into: &values)
        var allowed: Set<String> = ["12"] // the months in a year (months payable = balance ÷ spending × 12)
        for x in values {
            for text in [fixed(x / 10_000, 2), fixed(x, 0), fixed(x * 100, 2), fixed(x * 100, 2) + "%", fixed(x, 2), fixed(x, 1)] { allowed.insert(text) }
            if x == x.rounded(), abs(x) < 1e6 { allowed.insert(String(Int(x))) }
        }
        var text = explain.stdout.replacingOccurrences(of: "`[^`]*`", with: " ", options: .regularExpression)
        var texts: [String] = []
        strings(document, into: &texts)
        for s in texts.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count }) { text = text.replacingOccurrences(of: s, with: " ") }
        // Documents the scenario cites (`sources:`) are titles and 文号, not figures.
        text = text.replacing(/, 依据 [^;。]*/, with: " ")
        let tokens = text.matches(of: /-?[0-9][0-9,]*(?:\.[0-9]+)?%?/).map { String($0.output) }
        #expect(tokens.count > 50)
        let strangers = tokens.filter { !allowed.contains($0) }
        #expect(strangers.isEmpty, "\(file): not figures of the budget document: \(strangers.prefix(10))")
    }

    /// A parameter's `sources:` document is cited beside it (the example city cites 国发〔1998〕44号 for the employee rate).
    @Test func citesTheDocumentsTheScenarioNames() throws {
        let zh = try fundcast(["explain"])
        #expect(zh.stdout.contains("0.02` (比率), 见 `<embedded example-city.yaml>:47:18`, 依据 《国务院关于建立城镇职工基本医疗保险制度的决定》(国发〔1998〕44号)"))
        // Pooled benefits are written out with both per-head costs: 822,932 × 1,352.64 + 313,385 × 5,345.30 ≈ 278,826.6万.
        #expect(zh.stdout.contains("职工医保退休人数(人) 313,385人 × 退休人员人均统筹支出(元/年) 5,345.30元(退休人员按基期决算校准, 乘退休人员费用系数) = 278,826.58万元"))
        // The combined fund's (含个人账户) totals rest on both accounts' inputs, and cite both.
        let combined = try #require(zh.stdout.components(separatedBy: "## 职工基本医疗保险基金(含个人账户)").dropFirst().first?.components(separatedBy: "\n## ").first)
        let total = try #require(combined.split(separator: "\n").first { $0.hasPrefix("**本年收入合计**") })
        #expect(total.contains("employee.base_year_actuals.pooled_income") && total.contains("employee.base_year_actuals.pa_income"), "\(total)")
        // The exports' assumptions sheet has the document beside the parameter, and no `sources.` rows.
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("r.html").path
        let export = try fundcast(["export", "Scenarios/example-city.yaml", "--html", html])
        #expect(export.status == 0, "\(export.stderr)")
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("依据文件") && page.contains("国办发〔2021〕14号"))
        #expect(!page.contains("sources.employee"))
    }

    @Test func englishAndHTML() throws {
        let en = try fundcast(["explain", "--lang", "en"])
        #expect(en.status == 0)
        #expect(en.stdout.contains("basis of the 2022 fund budget") && en.stdout.contains("Calculation:") && en.stdout.contains("Risk warnings and their basis"))
        // Each warning carries its level, as in the budget (red ones did not stand out from notices).
        #expect(en.stdout.contains("- **[RED]** ") && en.stdout.contains("- **[NOTICE]** "), "\(en.stdout.suffix(1500))")
        // Parameter units in English too (they stayed 比率, 元/人·年).
        #expect(en.stdout.contains("(ratio)") && !en.stdout.contains("(比率)") && !en.stdout.contains("(元/人·年)"))
        let html = try fundcast(["explain", "--html"])
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>") && html.stdout.contains("<h2>职工基本医疗保险统筹基金</h2>") && html.stdout.contains("<code>"))
        // One waterfall chart per attributed line (contributions and spending of the three funds).
        #expect(html.stdout.components(separatedBy: "<svg ").count - 1 >= 7)
        #expect(try fundcast(["explain", "--format", "json"]).status == 2)
    }

    /// The output file's extension says what it holds: `.html` writes HTML, a workbook name is refused (it got Markdown).
    @Test func theOutputExtensionDecidesOrIsRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("basis.html").path
        #expect(try fundcast(["explain", "--output", page]).status == 0)
        #expect(try String(contentsOfFile: page, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        let workbook = try fundcast(["explain", "--output", dir.appendingPathComponent("basis.xlsx").path])
        #expect(workbook.status == 2 && workbook.stderr.contains("expected a file ending in .md, .markdown, .txt, .html, .htm"), "\(workbook.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("basis.xlsx").path))
        // A name without an extension takes Markdown, as before; --fail-on judges its warnings as budget does.
        let plain = dir.appendingPathComponent("basis").path
        #expect(try fundcast(["explain", "--output", plain]).status == 0)
        #expect(try String(contentsOfFile: plain, encoding: .utf8).hasPrefix("# "))
        #expect(try fundcast(["explain", "--fail-on", "red"]).status == 3)
    }
}
