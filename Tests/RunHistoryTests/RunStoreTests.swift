import Foundation
import GRDB
import Testing
@testable import RunHistory
import Scenario
import TestSupport

private func temporaryFile(_ name: String = "runs.sqlite") throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-runs-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent(name).path
}

/// A budget document in the JSON contract's shape, small enough to check by eye.
private let budgetJSON = """
{
  "scenario": "测试市",
  "indicators": {"depletion_year": {"employee_pooled": 2043, "resident": null}},
  "budget": {
    "year": 2022,
    "tables": [
      {"fund": "employee_pooled", "rows": [
        {"code": "income.total", "label_zh": "一、基金收入", "label_en": "I. Income", "previous": 3392019700.12, "budget": 3627514300.5},
        {"code": "expenditure.total", "label_zh": "二、基金支出", "label_en": "II. Expenditure", "previous": 2563791100, "budget": 2779916800.25},
        {"code": "balance", "label_zh": "四、年末滚存结余", "label_en": "IV. Year-end balance", "previous": 5637273600, "budget": 6484871100.37},
        {"code": "surplus_rate", "label_zh": "当期结余率", "label_en": "Current surplus rate", "previous": 0.2441664, "budget": null}
      ]}
    ]
  }
}

"""

private func sampleRun(label: String?, rate: String = "0.08") -> NewRun {
    let parameters = [
        ResolvedParameter(path: "name", value: "测试市", unit: "", source: "test.yaml:1:7"),
        ResolvedParameter(path: "employee.employer_rate", value: rate, unit: "比率", source: "test.yaml:20:18"),
        ResolvedParameter(path: "resident.subsidy_per_capita", value: "{2021: 580, 2022: 610}", unit: "元/人·年", source: "test.yaml:30:23"),
    ]
    return NewRun(command: "budget", label: label, commandLine: "fundcast budget test.yaml --save", fundcastVersion: "0.1.0",
                  scenarioName: "测试市", resolved: ResolvedScenario(file: "test.yaml", parameters: parameters), budgetYear: 2022,
                  runJSON: budgetJSON, budgetJSON: budgetJSON)
}

