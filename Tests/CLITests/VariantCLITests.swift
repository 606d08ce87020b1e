import Foundation
import Testing
import TestSupport

/// `sweep`, `stress` and `solve` run on the built binary, with the bad inputs each refuses.
@Suite("CLI: sweep, stress, solve")
struct VariantCLITests {
    /// The projection JSON's pooled balances of `run` with the given arguments.
    func pooledBalances(_ args: [String]) throws -> [Int: Double] {
        let out = try fundcast(["run"] + args + ["--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as! [String: Any]
        var result: [Int: Double] = [:]
        for y in json["years"] as! [[String: Any]] {
            let pooled = (y["employee"] as! [String: Any])["pooled"] as! [String: Any]
            result[y["year"] as! Int] = pooled["balance"] as? Double
        }
        return result
    }

    /// A JSON report document's table `code` as rows keyed by the column keys.
    func table(_ stdout: String, _ code: String) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as! [String: Any]
        let t = (json["tables"] as! [[String: Any]]).first { $0["code"] as? String == code }!
        let keys = t["keys"] as! [String]
        return (t["rows"] as! [[Any]]).map { Dictionary(uniqueKeysWithValues: zip(keys, $0)) }
    }

    @Test("a sweep point's balance equals a separate run --set of its value, to the 元")
    func sweepPointEqualsRun() throws {
        let out = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.employer_rate=0.06:0.09:0.015", "--at", "2030", "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let rows = try table(out.stdout, "sweep")
        #expect(rows.count == 3) // 0.06, 0.075, 0.09
        let point = try #require(rows.first { ($0["employee.employer_rate"] as? Double) == 0.075 })
        let balance = try #require(point["employee_pooled.balance.2030"] as? Double)
        let run = try pooledBalances(["Scenarios/example-city.yaml", "--set", "employee.employer_rate=0.075"])
        #expect(abs(balance - run[2030]!) < 1, "sweep \(balance) vs run \(run[2030]!)")
    }

    /// A collection rate above 1 is refused for its point only: the points below it are still compared, its row
    /// is empty with its reason in the notes and on stderr. Only a sweep where every point fails exits 1.
    @Test("a point that cannot be projected keeps its empty row; the others still run")
    func sweepFailingPointIsItsRow() throws {
        let out = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.collection_rate=0.9:1.05:0.05", "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let rows = try table(out.stdout, "sweep")
        #expect(rows.count == 4)
        #expect(rows[3]["employee_pooled.depletion_year"] is NSNull && rows[2]["employee_pooled.depletion_year"] is Double)
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as! [String: Any]
        let notes = ((json["tables"] as! [[String: Any]]).first { $0["code"] as? String == "sweep" }!["notes"] as! [String]).joined()
        #expect(notes.contains("employee.collection_rate=1.05 未能测算, 该行留空: employee.collection_rate: expected a rate between 0 and 1"), "\(notes)")
        #expect(out.stderr.contains("warning: Scenarios/example-city.yaml: variant 4 (employee.collection_rate=1.05)"))
        let all = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.collection_rate=1.05:1.1:0.05"])
        #expect(all.status == 1 && all.stdout.isEmpty)
    }

    @Test("a two-key grid prints a matrix of depletion years")
    func grid() throws {
        let out = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.employer_rate=0.06:0.10:0.02",
                                "--vary", "assumptions.excess_cost_growth=0:0.02:0.01", "--lang", "en"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("Employee pooled: depletion year by point"))
        #expect(out.stdout.contains("employee.employer_rate \\ assumptions.excess_cost_growth"))
        let csv = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.employer_rate=0.06:0.10:0.02",
                                "--vary", "assumptions.excess_cost_growth=0:0.02:0.01", "--format", "csv"])
        #expect(csv.stdout.split(separator: "\n").count == 1 + 9) // header + 3 × 3 points
    }

    @Test("stress runs every shipped shock against the baseline")
    func stress() throws {
        let out = try fundcast(["stress", "Scenarios/example-city.yaml", "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let rows = try table(out.stdout, "stress")
        #expect(rows.count == 10) // baseline + 9 shocks
        let baseline = rows[0], cut = try #require(rows.first { ($0["shock"] as? String) == "单位费率下调1个百分点" })
        #expect((cut["employee_pooled.depletion_year"] as! Double) < (baseline["employee_pooled.depletion_year"] as! Double))
        #expect((cut["employee_pooled.balance_gap.2032"] as! Double) < 0)
    }

    /// The high-cost set lowers the example city's TFR of 0.9995 by 0.5 and the lower-fertility shock by another
    /// 0.5: below 0. That shock's row is empty with its reason; the others still compare, and the run succeeds.
    @Test("a shock that cannot be applied is its own empty row with its reason; the other shocks still run")
    func stressFailingShockIsItsRow() throws {
        let out = try fundcast(["stress", "Scenarios/example-city.yaml", "--assumptions", "high-cost",
                                "--shock", "lower-fertility", "--shock", "wage-slowdown", "--format", "json"])
        #expect(out.status == 0, "\(out.stderr)")
        let rows = try table(out.stdout, "stress")
        #expect(rows.count == 3)
        let failed = try #require(rows.first { ($0["shock"] as? String) == "总和生育率下降0.5" })
        #expect(failed["employee_pooled.depletion_year"] is NSNull)
        let wage = try #require(rows.first { ($0["shock"] as? String) == "工资增长放缓2个百分点" })
        #expect(wage["employee_pooled.depletion_year"] is Double)
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as! [String: Any]
        let notes = ((json["tables"] as! [[String: Any]])[0]["notes"] as! [String]).joined(separator: "\n")
        #expect(notes.contains("(lower-fertility)未能测算") && notes.contains("population.tfr: expected births per woman from 0 to 10"))
        #expect(out.stderr.contains("warning: Scenarios/example-city.yaml: shock lower-fertility not projected"))
        // The baseline itself failing still fails the command: there is nothing to compare with.
        let bad = try fundcast(["stress", "Scenarios/example-city.yaml", "--set", "population.tfr=-1", "--shock", "wage-slowdown"])
        #expect(bad.status == 1)
    }

    @Test("stress works from any directory: the shocks are in the binary")
    func stressElsewhere() throws {
        let dir = try temporaryDirectory()
        let file = repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml").path
        let out = try fundcast(["stress", file, "--shock", "pandemic-year", "--assumptions", "high-cost"], in: dir)
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("疫情年医疗费用冲高10%"))
    }

    /// A run varied on the command line says so beside the file, in every report, in order: a high-cost budget
    /// printed exactly like the best estimate's could be taken for it. A second assumption set is refused.
    @Test("command-line changes are named in budget, run, explain and JSON; two assumption sets are refused")
    func commandLineChangesAreNamed() throws {
        let args = ["Scenarios/example-city.yaml", "--set", "employee.employer_rate=0.05", "--assumptions", "high-cost"]
        let zh = "命令行调整: --set employee.employer_rate=0.05; --assumptions high-cost(高成本假设)"
        let budget = try fundcast(["budget"] + args)
        #expect(budget.status == 0 && budget.stdout.contains("情景文件: Scenarios/example-city.yaml; 基期 2021 年; " + zh), "\(budget.stdout.prefix(300))")
        let en = try fundcast(["budget"] + args + ["--lang", "en"])
        #expect(en.stdout.contains("command-line changes: --set employee.employer_rate=0.05; --assumptions high-cost (High-cost assumptions)"))
        #expect(try fundcast(["run"] + args).stdout.hasPrefix(zh + "\n"))
        let explain = try fundcast(["explain"] + args).stdout
        #expect(explain.contains("\n" + zh + "\n"))
        // Explain cites the values it computed with: the set's 0.01 interest, the --set rate, not the file's.
        #expect(explain.contains("`assumptions.interest_rate: {2021: 0.015, 2022: 0.01}` (比率), 见 `Scenarios/example-city.yaml:25:18; --assumptions high-cost (Scenarios/assumptions/high-cost.yaml:13:5)`"))
        #expect(explain.contains("`employee.employer_rate: 0.05` (比率), 见 `--set employee.employer_rate=0.05`"))
        let json = try JSONSerialization.jsonObject(with: Data(try fundcast(["run"] + args + ["--format", "json"]).stdout.utf8)) as! [String: Any]
        let changes = try #require(json["command_line_changes"] as? [[String: String]])
        #expect(changes == [["arguments": "--set employee.employer_rate=0.05"],
                            ["arguments": "--assumptions high-cost", "title": "高成本假设", "title_en": "High-cost assumptions"]])
        // The file as written says nothing of the kind, and its JSON has no such key.
        let plain = try fundcast(["run", "Scenarios/example-city.yaml", "--format", "json"])
        #expect(!plain.stdout.contains("command_line_changes"))
        // A value with a space is quoted as a shell would need it.
        let quoted = try fundcast(["budget", "Scenarios/example-city.yaml", "--set", "resident.subsidy_per_capita={2022: 700}"])
        #expect(quoted.stdout.contains("命令行调整: --set 'resident.subsidy_per_capita={2022: 700}'"))
        // The notebook's command to regenerate it repeats the assumption set (it dropped it, giving other figures).
        let dir = try temporaryDirectory()
        let notebook = dir.appendingPathComponent("n.ipynb").path
        let export = try fundcast(["export", repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml").path, "--set", "name=a b",
                                   "--assumptions", "high-cost", "--notebook", notebook], in: dir)
        #expect(export.status == 0, "\(export.stderr)")
        // Every change in order, each quoted only where a shell needs it (the same words the headers print).
        #expect(try String(contentsOfFile: notebook, encoding: .utf8).contains("--set 'name=a b' --assumptions high-cost --notebook FILE.ipynb"))
        let twice = try fundcast(["run", "--assumptions", "low-cost", "--assumptions", "high-cost"])
        #expect(twice.status == 2 && twice.stderr.contains("--assumptions is given 2 times (low-cost, high-cost): give one set"), "\(twice.stderr)")
    }

    @Test("the embedded shocks and assumption sets are the shipped files (make embed)")
    func embedded() throws {
        let source = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/fundcast/EmbeddedAdjustments.swift"), encoding: .utf8)
        let dirs = ["Scenarios/shocks", "Scenarios/assumptions", "Scenarios/assumptions/huoshan-2013"]
        for dir in dirs {
            for name in try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent(dir).path) where name.hasSuffix(".yaml") {
                let text = try String(contentsOf: repositoryRoot.appendingPathComponent("\(dir)/\(name)"), encoding: .utf8)
                #expect(source.contains("(\"\(dir)/\(name)\", #\"\"\"\n" + text + "\"\"\"#)"), "\(dir)/\(name) differs from its embedded copy")
            }
        }
    }

    /// Solves the lowest employer rate keeping pooled months payable ≥ 6 through 2035, then checks it by
    /// separate `run --set`s: the lowest months payable of 2022–2035 is ≥ 6 at the value, < 6 just below.
    func solveEmployerRate(_ scenario: String, between: [String], extra: [String] = []) throws {
        let out = try fundcast(["solve", scenario, "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=6",
                                "--through", "2035", "--format", "json"] + between + extra)
        #expect(out.status == 0, "\(out.stderr)")
        let rows = try table(out.stdout, "solve")
        let rate = try #require(rows.first?["employee.employer_rate"] as? Double)
        func lowest(_ r: Double) throws -> Double {
            let s = try fundcast(["run", scenario, "--set", "employee.employer_rate=\(r)", "--format", "json"] + extra)
            let json = try JSONSerialization.jsonObject(with: Data(s.stdout.utf8)) as! [String: Any]
            return (json["years"] as! [[String: Any]]).filter { ($0["year"] as! Int) > 2021 && ($0["year"] as! Int) <= 2035 }
                .map { (($0["employee"] as! [String: Any])["pooled"] as! [String: Any])["months_payable"] as! Double }.min()!
        }
        #expect(try lowest(rate) >= 6)
        #expect(try lowest(rate - 1e-5) < 6)
    }

    @Test("solve: the value keeps the condition, a value just below does not")
    func solve() throws {
        try solveEmployerRate("Scenarios/example-city.yaml", between: ["--between", "0.05:0.15"])
    }

    /// Under --assumptions a point is `run --set KEY=V --assumptions SET`: the set's own change applies after
    /// the point's value (high-cost lowers the interest rate by half a point, here from the swept 0.02 to 0.015),
    /// so a sweep point and the solved value reproduce with run; before, the swept value replaced the set's change.
    @Test("under --assumptions a sweep point and a solved value reproduce with run --set … --assumptions")
    func variantsUnderAnAssumptionSet() throws {
        let set = ["--assumptions", "high-cost"]
        let out = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "assumptions.interest_rate=0.01:0.02:0.01", "--at", "2032", "--format", "json"] + set)
        #expect(out.status == 0, "\(out.stderr)")
        let point = try #require(try table(out.stdout, "sweep").first { ($0["assumptions.interest_rate"] as? Double) == 0.02 })
        let run = try pooledBalances(["Scenarios/example-city.yaml", "--set", "assumptions.interest_rate=0.02"] + set)
        #expect(abs((point["employee_pooled.balance.2032"] as! Double) - run[2032]!) < 1)
        // The old reading (the swept 0.02 in force) is the run at 0.025 less the set's half point: it differs.
        let old = try pooledBalances(["Scenarios/example-city.yaml", "--set", "assumptions.interest_rate=0.025"] + set)
        #expect(abs(run[2032]! - old[2032]!) > 1000)
        try solveEmployerRate("Scenarios/example-city.yaml", between: ["--between", "0.05:0.15"], extra: set)
    }

    /// At the bracket's upper end (an employer rate of 1) the national pooled balance passes ±10¹⁵ 元
    /// after 2045; the condition reads 2022–2035 only.
    @Test("solve over a rate's whole range (the help's example): a 100 % employer rate's later balances do not stop it")
    func solveWholeRange() throws {
        try solveEmployerRate("Scenarios/china-national.yaml", between: [])
    }

    /// A per-head amount's file precision is the 分: the solved contribution and the neighbour where the condition
    /// fails printed alike (524.08, 524.08) before the key's columns carried every digit.
    @Test("solve CSV keeps the value and its failing neighbour distinct, as the JSON doubles; a fine sweep's points too")
    func solveCSVPrecision() throws {
        let args = ["solve", "Scenarios/china-national.yaml", "--for", "resident.individual_per_capita", "--between", "0:5000",
                    "--keep", "resident.surplus>=0", "--through", "2030"]
        let json = try fundcast(args + ["--format", "json"]), csv = try fundcast(args + ["--format", "csv"])
        #expect(json.status == 0 && csv.status == 0, "\(json.stderr)\(csv.stderr)")
        let doc = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        let first = ((doc["tables"] as! [[String: Any]])[0]["rows"] as! [[Any]])[0]
        let (value, failsAt) = (first[2] as! Double, first[3] as! Double)
        #expect(value != failsAt)
        let fields = csv.stdout.split(separator: "\n")[1].split(separator: ",").map(String.init)
        #expect(Double(fields[2]) == value && Double(fields[3]) == failsAt, "\(fields)")
        let sweep = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.employer_rate=0.06:0.06002:0.00001", "--format", "csv"])
        #expect(sweep.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[0] } == ["0.06", "0.06001", "0.06002"], "\(sweep.stdout)")
        // Markdown widens the percentages to the points' own decimals; JSON keeps a money key's sub-分 steps.
        let md = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.employer_rate=0.06:0.06002:0.00001", "--format", "md"])
        #expect(["| 6.000% |", "| 6.001% |", "| 6.002% |"].allSatisfy(md.stdout.contains), "\(md.stdout)")
        let money = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.balance.pooled=500000:500000.0000002:0.0000001", "--format", "json"])
        let rows = try #require(((try JSONSerialization.jsonObject(with: Data(money.stdout.utf8)) as? [String: Any])?["tables"] as? [[String: Any]])?.first?["rows"] as? [[Any]])
        #expect(Set(rows.map { $0[0] as! Double }).count == 3, "\(rows.map { $0[0] })")
        // The swept key's header names its unit (the values are in --unit).
        let wan = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.balance.pooled=500000:500001:1", "--format", "csv", "--unit", "亿元"])
        #expect(wan.stdout.hasPrefix("employee.balance.pooled(亿元),") && wan.stdout.contains("\n50,"), "\(wan.stdout.prefix(200))")
        // A plain number names the key's own unit: births per woman for a TFR, not 倍.
        let tfr = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "population.tfr=1:1.2:0.2", "--format", "csv"])
        #expect(tfr.stdout.hasPrefix("population.tfr(孩次/妇女),"), "\(tfr.stdout.prefix(200))")
        let en = try fundcast(["solve", "Scenarios/example-city.yaml", "--for", "population.tfr", "--keep", "resident.months_payable>=0",
                               "--through", "2023", "--format", "csv", "--lang", "en"])
        #expect(en.stdout.contains(",Path at(births per woman),"), "\(en.stdout.prefix(300))")
        // A per-head key: English names its unit in English, and a key the scenario dates by year is said to be one value for all years.
        let perHead = try fundcast(["solve", "Scenarios/example-city.yaml", "--for", "resident.individual_per_capita", "--keep", "resident.months_payable>=3",
                                    "--through", "2030", "--between", "50:2000", "--lang", "en"])
        #expect(perHead.stdout.contains(" yuan per person) keeps") && !perHead.stdout.contains("元"), "\(perHead.stdout.prefix(400))")
        #expect(perHead.stdout.contains("the value is one number for every year from the base year 2021"), "\(perHead.stdout.prefix(600))")
    }

    /// A metric the scenario has no figure for is refused, not solved on the change since the base year (Huoshan
    /// reports no base-year balance) or on empty paths (it has no resident scheme).
    @Test("solve refuses a metric the scenario has no figure for")
    func solveMissingFigure() throws {
        for (metric, why) in [("employee.pooled.months_payable>=6", "the scenario reports no base-year balance for this fund (employee.balance.pooled)"),
                              ("resident.surplus>=0", "the scenario has no resident scheme")] {
            let out = try fundcast(["solve", "Scenarios/huoshan-2013.yaml", "--for", "employee.employer_rate", "--keep", metric, "--through", "2020"])
            #expect(out.status == 1 && out.stdout.isEmpty)
            #expect(out.stderr.contains("--keep \(metric): expected a metric Scenarios/huoshan-2013.yaml gives") && out.stderr.contains(why), "\(out.stderr)")
        }
        #expect(try fundcast(["solve", "Scenarios/huoshan-2013.yaml", "--for", "employee.employer_rate", "--keep", "employee.pooled.surplus>=0", "--through", "2020"]).status == 0)
        // A bracket below zero is read as a value, not as an option.
        let negative = try fundcast(["solve", "--for", "assumptions.wage_growth", "--keep", "employee.pooled.months_payable>=6", "--through", "2030", "--between", "-0.02:0.05"])
        #expect(negative.status == 0 && negative.stdout.contains("[-0.02, 0.05]"), "\(negative.stderr)")
    }

    /// Machine-readable output does not change with --lang: a fund that lasts has the depletion year "none" (it was
    /// 未穿底 or none by language; null is a figure that does not exist), each row has its code (a shock's name, not its title); a repeated --at is kept once; a
    /// city with districts says that only its own level is projected.
    @Test("JSON values do not depend on the language; repeated --at once; districts are named")
    func languageFreeJSON() throws {
        for lang in ["zh", "en"] {
            let sweep = try fundcast(["sweep", "Scenarios/china-national.yaml", "--vary", "assumptions.wage_growth=0:0.02:0.02", "--at", "2030", "--at", "2030",
                                      "--format", "json", "--lang", lang])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(sweep.stdout.utf8)) as? [String: Any])
            let t = try #require((json["tables"] as? [[String: Any]])?.first { $0["code"] as? String == "sweep" })
            let keys = try #require(t["keys"] as? [String])
            #expect(keys.count == Set(keys).count, "\(keys)")
            let column = try #require(keys.firstIndex(of: "resident.depletion_year"))
            #expect((t["rows"] as? [[Any]])?.allSatisfy { $0[column] as? String == "none" || $0[column] is Int } == true)
            let stress = try fundcast(["stress", "--format", "json", "--lang", lang])
            let s = try #require(try JSONSerialization.jsonObject(with: Data(stress.stdout.utf8)) as? [String: Any])
            let codes = (s["tables"] as? [[String: Any]])?.first?["row_codes"] as? [String]
            #expect(codes?.first == "baseline" && codes?.contains("employer-rate-cut") == true, "\(codes ?? [])")
        }
        let city = try fundcast(["stress", "Tests/ReportsTests/Fixtures/city/city.yaml"])
        #expect(city.stdout.contains("指标为本级(市本级)的: 下辖区县(A区, B县)按其情景文件测算, 其上解与补助计入本级"), "\(city.stdout.prefix(600))")
    }

    /// `sweep --help` lists the numeric keys that the not-a-number message points to.
    @Test("sweep --help lists the numeric keys")
    func helpListsTheKeys() throws {
        let help = try fundcast(["sweep", "--help"]).stdout
        let keys = try #require(help.range(of: "Numeric keys (for --vary, and for solve --for):")).upperBound
        for key in ["employee.employer_rate", "population.tfr", "resident.individual_per_capita"] { #expect(help[keys...].contains(key), "\(key)") }
        #expect(try fundcast(["sweep", "--vary", "name=0:1:1"]).stderr.contains("see `fundcast sweep --help` for the keys"))
    }

    /// `--set` reads a rate as `8%`; `--vary` and `--between` do too. `0.5%` has three decimals as a fraction: the
    /// points were rounded to the step's one written decimal (8%:9%:0.5% gave 0.1 three times).
    @Test("--vary and --between read rates written with %, as --set does")
    func percentRanges() throws {
        let percent = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.employer_rate=8%:9%:0.5%", "--format", "csv"])
        let plain = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.employer_rate=0.08:0.09:0.005", "--format", "csv"])
        #expect(percent.status == 0 && percent.stdout == plain.stdout, "\(percent.stderr)\(percent.stdout)")
        // A step equal to the range in decimal but not in binary (0.3 − 0.2 < 0.1) gives both ends.
        let ends = try fundcast(["sweep", "Scenarios/example-city.yaml", "--vary", "employee.employer_rate=0.2:0.3:0.1", "--format", "csv"])
        #expect(ends.status == 0 && ends.stdout.split(separator: "\n").count == 3, "\(ends.stderr)")
        // The solve table's percentages widen until the value and its failing neighbour differ.
        let md = try fundcast(["solve", "Scenarios/example-city.yaml", "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=6",
                               "--through", "2030", "--tolerance", "1e-9", "--format", "md"])
        let row = try #require(md.stdout.split(separator: "\n").first { $0.hasPrefix("| 2022 |") }).split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(row.count > 3 && row[2] != row[3], "\(row)")
        let args = ["solve", "Scenarios/example-city.yaml", "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=6", "--through", "2030", "--format", "json"]
        let a = try fundcast(args + ["--between", "5%:15%"]), b = try fundcast(args + ["--between", "0.05:0.15"])
        #expect(a.status == 0 && a.stdout == b.stdout, "\(a.stderr)")
    }

    @Test("solve says when no value in the bracket satisfies the condition")
    func solveNone() throws {
        let out = try fundcast(["solve", "Scenarios/example-city.yaml", "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=600",
                                "--through", "2030", "--between", "0.05:0.15", "--lang", "en"])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.contains("no value in [0.05, 0.15] satisfies employee.pooled.months_payable >= 600 through 2030"))
        // JSON carries the outcome and the value its path is at (the bracket's upper end), not only the sentence;
        // the key's own column is empty, so a script cannot take the bracket's end for a solution.
        let json = try fundcast(["solve", "Scenarios/example-city.yaml", "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=600",
                                 "--through", "2030", "--between", "0.05:0.15", "--format", "json", "--lang", "en"])
        let rows = try table(json.stdout, "solve")
        #expect(rows.allSatisfy { $0["outcome"] as? String == "no_value" && $0["employee.employer_rate"] is NSNull && $0["evaluated_at"] as? Double == 0.15 }, "\(rows)")
        // Chinese output says the outcome in Chinese, not as a machine code.
        let zh = try fundcast(["solve", "Scenarios/example-city.yaml", "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=600",
                               "--through", "2030", "--between", "0.05:0.15"])
        #expect(zh.stdout.contains("无解") && !zh.stdout.contains("no_value"))
    }

    @Test("bad input names the argument and exits 1", arguments: [
        (["sweep", "--vary", "employee.employer_rat=0.06:0.1:0.01"], "--vary employee.employer_rat=0.06:0.1:0.01: expected a numeric scenario key such as employee.employer_rate, found unknown key 'employee.employer_rat' (did you mean 'employee.employer_rate'?)"),
        (["sweep", "--vary", "population.retirement_schedule=1:2:1"], "--vary population.retirement_schedule=1:2:1: expected a numeric key"),
        (["sweep", "--vary", "employee.employer_rate=0.1:0.06:0.01"], "expected FROM at most TO (a reversed range is empty), found 0.1 > 0.06"),
        (["sweep", "--vary", "employee.employer_rate="], "expected a range FROM:TO:STEP after '=', e.g. 0.06:0.10:0.005, found an empty range"),
        (["sweep", "--vary", "employee.employer_rate=0.06:0.1:0"], "expected a STEP above 0, found 0"),
        (["sweep", "--vary", "employee.employer_rate=0:0.5:0.001", "--vary", "population.tfr=0:10:0.01"], "--vary: expected at most 100,000 grid points (or --force), found 501,501"),
        (["sweep", "--vary", "employee.employer_rate=1.5:2.5:0.5"], "variant 1 (employee.employer_rate=1.5): employee.employer_rate: expected a rate between 0 and 1"),
        (["solve", "--for", "employee.employer_rat", "--keep", "employee.pooled.months_payable>=6", "--through", "2030"], "--for employee.employer_rat: expected a numeric scenario key"),
        (["solve", "--for", "employee.employer_rate", "--keep", "months>6", "--through", "2030"], "--keep months>6: expected METRIC>=VALUE or METRIC<=VALUE"),
        (["solve", "--for", "employee.employer_rate", "--keep", "employee.pooled.month_payable>=6", "--through", "2030"], "(did you mean 'employee.pooled.months_payable'?)"),
        (["solve", "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=6", "--through", "2030", "--between", "0.1:0.05"], "--between 0.1:0.05: expected LO below HI"),
        (["sweep", "--vary", "employee.employer_rate=0:1:0.00001", "--vary", "population.tfr=1:2:0.1", "--force"],
         "--vary: expected at most 1,000,000 grid points even with --force"),
        (["stress", "--fail-on", "red"], "--fail-on red: expected with run, budget, explain, export or simulate (one projection's warnings), found it with stress"),
        (["sweep", "--vary", "employee.employer_rate=0.06:0.08:0.01", "--fail-on", "orange"], "found it with sweep, which reports many variants"),
        (["solve", "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=6", "--through", "2030", "--output", "/tmp/fundcast-never.xlsx"],
         "--output /tmp/fundcast-never.xlsx: expected a file ending in .csv, .md, .json or .txt for solve (it writes tables), found '.xlsx'"),
        (["stress", "--shock", "wage-slowdwn"], "--shock wage-slowdwn: expected one of collection-drop, employer-rate-cut"),
        (["run", "--assumptions", "hi-cost"], "--assumptions hi-cost: expected low-cost, intermediate, high-cost or a YAML file of changes, found 'hi-cost' (did you mean 'high-cost'?)"),
        // A negative tolerance read as an option gave "Missing value" and exit 2.
        (["solve", "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=6", "--through", "2030", "--tolerance", "-1"],
         "--tolerance -1: expected a number above 0, found '-1'"),
        (["sweep", "--vary", "population.tfr=1%:2%:1%"], "expected FROM a plain number (e.g. 0.06), found '1%'"),
        (["sweep", "--vary", "employee.employer_rate=8%:9%:0.5"], "expected a STEP at most TO − FROM (0.01), or FROM equal to TO for one point, found 0.5"),
        (["solve", "--for", "employee.employer_rate", "--keep", "employee.pooled.months_payable>=6", "--through", "2030", "--tolerance", "0x10"],
         "--tolerance 0x10: expected a number above 0, found '0x10'"),
        // No retirees in the calibration year: the retiree cost ratio has no ages to scale to (0 and 1 retiree
        // gave 2028 and 2034 as the depletion year, 1 to 4 the same).
        (["run", "--set", "employee.retired=0"], "employee.retired: expected retirees in 2021, the year spending is calibrated to"),
        // Goal seek names the value, not an internal batch position ("variant 2").
        (["solve", "--for", "resident.other_income", "--keep", "resident.surplus>=0", "--through", "2030", "--between", "0:500000"],
         ": at resident.other_income=500000: resident.base_year_actuals.income: expected a reported resident-fund income of at least"),
        // Export writes files: "-" made a file named "-", one path for two formats kept the last, --format was ignored.
        (["export", "--xlsx", "-"], "--xlsx -: expected a file or folder path (export writes report files, not standard output"),
        (["export", "--xlsx", "/tmp/fundcast-never-same.xlsx", "--output", "/tmp/fundcast-never-same.xlsx"],
         "--xlsx /tmp/fundcast-never-same.xlsx and --output /tmp/fundcast-never-same.xlsx: expected a file of its own for each output, found the same path twice"),
        (["export", "--format", "json"], "--format json: expected no --format for export, or the one --output's extension names"),
    ])
    func badInput(_ args: [String], _ message: String) throws {
        let out = try fundcast(args)
        // An option the command does not take (--fail-on on a many-variant command, --format on export) is a usage error.
        let usage = args.contains("--fail-on") || (args.first == "export" && args.contains("--format"))
        #expect(out.status == (usage ? 2 : 1), "\(args): \(out.stderr)")
        #expect(out.stderr.contains(message), "\(args): \(out.stderr)")
        #expect(out.stdout.isEmpty)
    }
}

