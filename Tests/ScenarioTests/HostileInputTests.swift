import Foundation
import Testing
@testable import Scenario
import TestSupport

/// The reproducers of "Reliability under hostile input": each once crashed, hung, misread or
/// printed something it should not. Every one must now fail fast with a clear message.
@Suite("Hostile input")
struct HostileInputTests {
    static let base = "base_year: 2024\n" + minimalEmployee

    /// A 342-byte "billion laughs": nine levels of nine aliases, ~10⁹ nodes once expanded.
    static func bomb(levels: Int = 9) -> String {
        var lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1..<levels {
            lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n")
    }

    @Test("an alias bomb at the top level is refused before it is expanded")
    func aliasBombTopLevel() {
        let start = Date()
        let found = issues(Self.bomb() + "\n" + Self.base)
        #expect(Date().timeIntervalSince(start) < 10) // a hang guard: the bomb once took 43 s and 11 GB
        #expect(found.count == 1)
        #expect(found.first?.expected.contains("100,000 values once its aliases") == true)
        #expect(found.first?.expected.contains("FUNDCAST_MAX_YAML_NODES") == true)
    }

    @Test("an alias bomb under an unknown key, and 7 levels, are refused too")
    func aliasBombNested() {
        let nested = "junk:\n" + Self.bomb(levels: 7).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n" + Self.base
        let found = issues(nested)
        #expect(found.first?.found.contains("billion laughs") == true)
    }

    @Test("an alias bomb inside one --set is refused")
    func aliasBombInSet() {
        let value = "{" + Self.bomb().replacingOccurrences(of: "\n", with: ", ") + "}"
        let found = issues(Self.base, overrides: ["junk=\(value)"])
        #expect(found.contains { $0.expected.contains("once its aliases (*name) are expanded") })
    }

    @Test("a few ordinary aliases still work")
    func ordinaryAliases() throws {
        let s = try ScenarioLoader.load(text: """
            base_year: 2024
            employee:
              active: 1000
              retired: 500
              average_base: 50000
              employer_rate: &r 0.08
              employee_rate: *r
            """, file: "a.yaml")
        #expect(s.employee?.employeeRate.value(in: 2024) == 0.08)
    }

    @Test("YAML over the byte limit is refused naming the limit and the variable that raises it")
    func yamlByteLimit() {
        let limits = InputLimits(yamlBytes: 100, yamlNodes: 1000, csvBytes: 100, csvRows: 10)
        do {
            _ = try SourceNode.parse(String(repeating: "# padding\n", count: 20), file: "big.yaml", limits: limits)
            Issue.record("parsed")
        } catch {
            #expect(error.issues.first?.expected.contains("FUNDCAST_MAX_YAML_BYTES") == true)
            #expect(error.issues.first?.found == "200 bytes")
        }
    }

    @Test("a CSV over the row limit is refused at once")
    func csvRowLimit() {
        let text = "year,scheme,metric,value,unit\n" + String(repeating: "2020,employee,income,1,元\n", count: 11)
        do {
            _ = try CSVFile(text, file: "h.csv", header: "year,scheme,metric,value,unit", maximumRows: 10)
            Issue.record("parsed")
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.issues[0].expected.contains("at most 10 data rows"))
            #expect(error.issues[0].expected.contains("FUNDCAST_MAX_CSV_ROWS"))
        }
    }