@Suite struct RunStoreTests {
    @Test func saveThenReadRoundTripsEveryField() throws {
        let path = try temporaryFile()
        let store = try RunStore(path: path)
        let new = sampleRun(label: "draft")
        let id = try store.save(new)
        let runs = try store.all()
        #expect(runs.count == 1)
        let run = try store.run("draft")
        #expect(run == runs[0])
        #expect(run.id == id)
        #expect(run.saved == new) // every field saved comes back
        #expect(try store.run(String(id)) == run)
        #expect(run.runJSON == new.runJSON && run.budgetJSON == new.budgetJSON)
        #expect(run.resolved == new.resolved)
        #expect(run.commandLine == new.commandLine && run.label == "draft" && run.budgetYear == 2022)
        #expect(run.lines == [
            SavedBudgetLine(table: "employee_pooled", code: "income.total", labelZh: "一、基金收入", labelEn: "I. Income", previous: 3392019700.12, budget: 3627514300.5),
            SavedBudgetLine(table: "employee_pooled", code: "expenditure.total", labelZh: "二、基金支出", labelEn: "II. Expenditure", previous: 2563791100, budget: 2779916800.25),
            SavedBudgetLine(table: "employee_pooled", code: "balance", labelZh: "四、年末滚存结余", labelEn: "IV. Year-end balance", previous: 5637273600, budget: 6484871100.37),
            SavedBudgetLine(table: "employee_pooled", code: "surplus_rate", labelZh: "当期结余率", labelEn: "Current surplus rate", previous: 0.2441664, budget: nil),
        ])
        #expect(run.headline == RunHeadline(pooledIncome: 3627514300.5, pooledExpenditure: 2779916800.25, pooledBalance: 6484871100.37,
                                            pooledDepletionYear: 2043))
    }

    @Test func aLabelNamesItsLatestRunAndAnUnknownOneIsAClearError() throws {
        let store = try RunStore(path: try temporaryFile())
        try store.save(sampleRun(label: "x", rate: "0.08"))
        let second = try store.save(sampleRun(label: "x", rate: "0.07"))
        #expect(try store.run("x").id == second)
        #expect(throws: RunHistoryError.self) { try store.run("nope") }
        do { _ = try store.run("nope") } catch { #expect(error.description.contains("found 'nope'")) }
    }

    @Test func reopeningKeepsRuns() throws {
        let path = try temporaryFile()
        do { try RunStore(path: path).save(sampleRun(label: "a")) }
        #expect(try RunStore(path: path).all().count == 1)
    }

    /// A database written by the first schema (runs and parameters only) gains budget lines and
    /// headline columns, filled from the documents it stored.
    @Test func aVersionOneDatabaseMigrates() throws {
        let path = try temporaryFile()
        do {
            let queue = try DatabaseQueue(path: path)
            try RunStore.migrator.migrate(queue, upTo: "v1-runs")
            try queue.write { db in
                try db.execute(sql: """
                    INSERT INTO run (created_at, label, command, command_line, fundcast_version, scenario_name, scenario_file, scenario_hash, budget_year, run_json, budget_json)
                    VALUES ('2026-01-01T00:00:00Z', 'old', 'budget', 'fundcast budget', '0.1.0', '测试市', 'test.yaml', '0123456789abcdef', 2022, ?, ?)
                    """, arguments: [budgetJSON, budgetJSON])
                try db.execute(sql: "INSERT INTO parameter VALUES (1, 0, 'employee.employer_rate', '0.08', '比率', 'test.yaml:20:18')")
            }
            #expect(try queue.read { try RunStore.migrator.appliedMigrations($0) } == ["v1-runs"])
        }
        let store = try RunStore(path: path)
        let run = try store.run("old")
        #expect(run.lines.count == 4)
        #expect(run.headline.pooledIncome == 3627514300.5)
        #expect(run.resolved.hash == "0123456789abcdef")
        #expect(run.resolved.parameters == [ResolvedParameter(path: "employee.employer_rate", value: "0.08", unit: "比率", source: "test.yaml:20:18")])
        try store.save(sampleRun(label: "new"))
        #expect(try store.all().count == 2)
    }

    @Test func aFileThatIsNotSQLiteIsRefusedAndLeftAsItWas() throws {
        let path = try temporaryFile("notes.sqlite")
        let bytes = Data("these are my notes, not a database\n".utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect { try RunStore(path: path) } throws: { ($0 as? RunHistoryError)?.description.contains("not SQLite") == true }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    @Test func anotherProgramsDatabaseIsRefusedAndLeftAsItWas() throws {
        let path = try temporaryFile("other.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { try $0.execute(sql: "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('张三')") }
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect { try RunStore(path: path) } throws: { ($0 as? RunHistoryError)?.description.contains("another program's") == true }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func aTruncatedDatabaseIsAClearErrorAndLeftAsItWas() throws {
        let path = try temporaryFile()
        do {
            let store = try RunStore(path: path)
            for i in 0..<20 { try store.save(sampleRun(label: "run \(i)")) }
        }
        let full = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(full.count > 8192)
        let cut = full.prefix(full.count / 2)
        try cut.write(to: URL(fileURLWithPath: path))
        for sidecar in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + sidecar) }
        #expect { try RunStore(path: path) } throws: { ($0 as? RunHistoryError)?.description.contains("truncated") == true }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == cut)
    }

    @Test func theDefaultDatabaseFollowsXDG() {
        #expect(RunStore.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"]) == "/data/fundcast/runs.sqlite")
        #expect(RunStore.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/share/fundcast/runs.sqlite")
        #expect(RunStore.defaultPath(environment: ["XDG_DATA_HOME": "relative", "HOME": "/home/u"]) == "/home/u/.local/share/fundcast/runs.sqlite")
    }

    /// A database migrated by a newer fundcast (a migration this version does not know) is refused.
    @Test func aNewerSchemaIsRefused() throws {
        let path = try temporaryFile()
        do { try RunStore(path: path).save(sampleRun(label: "a")) }
        do {
            var newer = RunStore.migrator
            newer.registerMigration("v99-future") { db in try db.execute(sql: "CREATE TABLE future (x)") }
            try newer.migrate(try DatabasePool(path: path))
        }
        #expect { try RunStore(path: path) } throws: { ($0 as? RunHistoryError)?.description.contains("newer version") == true }
    }

    /// A lock another process holds is waited for a bounded time, then named: no command hangs forever.
    @Test func aHeldLockIsNamedNotWaitedOnForever() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fundcast-lock-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let holder = open(path, O_CREAT | O_RDWR, 0o644)
        #expect(holder >= 0 && flock(holder, LOCK_EX) == 0)
        let start = Date()
        #expect(throws: RunHistoryError.self) { _ = try RunStore.lock(path, timeout: 0.3) }
        #expect(Date().timeIntervalSince(start) < 5)
        _ = flock(holder, LOCK_UN)
        _ = close(holder)
        let fd = try RunStore.lock(path, timeout: 0.3)
        RunStore.unlock(fd)
    }
}
