import Foundation
import Testing

/// `fundcast simulate` and `fundcast merge` end to end on the built binary.
@Suite struct SimulateCLITests {
    static let scenario = "Scenarios/china-national.yaml"
    /// Every volatility zero (the five AR(1) factors and the Lee–Carter random walk).
    static let zero = ["wage_growth", "cost_growth", "interest_rate", "utilisation", "tfr"].flatMap { ["--set", "stochastic.\($0).volatility=0"] }
        + ["--set", "stochastic.mortality.volatility_scale=0"]

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// With no randomness every path is the deterministic projection, so each percentile of each year is
    /// `run`'s figure: money to the 元, months and 赡养比 to 1e-9.
    @Test func zeroVolatilityEqualsRunAtEveryPercentile() throws {
        let sim = try fundcast(["simulate", Self.scenario, "--paths", "3", "--format", "json"] + Self.zero)
        #expect(sim.status == 0, "\(sim.stderr)")
        let run = try fundcast(["run", Self.scenario, "--format", "json"])
        let years = try #require(try Self.json(run.stdout)["years"] as? [[String: Any]])
        let percentiles = try #require(try Self.json(sim.stdout)["percentiles"] as? [String: [[String: Any]]])
        func runValue(_ code: String, _ y: [String: Any]) -> Double? {
            let e = y["employee"] as? [String: Any], r = y["resident"] as? [String: Any]
            switch code {
            case "employee_pooled.balance": return (e?["pooled"] as? [String: Any])?["balance"] as? Double
            case "employee_pooled.months_payable": return (e?["pooled"] as? [String: Any])?["months_payable"] as? Double
            case "employee_pa.balance": return (e?["personal_account"] as? [String: Any])?["balance"] as? Double
            case "resident.balance": return r?["balance"] as? Double
            case "resident.months_payable": return r?["months_payable"] as? Double
            case "employee.dependency_ratio": return e?["dependency_ratio"] as? Double
            default: return nil
            }
        }
        #expect(Set(percentiles.keys) == ["employee_pooled.balance", "employee_pooled.months_payable", "employee_pa.balance",
                                         "resident.balance", "resident.months_payable", "employee.dependency_ratio"])
        var checked = 0
        for (code, fan) in percentiles {
            #expect(fan.count == years.count)
            for (row, y) in zip(fan, years) {
                let expected = try #require(runValue(code, y), "\(code) \(y["year"] ?? "")")
                let tolerance = code.hasSuffix(".balance") ? 0.5 : 1e-9
                for p in ["p5", "p25", "p50", "p75", "p95"] {
                    let v = try #require(row[p] as? Double)
                    #expect(abs(v - expected) <= tolerance, "\(code) \(row["year"] ?? "") \(p): \(v) vs run \(expected)")
                    checked += 1
                }
            }
        }
        #expect(checked == 6 * 40 * 5)
        let depletion = try #require(try Self.json(sim.stdout)["depletion_probability"] as? [String: [[String: Any]]])
        let runDepletion = try #require((try Self.json(run.stdout)["indicators"] as? [String: Any])?["depletion_year"] as? [String: Any])
        // run: resident depleted in its depletion year: probability 0 before it, 1 from it.
        let resident = try #require(runDepletion["resident"] as? Int)
        for row in try #require(depletion["resident"]) {
            let y = try #require(row["year"] as? Int)
            #expect(row["probability"] as? Double == (y >= resident ? 1 : 0))
        }
    }

    /// Shards 1/3, 2/3, 3/3 merged (given in any order) are byte for byte the single run, in every format;
    /// one thread or two give the same bytes.
    @Test func shardsMergeToTheSingleRunAndThreadsDoNotMatter() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["simulate", Self.scenario, "--paths", "7", "--seed", "11"]
        let one = try fundcast(base + ["--threads", "1", "--format", "json"])
        let two = try fundcast(base + ["--threads", "2", "--format", "json"])
        #expect(one.status == 0 && two.status == 0, "\(one.stderr)\(two.stderr)")
        #expect(one.stdout == two.stdout)
        #expect(one.stderr.isEmpty && two.stderr.isEmpty, "progress only on a terminal: \(one.stderr)")
        var parts: [String] = []
        for i in [3, 1, 2] {
            let path = dir.appendingPathComponent("part-\(i).fcsim").path
            let r = try fundcast(base + ["--shard", "\(i)/3", "--threads", "\(i % 2 + 1)", "--output", path])
            #expect(r.status == 0, "\(r.stderr)")
            parts.append(path)
        }
        let merged = try fundcast(["merge"] + parts + ["--format", "json"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stdout == one.stdout)
        let table = try fundcast(base + ["--lang", "en"]), mergedTable = try fundcast(["merge"] + parts + ["--lang", "en"])
        #expect(table.stdout == mergedTable.stdout && table.stdout.contains("P95"))
        // The paths are not all alike: the fan has width.
        let fan = try #require((try Self.json(one.stdout)["percentiles"] as? [String: [[String: Any]]])?["employee_pooled.balance"]?.last)
        #expect((fan["p95"] as? Double ?? 0) > (fan["p5"] as? Double ?? 0))
    }

    /// The example city's personal accounts run dry on many paths (members' use outgrows what the
    /// accounts hold): they end at 0, never at a rounding residue below it, so they are never depleted
    /// and no depletion-probability warning names them (before the fix: 65 % of 40 paths, red).
    /// Thresholds the scenario sets are cited as its own, not as fundcast's defaults; an orange threshold at or
    /// above the red one (a worse state graded milder) is refused at its key.
    @Test func depletionThresholdsAreCitedAsGiven() throws {
        let set = try fundcast(["simulate", "Scenarios/example-city.yaml", "--paths", "50", "--seed", "7", "--format", "json",
                                "--set", "stochastic.depletion_probability={orange: 0.1, red: 0.3}"])
        #expect(set.status == 0, "\(set.stderr)")
        let warnings = try #require(try Self.json(set.stdout)["warnings"] as? [[String: Any]])
        #expect(!warnings.isEmpty && warnings.allSatisfy { ($0["source"] as? String)?.hasPrefix("情景设定阈值 (stochastic.depletion_probability): 穿底概率 > 10% 橙色, > 30% 红色") == true }, "\(warnings.first ?? [:])")
        let plain = try fundcast(["simulate", "Scenarios/example-city.yaml", "--paths", "50", "--seed", "7"])
        #expect(plain.stdout.contains("依据: fundcast 默认阈值: 穿底概率 > 5% 橙色"))
        let reversed = try fundcast(["simulate", "Scenarios/example-city.yaml", "--paths", "10", "--set", "stochastic.depletion_probability={orange: 0.5, red: 0.2}"])
        #expect(reversed.status == 1 && reversed.stderr.contains("stochastic.depletion_probability.orange: expected an orange threshold below the red one"), "\(reversed.stderr)")
    }

    /// A simulation varied on the command line says so, as run and budget do, and a merge of its shards says
    /// the same (the changes travel in the partial files): a high-cost fan is never read as the file's own.
    @Test func commandLineChangesAreNamedAndSurviveAMerge() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let args = ["simulate", "Scenarios/example-city.yaml", "--paths", "12", "--assumptions", "high-cost", "--set", "employee.employer_rate=0.07"]
        let single = try fundcast(args)
        #expect(single.stdout.contains("\n命令行调整: --set employee.employer_rate=0.07; --assumptions high-cost(高成本假设)\n"), "\(single.stdout.prefix(300))")
        let json = try Self.json(try fundcast(args + ["--format", "json"]).stdout)
        #expect((json["command_line_changes"] as? [[String: String]])?.first?["arguments"] == "--set employee.employer_rate=0.07")
        let parts = (1...2).map { dir.appendingPathComponent("p\($0).fcsim").path }
        for (i, p) in parts.enumerated() { #expect(try fundcast(args + ["--shard", "\(i + 1)/2", "--output", p]).status == 0) }
        #expect(try fundcast(["merge"] + parts).stdout == single.stdout)
    }

    @Test func exhaustedPersonalAccountsAreNotDepleted() throws {
        let sim = try fundcast(["simulate", "Scenarios/example-city.yaml", "--paths", "40", "--seed", "7", "--format", "json"])
        #expect(sim.status == 0, "\(sim.stderr)")
        let json = try Self.json(sim.stdout)
        let probabilities = try #require((json["depletion_probability"] as? [String: [[String: Any]]])?["employee_pa"])
        #expect(!probabilities.isEmpty && probabilities.allSatisfy { ($0["probability"] as? Double) == 0 })
        let warnings = try #require(json["warnings"] as? [[String: Any]])
        #expect(!warnings.contains { $0["scheme"] as? String == "employee_pa" })
        // The pooled fund's own risk is still reported.
        #expect(warnings.contains { $0["scheme"] as? String == "employee_pooled" })
    }

    /// The probability column names the threshold it was computed at, as the scenario writes it (2.5 was shown as 3).
    @Test func theLowMonthsColumnNamesItsThreshold() throws {
        let r = try fundcast(["simulate", Self.scenario, "--paths", "8", "--set", "warnings.months_payable.red=2.5", "--set", "warnings.months_payable.orange=4", "--lang", "en"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("pooled fund P(months < 2.5)") && !r.stdout.contains("pooled fund P(months < 3)"), "\(r.stdout.prefix(2000))")
        // The resident fund's column takes its own threshold.
        let resident = try fundcast(["simulate", "Scenarios/example-city.yaml", "--paths", "8", "--set", "warnings.resident.months_payable_red=1.5", "--lang", "en"])
        #expect(resident.stdout.contains("Resident fund P(months < 1.5)") && resident.stdout.contains("pooled fund P(months < 3)"), "\(resident.stdout.prefix(3000))")
    }

    /// Without a reported base-year balance (Huoshan) there are no balance, months-payable or depletion series:
    /// they would be the change since the base year (it showed 0 months and a 100 % chance of fewer than 3).
    @Test func fundsWithoutABalanceAreNotSimulated() throws {
        let r = try fundcast(["simulate", "Scenarios/huoshan-2013.yaml", "--paths", "8", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect((json["percentiles"] as? [String: Any]).map { Array($0.keys) } == ["employee.dependency_ratio"])
        let text = try fundcast(["simulate", "Scenarios/huoshan-2013.yaml", "--paths", "8"])
        #expect(text.stdout.contains("情景未报告任何基金的基期结余") && !text.stdout.contains("穿底概率与可支付月数不足概率"), "\(text.stdout)")
    }

    /// The CSV is one table a reader loads whole: a `table` column (fan, probabilities, depletion_year) under one header.
    @Test func csvIsOneTable() throws {
        let r = try fundcast(["simulate", Self.scenario, "--paths", "8", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("table,") == true && !r.stdout.contains("\n\n"))
        #expect(Set(lines.dropFirst().map { String($0.prefix { $0 != "," }) }) == ["fan", "probabilities", "depletion_year"])
    }

    @Test func badArgumentsAreClearErrors() throws {
        let cases: [([String], String)] = [
            (["--paths", "0"], "--paths: expected a number of paths ≥ 1, found 0"),
            // A negative number is the option's value (not read as another option): the same clear error.
            (["--paths", "-5"], "--paths: expected a number of paths ≥ 1, found -5"),
            (["--paths", "5", "--seed", "-3"], "--seed: expected a whole number from 0 to 18446744073709551615, found '-3'"),
            (["--paths", "5", "--threads", "-2"], "--threads: expected a number ≥ 1, found -2"),
            (["--paths", "5", "--shard", "3/2", "--output", "/tmp/x.fcsim"], "--shard: expected 1 ≤ I ≤ N"),
            (["--paths", "5", "--shard", "x", "--output", "/tmp/x.fcsim"], "--shard: expected I/N"),
            (["--paths", "5", "--shard", "9999999999999/9999999999999", "--output", "/tmp/x.fcsim"], "--shard: expected at most 1000000 shards"),
            (["--paths", "5", "--assumptions", "bogus-set"], "--assumptions bogus-set: expected low-cost, intermediate, high-cost or a YAML file"),
            (["--paths", "5", "--seed=-3"], "--seed: expected a whole number"),
            (["--paths", "5", "--seed", "abc"], "--seed: expected a whole number"),
            (["--paths", "5", "--shard", "1/2"], "--shard: expected --output FILE"),
            (["--paths", "5", "--set", "stochastic.wage_growth.volatility=-0.01"], "stochastic.wage_growth.volatility: expected a standard deviation from 0 to 1"),
            (["--paths", "5", "--set", "stochastic.wage_growth.volatilty=0.01"], "did you mean 'volatility'"),
            (["--paths", "5", "--set", "stochastic.wage_grwth.volatility=0.01"], "did you mean 'wage_growth'"),
            (["--paths", "5", "--set", "stochastic.correlation={wage_growth: {cost_growth: 0.9, interest_rate: 0.9}, cost_growth: {interest_rate: -0.9}}"],
             "stochastic.correlation: expected a positive-definite correlation matrix"),
        ]
        for (args, message) in cases {
            let r = try fundcast(["simulate", Self.scenario] + args)
            #expect(r.status == 1, "\(args): status \(r.status) \(r.stderr)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }

    @Test func mismatchedCorruptAndTruncatedPartialsAreRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func part(_ name: String, _ extra: [String]) throws -> String {
            let path = dir.appendingPathComponent(name).path
            let r = try fundcast(["simulate", Self.scenario, "--paths", "4"] + extra + ["--output", path])
            #expect(r.status == 0, "\(r.stderr)")
            return path
        }
        let a = try part("a.fcsim", ["--shard", "1/2", "--seed", "1"])
        let b = try part("b.fcsim", ["--shard", "2/2", "--seed", "1"])
        let otherSeed = try part("c.fcsim", ["--shard", "2/2", "--seed", "2"])
        let otherScenario = try part("d.fcsim", ["--shard", "2/2", "--seed", "1", "--set", "employee.employer_rate=0.07"])
        let otherAssumptions = try part("e.fcsim", ["--shard", "2/2", "--seed", "1", "--assumptions", "high-cost"])
        #expect(try fundcast(["merge", a, b]).status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: b))
        let truncated = dir.appendingPathComponent("t.fcsim"), corrupt = dir.appendingPathComponent("x.fcsim"), version = dir.appendingPathComponent("v.fcsim")
        try data.prefix(data.count - 9).write(to: truncated)
        var flipped = data
        flipped[flipped.count - 3] ^= 0x40
        try flipped.write(to: corrupt)
        try Data(String(decoding: data, as: UTF8.self).replacingOccurrences(of: "partial 3\n", with: "partial 9\n").utf8).write(to: version)
        // Header numbers are not under the values' checksum: an edited one is refused, not an overflow trap.
        let edited = dir.appendingPathComponent("h.fcsim"), huge = dir.appendingPathComponent("p.fcsim")
        func editingHeader(_ from: String, _ to: String) throws -> Data {
            let split = try #require(data.range(of: Data("\n\n".utf8)))
            let header = String(decoding: data[..<split.lowerBound], as: UTF8.self).replacingOccurrences(of: from, with: to)
            return Data(header.utf8) + data[split.lowerBound...]
        }
        try editingHeader("\nfirst_path: 2", "\nfirst_path: 9223372036854775807").write(to: edited)
        try editingHeader("\npaths: 4", "\npaths: 9223372036854775807").write(to: huge)
        let crlf = dir.appendingPathComponent("w.fcsim")
        try editingHeader("\n", "\r\n").write(to: crlf)
        let cases: [([String], String)] = [
            ([a, otherSeed], "seed 2 differs"),
            ([a, otherScenario], "shards of different scenarios"),
            ([a, otherAssumptions], "shards of different scenarios"),
            ([a, edited.path], "first_path, path_count: expected paths within the run's 4, found 2 from path 9223372036854775807"),
            ([a, huge.path], "paths: expected 1 to 1000000000, found 9223372036854775807"),
            ([a, crlf.path], "found Windows line ends (CRLF): it was copied as text"),
            ([a, truncated.path], "truncated"),
            ([a, corrupt.path], "checksum mismatch"),
            ([a, version.path], "expected format version 3, found '9'"),
            ([a], "missing 2/2"),
            ([a, a, b], "given twice"),
            ([a, dir.appendingPathComponent("none.fcsim").path], "expected a readable partial result file"),
        ]
        for (files, message) in cases {
            let out = dir.appendingPathComponent("merged.json")
            let r = try fundcast(["merge"] + files + ["--output", out.path])
            #expect(r.status == 1, "\(files): \(r.status)")
            #expect(r.stderr.contains(message), "\(files): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out.path), "nothing half-written")
        }
    }
}
