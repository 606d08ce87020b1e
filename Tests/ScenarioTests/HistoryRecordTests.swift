import Foundation
import Testing
@testable import Scenario
import TestSupport

/// The history CSV (`year,scheme,metric,value,unit`), parsed directly and through `history:` in a scenario.
@Suite("HistoryRecord")
struct HistoryRecordTests {
    let scenario = """
        base_year: 2013
        history: h.csv
        \(minimalEmployee)
        """

    /// The CSV's issues; records a test issue if it parses.
    func csvIssues(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> [ScenarioIssue] {
        do {
            let records = try HistoryRecord.parse(csv: text, file: "h.csv")
            Issue.record("expected the CSV to fail, got \(records.count) records", sourceLocation: sourceLocation)
            return []
        } catch {
            return error.issues
        }
    }

    @Test("history: loads records converted to 元 and persons")
    func loadsThroughScenario() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("h.csv", """
            year,scheme,metric,value,unit
            # comment lines and blank lines are skipped

            2013,employee,insured,34370,人
            2014,employee,insured,3.5,万人
            2014,employee,income,7485,万元
            2014,employee_pooled,balance,1.25,亿元
            2014,resident,expenditure,980,元
            """)
        let s = try ScenarioLoader.load(path: try folder.write("s.yaml", scenario))
        #expect(s.history.count == 5)
        let h = s.history
        #expect(h.value(year: 2013, scheme: .employee, metric: .insured) == 34_370)       // 人
        #expect(h.value(year: 2014, scheme: .employee, metric: .insured) == 35_000)       // 3.5 万人 × 10,000
        #expect(h.value(year: 2014, scheme: .employee, metric: .income) == 74_850_000)    // 7485 万元 × 10,000
        #expect(h.value(year: 2014, scheme: .employeePooled, metric: .balance) == 125_000_000) // 1.25 亿元 × 10⁸
        #expect(h.value(year: 2014, scheme: .resident, metric: .expenditure) == 980)
        #expect(h.value(year: 2015, scheme: .employee, metric: .income) == nil)
        #expect(h.first == HistoryRecord(year: 2013, scheme: .employee, metric: .insured, value: 34_370))
    }