    @Test("a CSV file over the byte limit is refused without being read whole")
    func csvByteLimit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("big.csv", String(repeating: "x", count: 5000))
        do {
            _ = try readInput(path, display: "big.csv", limit: (1000, "FUNDCAST_MAX_CSV_BYTES"))
            Issue.record("read")
        } catch {
            #expect(error.issues[0].expected.contains("at most 1,000 bytes") || error.issues[0].expected.contains("1000 bytes"))
            #expect(error.issues[0].found.contains("5 KB"))
        }
    }

    @Test("thousands of history rows with a duplicate at the end (duplicates are found by hashing; speed is measured by hand, see the module README)")
    func historyDuplicatesAreHashed() throws {
        var text = "year,scheme,metric,value,unit\n"
        let metrics = HistoryRecord.Metric.allCases, schemes = HistoryRecord.Scheme.allCases
        var rows = 0
        outer: for year in 1950...2200 {
            for s in schemes { for m in metrics {
                text += "\(year),\(s.rawValue),\(m.rawValue),1,\([.insured, .active, .retired].contains(m) ? "人" : "元")\n"
                rows += 1
            } }
            if rows > 7000 { break outer }
        }
        let records = try HistoryRecord.parse(csv: text, file: "h.csv")
        #expect(records.count == rows)
        // and a duplicate is still found
        let again = text + "1950,total,insured,2,人\n"
        #expect(throws: ScenarioError.self) { try HistoryRecord.parse(csv: again, file: "h.csv") }
    }

    @Test("thousands of unknown keys: listed up to the cap, then counted")
    func unknownKeysCapped() {
        let keys = (0..<500).map { "junk\($0): 1" }.joined(separator: "\n")
        let error = ScenarioError(issues(Self.base + "\n" + keys))
        #expect(error.issues.count == ScenarioError.listedIssues + 1)
        #expect(error.lines.count <= ScenarioError.listedIssues + 1)
        #expect(error.issues.last?.found == "400 more unknown keys")
    }

    @Test("the error list prints the first 100, then '… and K more'")
    func errorListCapped() {
        let many = ScenarioError((0..<250).map { ScenarioIssue(location: SourceLocation(file: "f"), key: "k\($0)", expected: "x", found: "y") })
        #expect(many.lines.count == 101)
        #expect(many.lines.last == "… and 150 more problems (the first 100 are listed)")
    }

    @Test("the unknown-key hint lists each known key once")
    func knownKeysDeduplicated() {
        let found = issues(Self.base + "\nhorizn: 2030")
        let issue = found.first { $0.key == "horizn" }
        #expect(issue?.suggestion == "horizon")
        let names = issue?.expected.dropFirst("one of ".count).components(separatedBy: ", ") ?? []
        #expect(names.count == Set(names).count, "\(names)")
    }

    @Test("a bad dated year is not also reported as an empty value")
    func noFalseEmptyValue() {
        let found = issues(Self.base.replacingOccurrences(of: "active: 1000", with: "active: {20x4: 1000}"))
        #expect(found.contains { $0.key == "employee.active.20x4" })
        #expect(!found.contains { $0.found == "an empty value" })
    }
}

/// Numbers as budget officers write them: exact multipliers, and every look-alike refused with what was meant.
@Suite("Numbers")
struct NumberTextTests {
    func value(_ text: String, money: Bool = false, percent: Bool = false, exponent: Int = 0) -> Double? {
        try? NumberText.parse(text, money: money, percent: percent, defaultExponent: exponent).get()
    }

    func problem(_ text: String, money: Bool = false, percent: Bool = false) -> NumberProblem? {
        if case .failure(let p) = NumberText.parse(text, money: money, percent: percent) { return p }
        return nil
    }

    @Test("万亿, 亿, 万 scale exactly")
    func multipliers() {
        #expect(value("100万亿元", money: true) == 100e12)           // was read as 1,000,000 元
        #expect(value("1.23456789万亿", money: true) == 1_234_567_890_000)
        #expect(value("3178万元", money: true) == 31_780_000)
        #expect(value("1.2 亿元", money: true) == 120_000_000)
        #expect(value("3百万", money: true) == 3_000_000)
        #expect(value("980元", money: true) == 980)
        #expect(value("0.1", money: true, exponent: 4) == 1000)         // unit: 万元
        #expect(problem("5亿万", money: true) != nil)
        #expect(problem("5万万元", money: true) != nil)
    }

