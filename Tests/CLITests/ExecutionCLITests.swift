import Foundation
import Testing
import TestSupport

/// `fundcast budget … --actuals YTD.csv` end to end: the execution table after the budget tables,
/// JSON, CSV, and errors (exit 1, every problem located, nothing written to --output).
@Suite("Execution CLI")
struct ExecutionCLITests {
    /// Yongfeng County's 2009 budget in miniature (there is no Yongfeng scenario in Scenarios/): with
    /// no growth and no interest the 2009 employee income is 10,000 payers × 19,000 元 × 10 % = 1,900万,
    /// the report's collection target, and resident income 4,000 × (600 + 400 元) = 400万, its target.
    static let yongfeng = """
        name: 永丰县 2009 年度基金预算
        region: 永丰县
        base_year: 2008
        horizon: 2012
        unit: 万元
        assumptions: {wage_growth: 0, medical_inflation: 0, interest_rate: 0}
        employee:
          active: 10000
          retired: 2000
          average_base: 19000
          employer_rate: 0.08
          employee_rate: 0.02
          personal_account: {employer_share_to_pa: 0.3, retiree_allocation: 0}
          base_year_actuals: {pooled_expenditure: 578, pa_expenditure: 606}
        resident:
          insured: 4000
          subsidy_per_capita: 600
          individual_per_capita: 400
          base_year_actuals: {expenditure: 240}
        """