    @Test("a missing history file is reported at the history: line")
    func missingFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("s.yaml", scenario)
        let found = issues(atPath: path)
        #expect(!found.isEmpty) // exactly one: see reportedOnce
        let issue = try #require(found.first)
        #expect(issue.location.file == path)
        #expect(issue.location.line == 2)
        #expect(issue.found == "no file 'h.csv'")
    }

    @Test("a bad header is reported at line 1 of the CSV")
    func badHeader() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("h.csv", "year,scheme,metric,amount,unit\n2014,employee,income,7485,万元\n")
        let found = issues(atPath: try folder.write("s.yaml", scenario))
        #expect(!found.isEmpty) // exactly one: see reportedOnce
        let issue = try #require(found.first)
        #expect(issue.location.file == "h.csv")
        #expect(issue.location.line == 1)
        #expect(issue.key == "header")
        #expect(issue.expected == "'year,scheme,metric,value,unit' or 'year,scheme,metric,value,unit,scope'")
        #expect(issue.found == "'year,scheme,metric,amount,unit'")
    }

    /// The optional sixth column names each row's 口径; blank or absent is one scope.
    @Test("the scope column is read; without it every row has the one blank scope")
    func scopeColumn() throws {
        let rows = try HistoryRecord.parse(csv: "year,scheme,metric,value,unit,scope\n2018,total,income,21384,亿元,含新农合\n2017,total,income,17931.6,亿元,\n", file: "h.csv")
        #expect(rows.map(\.scope) == ["含新农合", ""])
        #expect(try HistoryRecord.parse(csv: "year,scheme,metric,value,unit\n2018,total,income,21384,亿元\n", file: "h.csv").map(\.scope) == [""])
        #expect(throws: ScenarioError.self) { try HistoryRecord.parse(csv: "year,scheme,metric,value,unit,scope\n2018,total,income,21384,亿元\n", file: "h.csv") }
    }

    @Test("a bad unit is reported with file and line")
    func badUnit() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("h.csv", "year,scheme,metric,value,unit\n2014,employee,insured,34921,人\n2014,employee,income,7485,美元\n")
        let found = issues(atPath: try folder.write("s.yaml", scenario))
        #expect(!found.isEmpty) // exactly one: see reportedOnce
        let issue = try #require(found.first)
        #expect(issue.location.file == "h.csv")
        #expect(issue.location.line == 3)
        #expect(issue.key == "unit")
        #expect(issue.expected == "人, 万人, 元, 万元 or 亿元")
        #expect(issue.found == "'美元'")
    }

    @Test("an unknown metric is reported with a suggestion")
    func unknownMetric() throws {
        let found = csvIssues("year,scheme,metric,value,unit\n2014,employee,incme,7485,万元\n")
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.location.file == "h.csv" && issue.location.line == 2 && issue.location.column == 3) // the metric field
        #expect(issue.key == "metric")
        #expect(issue.found == "'incme'")
        #expect(issue.suggestion == "income")
        #expect(issue.expected == "one of insured, active, retired, income, expenditure, balance")
    }

    @Test("an unknown scheme is reported with a suggestion")
    func unknownScheme() throws {
        let issue = try #require(csvIssues("year,scheme,metric,value,unit\n2014,employe,income,7485,万元\n").first)
        #expect(issue.key == "scheme" && issue.suggestion == "employee" && issue.location.line == 2)
    }

    @Test("a people metric with a money unit, and money with a people unit")
    func unitKindMismatch() throws {
        let found = csvIssues("""
            year,scheme,metric,value,unit
            2013,employee,insured,34370,万元
            2014,employee,income,7485,万人
            """)
        #expect(found.count == 2)
        #expect(found.map(\.location.line) == [2, 3])
        #expect(found.map(\.key) == ["unit", "unit"])
        #expect(found[0].expected == "人 or 万人 for insured")
        #expect(found[0].found == "'万元'")
        #expect(found[1].expected == "a money unit for income")
    }

    @Test("every bad line is reported, good lines between them do not hide any")
    func allBadLines() throws {
        let found = csvIssues("""
            year,scheme,metric,value,unit
            2014,employee,income,7485
            2014,employee,income,7485,万元
            20x4,employee,income,7485,万元
            2014,employee,income,lots,万元
            """)
        // line 2: 4 fields; line 3 is fine; line 4: bad year; line 5: bad value
        #expect(found.map(\.location.line) == [2, 4, 5])
        #expect(found.map(\.key) == ["", "year", "value"])
        #expect(found[0].found == "4")
    }

    @Test("a history problem is reported once")
    func reportedOnce() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        #expect(issues(atPath: try folder.write("s.yaml", scenario)).count == 1) // h.csv is missing
    }

    @Test("history declared in a parent resolves next to the parent")
    func historyInParent() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("base/h.csv", "year,scheme,metric,value,unit\n2014,employee,income,7485,万元\n")
        try folder.write("base/p.yaml", scenario)
        let s = try ScenarioLoader.load(path: try folder.write("c.yaml", "extends: base/p.yaml\n"))
        #expect(s.history.value(year: 2014, scheme: .employee, metric: .income) == 74_850_000)
    }

    @Test("a history file with Windows line endings parses")
    func crlf() throws {
        let records = try HistoryRecord.parse(csv: "year,scheme,metric,value,unit\r\n2014,employee,income,7485,万元\r\n", file: "h.csv")
        #expect(records == [HistoryRecord(year: 2014, scheme: .employee, metric: .income, value: 74_850_000)])
    }

    @Test("history in a scenario loaded from text is an error (no folder to resolve it in)")
    func historyWithoutFolder() throws {
        let found = issues(scenario)
        #expect(!found.isEmpty) // exactly one: see reportedOnce
        #expect(found.first?.key == "history")
        #expect(found.first?.location.line == 2)
    }
}