    @Test("comma decimals are refused with the dot suggested")
    func commaDecimals() {
        #expect(problem("563727,36", money: true)?.suggestion == "563727.36") // was 56,372,736
        #expect(problem("1,5%", percent: true)?.suggestion == "1.5%")          // was 15 %
        #expect(problem("0,08", percent: true)?.suggestion == "0.08")
        #expect(problem("0,08")?.found.contains("decimal comma") == true)
    }

    @Test("thousands separators only in the 1,234,567.8 shape")
    func thousands() {
        #expect(value("1,234,567.8") == 1_234_567.8)
        #expect(value("4,500,000") == 4_500_000)
        #expect(value("4_500_000") == 4_500_000)
        #expect(problem("12,34,567") != nil)
        #expect(problem("1,2345") != nil)
        #expect(problem("1__0") != nil)
    }

    @Test("hex, octal, binary, inf, nan, leading zeros and huge exponents are refused")
    func exotic() {
        for text in ["0x10", "0o17", "0b101", "inf", ".inf", "nan", "-.inf", "1e999", "1e-400", "0x1p3", "1e5e3", "--1", "1.2.3"] {
            #expect(problem(text) != nil, "\(text)")
        }
        #expect(problem("010")?.suggestion == "10")
        #expect(value("0.5") == 0.5)
        #expect(value("-0.5") == -0.5)
        #expect(value("1.2e6") == 1_200_000)
        #expect(value(".5") == 0.5)
    }

    @Test("full-width digits and signs are named and converted in the suggestion")
    func fullWidth() {
        let p = problem("８％", percent: true)
        #expect(p?.found.contains("全角") == true)
        #expect(p?.suggestion == "8%")
        #expect(problem("０．０８")?.suggestion == "0.08")
    }

    @Test("percent scales exactly")
    func percent() {
        #expect(value("8%", percent: true) == 0.08)
        #expect(value("1.5 %", percent: true) == 0.015)
        #expect(problem("8%") != nil) // not where a rate is not expected
    }
}

/// Scenario keys with the numbers above, and the new-user mistakes of issue 8.
@Suite("Scenario input errors")
struct ScenarioInputErrorTests {
    static let base = "base_year: 2024\n" + minimalEmployee