    let yongfengYTD = repositoryRoot.appendingPathComponent("Scenarios/data/yongfeng-2009-ytd.csv").path
    let unnamedYTD = "Scenarios/data/unnamed-city-ytd.csv"

    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-execution-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func yongfengScenario(in dir: URL) throws -> String {
        let file = dir.appendingPathComponent("yongfeng.yaml")
        try Self.yongfeng.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func yongfengHalfYearAgainstItsTargets() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try fundcast(["budget", try yongfengScenario(in: dir), "--actuals", yongfengYTD])
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("预算执行情况 (1–6月)"))
        // Employee income: budget 1,900.00, actual 1,100.00, 完成率 1,100/1,900 = 57.89 %, 序时进度 6/12 = 50.00 %; employee
        // contributions are on the straight line, so estimate 1,100 / 0.5 = 2,200.00, gap 300.00.
        let employee = try #require(out.split(separator: "\n").first { $0.hasPrefix("职工医保基金收入") })
        #expect(employee.split(separator: " ").map(String.init) == ["职工医保基金收入", "1,900.00", "1,100.00", "57.89%", "50.00%", "50.00%", "2,200.00", "300.00"])
        // Resident income: 153 of 400 → 38.25 %. Its items: premiums 4,000 × 400 = 160 (Q4 lump, 0 by June) and subsidies
        // 4,000 × 600 = 240 (straight line, 0.5): share(6) = (160 × 0 + 240 × 0.5) / 400 = 30 %; estimate 153 / 0.3 = 510.00.
        let resident = try #require(out.split(separator: "\n").first { $0.hasPrefix("居民医保基金收入") })
        #expect(resident.split(separator: " ").map(String.init) == ["居民医保基金收入", "400.00", "153.00", "38.25%", "50.00%", "30.00%", "510.00", "110.00"])
        // Pooled spending: even profile, 289 / 0.5 = 578.00 = the budget (578 calibrated from 2008, no inflation).
        let pooled = try #require(out.split(separator: "\n").first { $0.hasPrefix("职工医保统筹基金支出") })
        #expect(pooled.split(separator: " ").map(String.init) == ["职工医保统筹基金支出", "578.00", "289.00", "50.00%", "50.00%", "50.00%", "578.00", "0.00"])
        // The note shows the division actually made.
        #expect(out.contains("职工医保基金收入: 全年预计 = 累计 1,100.00 ÷ 序时进度 50.0000% = 2,200.00"))
        #expect(out.contains("居民医保基金收入: 全年预计 = 累计 153.00 ÷ 季节占比 30.0000% = 510.00 (各项按预算加权: 基本医疗保险费收入 40.0% × 0.00% + 财政补贴收入 60.0% × 50.00%)"))
        // An estimate 27.5 % above budget beyond the 5 % tolerance: a notice citing the fundcast default.
        #expect(out.contains("居民医保基金本年收入合计按1–6月执行推算全年510.00万元, 为预算400.00万元的127.5%, 预计超收27.5%(容差5%)"))
        // Order: budget tables, then execution, then warnings.
        let budgetTable = try #require(out.range(of: "城乡居民基本医疗保险基金"))
        let execution = try #require(out.range(of: "预算执行情况"))
        let warnings = try #require(out.range(of: "风险预警"))
        #expect(budgetTable.lowerBound < execution.lowerBound)
        #expect(execution.lowerBound < warnings.lowerBound)
    }

    @Test func priorYearActualsGiveTheProfile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ytd = dir.appendingPathComponent("with-2008.csv")
        try """
            # 2008 monthly actuals give the profile of employee income: 800 of 1,600万 by June → share(6) = 0.5
            year,month,scheme,metric,value,unit
            2008,6,employee,income,800,万元
            2008,12,employee,income,1600,万元
            2009,6,employee,income,1100,万元
            2009,6,resident,income,153,万元
            """.write(to: ytd, atomically: true, encoding: .utf8)
        let result = try fundcast(["budget", try yongfengScenario(in: dir), "--actuals", ytd.path])
        #expect(result.status == 0, "\(result.stderr)")
        // 1,100 / 0.5 = 2,200.00 against the 1,900.00 budget: gap 300.00; 序时进度 and the prior-year profile both 50.00 %.
        let employee = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("职工医保基金收入") })
        #expect(employee.split(separator: " ").map(String.init) == ["职工医保基金收入", "1,900.00", "1,100.00", "57.89%", "50.00%", "50.00%", "2,200.00", "300.00"])
        #expect(result.stdout.contains("职工医保基金收入: 全年预计 = 累计 1,100.00 ÷ 序时进度 50.0000% = 2,200.00 (按2008年实际: 1–6月累计 800.00 ÷ 1,600.00(全年))"))
        // Resident income has no 2008 rows: its items by budget.
        #expect(result.stdout.contains("居民医保基金收入: 全年预计 = 累计 153.00 ÷ 季节占比 30.0000% = 510.00"))
        let json = try fundcast(["budget", try yongfengScenario(in: dir), "--actuals", ytd.path, "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require((doc["execution"] as? [String: Any])?["rows"] as? [[String: Any]])
        let profile = try #require(rows.first?["profile"] as? [String: Any])
        #expect(profile["source"] as? String == "prior_year")
        #expect(profile["years"] as? [Int] == [2008])
        #expect(rows.first?["gap"] as? Double == 3_000_000)   // 300万元 in 元
    }

    @Test func unnamedCityMonthsPayableInTheTableAndJSON() throws {
        let table = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", unnamedYTD, "--lang", "en"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("Budget execution (Jan–Nov)"))
        // 3,178 / (5,440 / 11) = 6.4261 → 6.43
        let months = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("Pooled fund: months payable (end of Nov)") })
        #expect(months.split(separator: " ").map(String.init).contains("6.43"))
        #expect(table.stdout.contains("3,178.00 ÷ (spending Jan–Nov 5,440.00 ÷ 11) = 6.43 months"))

        let json = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", unnamedYTD, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(doc["budget"] != nil)
        let execution = try #require(doc["execution"] as? [String: Any])
        #expect(execution["year"] as? Int == 2022)
        #expect(execution["month"] as? Int == 11)
        let rows = try #require(execution["rows"] as? [[String: Any]])
        #expect(rows.compactMap { $0["code"] as? String } == ["employee.income", "employee_pooled.expenditure", "employee_pa.expenditure"])
        for key in ["code", "label_zh", "label_en", "budget", "ytd", "completion", "expected_share", "full_year_estimate", "gap"] {
            #expect(rows[0].keys.contains(key), "missing \(key)")
        }
        #expect(rows[0]["ytd"] as? Double == 124_530_000)                          // 12,453万元 in 元
        // The straight line: 11/12 = 0.916667; 124,530,000 / (11/12) = 135,850,909.09 元
        #expect(abs((rows[0]["expected_share"] as? Double ?? 0) - 11.0 / 12) < 1e-12)
        #expect(abs((rows[0]["full_year_estimate"] as? Double ?? 0) - 135_850_909.09) < 0.01)
        let payable = try #require((execution["months_payable"] as? [[String: Any]])?.first)
        #expect(payable["fund"] as? String == "employee_pooled")
        #expect(payable["months_payable"] as? Double == 6.43)                                  // reported, half up
        #expect(abs((payable["months_payable_unrounded"] as? Double ?? 0) - 6.426103) < 1e-6)
        #expect(payable["basis"] as? String == "pooled")
    }

    /// A line the file gives to an earlier month than the report's: its 序时进度 is its own month's (3/12), in the
    /// table as in the JSON and the note's division, not the report's 11/12.
    /// `budget Scenarios/example-city.yaml --actuals` on a file of these rows (after the header), which must succeed.
    func exampleCityBudget(actuals rows: String) throws -> Output {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("ytd.csv")
        try ("year,month,scheme,row,value,unit\n" + rows).write(to: file, atomically: true, encoding: .utf8)
        let result = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        return result
    }

    @Test func aLineOfAnEarlierMonthHasItsOwnTimeElapsed() throws {
        let result = try exampleCityBudget(actuals: "2022,3,employee,本年收入合计,100,万元\n2022,11,employee_pooled,本年支出合计,5,万元\n")
        let lines = result.stdout.split(separator: "\n")
        let income = try #require(lines.first { $0.hasPrefix("职工医保基金收入(1–3月)") }).split(separator: " ").map(String.init)
        let spending = try #require(lines.first { $0.hasPrefix("职工医保统筹基金支出") }).split(separator: " ").map(String.init)
        #expect(income[4] == "25.00%", "\(income)")
        #expect(spending[4] == "91.67%", "\(spending)")
        #expect(result.stdout.contains("全年预计 = 累计 100.00 ÷ 序时进度 25.0000% = 400.00"))
        // Its warning names its own months, not the file's latest.
        #expect(result.stdout.contains("职工医保基金本年收入合计按1–3月执行推算全年400.00万元"), "\(lines.filter { $0.contains("执行推算") })")
    }

    /// Every row the budget table prints has its execution budget (其他支出, 转移支出, 小计 …), so its overspending is
    /// judged; spending on a line budgeted at 0 is flagged as unbudgeted.
    @Test func everyPrintedRowHasItsExecutionBudget() throws {
        let r = try fundcast(["budget", "Tests/ReportsTests/Fixtures/tacheng-2024.yaml", "--actuals", try {
            let dir = try folder()
            let file = dir.appendingPathComponent("ytd.csv")
            try "year,month,scheme,row,value,unit\n2025,6,employee_pooled,其他支出,400,万元\n2025,6,employee_pooled,本年支出小计,4300,万元\n2025,6,employee_pooled,转移支出,12,万元\n"
                .write(to: file, atomically: true, encoding: .utf8)
            return file.path
        }()])
        #expect(r.status == 0, "\(r.stderr)")
        let other = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("职工医保统筹基金其他支出 ") }).split(separator: " ").map(String.init)
        #expect(other.prefix(4) == ["职工医保统筹基金其他支出", "279.19", "400.00", "143.27%"], "\(other)")
        #expect(r.stdout.contains("[黄色预警] 职工医保统筹基金其他支出按1–6月执行推算全年800.00万元, 为预算279.19万元的286.5%"))
        // A 其中 row the model does not split is not unbudgeted spending.
        let inpatient = try exampleCityBudget(actuals: "2022,6,resident,其中：住院费用支出,30,万元\n")
        #expect(!inpatient.stdout.contains("无预算支出"), "\(inpatient.stdout)")
        let unbudgeted = try exampleCityBudget(actuals: "2022,6,employee_pooled,转移支出,30,万元\n")
        #expect(unbudgeted.stdout.contains("[黄色预警] 职工医保统筹基金转移支出1–6月累计执行30.00万元, 年度预算为0(无预算支出)"), "\(unbudgeted.stdout)")
    }

    /// An approved budget is checked as a budget table: a negative flow line, or a total its items do not give, is
    /// refused at its line (execution would be judged against the wrong figure).
    @Test func anApprovedBudgetMustAddUp() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ytd = dir.appendingPathComponent("ytd.csv")
        try "year,month,scheme,row,value,unit\n2022,6,resident,本年收入合计,150000,万元\n".write(to: ytd, atomically: true, encoding: .utf8)
        func run(_ approved: String) throws -> Output {
            let file = dir.appendingPathComponent("approved.csv")
            try ("fund,row,column,value,unit\n" + approved).write(to: file, atomically: true, encoding: .utf8)
            return try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", ytd.path, "--approved", file.path])
        }
        let negative = try run("resident,本年支出合计,2022年预算数,-5,万元\n")
        #expect(negative.status == 1 && negative.stderr.contains("approved.csv:2:10: value: expected an approved 本年支出合计 of at least 0, found -5 万元"), "\(negative.stderr)")
        let short = try run("resident,基本医疗保险费收入,2022年预算数,110000,万元\nresident,财政补贴收入,2022年预算数,200000,万元\nresident,本年收入合计,2022年预算数,330000,万元\n")
        #expect(short.status == 1 && short.stderr.contains("expected an approved budget whose figures add up (2022年预算数 本年收入合计"), "\(short.stderr)")
        #expect(short.stderr.contains("gives 310000 万元") && short.stderr.contains("found 330000 万元"))
        let consistent = try run("resident,基本医疗保险费收入,2022年预算数,110000,万元\nresident,财政补贴收入,2022年预算数,200000,万元\nresident,本年收入合计,2022年预算数,310000,万元\n")
        #expect(consistent.status == 0, "\(consistent.stderr)")
    }

    /// Premiums that arrived before the curve expects any: said in the line's note (with the preset to choose), and
    /// beyond the year's budget a notice though no estimate is made.
    @Test func moneyTheCurveDoesNotExpectIsSaid() throws {
        let r = try exampleCityBudget(actuals: "2022,6,resident,基本医疗保险费收入,150000,万元\n")
        #expect(r.stdout.contains("但已执行 150,000.00, 与该曲线不符: 本地若集中在年初到账, 可设 execution.preset: q1_premiums"), "\(r.stdout)")
        #expect(r.stdout.contains("[提示] 居民医保基金基本医疗保险费收入1–6月累计执行150,000.00万元, 已达年度预算112,122.07万元的133.8%"))
    }

    /// Months payable just above the excess band are printed with the decimals that show it (15.04, not 15 超过15个月).
    @Test func justAboveTheExcessBandShowsItsDecimals() throws {
        let r = try exampleCityBudget(actuals: "2022,6,employee_pooled,本年支出合计,120000,万元\n2022,6,employee_pooled,年末滚存结余,300800,万元\n")
        #expect(r.stdout.contains("[提示] 职工医保统筹基金2022年6月末可支付月数15.04个月(按1–6月月均支出), 超过15个月"), "\(r.stdout)")
    }

    /// English year-to-date warnings quote the estimate and the budget, as the Chinese ones do.
    @Test func englishYearToDateWarningsGiveTheAmounts() throws {
        let r = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", unnamedYTD, "--lang", "en"])
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("Employee fund total income projected from January–November") })
        #expect(line.contains("is 13,585.09 10k yuan for the year, 2.2% of the budget of 630,280.22 10k yuan"), "\(line)")
    }

    /// A file's figures must hold a budget table's identities at each month: items above their total, a 其中 row
    /// above its parent and a 结余 the totals do not give are refused at their lines; rounding of the written
    /// figures is allowed, and items left out are not a problem.
    @Test func yearToDateFiguresMustAddUp() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        func run(_ rows: String) throws -> Output {
            let file = dir.appendingPathComponent("ytd.csv")
            try ("year,month,scheme,row,value,unit\n" + rows).write(to: file, atomically: true, encoding: .utf8)
            return try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", file.path])
        }
        let bad = try run("""
            2022,6,employee_pooled,基本医疗保险费收入,172000,万元
            2022,6,employee_pooled,其中：单位缴费收入,173000,万元
            2022,6,employee_pooled,利息收入,4400,万元
            2022,6,employee_pooled,本年收入合计,150000,万元
            2022,6,employee_pooled,本年支出合计,142000,万元
            2022,6,employee_pooled,本年收支结余,99999,万元

            """)
        #expect(bad.status == 1 && bad.stdout.isEmpty)
        #expect(bad.stderr.contains("ytd.csv:5: value: expected a 本年收入合计 of 2022 month 6 employee_pooled of at least its items (基本医疗保险费收入 + 利息收入 = 1,764,000,000 元, lines 2, 4), found 150000 万元"), "\(bad.stderr)")
        #expect(bad.stderr.contains("ytd.csv:3: value: expected a 其中 单位缴费收入 of 2022 month 6 employee_pooled of at most its 基本医疗保险费收入 172000 万元 (line 2)"), "\(bad.stderr)")
        #expect(bad.stderr.contains("ytd.csv:7: value: expected 本年收支结余 of 2022 month 6 employee_pooled = 本年收入合计 150000 万元 − 本年支出合计 142000 万元"), "\(bad.stderr)")
        // Within rounding (three items of 1.004 printed as 1.00 against a total of 3.01), and with items left out: accepted.
        let rounded = try run("""
            2022,6,resident,基本医疗保险费收入,1.00,万元
            2022,6,resident,财政补贴收入,1.00,万元
            2022,6,resident,利息收入,1.02,万元
            2022,6,resident,本年收入合计,3.01,万元
            2022,6,resident,本年支出合计,2.00,万元
            2022,6,resident,本年收支结余,1.01,万元

            """)
        #expect(rounded.status == 0, "\(rounded.stderr)")
    }

    /// Spending given as 0 is not "not given": the note says there was nothing spent to count months against.
    @Test func zeroSpendingIsNotMissingSpending() throws {
        let result = try exampleCityBudget(actuals: "2022,11,employee_pooled,年末滚存结余,100,万元\n2022,11,employee_pooled,本年支出合计,0,万元\n")
        #expect(result.stdout.contains("职工医保统筹基金可支付月数(11月末): 1–11月支出为 0.00, 无支出可比, 不计算可支付月数"))
        #expect(!result.stdout.contains("文件未给出1–11月所需的支出"))
    }

    /// With --actuals the CSV is one table a reader loads whole: a `table` column (budget, execution), one header
    /// with every column, each execution row with its unit and its own month.
    @Test func csvAppendsTheExecutionTable() throws {
        let result = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", unnamedYTD, "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "table,fund,code,项目,单位,previous_2021,budget_2022,change,change_rate,modelled,month,ytd_2022_1_11,completion,expected_share,full_year_estimate,gap")
        #expect(!result.stdout.contains("\n\n") && lines.dropFirst().allSatisfy { $0.hasPrefix("budget,") || $0.hasPrefix("execution,") })
        #expect(lines.contains { $0.hasPrefix("execution,employee_pooled,employee_pooled.months_payable,") })
        #expect(lines.contains { $0.hasPrefix("execution,employee_pooled,employee_pooled.expenditure,职工医保统筹基金支出,万元,,278826.57726,,,,11,5440,") }, "\(lines.filter { $0.hasPrefix("execution") })")
    }

    @Test func aFileOfAnotherYearIsRefused() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("out.txt")
        // Yongfeng's 2009 figures against the example city's 2022 budget.
        let result = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", yongfengYTD, "--output", output.path])
        #expect(result.status == 1)
        #expect(result.stderr == "error: \(yongfengYTD):10: year: expected year-to-date figures for 2022, the budget year (base_year 2021 + 1), found only year 2009\n")
        #expect(!FileManager.default.fileExists(atPath: output.path))
        // With --year the message says so.
        let later = try fundcast(["budget", try yongfengScenario(in: dir), "--year", "2010", "--actuals", yongfengYTD])
        #expect(later.status == 1)
        #expect(later.stderr.contains("expected year-to-date figures for 2010, the budget year (--year 2010), found only year 2009"))
        // A later year than the budget year is named at its line.
        let ytd = dir.appendingPathComponent("later.csv")
        try "year,month,scheme,metric,value,unit\n2009,6,employee,income,1100,万元\n2010,1,employee,income,1,万元\n".write(to: ytd, atomically: true, encoding: .utf8)
        let ahead = try fundcast(["budget", try yongfengScenario(in: dir), "--actuals", ytd.path])
        #expect(ahead.status == 1)
        #expect(ahead.stderr.contains("\(ytd.path):3: year: expected 2009, the budget year (base_year 2008 + 1)"))
    }

    @Test func aBadFileListsEveryProblemAndWritesNothing() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ytd = dir.appendingPathComponent("bad.csv")
        try """
            # Jan–Jun
            year,month,scheme,metric,value,unit
            2009,13,employee,income,1100,万元
            2009,6,residnt,income,153,万元
            2009,5,employee_pooled,expenditure,300,万元
            2009,6,employee_pooled,expenditure,289,万元
            """.write(to: ytd, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("budget.md")
        let result = try fundcast(["budget", try yongfengScenario(in: dir), "--actuals", ytd.path, "--format", "md", "--output", output.path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines == [
            "error: \(ytd.path):3: month: expected a month from 1 to 12 (the figure covers January to its end), found '13'",
            "error: \(ytd.path):4: scheme: expected one of total, employee, employee_pooled, employee_pa, resident, found 'residnt' (did you mean 'resident'?)",
            "error: \(ytd.path):6: value: expected a Jan–6 cumulative expenditure of at least the Jan–5 figure 300 万元 (line 5): cumulative figures cannot fall, found 289 万元",
        ])
        #expect(!FileManager.default.fileExists(atPath: output.path))
        // A 上年结余 row is refused, not dropped: the year's opening balance is the scenario's.
        try "year,month,scheme,row,value,unit\n2009,6,employee,上年结余,100,万元\n".write(to: ytd, atomically: true, encoding: .utf8)
        let opening = try fundcast(["budget", try yongfengScenario(in: dir), "--actuals", ytd.path])
        #expect(opening.status == 1 && opening.stderr.contains("bad.csv:2: row: expected a flow, or the balance at the end of the month"), "\(opening.stderr)")
    }

    @Test func aMissingFileIsNamed() throws {
        let result = try fundcast(["budget", "--actuals", "no-such-ytd.csv"])
        #expect(result.status == 1)
        #expect(result.stderr == "error: no-such-ytd.csv: expected a readable year-to-date CSV (year,month,scheme,row,value,unit), found no file 'no-such-ytd.csv'\n")
        #expect(result.stdout.isEmpty)
    }

    @Test func scenarioAndActualsProblemsAreListedTogether() throws {
        let result = try fundcast(["budget", "Scenarios/example-city.yaml", "--set", "employee.employer_rate=1.5", "--actuals", "no-such-ytd.csv"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("employee.employer_rate"))
        #expect(result.stderr.contains("no file 'no-such-ytd.csv'"))
    }

    /// Jan–Jun 2022 of the example city by official row, as Excel writes it (BOM, quoted thousands,
    /// months out of order): pooled spending 4,800 and balance 2,110; accounts 1,200 and 3,166 (万元).
    func halfYear(in dir: URL) throws -> String {
        let file = dir.appendingPathComponent("ytd-2022.csv")
        let text = "\u{FEFF}year,month,scheme,row,value,unit\n" + """
            2022,6,employee_pooled,本年支出合计,"4,800",万元
            2022,6,employee_pooled,年末滚存结余,"2,110",万元
            2022,6,employee_pa,本年支出合计,"1,200",万元
            2022,6,employee_pa,年末滚存结余,"3,166",万元
            2022,6,employee_pooled,基本医疗保险费收入,"4,100",万元
            2022,3,employee_pooled,基本医疗保险费收入,"2,000",万元
            """
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func yearToDateMonthsPayableBelowThreeIsRedAndEachBasisIsLabelled() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ytd = try halfYear(in: dir)
        let pooled = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", ytd, "--fail-on", "red"])
        #expect(pooled.status == 3, "\(pooled.stderr)")
        // 2,110 ÷ (4,800 ÷ 6) = 2.6375 → 2.64 (half up), below 3: red, citing the months-payable bands.
        let row = try #require(pooled.stdout.split(separator: "\n").first { $0.hasPrefix("职工医保统筹基金可支付月数(6月末)") })
        #expect(row.split(separator: " ").map(String.init).contains("2.64"))
        #expect(pooled.stdout.contains("[红色预警] 职工医保统筹基金2022年6月末可支付月数2.64个月(按1–6月月均支出), 低于3个月  (依据: 人力资源社会保障部 财政部《关于进一步加强基本医疗保险基金管理的指导意见》(人社部发〔2009〕67号"))
        // Contributions 4,100 by June on the straight line: 8,200 against a budget of 352,228.93: short, yellow.
        #expect(pooled.stdout.contains("职工医保统筹基金基本医疗保险费收入: 全年预计 = 累计 4,100.00 ÷ 序时进度 50.0000% = 8,200.00"))
        #expect(pooled.stdout.contains("[黄色预警] 职工医保统筹基金基本医疗保险费收入按1–6月执行推算全年8,200.00万元"))

        // (2,110 + 3,166) ÷ ((4,800 + 1,200) ÷ 6) = 5.276 → 5.27 truncated: orange (below 6), quoted as reported.
        let employee = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", ytd, "--months-payable", "employee", "--round", "down"])
        #expect(employee.status == 0, "\(employee.stderr)")
        let employeeRow = try #require(employee.stdout.split(separator: "\n").first { $0.hasPrefix("职工医保可支付月数(统筹+个账结余÷职工医保月均支出)(6月末)") })
        #expect(employeeRow.split(separator: " ").map(String.init).contains("5.27"))
        #expect(employee.stdout.contains("= 6月末统筹基金与个人账户结余 5,276.00 ÷ (1–6月职工医保支出 6,000.00 ÷ 6) = 5.27月, 截尾"))
        // The warnings still judge the pooled fund on its own basis (67号's bands are pooled-fund bands): 2.6375 → 2.63 truncated, red.
        #expect(employee.stdout.contains("[红色预警] 职工医保统筹基金2022年6月末可支付月数2.63个月(按1–6月月均支出), 低于3个月"), "\(employee.stdout)")
        #expect(!employee.stdout.contains("[橙色预警] 职工医保(统筹基金+个人账户结余"))
        // The budget table's row says the same basis.
        #expect(employee.stdout.contains("职工医保可支付月数(统筹+个账结余÷职工医保支出)"))

        // 2,110 ÷ 1,000 = 2.11 with total spending as the denominator; JSON says which basis and keeps the unrounded figure.
        let total = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", ytd, "--months-payable", "total", "--format", "json"])
        #expect(total.status == 0, "\(total.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(total.stdout.utf8)) as? [String: Any])
        let payable = try #require(((doc["execution"] as? [String: Any])?["months_payable"] as? [[String: Any]])?.first)
        #expect(payable["basis"] as? String == "total")
        #expect(payable["months_payable"] as? Double == 2.11)
        let warnings = try #require(doc["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["code"] as? String == "YTD_MONTHS_PAYABLE_LOW" && $0["level"] as? String == "red" && $0["value"] as? Double == 2.6375 })
    }

    /// A display basis does not move the warnings: the unnamed city's pooled fund has 6.43 months at the end of
    /// November (no warning), 3.53 over total scheme spending, which would be orange.
    @Test func theMonthsPayableBasisDoesNotChangeTheWarnings() throws {
        for basis in ["pooled", "total", "employee"] {
            let r = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", unnamedYTD, "--months-payable", basis, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let codes = try #require(doc["warnings"] as? [[String: Any]]).compactMap { $0["code"] as? String }
            #expect(!codes.contains("YTD_MONTHS_PAYABLE_LOW"), "\(basis): \(codes)")
        }
    }

    /// Adding actuals adds the year's warnings (first within their level) and leaves the projected ones in their order.
    @Test func actualsDoNotReorderTheProjectedWarnings() throws {
        func warnings(_ extra: [String]) throws -> [String] {
            let r = try fundcast(["budget", "Scenarios/example-city.yaml", "--format", "json"] + extra)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return try #require(doc["warnings"] as? [[String: Any]]).map { "\($0["level"] ?? "") \($0["code"] ?? "") \($0["message_zh"] ?? "")" }
        }
        let without = try warnings([]), with = try warnings(["--actuals", unnamedYTD])
        #expect(with.filter { !$0.contains(" YTD_") } == without)
        #expect(with.count > without.count)
    }

    /// A threshold or tolerance the scenario changes is cited with the scenario's document, as the projected warnings are.
    @Test func yearToDateWarningsCiteTheScenariosThresholds() throws {
        let r = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", unnamedYTD,
                              "--set", "warnings.months_payable.orange=7", "--set", "sources.warnings.months_payable.orange=《某省基本医疗保险基金运行风险预警办法》(某医保发〔2023〕5号)",
                              "--set", "execution.completion_tolerance=0.01", "--set", "sources.execution.completion_tolerance=《某市医疗保障基金预算执行管理办法》(某医保发〔2022〕9号)"])
        #expect(r.status == 0, "\(r.stderr)")
        let months = try #require(r.stdout.split(separator: "\n").first { $0.contains("[橙色预警] 职工医保统筹基金2022年11月末可支付月数") })
        #expect(months.contains("低于7个月  (依据: 情景设定阈值(可支付月数低于7个月): 《某省基本医疗保险基金运行风险预警办法》(某医保发〔2023〕5号))"), "\(months)")
        let gap = try #require(r.stdout.split(separator: "\n").first { $0.contains("执行推算全年") && $0.contains("依据") })
        #expect(gap.contains("(容差1%)  (依据: 情景设定容差(全年预计偏离预算超过1%, execution.completion_tolerance): 《某市医疗保障基金预算执行管理办法》(某医保发〔2022〕9号))"), "\(gap)")
    }

    @Test func runTakesTheMonthsPayableBasisAndRounding() throws {
        let pooled = try fundcast(["run", "Scenarios/example-city.yaml", "--format", "csv"])
        let employee = try fundcast(["run", "Scenarios/example-city.yaml", "--format", "csv", "--months-payable", "employee", "--round", "down"])
        #expect(pooled.status == 0 && employee.status == 0, "\(employee.stderr)")
        #expect(pooled.stdout.contains("统筹可支付月数"))
        #expect(employee.stdout.contains("职工医保可支付月数(统筹+个账结余÷职工医保支出)"))
        let bad = try fundcast(["run", "Scenarios/example-city.yaml", "--months-payable", "pooled-and-pa"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("pooled"))
    }

    @Test func theScenarioChoosesProfilesWithLocatedErrors() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let ytd = try halfYear(in: dir)
        // The pooled contributions set to a Q1 lump: share(6) = 100 %, so the estimate is the year-to-date 4,100 itself.
        let q1 = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", ytd, "--set", "execution.profiles.employee_pooled.contributions=q1_lump"])
        #expect(q1.status == 0, "\(q1.stderr)")
        #expect(q1.stdout.contains("全年预计 = 累计 4,100.00 ÷ 季节占比 100.0000% = 4,100.00 (一季度集中到账(1–3月各1/3), 情景 execution.profiles.employee_pooled.contributions)"))
        let bad = try fundcast(["budget", "Scenarios/example-city.yaml", "--set", "execution.profiles.fiscal_subsid=even"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("execution.profiles.fiscal_subsid: expected a budget row"))
        #expect(bad.stderr.contains("(did you mean 'fiscal_subsidy'?)"))
    }
}
