import Foundation
import Testing

/// `fundcast audit TABLE` and `fundcast budget --actuals … --approved FILE` end to end with the built binary.
@Suite("Audit CLI")
struct AuditCLITests {
    let tacheng = "Scenarios/published/tacheng-2024.csv"
    let changning = "Scenarios/published/changning-2025.csv"

    @Test func tachengHasOneInconsistencyExit3() throws {
        let result = try fundcast(["audit", tacheng])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr == "fundcast audit: 1 inconsistency in \(tacheng)\n")
        // 1079.96 + 21772.41 − 21885.53 = 966.84; printed 996.84; 4 figures × 0.005 = 0.020 allowed.
        let row = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("职工医保(含个人账户)") })
        #expect(row.split(separator: " ").map(String.init) == ["职工医保(含个人账户)", "2024年", "年末滚存结余*", "年末滚存结余", "=", "上年结余", "+", "本年收支结余",
                                                              "996.84", "966.84", "30.00", "0.020", "万元"])
        #expect(result.stdout.contains("25 个数字, 6 项校验, 1 处不一致"))
        #expect(!result.stdout.contains("城乡居民医保  2024年"))
    }

    @Test func changningIsCleanExit0() throws {
        let result = try fundcast(["audit", changning, "--lang", "en"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("no inconsistency"))
        #expect(result.stdout.contains("Employee fund 2025年预算数: not checked: year-end balance = balance brought forward + surplus"))
    }

    @Test func jsonAndMarkdown() throws {
        let json = try fundcast(["audit", tacheng, "--format", "json"])
        #expect(json.status == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["row"] as? String == "closing_balance")
        #expect(findings.first?["difference"] as? Double == 300_000) // 30.00 万元 in 元
        #expect(findings.first?["location"] as? String == "\(tacheng):17:10")
        let md = try fundcast(["audit", tacheng, "--format", "md"])
        #expect(md.stdout.contains("| 职工医保(含个人账户) | 2024年 | 年末滚存结余* |"))
    }

    @Test func badTablesExit1WithLocatedErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.csv")
        try "fund,row,column,value,unit\nresident,利息收,2024年,1,万元\nresident,其他收入,2024年,1,千元\n".write(to: file, atomically: true, encoding: .utf8)
        let result = try fundcast(["audit", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("bad.csv:2:10: row: expected a row of the official fund table"))
        #expect(result.stderr.contains("(did you mean '利息收入'?)"))
        #expect(result.stderr.contains("bad.csv:3:23: unit: expected 元, 万元, 亿元 or %"))
        #expect(try fundcast(["audit", dir.appendingPathComponent("missing.csv").path]).status == 1)
        #expect(try fundcast(["audit", tacheng, "--tolerance", "-1"]).status == 1)
        // A tolerance of 30 万元 covers 塔城's 30.00 (300,000 元 beyond 200 元 of rounding).
        #expect(try fundcast(["audit", tacheng, "--tolerance", "299800"]).status == 0)
    }

    @Test func approvedBudgetGivesTheCompletionRatio() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("yongfeng.yaml"), approved = dir.appendingPathComponent("approved.yaml")
        try ExecutionCLITests.yongfeng.write(to: scenario, atomically: true, encoding: .utf8)
        try """
            unit: 万元
            employee: {2009年预算数: {本年收入合计: 2000}}
            resident: {2009年预算数: {收入合计: 500}}
            """.write(to: approved, atomically: true, encoding: .utf8)
        let ytd = "Scenarios/data/yongfeng-2009-ytd.csv"
        let result = try fundcast(["budget", scenario.path, "--actuals", ytd, "--approved", approved.path])
        #expect(result.status == 0, "\(result.stderr)")
        // Employee income: approved 2,000, actual 1,100 → 完成率 55.00 %; on the straight line 1,100 ÷ 50 % = 2,200.00, gap 200.00; the model's budget 1,900.00 beside it.
        let employee = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("职工医保基金收入") })
        #expect(employee.split(separator: " ").map(String.init) == ["职工医保基金收入", "2,000.00", "1,100.00", "55.00%", "50.00%", "50.00%", "2,200.00", "200.00", "1,900.00"])
        // Resident income: 153 ÷ 500 = 30.60 %; its items by the model's budget (premiums 160 in a Q4 lump, subsidies 240 on the
        // straight line): share(6) = 240 × 0.5 ÷ 400 = 30 %, estimate 153 ÷ 30 % = 510.00, gap 10.00.
        let resident = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("居民医保基金收入") })
        #expect(resident.split(separator: " ").map(String.init) == ["居民医保基金收入", "500.00", "153.00", "30.60%", "50.00%", "30.00%", "510.00", "10.00", "400.00"])
        // Spending is not in the approved file: the model's 578.00 stays the budget.
        let pooled = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("职工医保统筹基金支出") })
        #expect(pooled.split(separator: " ").map(String.init) == ["职工医保统筹基金支出", "578.00", "289.00", "50.00%", "50.00%", "50.00%", "578.00", "0.00", "578.00"])
        let json = try fundcast(["budget", scenario.path, "--actuals", ytd, "--approved", approved.path, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require((object["execution"] as? [String: Any])?["rows"] as? [[String: Any]])
        let income = try #require(rows.first { $0["code"] as? String == "employee.income" })
        #expect(income["budget"] as? Double == 20_000_000)
        #expect(income["model_budget"] as? Double == 19_000_000)
        #expect(income["budget_source"] as? String == "approved")
    }

    @Test func approvedNeedsActualsAndTheBudgetYear() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("yongfeng.yaml"), approved = dir.appendingPathComponent("approved.csv")
        try ExecutionCLITests.yongfeng.write(to: scenario, atomically: true, encoding: .utf8)
        try "fund,row,column,value,unit\nresident,收入合计,2010年预算数,500,万元\n".write(to: approved, atomically: true, encoding: .utf8)
        #expect(try fundcast(["budget", scenario.path, "--approved", approved.path]).status == 2)
        let wrongYear = try fundcast(["budget", scenario.path, "--actuals", "Scenarios/data/yongfeng-2009-ytd.csv", "--approved", approved.path])
        #expect(wrongYear.status == 1)
        #expect(wrongYear.stderr.contains("resident: expected one column with the 2009 budget (e.g. '2009年预算数'), found columns '2010年预算数'"))
    }
}
