import Foundation
import Testing
import TestSupport

/// `fundcast budget city.yaml --actuals YTD.csv` for a city-level scenario with `districts:` (市级统筹):
/// each level's execution and 全市 = Σ, end to end with the built binary.
@Suite("District execution CLI")
struct DistrictExecutionCLITests {
    let city = "Tests/ReportsTests/Fixtures/city/city.yaml"
    let example = "Tests/ReportsTests/Fixtures/city/city-2025-ytd.csv"

    /// The cells of the row starting with `label` in the table titled `title` (up to the next blank line).
    func row(_ out: String, table title: String, _ label: String) -> [String]? {
        guard let start = out.range(of: title) else { return nil }
        let section = out[start.upperBound...].components(separatedBy: "\n\n")[0]
        return section.split(separator: "\n").first { $0.hasPrefix(label + " ") }.map { $0.split(separator: " ").map(String.init) }
    }

    func write(_ text: String) throws -> (dir: URL, file: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-district-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("ytd.csv")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return (dir, file.path)
    }

    /// The shipped example (万元): 全市 1–6月 income = 1,320 + 1,440 + 980 − (1,300 上级补助/补助下级 + 1,000 下级上解/上解上级)
    /// = 1,440; spending 1,700 + 1,300 + 1,000 − 2,300 = 1,700, of 3,800 budgeted (800 + 1,700 + 1,300 待遇支出, the
    /// budget's 全市 本年支出合计) = 44.74 %, on the straight line 3,400.00; months payable (426.5 + 140.5 + 80.75) ÷ (1,700 ÷ 6)
    /// = 2.29 (the year-end budget 3.69); the income estimate is Σ the three levels' estimates less the internal 2 × 1,300 + 2 × 1,000 = 4,600.
    @Test func exampleGivesEachLevelAndTheCityTotal() throws {
        let result = try fundcast(["budget", city, "--actuals", example])
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        for title in ["市本级 预算执行情况 (1–6月)", "A区 预算执行情况 (1–6月)", "B县 预算执行情况 (1–6月)", "全市 预算执行情况 (1–6月)"] {
            #expect(out.contains(title), "\(title)")
        }
        let total = "全市 预算执行情况"
        #expect(row(out, table: total, "居民医保基金支出") == ["居民医保基金支出", "3,800.00", "1,700.00", "44.74%", "50.00%", "50.00%", "3,400.00", "-400.00"])
        #expect(row(out, table: total, "居民医保基本医疗保险待遇支出") == ["居民医保基本医疗保险待遇支出", "3,800.00", "1,700.00", "44.74%", "50.00%", "50.00%", "3,400.00", "-400.00"])
        #expect(row(out, table: total, "居民医保财政补贴收入") == ["居民医保财政补贴收入", "2,700.00", "1,350.00", "50.00%", "50.00%", "50.00%", "2,700.00", "0.00"])
        // Budget column: the budget's 全市 年末滚存结余 1,168.57 ÷ (本年支出合计 3,800 ÷ 12) = 3.69.
        #expect(row(out, table: total, "居民医保可支付月数(6月末)")?.prefix(3) == ["居民医保可支付月数(6月末)", "3.69", "2.29"])
        #expect(out.contains("全市 城乡居民基本医疗保险基金") && out.contains("年末滚存结余                  907.75        1,168.57"))
        let income = try #require(row(out, table: total, "居民医保基金收入"))
        #expect(income[2] == "1,440.00")
        func number(_ s: String) -> Double { Double(s.replacingOccurrences(of: ",", with: ""))! }
        let levels = try ["市本级 预算执行情况", "A区 预算执行情况", "B县 预算执行情况"].map { try #require(row(out, table: $0, "居民医保基金收入")) }
        #expect(abs(number(income[6]) - (levels.map { number($0[6]) }.reduce(0, +) - 4600)) < 0.015, "\(income) vs \(levels)")
        #expect(abs(number(income[1]) - (levels.map { number($0[1]) }.reduce(0, +) - 4800)) < 0.015, "budget: internal 2,300 + 2,500 netted")
        #expect(out.contains("[红色预警] 全市: 居民医保基金2025年6月末可支付月数2.29个月"))
        // JSON: every 全市 row, 元.
        let json = try fundcast(["budget", city, "--actuals", example, "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let rows = try #require((object["city_total_execution"] as? [String: Any])?["rows"] as? [[String: Any]])
        let ytd = Dictionary(uniqueKeysWithValues: rows.map { ($0["row"] as! String, $0["ytd"] as! Double) })
        #expect(ytd == ["contributions": 900_000, "fiscal_subsidy": 13_500_000, "subsidy_from_higher_level": 0, "remittance_from_lower_level": 0,
                        "income_total": 14_400_000, "benefits": 17_000_000, "subsidy_to_lower_level": 0, "remittance_to_higher_level": 0,
                        "expenditure_total": 17_000_000])
        #expect((object["district_executions"] as? [[String: Any]])?.count == 2)
        // CSV: a district column.
        let csv = try fundcast(["budget", city, "--actuals", example, "--format", "csv"])
        #expect(csv.stdout.contains("\nexecution.district-b,resident,district-b.resident.income,居民医保基金收入,万元,,"))
        #expect(csv.stdout.contains("\nexecution.city_total,resident,city_total.resident.income,居民医保基金收入,万元,,4060.8225,,,,全市,6,1440,0.35460796,"), "\(csv.stdout)")
        // An export holds every level's execution table.
        let (dir, _) = try write("")
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("city.html")
        #expect(try fundcast(["budget", city, "--actuals", example, "--output", html.path]).status == 0)
        let page = try String(contentsOf: html, encoding: .utf8)
        for title in ["市本级 预算执行情况", "A区 预算执行情况", "B县 预算执行情况", "全市 预算执行情况"] { #expect(page.contains(title), "\(title)") }
    }

    /// B县's premiums stop short in Q4 (1–10月 50 of 450; the Q4 preset expects a third by October's end →
    /// 150.00, 33.3 %): its own yellow warning names it; A区 (200 of 600 → 600.00) and 市本级 (100 of 300) raise none.
    @Test func aDistrictWithAQ4GapRaisesItsOwnWarning() throws {
        let (dir, file) = try write("""
            year,month,scheme,row,value,unit,district
            2025,10,resident,基本医疗保险费收入,100,万元,
            2025,10,resident,基本医疗保险费收入,200,万元,A区
            2025,10,resident,基本医疗保险费收入,50,万元,B县
            """)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try fundcast(["budget", city, "--actuals", file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("[黄色预警] B县: 居民医保基金基本医疗保险费收入按1–10月执行推算全年150.00万元, 为预算450.00万元的33.3%"))
        #expect(!result.stdout.contains("A区: 居民医保基金基本医疗保险费收入"))
        #expect(!result.stdout.contains("市本级: 居民医保基金基本医疗保险费收入"))
        // 全市: 350 of 1,350, estimate 300 + 600 + 150 = 1,050.00.
        #expect(row(result.stdout, table: "全市 预算执行情况", "居民医保基本医疗保险费收入") ==
                ["居民医保基本医疗保险费收入", "1,350.00", "350.00", "25.93%", "83.33%", "33.33%", "1,050.00", "-300.00"])
    }

    /// The budget's own warnings are each level's, headed by its name: A区 (万元) spends 1,700 + 1,500 上解 against
    /// 3,100.50 of income in 2024 and ends the year with 0.50, so its fund runs dry in 2025 — a red warning of A区's,
    /// raised with no actuals at all, and the most severe line of the status. In English every 依据 is English.
    @Test func eachLevelsProjectedWarningsAreRaised() throws {
        let result = try fundcast(["budget", city])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("[红色预警] A区: 居民医保基金2025年累计结余耗尽"), "\(result.stdout)")
        #expect(result.stdout.contains("[提示] 市本级: 居民医保基金自2025年起累计结余超过当年收入的25%"))
        #expect(result.stdout.contains("本年(2025年): 红色, A区: 2025年累计结余耗尽"))
        let en = try fundcast(["budget", city, "--actuals", example, "--lang", "en"])
        let sources = en.stdout.components(separatedBy: "\n").compactMap { line in line.range(of: "source: ").map { line[$0.upperBound...] } }
        #expect(!sources.isEmpty)
        for s in sources {
            let chinese = s.unicodeScalars.filter { (0x4E00...0x9FFF).contains($0.value) }.count
            #expect(chinese < 40, "a Chinese 依据 in English output: \(s)") // document titles and 文号 stay Chinese
        }
    }

    /// The city's budget on an actuals file of `csv`, which must be refused (exit 1, nothing on standard output).
    func refusedCityBudget(_ csv: String) throws -> Output {
        let (dir, file) = try write(csv)
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try fundcast(["budget", city, "--actuals", file])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        return result
    }

    @Test func anUnknownDistrictIsALocatedError() throws {
        let result = try refusedCityBudget("year,month,scheme,row,value,unit,district\n2025,6,resident,待遇支出,400,万元,\n2025,6,resident,待遇支出,700,万元,C区\n")
        #expect(result.stderr.contains("ytd.csv:3"), "\(result.stderr)")
        #expect(result.stderr.contains("'C区'"))
        #expect(result.stderr.contains("district-a or A区 (district-a.yaml), district-b or B县 (district-b.yaml)"))
        // A scenario without districts (example-city: budget year 2022): the column must stay blank.
        let (dir, other) = try write("year,month,scheme,row,value,unit,district\n2022,6,resident,待遇支出,700,万元,A区\n")
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", other])
        #expect(plain.status == 1 && plain.stderr.contains("the scenario lists no districts:"), "\(plain.stderr)")
    }

    /// 全市 adds every level up, so a level with no figures for the budget year is refused, naming it (this trapped
    /// on a month of 0 before).
    @Test func aLevelWithoutFiguresIsRefused() throws {
        let result = try refusedCityBudget("year,month,scheme,row,value,unit,district\n2025,6,resident,待遇支出,400,万元,\n2025,6,resident,待遇支出,700,万元,A区\n")
        #expect(result.stderr.contains("ytd.csv: district: expected year-to-date figures for 2025 for every level of 市级统筹 (市本级, A区, B县), which 全市 adds up, found none for B县"),
                "\(result.stderr)")
    }

