import Foundation
import Testing
import TestSupport

/// End-to-end tests: run the built `fundcast` binary as a user would.

/// The binary built alongside the tests (`swift test` builds the executable target the tests depend on).
let binary: URL = {
    let candidates = [Bundle.main.bundleURL.appendingPathComponent("fundcast"),
                      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("fundcast"),
                      repositoryRoot.appendingPathComponent(".build/debug/fundcast")]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
}()

struct Output {
    var status: Int32
    var stdout: String
    var stderr: String
}

func fundcast(_ arguments: [String], in directory: URL = repositoryRoot) throws -> Output {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
}

let shippedScenarios: [String] = {
    let dir = repositoryRoot.appendingPathComponent("Scenarios")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return files.filter { $0.hasSuffix(".yaml") }.sorted().map { "Scenarios/\($0)" }
}()

func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

@Test func everyShippedScenarioValidates() throws {
    #expect(shippedScenarios.count >= 2)
    let result = try fundcast(["validate"] + shippedScenarios)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.components(separatedBy: "ok:").count - 1 == shippedScenarios.count)
}

/// A shock or assumption-set file is checked as one (its changes' keys and values), not as a scenario missing base_year.
@Test func validateChecksShockAndAssumptionFiles() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("Scenarios/shocks").path)
        .filter { $0.hasSuffix(".yaml") }.map { "Scenarios/shocks/" + $0 } + ["Scenarios/assumptions/high-cost.yaml"]
    let ok = try fundcast(["validate"] + files)
    #expect(ok.status == 0, "\(ok.stderr)")
    #expect(ok.stdout.contains("ok: Scenarios/shocks/wage-slowdown.yaml (changes 'wage-slowdown': 2 changes;"))
    let dir = try temporaryDirectory()
    let bad = dir.appendingPathComponent("bad.yaml")
    try "name: x\nchanges:\n  - {key: employee.employer_rat, add: 0.01}\n".write(to: bad, atomically: true, encoding: .utf8)
    let r = try fundcast(["validate", bad.path])
    #expect(r.status == 1 && r.stderr.contains("bad.yaml:3:11: changes[0].key:") && r.stderr.contains("did you mean 'employee.employer_rate'"), "\(r.stderr)")
    #expect(!r.stderr.contains("base_year"))
}

@Test(arguments: shippedScenarios)
func budgetPrintsEveryFundTable(_ file: String) throws {
    let result = try fundcast(["budget", file])
    #expect(result.status == 0, "\(result.stderr)")
    for label in ["统筹基金", "基本医疗保险费收入", "本年收入合计", "上年结余", "本年支出合计", "本年收支结余", "年末滚存结余", "总计", "上年执行", "本年预算", "增减额", "增减%", "风险预警"] {
        #expect(result.stdout.contains(label), "\(file): missing \(label)")
    }
}