    @Test("a rate written as 8 suggests 8%")
    func rateWithoutPercent() {
        let found = issues(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate: 8"))
        #expect(found.first?.suggestion == "8%")
        #expect(found.first?.description.contains("did you mean '8%'?") == true)
    }

    @Test("average_wage together with average_base is refused: neither silently wins")
    func wageAndBase() throws {
        let found = issues(Self.base + "\n  average_wage: 90000")
        #expect(found.count == 1)
        #expect(found.first?.key == "employee.average_wage")
        #expect(found.first?.expected.contains("not both") == true)
        // average_wage alone stands for the base
        let s = try ScenarioLoader.load(text: Self.base.replacingOccurrences(of: "average_base: 50000", with: "average_wage: 90000"), file: "w.yaml")
        #expect(s.employee?.financing.averageWage?.value(in: 2024) == 90000)
    }

    @Test("a full-width colon is named")
    func fullWidthColon() {
        let found = issues(Self.base.replacingOccurrences(of: "base_year: 2024", with: "base_year：2024"))
        #expect(found.contains { $0.found.contains("全角冒号") }, "\(found)")
    }

    @Test("a Chinese label as a key suggests the key")
    func chineseLabel() {
        let found = issues(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate: 0.08\n  单位费率: 0.08"))
        let issue = found.first { $0.key == "employee.单位费率" }
        #expect(issue?.suggestion == "employer_rate")
        #expect(issue?.found.contains("Chinese label") == true)
    }

    @Test("a year range as a dated key is explained, and a backwards one is named")
    func yearRange() {
        let found = issues(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate: {2025-2021: 0.08}"))
        let issue = found.first { $0.key.hasPrefix("employee.employer_rate.") }
        #expect(issue?.found.contains("a range of years") == true)
        #expect(issue?.found.contains("runs backwards") == true)
    }

    @Test("full-width digits in a number are named")
    func fullWidthNumber() {
        let found = issues(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate: ８％"))
        #expect(found.first?.found.contains("全角") == true)
        #expect(found.first?.suggestion == "8%")
    }

    @Test("plausibility bounds: interest rates, mortality improvement, growth, tiny counts")
    func plausibility() {
        #expect(!issues(Self.base + "\nassumptions: {interest_rate: 1}").isEmpty)
        #expect(!issues(Self.base + "\npopulation: {mortality_improvement: -0.99}").isEmpty)
        #expect(!issues(Self.base + "\nassumptions: {wage_growth: 0.9}").isEmpty)
        #expect(!issues(Self.base.replacingOccurrences(of: "retired: 500", with: "retired: 1e-308")).isEmpty)
        #expect(!issues(Self.base.replacingOccurrences(of: "average_base: 50000", with: "average_base: 0x10")).isEmpty)
    }

    @Test("history years outside 1950…2200 are refused")
    func historyYears() {
        for year in ["1", "99999999"] {
            do {
                _ = try HistoryRecord.parse(csv: "year,scheme,metric,value,unit\n\(year),employee,income,1,元\n", file: "h.csv")
                Issue.record("accepted \(year)")
            } catch {
                #expect(error.issues.first?.expected == "a year from 1950 to 2200")
            }
        }
    }

    @Test("--set extends is an error, not ignored")
    func setExtends() {
        let found = issues(Self.base, overrides: ["extends=other.yaml"])
        #expect(found.first?.key == "extends")
        #expect(found.first?.expected.contains("write it in the file") == true)
    }
}

/// Control characters in user text never reach a terminal raw.
@Suite("Terminal injection")
struct TerminalInjectionTests {
    @Test("escape sequences and NUL in an unknown key are written out in messages")
    func unknownKeyEscaped() {
        // YAML's own escapes (\e, \a, \0) put the raw control characters into the key
        let found = issues("base_year: 2024\n\"\\e]0;pwned\\a\\e[2J\\0\": 1\n" + minimalEmployee)
        let text = ScenarioError(found).description
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.contains("\\u{1B}]0;pwned\\u{7}"))
        #expect(text.contains("\\u{0}"))
    }

    @Test("a name with escapes is stripped of them")
    func nameStripped() throws {
        let s = try ScenarioLoader.load(text: "name: \"A\\e[2J\\e]0;x\\aB\\0\"\nbase_year: 2024\n" + minimalEmployee, file: "n.yaml")
        #expect(!s.name.unicodeScalars.contains { isUnsafeScalar($0) })
        #expect(s.name.hasPrefix("A[2J]0;xB"))
    }

    @Test("bidi overrides are escaped too")
    func bidi() {
        #expect(escapingControlCharacters("a\u{202E}b") == "a\\u{202E}b")
    }
}

/// A key written with no value is refused where it is, not read as its default: `unit:` made every amount
/// 元 (10,000 times too small for a file in 万元), `wage_growth:` made it 0.
@Test("an optional key with an empty value is an error at its line", arguments: ["unit:", "assumptions:\n  wage_growth:"])
func emptyOptionalValue(_ text: String) throws {
    let found: [ScenarioIssue]
    do { _ = try ScenarioLoader.load(text: "base_year: 2024\n" + text + "\n" + minimalEmployee, file: "e.yaml"); found = [] } catch { found = error.issues }
    #expect(found.count == 1, "\(found)")
    #expect(found.first?.found == "an empty value")
    #expect(found.first?.location.line == 2 || found.first?.location.line == 3, "\(found)")
}

/// A text file read as a scenario is one long scalar: the message quotes its start, not the whole file.
@Test func aLongValueIsQuotedByItsStart() throws {
    let text = String(repeating: "x", count: 500_000)
    let found: [ScenarioIssue]
    do { _ = try ScenarioLoader.load(text: text, file: "t.txt"); found = [] } catch { found = error.issues }
    #expect(!found.isEmpty)
    #expect(found.allSatisfy { $0.found.count < 200 }, "\(found.map { $0.found.count })")
    #expect(found.first?.found.hasSuffix("…' (500000 characters)") == true, "\(found.first?.found ?? "")")
}

/// 其中 rows are parts of their parent: together above it they are refused at the first one's line, in the
/// file's unit and under the names as written.
@Test func detailRowsAboveTheirParentAreRefused() throws {
    let text = "base_year: 2024\nunit: 万元\n" + minimalEmployee + "\n  base_year_lines:\n    基本医疗保险费收入: 1000\n    其中:单位缴费收入: 700\n    其中:个人缴费收入: 400.5\n"
    let found: [ScenarioIssue]
    do { _ = try ScenarioLoader.load(text: text, file: "d.yaml"); found = [] } catch { found = error.issues }
    #expect(found.count == 1, "\(found)")
    #expect(found.first?.location.line == 10)
    #expect(found.first?.key == "employee.base_year_lines.其中:单位缴费收入", "\(found)")
    #expect(found.first?.expected.contains("其中 rows within their parent 基本医疗保险费收入 (1000 万元)") == true, "\(found)")
    #expect(found.first?.found == "其中:个人缴费收入 + 其中:单位缴费收入 = 1100.5 万元", "\(found)")
    let fine = text.replacingOccurrences(of: "个人缴费收入: 400.5", with: "个人缴费收入: 300")
    #expect((try? ScenarioLoader.load(text: fine, file: "d.yaml")) != nil)
}

/// The same total in base_year_actuals (or balance) and as a printed line, with two amounts: the model would
/// take one and list the other as a mismatch; refused at the actuals' key, naming the line and its file position.
/// The same amount twice (to half a cent of the file's unit) is fine.
@Test func aTotalGivenTwiceWithTwoAmountsIsRefused() throws {
    let resident = """

        resident:
          insured: 1000
          subsidy_per_capita: 600
          individual_per_capita: 300
          balance: 800
          base_year_actuals:
            income: 1000
          base_year_lines:
            本年收入合计: 1050
            年末滚存结余: 800.004
        """
    let text = "base_year: 2024\nunit: 万元\n" + minimalEmployee + "\n  pooled:\n    base_year_lines:\n      本年支出合计: 70\n  base_year_actuals:\n    pooled_expenditure: 75\n" + resident
    let found: [ScenarioIssue]
    do { _ = try ScenarioLoader.load(text: text, file: "t.yaml"); found = [] } catch { found = error.issues }
    #expect(found.count == 2, "\(found)")
    let pooled = try #require(found.first { $0.key == "employee.base_year_actuals.pooled_expenditure" })
    #expect(pooled.location.line == 12 && pooled.found == "75 万元", "\(pooled)")
    #expect(pooled.expected.hasPrefix("the amount employee.pooled.base_year_lines.本年支出合计 gives (70 万元, t.yaml:10:7)"), "\(pooled.expected)")
    let income = try #require(found.first { $0.key == "resident.base_year_actuals.income" })
    #expect(income.expected.contains("resident.base_year_lines.本年收入合计 gives (1050 万元, t.yaml:22:"), "\(income.expected)")
    let fine = text.replacingOccurrences(of: "本年收入合计: 1050", with: "本年收入合计: 1000").replacingOccurrences(of: "pooled_expenditure: 75", with: "pooled_expenditure: 70")
    #expect((try? ScenarioLoader.load(text: fine, file: "t.yaml")) != nil)
}

/// A printed 收入合计 below the table's other income lines would derive a negative 基本医疗保险费收入 (the budget
/// then fell back on the drivers and said no income was reported); an average base of 0 makes every
/// contribution 0. Both are refused at their line.
@Test func inputsThatDeriveNonsenseAreRefused() throws {
    let text = "base_year: 2024\nunit: 万元\n" + minimalEmployee + "\n  base_year_lines:\n    利息收入: 19.02\n    上级补助收入: 7747.23\n    收入合计: 5000\n"
    var found: [ScenarioIssue] = []
    do { _ = try ScenarioLoader.load(text: text, file: "t.yaml") } catch { found = error.issues }
    #expect(found.count == 1 && found.first?.location.line == 11, "\(found)")
    #expect(found.first?.expected.contains("a 本年收入合计 of at least its other lines (上级补助收入 + 利息收入 = 7766.25 万元)") == true, "\(found)")
    #expect(found.first?.found == "5000 万元, which would leave 基本医疗保险费收入 -2766.25 万元")
    #expect((try? ScenarioLoader.load(text: text.replacingOccurrences(of: "收入合计: 5000", with: "收入合计: 9000"), file: "t.yaml")) != nil)
    var zero: [ScenarioIssue] = []
    do { _ = try ScenarioLoader.load(text: "base_year: 2024\n" + minimalEmployee.replacingOccurrences(of: "average_base: 50000", with: "average_base: 0"), file: "z.yaml") } catch { zero = error.issues }
    #expect(zero.map(\.key) == ["employee.average_base"] && zero.first?.location.line == 5, "\(zero)")
    // A per-head base written in the file's 万元 (3.2 for 32,000 元) is refused with the amount it would be in 元.
    var tiny: [ScenarioIssue] = []
    do { _ = try ScenarioLoader.load(text: "base_year: 2024\nunit: 万元\n" + minimalEmployee.replacingOccurrences(of: "average_base: 50000", with: "average_base: 3.2"), file: "w.yaml") } catch { tiny = error.issues }
    #expect(tiny.map(\.key) == ["employee.average_base"] && tiny.first?.location.line == 6 && tiny.first?.expected.contains("did you mean 32000?") == true, "\(tiny)")
    // A bad amount is named by the row as the file writes it, not by its internal code.
    var named: [ScenarioIssue] = []
    do { _ = try ScenarioLoader.load(text: "base_year: 2024\nunit: 万元\n" + minimalEmployee + "\n  base_year_lines:\n    利息收入: -50\n", file: "n.yaml") } catch { named = error.issues }
    #expect(named.map(\.key) == ["employee.base_year_lines.利息收入"], "\(named)")
}

/// Every path a scenario names stays inside the scenario's folder tree.
@Suite("Path containment")
struct PathContainmentTests {
    @Test("history: /etc/passwd and ../ paths are refused without reading them", arguments: ["/etc/passwd", "../outside.csv"])
    func historyOutside(_ path: String) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("outside.csv", "root:x:0:0:secret\n")
        let file = try folder.write("inner/s.yaml", "base_year: 2024\nhistory: \(path)\n" + minimalEmployee)
        let found = issues(atPath: file)
        #expect(found.count == 1)
        #expect(found.first?.key == "history")
        #expect(found.first?.found.contains("leaves the scenario's folder") == true)
        #expect(!ScenarioError(found).description.contains("root:"))
    }

    @Test("a symlink out of the tree is refused")
    func symlinkOutside() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("secret.csv", "root:x:0:0\n")
        try FileManager.default.createDirectory(atPath: folder.path("inner"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.path("inner/h.csv"), withDestinationPath: folder.path("secret.csv"))
        let file = try folder.write("inner/s.yaml", "base_year: 2024\npopulation: {life_table: h.csv}\n" + minimalEmployee)
        let found = issues(atPath: file)
        #expect(found.first?.key == "population.life_table")
        #expect(!ScenarioError(found).description.contains("root:"))
    }

    @Test("a relative employee.wage_profile resolves against the scenario's folder")
    func wageProfileResolves() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var csv = "age,sex,relative_wage\n"
        for sex in ["M", "F"] { for age in 0...100 { csv += "\(age),\(sex),1\n" } }
        try folder.write("data/wages.csv", csv)
        let file = try folder.write("s.yaml", "base_year: 2024\n" + minimalEmployee + "\n  wage_profile: data/wages.csv")
        let s = try ScenarioLoader.load(path: file)
        #expect(s.employee?.financing.wageProfile?.values.count == AgeSex.cells)
    }

    @Test("a path given with --set resolves against the working directory")
    func setPath() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("s.yaml", "base_year: 2024\n" + minimalEmployee)
        let found = issues(atPath: file, overrides: ["history=/nonexistent/h.csv"])
        #expect(found.first?.found == "no file '/nonexistent/h.csv'")
    }

