import Foundation
import Testing
import TestSupport

/// `--save`, `history list|show|diff` and `budget --attribution`, through the built binary.
@Suite struct HistoryCLITests {
    /// Splits CSV text into rows of fields (quoted fields may hold commas).
    func csvRows(_ text: String) -> [[String]] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var fields: [String] = [], field = "", quoted = false
            for ch in line {
                if ch == "\"" { quoted.toggle() } else if ch == ",", !quoted { fields.append(field); field = "" } else { field.append(ch) }
            }
            fields.append(field)
            return fields
        }
    }

    @Test func saveListShowRoundTrips() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let saved = try fundcast(["budget", "Scenarios/example-city.yaml", "--format", "json", "--save", "--label", "draft", "--db", db])
        #expect(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stderr.contains("saved run 1 (draft)"))
        let list = try fundcast(["history", "list", "--db", db])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("draft") && list.stdout.contains("2022") && list.stdout.contains("示例市 2022 年度基金预算"))
        // The stored budget document is the one printed, byte for byte.
        let shown = try fundcast(["history", "show", "draft", "--format", "json", "--db", db])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout == saved.stdout)
        let run = try fundcast(["history", "show", "1", "--format", "json", "--document", "run", "--db", db])
        let direct = try fundcast(["run", "Scenarios/example-city.yaml", "--format", "json"])
        #expect(run.stdout == direct.stdout)
        // The table view prints every stored line with its figures exactly as the JSON has them.
        let table = try fundcast(["history", "show", "draft", "--format", "csv", "--db", db])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(saved.stdout.utf8)) as? [String: Any])
        let tables = try #require((document["budget"] as? [String: Any])?["tables"] as? [[String: Any]])
        // One CSV table: the stored lines under 代码 … 本年预算, each with its fund's table name.
        let all = csvRows(table.stdout)
        let header = try #require(all.first)
        let (codeAt, budgetAt) = (try #require(header.firstIndex(of: "代码")), try #require(header.firstIndex(of: "本年预算")))
        let rows = all.dropFirst().filter { $0.count == header.count && $0.first != "parameters" }.map { [$0[codeAt], "", "", $0[budgetAt]] }
        var count = 0
        for t in tables {
            for r in t["rows"] as? [[String: Any]] ?? [] {
                let code = r["code"] as? String ?? ""
                let budget = (r["budget"] as? NSNumber)?.doubleValue
                #expect(rows.contains { $0.first == code && (budget == nil ? $0[3] == "null" : Double($0[3]) == budget) }, "\(code) missing or different")
                count += 1
            }
        }
        #expect(count > 30)
        #expect(table.stdout.contains("employee.employer_rate,0.08,比率,"))
    }

    /// Two runs that differ in one key: only that key is listed, and every line's change is all its.
    /// A label names the latest run that has it: saving it again says the label moved. A label of digits
    /// only is refused (history show reads a number as an id), and a database that cannot take the run fails
    /// the command before the budget is printed.
    @Test func labelsAndAnUnusableDatabase() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        #expect(try fundcast(["budget", "--save", "--label", "draft", "--db", db]).status == 0)
        let again = try fundcast(["budget", "--save", "--label", "draft", "--db", db])
        #expect(again.status == 0 && again.stderr.contains("the label 'draft' named run 1; it now names run 2 (run 1 keeps its id)"), "\(again.stderr)")
        // The list shows where the label went.
        let list = try fundcast(["history", "list", "--db", db, "--lang", "en"]).stdout
        #expect(list.contains("draft (now #2)"), "\(list)")
        let digits = try fundcast(["budget", "--save", "--label", "12", "--db", db])
        #expect(digits.status == 2 && digits.stderr.contains("--label 12: expected a name with a non-digit"))
        for bad in ["a\nb", "a\u{1B}[31mb"] {
            let r = try fundcast(["budget", "--save", "--label", bad, "--db", db])
            #expect(r.status == 2 && r.stderr.contains("--label: expected one line of printable text, found the control character"), "\(r.stderr)")
        }
        let folder = try fundcast(["budget", "--save", "--db", dir.path])
        #expect(folder.status == 1 && folder.stdout.isEmpty && folder.stderr.contains("expected a database file, found a folder"), "\(folder.stdout.prefix(100))")
        let run = try fundcast(["run", "--save", "--db", dir.path])
        #expect(run.status == 1 && run.stdout.isEmpty)
        // --output onto the database itself would destroy every saved run: refused before anything is saved.
        let over = try fundcast(["budget", "--save", "--db", db, "--output", db])
        #expect(over.status == 2 && over.stderr.contains("which fundcast does not write"), "\(over.stderr)")
        let csvDB = dir.appendingPathComponent("runs.csv").path
        #expect(try fundcast(["budget", "--save", "--db", csvDB]).status == 0)
        let overCSV = try fundcast(["budget", "--save", "--db", csvDB, "--output", csvDB])
        #expect(overCSV.status == 1 && overCSV.stderr.contains("expected a file other than the run database"), "\(overCSV.stderr)")
        #expect(try fundcast(["history", "list", "--db", db]).status == 0)
        // Two runs reading a key in different units (万元, 亿元) name both.
        #expect(try fundcast(["budget", "Scenarios/china-national.yaml", "--save", "--label", "national", "--db", db]).status == 0)
        let units = try fundcast(["history", "diff", "1", "national", "--db", db])
        #expect(units.stdout.split(separator: "\n").contains { $0.hasPrefix("employee.base_year_actuals.pooled_income ") && $0.contains("万元 → 亿元") }, "\(units.stdout.prefix(600))")
        // An output that cannot be written saves nothing: the run is recorded only once its file is ready.
        let fresh = dir.appendingPathComponent("fresh.sqlite").path
        let folderOut = dir.appendingPathComponent("out.json")
        try FileManager.default.createDirectory(at: folderOut, withIntermediateDirectories: true)
        let failed = try fundcast(["run", "--save", "--db", fresh, "--label", "bad", "--output", folderOut.path])
        #expect(failed.status == 1, "\(failed.stderr)")
        let freshList = try fundcast(["history", "list", "--db", fresh])
        #expect(!freshList.stdout.contains("bad"), "\(freshList.stdout)")
    }

    @Test func diffOfOneKeyAttributesEverythingToIt() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        for (label, extra) in [("a", [String]()), ("b", ["--set", "employee.employer_rate=0.075"])] {
            let r = try fundcast(["budget", "Scenarios/example-city.yaml", "--save", "--label", label, "--db", db] + extra)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let diff = try fundcast(["history", "diff", "a", "b", "--format", "csv", "--unit", "元", "--db", db])
        #expect(diff.status == 0, "\(diff.stderr)")
        // One CSV table: a `table` column (parameters, lines) under one header.
        let all = csvRows(diff.stdout).filter { $0.count > 1 }
        let header = try #require(all.first)
        #expect(header.first == "table" && !diff.stdout.contains("\n\n"))
        func rows(_ name: String) -> [[String]] {
            all.dropFirst().filter { $0.first == name }.map { row in header.indices.compactMap { i in i < row.count && !row[i].isEmpty ? row[i] : nil }.dropFirst().map { $0 } }
        }
        let parameters = rows("parameters")
        #expect(parameters.count == 1) // one row
        #expect(parameters.last?.first == "employee.employer_rate" && parameters.last?[1] == "0.08" && parameters.last?[2] == "0.075", "\(parameters)")
        // Units and fund names in English under --lang en (they stayed 比率 and the code employee).
        let english = try fundcast(["history", "diff", "a", "b", "--lang", "en", "--db", db])
        #expect(english.stdout.contains("employee.employer_rate  0.08  0.075  ratio") && !english.stdout.contains("比率"), "\(english.stdout.prefix(800))")
        #expect(english.stdout.contains("\nEmployee scheme ") && !english.stdout.contains("\nemployee "))
        // The lines' columns by name: 增减额 = the parameter's part, nothing unattributed.
        let position = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let (c, p, u) = (try #require(position["增减额"]), try #require(position["employee.employer_rate"]), try #require(position["未归因(模型或数据变化)"]))
        var moved = 0
        for row in all.dropFirst() where row.first == "lines" && row.count == header.count {
            guard let change = Double(row[c]), let part = Double(row[p]), let rest = Double(row[u]) else { continue }
            #expect(abs(change - part) <= 0.01, "\(row[1]): \(change) vs \(part)")
            #expect(abs(rest) <= 0.01, "\(row[1]): unattributed \(rest)")
            if change != 0 { moved += 1 }
        }
        #expect(moved >= 5)
        let text = try fundcast(["history", "diff", "a", "b", "--db", db, "--lang", "en"])
        #expect(text.stdout.contains("Shapley value — 1 changed parameters"))
        // The JSON form: the one parameter, and every line's part equal to its change (元).
        let json = try fundcast(["history", "diff", "a", "b", "--db", db, "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["method"] as? String == "shapley")
        #expect((document["parameters"] as? [[String: Any]])?.compactMap { $0["path"] as? String } == ["employee.employer_rate"])
        for line in document["lines"] as? [[String: Any]] ?? [] {
            let change = line["change"] as? Double ?? .nan
            let part = (line["parts"] as? [String: Double])?["employee.employer_rate"] ?? .nan
            #expect(abs(change - part) < 1e-6, "\(line["code"] ?? "")")
        }
    }

    /// Seven changed keys are more than Shapley's limit: one at a time, said so.
    @Test func manyChangesGoOneAtATime() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        let sets = ["employee.employer_rate=0.075", "employee.employee_rate=0.021", "assumptions.wage_growth=0.04", "assumptions.medical_inflation=0.07",
                    "assumptions.interest_rate=0.02", "resident.insured_growth=0.01", "employee.collection_rate=0.98"]
        _ = try fundcast(["budget", "--save", "--label", "a", "--db", db])
        _ = try fundcast(["budget", "--save", "--label", "b", "--db", db] + sets.flatMap { ["--set", $0] })
        let diff = try fundcast(["history", "diff", "a", "b", "--db", db, "--lang", "en", "--format", "csv", "--unit", "元"])
        #expect(diff.status == 0, "\(diff.stderr)")
        // One CSV table; the lines' change is the sum of the seven parameters' parts and the unattributed rest.
        let all = csvRows(diff.stdout).filter { $0.count > 1 }
        let header = try #require(all.first)
        let change = try #require(header.firstIndex(of: "Change"))
        let partColumns = sets.compactMap { s in header.firstIndex(of: String(s.split(separator: "=")[0])) }
        #expect(partColumns.count == 7, "\(header)")
        let rest = try #require(header.firstIndex { $0.hasPrefix("Unattributed") })
        var checked = 0
        for row in all.dropFirst() where row.first == "lines" && row.count == header.count {
            guard let total = Double(row[change]) else { continue }
            let parts = partColumns.compactMap { Double(row[$0]) }.reduce(0, +) + (Double(row[rest]) ?? 0)
            #expect(abs(total - parts) <= 4, "\(row)") // eight cells, each rounded to the 元
            checked += 1
        }
        #expect(checked > 10)
        let text = try fundcast(["history", "diff", "a", "b", "--db", db, "--lang", "en"])
        #expect(text.stdout.contains("one at a time — 7 changed parameters (more than 6"))
    }

    /// Two processes saving into one new database at the same moment: both runs land.
    @Test func twoProcessesSavingAtOnceBothLand() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite").path
        var processes: [Process] = []
        for label in ["one", "two", "three"] {
            let p = Process()
            p.executableURL = binary
            p.arguments = ["budget", "--save", "--label", label, "--db", db, "--format", "json"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            processes.append(p)
        }
        for p in processes { try p.run() }
        for p in processes { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        let list = try fundcast(["history", "list", "--db", db, "--format", "csv"])
        let labels = Set(csvRows(list.stdout).dropFirst().compactMap { $0.count > 1 ? $0[1] : nil })
        #expect(labels == ["one", "two", "three"])
        // JSON: one object a run, money in 元 (it printed the text table).
        let json = try fundcast(["history", "list", "--db", db, "--format", "json"])
        let runs = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(Set(runs.compactMap { $0["label"] as? String }) == ["one", "two", "three"])
        #expect(runs.allSatisfy { ($0["pooled_income"] as? Double ?? 0) > 1e9 && $0["budget_year"] as? Int == 2022 })
    }

    @Test func aDamagedDatabaseIsAnErrorAndLeftAsItWas() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("runs.sqlite")
        let bytes = Data("SQLite format 3\u{0}".utf8) + Data(repeating: 7, count: 84)
        try bytes.write(to: db)
        let r = try fundcast(["budget", "--save", "--db", db.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: \(db.path):"))
        #expect(try Data(contentsOf: db) == bytes)
        let list = try fundcast(["history", "list", "--db", db.path])
        #expect(list.status == 1)
        #expect(try Data(contentsOf: db) == bytes)
    }

    @Test func attributionIsPrintedAndInTheJSON() throws {
        let table = try fundcast(["budget", "--attribution"])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("缴费收入变动因素分解(LMDI)") && table.stdout.contains("支出变动因素分解(LMDI)"))
        let json = try fundcast(["budget", "--attribution", "--format", "json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let lines = try #require((document["attribution"] as? [String: Any])?["lines"] as? [[String: Any]])
        #expect(lines.count >= 7)
        for line in lines {
            let parts = (line["parts"] as? [String: Double] ?? [:]).values.reduce(0, +)
            #expect(abs(parts - (line["change"] as? Double ?? .nan)) < 1, "\(line["code"] ?? "")")
        }
        let plain = try fundcast(["budget", "--format", "json"])
        #expect(!plain.stdout.contains("\"attribution\""))
    }
}

extension HistoryCLITests {
    /// Reading a database that does not exist is an error, and does not create one.
    @Test func historyOfAMissingDatabaseCreatesNothing() throws {
        let dir = try temporaryDirectory()
        let db = dir.appendingPathComponent("none.sqlite").path
        let r = try fundcast(["history", "list", "--db", db])
        #expect(r.status == 1 && r.stderr.contains("found no file"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }
}