/// The shipped assumption sets order the outcomes of every shipped scenario, as the Trustees' sets do.
@Test("assumption sets order the outcomes: high-cost depletes no later and holds no more than intermediate, low-cost no less", arguments: shippedScenarios)
func assumptionSetsOrderOutcomes(_ file: String) throws {
    /// (pooled depletion year or ∞, pooled balance at the horizon, resident balance at the horizon).
    func outcome(_ set: String) throws -> (Double, Double, Double) {
        let out = try fundcast(["run", file, "--assumptions", set, "--format", "json"])
        #expect(out.status == 0, "\(file) \(set): \(out.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as! [String: Any]
        let depletion = ((json["indicators"] as! [String: Any])["depletion_year"] as! [String: Any])["employee_pooled"] as? Double ?? .infinity
        let years = json["years"] as! [[String: Any]]
        /// The horizon's balance; without a reported base-year balance (Huoshan: null) the projected years' surpluses added up.
        func balance(_ account: ([String: Any]) -> [String: Any]?) -> Double {
            if let b = account(years.last!)?["balance"] as? Double { return b }
            return years.dropFirst().compactMap { account($0)?["surplus"] as? Double }.reduce(0, +)
        }
        let pooled = balance { ($0["employee"] as? [String: Any])?["pooled"] as? [String: Any] }
        let resident = balance { $0["resident"] as? [String: Any] }
        return (depletion, pooled, resident)
    }
    let (low, mid, high) = (try outcome("low-cost"), try outcome("intermediate"), try outcome("high-cost"))
    #expect(high.0 <= mid.0 && mid.0 <= low.0, "\(file): depletion \(low.0) / \(mid.0) / \(high.0)")
    #expect(high.1 < mid.1 && mid.1 < low.1, "\(file): pooled balance \(low.1) / \(mid.1) / \(high.1)")
    #expect(high.2 <= mid.2 && mid.2 <= low.2, "\(file): resident balance \(low.2) / \(mid.2) / \(high.2)")
}