    /// `--set districts=…` on the embedded example (no folder to read districts from) is refused, not ignored;
    /// an empty list says what it is.
    @Test func districtsWithoutAFolderAndAnEmptyListAreRefused() throws {
        let embedded = try fundcast(["budget", "--set", "districts=[a.yaml]"])
        #expect(embedded.status == 1 && embedded.stderr.contains("districts: expected no districts in a scenario without a file"), "\(embedded.stderr)")
        let empty = try fundcast(["budget", city, "--set", "districts=[]"])
        #expect(empty.status == 1 && empty.stderr.contains("found an empty list"), "\(empty.stderr)")
    }

    /// An approved table with a column per level: A区 income 1,440 of an approved 2,880 = 50.00 %; 全市's budget is the
    /// levels' approved 2,640 + 2,880 + 1,960 less the internal flows (model: 2,300 + 2,500) = 2,680 → 1,440 ÷ 2,680 = 53.73 %.
    @Test func approvedColumnsPerDistrict() throws {
        let (dir, _) = try write("")
        defer { try? FileManager.default.removeItem(at: dir) }
        let approved = dir.appendingPathComponent("approved.yaml")
        try "unit: 万元\nresident: {市本级: {收入合计: 2640}, A区: {本年收入合计: 2880}, B县: {收入合计: 1960}, 全市: {收入合计: 2680}}\n"
            .write(to: approved, atomically: true, encoding: .utf8)
        let result = try fundcast(["budget", city, "--actuals", example, "--approved", approved.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(row(result.stdout, table: "A区 预算执行情况", "居民医保基金收入")?.prefix(4) == ["居民医保基金收入", "2,880.00", "1,440.00", "50.00%"])
        #expect(row(result.stdout, table: "全市 预算执行情况", "居民医保基金收入")?.prefix(4) == ["居民医保基金收入", "2,680.00", "1,440.00", "53.73%"])
        // A column that names no level is refused, not dropped.
        try "unit: 万元\nresident: {市本级: {收入合计: 2640}, A区: {本年收入合计: 2880}, X区: {收入合计: 1}}\n".write(to: approved, atomically: true, encoding: .utf8)
        let unknown = try fundcast(["budget", city, "--actuals", example, "--approved", approved.path])
        #expect(unknown.status == 1 && unknown.stderr.contains("column: expected a column per level of 市级统筹 (市本级, A区, B县, or 全市), found 'X区'"), "\(unknown.stderr)")
    }

    /// With growth each level's own driver would move its side of a flow its own way (the city's 下级上解收入 a
    /// share of its spending, the districts' 上解上级支出 shares of their income), and 全市 would book money no
    /// level paid. The city's side is the districts' sum in every year, so the pairs cancel in 全市 to the 分.
    @Test func interLevelFlowsAreOneAmountWithGrowth() throws {
        let source = repositoryRoot.appendingPathComponent("Tests/ReportsTests/Fixtures/city")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-growing-city-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["city.yaml", "district-a.yaml", "district-b.yaml"] {
            let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "wage_growth: 0, medical_inflation: 0", with: "wage_growth: 0.05, medical_inflation: 0.08")
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let r = try fundcast(["budget", dir.appendingPathComponent("city.yaml").path, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let tables = try #require((doc["budget"] as? [String: Any])?["tables"] as? [[String: Any]])
        func amount(_ fund: String, _ code: String) -> Double? {
            (tables.first { $0["fund"] as? String == fund }?["rows"] as? [[String: Any]])?.first { $0["code"] as? String == code }?["budget"] as? Double
        }
        let remitted = try #require(amount("district-a.resident", "remittance_to_higher_level")) + (try #require(amount("district-b.resident", "remittance_to_higher_level")))
        let received = try #require(amount("district-a.resident", "subsidy_from_higher_level")) + (try #require(amount("district-b.resident", "subsidy_from_higher_level")))
        #expect(abs(try #require(amount("resident", "remittance_from_lower_level")) - remitted) < 0.015)
        #expect(abs(try #require(amount("resident", "subsidy_to_lower_level")) - received) < 0.015)
        // 全市 has no flow left between its own levels.
        for code in ["remittance_from_lower_level", "subsidy_from_higher_level", "subsidy_to_lower_level", "remittance_to_higher_level"] {
            #expect((amount("city_total.resident", code) ?? 0) == 0, "\(code): \(amount("city_total.resident", code) ?? 0)")
        }
    }

    /// 全市 adds every level once: a district file listed twice, or two districts of one region, is refused at its entry.
    @Test func aDistrictListedTwiceIsRefused() throws {
        let source = repositoryRoot.appendingPathComponent("Tests/ReportsTests/Fixtures/city")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-twice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["district-a.yaml", "district-b.yaml"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(at: source.appendingPathComponent("district-a.yaml"), to: dir.appendingPathComponent("district-c.yaml"))
        let city = try String(contentsOf: source.appendingPathComponent("city.yaml"), encoding: .utf8)
        for (list, message) in [("[district-a.yaml, ./district-a.yaml]", "expected each district once (全市 adds every level once), found './district-a.yaml', already districts[0]"),
                                ("[district-a.yaml, district-c.yaml]", "expected districts of different regions (each level of 全市 once), found 'district-c.yaml' with region")] {
            let file = dir.appendingPathComponent("city.yaml")
            try city.replacingOccurrences(of: "[district-a.yaml, district-b.yaml]", with: list).write(to: file, atomically: true, encoding: .utf8)
            let r = try fundcast(["validate", file.path])
            #expect(r.status == 1 && r.stderr.contains(message), "\(r.stderr)")
        }
    }

    /// `run` on a city with districts projects the city level: it says so, and each level's horizon
    /// indicators are named by their level (A区's depletion is not contradicted by the city level's note).
    @Test func runNamesTheLevelItProjects() throws {
        let r = try fundcast(["run", city])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("测试市 2024 (test) — 市本级  (金额单位"), "\(r.stdout.prefix(300))")
        #expect(r.stdout.contains("本表为市本级逐年数; 各区县(A区、B县)的逐年数见其情景文件的 fundcast run"))
        #expect(r.stdout.contains("  市本级: 居民医保基金至2026年未出现累计结余耗尽\n  A区: 居民医保基金按现行政策可支撑至2024年, 2025年累计结余耗尽"), "\(r.stdout)")
    }

    /// A sweep point of a city with districts is `run --set` of it: the city's flows are the districts' in both
    /// (they were not in sweep, stress and solve), and a --set assumption reaches every level.
    @Test func aSweepPointOfADistrictCityIsItsRun() throws {
        let shared = ["--set", "assumptions.medical_inflation=0.08"]
        let sweep = try fundcast(["sweep", city, "--vary", "resident.individual_per_capita=300:500:200", "--at", "2025", "--format", "csv"] + shared)
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let rows = sweep.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        for (value, row) in zip(["300", "500"], rows) {
            let run = try fundcast(["run", city, "--set", "resident.individual_per_capita=\(value)", "--format", "json"] + shared)
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let y2025 = try #require((doc["years"] as? [[String: Any]])?.first { $0["year"] as? Int == 2025 })
            let balance = try #require((y2025["resident"] as? [String: Any])?["balance"] as? Double)
            #expect(abs(try #require(Double(row[4])) * 10_000 - balance) < 1, "\(value): \(row[4]) vs \(balance)")
        }
    }
}