@Test(arguments: shippedScenarios)
func runJSONFollowsTheContract(_ file: String) throws {
    let result = try fundcast(["run", file, "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["unit"] as? String == "元")
    let baseYear = try #require(json["base_year"] as? Int)
    let years = try #require(json["years"] as? [[String: Any]])
    #expect(years.first?["year"] as? Int == baseYear)
    let employee = try #require(years.last?["employee"] as? [String: Any])
    let pooled = try #require(employee["pooled"] as? [String: Any])
    for key in ["income", "expenditure", "surplus", "balance", "months_payable"] { #expect(pooled.keys.contains(key)) }
    #expect(employee["dependency_ratio"] != nil)
    #expect((json["indicators"] as? [String: Any])?["depletion_year"] != nil)
    #expect(json["warnings"] is [[String: Any]])
    // calibration provenance: every spending level says which reported figure it reproduces
    let calibration = try #require(json["calibration"] as? [String: Any])
    #expect(calibration.keys.contains("employee_pooled"))
}

/// Each year's deficit cover is in the JSON in 财社〔2017〕144号's order: with an adjustment fund of
/// 100亿 a year and an unlimited treasury, the national pooled fund's shortfall is covered by the
/// balance, then 100亿 from the adjustment fund, then the treasury, and no gap is left.
@Test func runJSONCarriesTheDeficitCoverOfEachYear() throws {
    let result = try fundcast(["run", "Scenarios/china-national.yaml", "--format", "json",
                               "--set", "employee.deficit_cover.adjustment_fund=100亿元", "--set", "employee.deficit_cover.fiscal_subsidy=unlimited"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let years = try #require(json["years"] as? [[String: Any]])
    var stages: [String] = []
    for y in years {
        let c = try #require(((y["employee"] as? [String: Any])?["pooled"] as? [String: Any])?["deficit_cover"] as? [String: Any])
        let parts = ["balance_drawn", "adjustment_fund", "fiscal_subsidy", "gap"].map { c[$0] as? Double ?? -1 }
        let shortfall = c["shortfall"] as? Double ?? -1
        #expect(abs(parts.reduce(0, +) - shortfall) < 0.01, "\(y["year"] ?? 0): \(c)")
        #expect(parts[3] == 0)
        if parts[1] > 0 { #expect(abs(parts[1] - 1e10) < 0.01) }
        stages.append(c["stage"] as? String ?? "")
    }
    // The stages only go forward: none → carried-forward balance → adjustment fund → treasury.
    let order = ["none", "carried_forward_balance", "adjustment_fund", "fiscal_subsidy"]
    let ranks = stages.dropFirst().map { order.firstIndex(of: $0) ?? -1 }
    #expect(ranks.allSatisfy { $0 >= 0 } && ranks.contains(3))
    #expect(zip(ranks, ranks.dropFirst()).allSatisfy { $0 <= $1 || $0 == 0 })
}

/// `run --format json --months-payable employee`: the pooled fund's months payable is (统筹 + 个账)结余 ÷
/// 职工医保月均支出. In 2022 the example city has not reformed yet (retirees get no allocation from the
/// pooled fund), so the employee spending is pooled + account spending, worked from the JSON's own figures.
@Test func runJSONTakesTheMonthsPayableBasis() throws {
    let result = try fundcast(["run", "--format", "json", "--months-payable", "employee"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["months_payable_basis"] as? String == "employee")
    let y2022 = try #require((json["years"] as? [[String: Any]])?.first { $0["year"] as? Int == 2022 })
    let e = try #require(y2022["employee"] as? [String: Any])
    let pooled = try #require(e["pooled"] as? [String: Any]), pa = try #require(e["personal_account"] as? [String: Any])
    let n = { (d: [String: Any], k: String) in d[k] as? Double ?? .nan }
    let expected = (n(pooled, "balance") + n(pa, "balance")) / ((n(pooled, "expenditure") + n(pa, "expenditure")) / 12)
    #expect(abs(n(pooled, "months_payable") - expected) < 1e-9, "\(n(pooled, "months_payable")) vs \(expected)")
    let standard = try fundcast(["run", "--format", "json"])
    #expect(!standard.stdout.contains("months_payable_basis"))
}

@Test func huoshanBudgetStatesTheGapToTheReportedIncome() throws {
    let result = try fundcast(["budget", "Scenarios/huoshan-2013.yaml"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("7,596.18")) // 26,500 × 32,063.57 × 8.94 %
    #expect(result.stdout.contains("7,485.00"))
    #expect(result.stdout.contains("-111.18"))
    #expect(result.stdout.contains("98.5%"))
}

/// Huoshan's report gives no base-year balances: a balance projected from nothing is only the change since
/// 2013, and months payable on it are meaningless. run leaves them empty, as budget and stress do, and says why.
@Test func runLeavesUnreportedBalancesEmpty() throws {
    let text = try fundcast(["run", "Scenarios/huoshan-2013.yaml"])
    #expect(text.status == 0)
    let row2014 = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("2014 ") })
    #expect(row2014.hasSuffix("—           —         —"), "\(row2014)")
    #expect(text.stdout.contains("基期滚存结余未报告(职工统筹基金 employee.balance.pooled、职工个人账户 employee.balance.personal_account)"))
    let json = try JSONSerialization.jsonObject(with: Data(try fundcast(["run", "Scenarios/huoshan-2013.yaml", "--format", "json"]).stdout.utf8)) as! [String: Any]
    let e = ((json["years"] as! [[String: Any]])[1])["employee"] as! [String: Any]
    let pooled = e["pooled"] as! [String: Any]
    #expect(pooled["balance"] is NSNull && pooled["months_payable"] is NSNull)
    #expect((pooled["surplus"] as? Double).map { abs($0 - 16_846_871.93) < 0.005 } == true) // 4,646.69 − 2,962.00 万元
    // A scenario with its balances reported keeps them.
    let city = try fundcast(["run", "--format", "json"])
    #expect(!city.stdout.contains("\"balance\": null") && !city.stdout.contains("\"balance\":null"))
}

/// The report's unit is the unit of every amount in it: --unit 亿元 puts the warnings and the notes in 亿元
/// too, to the 万元 as the tables (the example city's pooled gap of 148,186.25万元 in 2035 is 14.8186亿元), and English never prints 元.
@Test func warningsAndNotesQuoteTheReportsUnit() throws {
    let yi = try fundcast(["budget", "Scenarios/example-city.yaml", "--unit", "亿元"])
    #expect(yi.status == 0)
    #expect(yi.stdout.contains("未弥补缺口14.8186亿元; 自2035年起出现未弥补缺口"))
    #expect(yi.stdout.contains("(2035年: 弥补前年末结余-14.8186亿元)"))
    let lines = yi.stdout.split(separator: "\n")
    #expect(!lines.contains { $0.contains("万元") }, "\(lines.filter { $0.contains("万元") })")
    // Without --unit, the scenario's unit.
    #expect(try fundcast(["budget", "Scenarios/example-city.yaml"]).stdout.contains("未弥补缺口148,186.25万元"))
    let en = try fundcast(["budget", "Scenarios/example-city.yaml", "--lang", "en", "--unit", "亿元"])
    #expect(!en.stdout.contains("元"), "\(en.stdout.split(separator: "\n").filter { $0.contains("元") })")
    #expect(en.stdout.contains("leaving a gap of 14.8186 100m yuan"))
}

/// With an average base of 75,000 元 the example city's drivers give more than its reported 2021 contributions
/// (its file's 71,223 reproduces them): the budget says what that gap would be in 2022 if it lasted, and the
/// collection rate that carries it; setting that rate lowers the 2022 contributions by the amount quoted (to
/// the rounding of the rate to 0.001). The file as shipped has no such note.
@Test func theBudgetSaysWhatTheBaseYearsContributionGapWouldBe() throws {
    #expect(!(try fundcast(["budget", "Scenarios/example-city.yaml"]).stdout.contains("基期报告缴费收入为按")))
    let base = ["--set", "employee.average_base=75000"]
    let text = try fundcast(["budget", "Scenarios/example-city.yaml"] + base).stdout
    let line = try #require(text.split(separator: "\n").first { $0.contains("职工医保基期报告缴费收入为按缴费人数×缴费基数×费率×征缴率测算数的") })
    let amount = try #require(line.firstMatch(of: /2022年缴费收入约少([0-9,.]+)万元/).map { Double($0.1.replacingOccurrences(of: ",", with: ""))! })
    let rate = try #require(line.firstMatch(of: /employee\.collection_rate: ([0-9.]+)/).map { String($0.1) })
    func contributions(_ args: [String]) throws -> Double {
        let json = try JSONSerialization.jsonObject(with: Data(try fundcast(["run", "Scenarios/example-city.yaml", "--format", "json"] + base + args).stdout.utf8)) as! [String: Any]
        return (((json["years"] as! [[String: Any]])[1])["employee"] as! [String: Any])["contributions"] as! Double / 10_000
    }
    let before = try contributions([]), after = try contributions(["--set", "employee.collection_rate=\(rate)"])
    #expect(abs((before - after) - amount) < 0.0005 * before + 0.01, "\(before - after) vs \(amount)")
    // Reported above the drivers: the note ends with the gap (no collection rate above 1 to suggest, no clause left open).
    let low = try fundcast(["budget", "Scenarios/example-city.yaml", "--set", "employee.average_base=68000"]).stdout
    let above = try #require(low.split(separator: "\n").first { $0.contains("职工医保基期报告缴费收入为按") })
    #expect(above.contains("2022年缴费收入约多") && above.hasSuffix("万元") && !above.contains("如确认为征缴率"), "\(above)")
    // In 亿元 the notes keep four decimals, as the tables: a small amount does not read 0.00.
    let yi = try fundcast(["budget", "Scenarios/example-city.yaml", "--set", "employee.average_base=72000", "--unit", "亿元"]).stdout
    let small = try #require(yi.split(separator: "\n").first { $0.contains("职工医保基期报告缴费收入为按") })
    #expect(small.firstMatch(of: /约少[0-9]+\.[0-9]{4}亿元/) != nil, "\(small)")
    // A scenario whose drivers reproduce its base year has no such note.
    let huoshan = try fundcast(["budget", "Scenarios/huoshan-2013.yaml"]).stdout
    #expect(!huoshan.contains("基期报告缴费收入为按"))
}

/// An input the model itself refuses (more retirees than people past retirement age) is located like a
/// decoding error: at its line in the file, or at the --set that gave it.
@Test func aModelErrorNamesTheKeysLine() throws {
    let dir = try temporaryDirectory()
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml"), encoding: .utf8)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let index = try #require(lines.firstIndex { $0.hasPrefix("  retired: ") })
    var changed = lines
    changed[index] = "  retired: 90000000"
    let file = dir.appendingPathComponent("s.yaml")
    try changed.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
    let r = try fundcast(["budget", file.path])
    #expect(r.status == 1 && r.stderr.contains("employee.retired: expected at most the") && r.stderr.hasSuffix("(\(file.path):\(index + 1):12)\n"), "\(r.stderr)")
    // validate locates it the same way.
    let validate = try fundcast(["validate", file.path])
    #expect(validate.status == 1 && validate.stderr.hasSuffix("(\(file.path):\(index + 1):12)\n"), "\(validate.stderr)")
    let set = try fundcast(["budget", "--set", "employee.retired=100000000"])
    #expect(set.status == 1 && set.stderr.hasSuffix("(--set employee.retired=100000000)\n"), "\(set.stderr)")
}

/// Only the combined employee fund's totals, nothing of the accounts': the pooled fund's spending cannot be told
/// apart, and the error says what would tell it (it named only base_year_actuals.pooled_expenditure before).
@Test func aCombinedTableWithoutTheAccountsSaysWhatToAdd() throws {
    let dir = try temporaryDirectory()
    let file = dir.appendingPathComponent("c.yaml")
    try """
    base_year: 2024
    unit: 万元
    membership: {model: aggregate}
    employee:
      active: 30000
      retired: 10000
      average_base: 60000
      employer_rate: 0.08
      base_year_lines: {上年结余: 1000, 收入合计: 20000, 支出合计: 18000}
    """.write(to: file, atomically: true, encoding: .utf8)
    let r = try fundcast(["budget", file.path])
    #expect(r.status == 1 && r.stderr.contains("with only the combined fund's table (employee.base_year_lines), also give the personal accounts' spending (employee.base_year_actuals.pa_expenditure"), "\(r.stderr)")
}

/// Under --months-payable total the table's row changes basis but the warnings keep the pooled fund's (their
/// bands are set on it): the budget says so, and says nothing of the kind on the default basis.
@Test func aMonthsPayableBasisNamesTheWarningsBasis() throws {
    let total = try fundcast(["budget", "--months-payable", "total"]).stdout
    #expect(total.contains("注: 预警中的职工可支付月数按统筹基金口径(统筹结余÷统筹基金月均支出)判断") && total.contains("--months-payable total 口径列示"))
    #expect(!(try fundcast(["budget"]).stdout.contains("预警中的职工可支付月数按统筹基金口径")))
}

@Test func budgetWithoutAFileRunsTheEmbeddedExampleCity() throws {
    let embedded = try fundcast(["budget", "--format", "csv"])
    let shipped = try fundcast(["budget", "Scenarios/example-city.yaml", "--format", "csv"])
    #expect(embedded.status == 0)
    // The embedded copy must be the shipped file (regenerate with `make embed`).
    #expect(embedded.stdout == shipped.stdout)
}

/// `budget --format csv` holds numbers a spreadsheet reads: each money cell × 10,000 is the JSON's 元 (to the 分),
/// the unit in its own column, `modelled` for the base-year estimates (it held `331425.55*`, `6.28%`, `—`).
@Test func budgetCSVHoldsPlainNumbers() throws {
    let csv = try fundcast(["budget", "Scenarios/example-city.yaml", "--format", "csv"])
    let json = try fundcast(["budget", "Scenarios/example-city.yaml", "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let tables = try #require((object["budget"] as? [String: Any])?["tables"] as? [[String: Any]])
    let lines = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    #expect(lines.first == ["fund", "code", "项目", "单位", "previous_2021", "budget_2022", "change", "change_rate", "modelled"])
    var checked = 0
    for row in lines.dropFirst() where row.count == 9 && row[3] == "万元" {
        let table = try #require(tables.first { $0["fund"] as? String == row[0] }, "\(row[0])")
        let line = try #require((table["rows"] as? [[String: Any]])?.first { $0["code"] as? String == row[1] }, "\(row[0]).\(row[1])")
        for (cell, key) in [(row[4], "previous"), (row[5], "budget")] {
            guard let yuan = line[key] as? Double else { #expect(cell.isEmpty); continue }
            #expect(abs(try #require(Double(cell)) * 10_000 - yuan) < 0.01, "\(row[1]).\(key): \(cell) vs \(yuan)")
        }
        #expect(row[8] == ((line["modelled"] as? Bool) == true ? "true" : "false"))
        checked += 1
    }
    #expect(checked > 40)
    #expect(!csv.stdout.contains("*") && !csv.stdout.contains("%") && !csv.stdout.contains("—"))
}

@Test func englishLabelsAndOtherUnits() throws {
    let result = try fundcast(["budget", "Scenarios/example-city.yaml", "--lang", "en", "--unit", "亿元"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("Total income"))
    #expect(result.stdout.contains("Year-end balance"))
    #expect(result.stdout.contains("100m yuan"))
    #expect(!result.stdout.contains("基金收入"))
}

@Test func budgetJSONAddsTheBudgetTables() throws {
    let result = try fundcast(["budget", "Scenarios/example-city.yaml", "--format", "json"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    let budget = try #require(json["budget"] as? [String: Any])
    #expect(budget["year"] as? Int == 2022)
    let tables = try #require(budget["tables"] as? [[String: Any]])
    #expect(tables.compactMap { $0["fund"] as? String }.prefix(4) == ["employee_pooled", "employee_pa", "employee", "resident"])
    let row = try #require((tables[0]["rows"] as? [[String: Any]])?.first)
    for key in ["code", "line", "level", "total", "modelled", "label_zh", "label_en", "previous", "budget", "change", "change_pct"] { #expect(row.keys.contains(key)) }
    // The official row code, and the base year's contributions derived from the reported total (marked modelled).
    #expect(row["code"] as? String == "contributions" && row["line"] as? String == "contributions" && row["modelled"] as? Bool == true)
}

@Test func markdownAndCSVFormats() throws {
    let md = try fundcast(["budget", "--format", "md"])
    #expect(md.stdout.contains("| --- |"))
    let csv = try fundcast(["run", "--format", "csv"])
    #expect(csv.stdout.split(separator: "\n").count == 2056 - 2021 + 2) // header + one row a year
}

@Test func badScenarioListsEveryProblemAndExitsOne() throws {
    let dir = try temporaryDirectory()
    let bad = dir.appendingPathComponent("bad.yaml")
    try """
    name: bad
    base_year: 2024
    horizon: 2020
    employee:
      active: -5
      retired: 100
      average_base: 50000
      employer_rat: 0.08
      collection_rate: 1.5
    """.write(to: bad, atomically: true, encoding: .utf8)
    let result = try fundcast(["validate", bad.path])
    #expect(result.status == 1)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count >= 5, "\(result.stderr)")
    #expect(result.stderr.contains("bad.yaml:3"))       // horizon before base year, with its line
    #expect(result.stderr.contains("employee.active"))
    #expect(result.stderr.contains("did you mean 'employer_rate'"))
    #expect(result.stderr.contains("employee.collection_rate: expected a rate between 0 and 1"))
    #expect(result.stdout.isEmpty)
}

@Test func missingFileAndUsageErrors() throws {
    let missing = try fundcast(["budget", "no-such-file.yaml"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no-such-file.yaml"))
    let usage = try fundcast(["budget", "--format", "pdf"])
    #expect(usage.status == 2)
    let badYear = try fundcast(["budget", "--year", "1999"])
    #expect(badYear.status == 1)
    #expect(badYear.stderr.contains("--year"))
}

@Test func setOverridesAndFailOn() throws {
    // Cutting the employer rate to 3 % exhausts the pooled fund within the horizon: a red warning.
    let cut = try fundcast(["run", "--set", "employee.employer_rate=0.03", "--fail-on", "red", "--format", "json"])
    #expect(cut.status == 3)
    let json = try #require(try JSONSerialization.jsonObject(with: Data(cut.stdout.utf8)) as? [String: Any])
    let warnings = try #require(json["warnings"] as? [[String: Any]])
    let depleted = try #require(warnings.first { $0["code"] as? String == "FUND_DEPLETED" && $0["scheme"] as? String == "employee_pooled" })
    #expect(depleted["level"] as? String == "red")
    // the warning names the first year, and that year is the first negative balance of the projection
    let year = try #require(depleted["year"] as? Int)
    #expect((depleted["message_zh"] as? String)?.contains("\(year)年") == true)
    let years = try #require(json["years"] as? [[String: Any]])
    let balances = years.compactMap { y -> (Int, Double)? in
        guard let e = y["employee"] as? [String: Any], let p = e["pooled"] as? [String: Any], let b = p["balance"] as? Double ?? (p["balance"] as? Int).map(Double.init) else { return nil }
        return (y["year"] as? Int ?? 0, b)
    }
    #expect(balances.first { $0.1 < 0 }?.0 == year)
    let badSet = try fundcast(["budget", "--set", "employee.employer_rat=0.07"])
    #expect(badSet.status == 1)
    #expect(badSet.stderr.contains("employer_rate"))
}

@Test func outputIsWrittenAtomicallyAndNothingOnFailure() throws {
    let dir = try temporaryDirectory()
    let target = dir.appendingPathComponent("budget.md")
    let ok = try fundcast(["budget", "--format", "md", "--output", target.path])
    #expect(ok.status == 0)
    #expect(ok.stdout.isEmpty)
    let written = try String(contentsOf: target, encoding: .utf8)
    #expect(written.contains("统筹基金"))
    let failed = try fundcast(["budget", "missing.yaml", "--output", dir.appendingPathComponent("never.md").path])
    #expect(failed.status == 1)
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("never.md").path))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(leftovers == ["budget.md"])
}

@Test func initWritesAStarterThatRuns() throws {
    let dir = try temporaryDirectory()
    let result = try fundcast(["init", dir.appendingPathComponent("city").path])
    #expect(result.status == 0)
    let scenario = dir.appendingPathComponent("city/scenario.yaml").path
    #expect(try fundcast(["budget", scenario]).status == 0)
    #expect(try fundcast(["init", dir.appendingPathComponent("city").path]).status == 1) // no silent overwrite
    // The file is the shipped example byte for byte (with its last newline); an empty folder name is refused.
    #expect(try Data(contentsOf: URL(fileURLWithPath: scenario)) == Data(contentsOf: repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml")))
    #expect(try fundcast(["init", ""]).status == 1)
    // A user's starter names documents and data sources, never a path inside fundcast's repository.
    let text = try String(contentsOfFile: scenario, encoding: .utf8)
    #expect(!text.contains("Sources/") && !text.contains("Tests/") && !text.contains("README.md"))
}

/// A reported income below the base year's other lines would leave negative contributions: refused, naming the key.
@Test func aReportedIncomeBelowTheOtherLinesIsRefused() throws {
    let zero = try fundcast(["budget", "--set", "employee.base_year_actuals.pooled_income=0"])
    #expect(zero.status == 1)
    #expect(zero.stdout.isEmpty)
    #expect(zero.stderr.contains("employee.base_year_actuals.pooled_income: expected a reported pooled-fund income of at least the base year's other income lines"), "\(zero.stderr)")
    #expect(zero.stderr.contains("found 0 元, which leaves contributions of -"))
}

/// No insured residents: the calibration names the key (it spread spending over a rounding residue of members
/// and failed on a 10²⁵ 元 projection that named no input); `validate` says so too.
@Test func noInsuredResidentsNameTheKey() throws {
    for command in ["budget", "validate"] {
        let r = try fundcast([command, "Scenarios/example-city.yaml", "--set", "resident.insured=0"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("resident.insured: expected insured residents to spread spending over, found none in 2021"), "\(command): \(r.stderr)")
    }
}

@Test func extremeButValidInputsDoNotCrash() throws {
    // A vanishing reported spending makes months payable astronomically large: the excess warning must still render.
    let tiny = try fundcast(["budget", "--set", "employee.base_year_actuals.pooled_expenditure=1e-20"])
    #expect(tiny.status == 0, "\(tiny.stderr)")
    // Out-of-range values are input errors, not traps.
    let huge = try fundcast(["budget", "--set", "employee.active=1e19", "--set", "population.tfr=1e300"])
    #expect(huge.status == 1)
    #expect(huge.stderr.contains("population.tfr: expected births per woman from 0 to 10"))
}

/// A published table entered as base-year lines comes back in the official layout: 塔城 2024's rows, its
/// printed 滚存结余 996.84 against the recomputed 966.84 in the reconciliation, every row with `--all-rows`.
@Test func baseYearLinesComeBackInTheOfficialLayout() throws {
    let result = try fundcast(["budget", "Tests/ReportsTests/Fixtures/tacheng-2024.yaml"])
    #expect(result.status == 0, "\(result.stderr)")
    for text in ["上级补助收入", "7,747.23", "上解上级支出", "14,069.50", "966.84", "996.84", "报表数与按分项重算"] {
        #expect(result.stdout.contains(text), "missing \(text)")
    }
    #expect(!result.stdout.contains("委托投资收益"))
    let all = try fundcast(["budget", "Tests/ReportsTests/Fixtures/tacheng-2024.yaml", "--all-rows"])
    #expect(all.stdout.contains("委托投资收益") && all.stdout.contains("其中: 城乡医疗救助资助收入"))
}

/// The README's backtest table quotes what the command prints: each structural-model MAPE to two decimals.
@Test func theReadmeBacktestTableIsTheCommandsOutput() throws {
    let out = try fundcast(["backtest", "Scenarios/history/china-national.csv", "--scenario", "Scenarios/china-national.yaml", "--fit-through", "2018", "--format", "json"])
    #expect(out.status == 0, "\(out.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
    let structural = try #require((json["models"] as? [[String: Any]])?.first { $0["name"] as? String == "structural" }?["mape"] as? [String: Double])
    let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
    let keys: [String: [String]] = [
        "total income": ["total.income"], "total expenditure": ["total.expenditure"], "total insured": ["total.insured"],
        "employee insured": ["employee.insured"], "employee active / retired": ["employee.active", "employee.retired"],
        "employee income / expenditure": ["employee.income", "employee.expenditure"], "resident insured": ["resident.insured"],
        "resident income / expenditure": ["resident.income", "resident.expenditure"], "personal-account balance": ["employee_pa.balance"],
    ]
    var checked = 0
    for line in readme.split(separator: "\n") where line.hasPrefix("| ") {
        let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "") }
        guard cells.count >= 2, let codes = keys[cells[0]] else { continue }
        let quoted = cells[1].split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
        for (code, text) in zip(codes, quoted) {
            let value = try #require(structural[code], "\(code)")
            #expect(String(format: "%.2f", value) == text, "README \(cells[0]) \(code): \(text), the command \(String(format: "%.2f", value))")
            checked += 1
        }
    }
    #expect(checked == 12)
}


/// A negative number is read as the option's value, not as another option, and an out-of-range value
/// is bad input (exit 1, the option named), not a usage error.
@Test func negativeOptionValuesAreBadInput() throws {
    let cases: [([String], String)] = [
        (["audit", "Scenarios/published/tacheng-2024.csv", "--tolerance", "-5"], "--tolerance: expected an amount in 元 of at least 0, found -5"),
        (["backtest", "Scenarios/history/china-national.csv", "--scenario", "Scenarios/china-national.yaml", "--fit-through", "2018", "--horizon", "-3"],
         "--horizon: expected 1 to 50 years, found -3"),
        (["explain", "Scenarios/example-city.yaml", "--year", "-1"], "--year: expected a budget year from 2022 to 2056, found -1"),
        (["sweep", "Scenarios/example-city.yaml", "--vary", "employee.employer_rate=0.05:0.06:0.01", "--at", "-2030"],
         "--at -2030: expected a projected year from 2022 to 2056"),
        (["solve", "Scenarios/example-city.yaml", "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=6", "--through", "-2030"],
         "--through -2030: expected a projected year from 2022 to 2056"),
    ]
    for (args, message) in cases {
        let r = try fundcast(args)
        #expect(r.status == 1 && r.stdout.isEmpty, "\(args): status \(r.status)")
        #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
    }
}

/// An --output name fundcast does not write is refused before anything runs: no text table under a .pdf name.
@Test func anOutputFundcastCannotWriteIsRefused() throws {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-\(UUID().uuidString).pdf")
    let r = try fundcast(["budget", "Scenarios/example-city.yaml", "--output", file.path])
    #expect(r.status == 2 && r.stderr.contains("found '.pdf', which fundcast does not write"), "\(r.status) \(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: file.path))
}

/// A county that publishes only the combined employee table (the accounts' own balance unknown): the combined
/// table keeps the bureau's 上年结余 and 年末滚存结余 and the budget year opens at that closing — the accounts'
/// surplus inside the combined 本年收支结余 is not lost, and a consistent table is not called inconsistent.
@Test func aCombinedOnlyEmployeeTableKeepsItsBalances() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-combined-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let file = dir.appendingPathComponent("county.yaml")
    try """
        name: 霍山县 2015 年度基金预算(合并表)
        base_year: 2014
        unit: 万元
        assumptions: {wage_growth: 0.06, excess_cost_growth: 0.01, interest_rate: 0.015}
        population: {total: 320000}
        employee:
          active: 26500
          retired: 8421
          average_base: 32063.57
          employer_rate: 0.0694
          employee_rate: 0.02
          personal_account: {employer_share_to_pa: 0.212}
          base_year_actuals: {pa_income: 2907, pa_expenditure: 2648}
          base_year_lines: {上年结余: 8300, 基本医疗保险费收入: 7370, 利息收入: 72, 其他收入: 43, 本年收入合计: 7485, 待遇支出: 5610, 本年支出合计: 5610, 年末滚存结余: 10175}
        """.write(to: file, atomically: true, encoding: .utf8)
    let r = try fundcast(["budget", file.path])
    #expect(r.status == 0, "\(r.stderr)")
    let table = try #require(r.stdout.components(separatedBy: "职工基本医疗保险基金(含个人账户)").dropFirst().first)
    func cells(_ label: String) -> [String] {
        table.split(separator: "\n").first { $0.hasPrefix(label + " ") }.map { $0.split(separator: " ").map(String.init) } ?? []
    }
    #expect(cells("上年结余").prefix(3) == ["上年结余", "8,300.00", "10,175.00"], "\(cells("上年结余"))")
    #expect(cells("年末滚存结余").dropFirst().first == "10,175.00", "\(cells("年末滚存结余"))")
    #expect(!r.stdout.contains("不符"), "\(r.stdout.split(separator: "\n").filter { $0.contains("不符") })")
    // Only its 年末滚存结余 given: the same balances (its 上年结余 is what its flows imply), not a fund started at 0.
    let text = try String(contentsOf: file, encoding: .utf8)
    try text.replacingOccurrences(of: "上年结余: 8300, ", with: "").write(to: file, atomically: true, encoding: .utf8)
    let closingOnly = try fundcast(["budget", file.path])
    #expect(closingOnly.status == 0, "\(closingOnly.stderr)")
    #expect(closingOnly.stdout == r.stdout, "\(closingOnly.stdout.prefix(3000))")
}