    @Test("extends: . says it is a folder")
    func extendsFolder() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let file = try folder.write("s.yaml", "extends: .\nbase_year: 2024\n" + minimalEmployee)
        let found = issues(atPath: file)
        #expect(found.first?.found == "'.', which is a folder")
    }

    @Test("a FIFO or a folder as a CSV is described, and never opened")
    func fifoDescribed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(mkfifo(folder.path("h.csv"), 0o600) == 0)
        try FileManager.default.createDirectory(atPath: folder.path("d.csv"), withIntermediateDirectories: true)
        let file = try folder.write("s.yaml", "base_year: 2024\nhistory: h.csv\npopulation: {life_table: d.csv}\n" + minimalEmployee)
        let found = issues(atPath: file)
        #expect(found.contains { $0.found == "'h.csv', which is a named pipe (FIFO), not a regular file" }, "\(found)")
        #expect(found.contains { $0.found == "'d.csv', which is a folder, not a regular file" }, "\(found)")
    }

    @Test("non-UTF-8 input names GBK and the iconv command")
    func gbkHint() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // "年" in GBK is C4 EA: not UTF-8
        let path = folder.path("h.csv")
        try Data("year,scheme,metric,value,unit\n2020,employee,income,1,".utf8 + [0xC4, 0xEA] + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let file = try folder.write("s.yaml", "base_year: 2024\nhistory: h.csv\n" + minimalEmployee)
        let found = issues(atPath: file)
        #expect(found.first?.found.contains("GBK") == true)
        #expect(found.first?.found.contains("iconv -f GB18030 -t UTF-8 'h.csv' > converted.csv`, or save it as \"CSV UTF-8\"") == true, "\(found)")
        // A scenario saved by Notepad: the advice names a YAML file, not a CSV.
        let gbk = folder.path("g.yaml")
        try (Data("name: ".utf8) + [0xC4, 0xEA] + Data("\n".utf8)).write(to: URL(fileURLWithPath: gbk))
        let yaml = issues(atPath: gbk)
        #expect(yaml.first?.found.contains("> converted.yaml`, or save it as UTF-8 (Notepad") == true, "\(yaml)")
    }

    @Test("a UTF-8 byte order mark is accepted")
    func bom() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("h.csv", "\u{FEFF}year,scheme,metric,value,unit\n2020,employee,income,1,元\n")
        let file = try folder.write("s.yaml", "base_year: 2024\nhistory: h.csv\n" + minimalEmployee)
        #expect(try ScenarioLoader.load(path: file).history.count == 1)
    }
}

@Suite("CSV numbers")
struct CSVNumberTests {
    @Test("hex, octal-looking and exotic values in CSV cells are refused", arguments: ["0x10", "010", "nan", "inf", "１２", "1e999"])
    func exoticCells(_ cell: String) {
        #expect(throws: ScenarioError.self) {
            try HistoryRecord.parse(csv: "year,scheme,metric,value,unit\n2020,employee,income,\(cell),元\n", file: "h.csv")
        }
        #expect(throws: ScenarioError.self) {
            try YearToDateRecord.parse(csv: "year,month,scheme,metric,value,unit\n2020,6,employee,income,\(cell),元\n", file: "y.csv")
        }
    }

    @Test("ordinary cells still read")
    func ordinaryCells() throws {
        let r = try HistoryRecord.parse(csv: "year,scheme,metric,value,unit\n2020,employee,income,1.5e3,元\n2021,employee,income,-0.5,元\n", file: "h.csv")
        #expect(r.map(\.value) == [1500, -0.5])
    }
}
