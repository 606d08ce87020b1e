import Foundation
import GRDB
import Scenario
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem with the run database, worded for the user (file, expected, found).
public struct RunHistoryError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The run history: a SQLite database of saved runs (GRDB, WAL mode, versioned schema).
///
/// Opening never changes a file that is not already a fundcast run database: a file without the
/// SQLite header, one that fails SQLite's quick check (truncated or corrupt), or another program's
/// database is refused with a clear error and left byte for byte as it was.
public final class RunStore: Sendable {
    /// `PRAGMA application_id` of a fundcast run database: the bytes "FCRH".
    public static let applicationID: Int32 = 0x4643_5248
    public let path: String
    private let pool: DatabasePool

    /// `$XDG_DATA_HOME/fundcast/runs.sqlite`, else `~/.local/share/fundcast/runs.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            return xdg + "/fundcast/runs.sqlite"
        }
        let home = environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.local/share/fundcast/runs.sqlite"
    }

    /// Opens and migrates the database at `path`; creates it (and its folder) when absent if `create`.
    public init(path: String, create: Bool = true) throws(RunHistoryError) {
        self.path = path
        // The database is read and written: no output of the same run may replace it.
        InputFileLog.shared.record(path)
        let fm = FileManager.default
        if !create, !fm.fileExists(atPath: path) {
            throw RunHistoryError("\(path): expected a run database, found no file (save a run with --save first)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw RunHistoryError("--db \(path): expected a database file, found a folder")
        }
        do throws(FolderError) {
            _ = try Folders.make(folder)
        } catch {
            throw RunHistoryError("--db \(path): expected a folder that can be made, found \(error)")
        }
        let lock = try RunStore.lock(path + ".lock")
        defer { RunStore.unlock(lock) }
        try RunStore.check(path)
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: config)
            if try pool.read({ try RunStore.migrator.hasBeenSuperseded($0) }) {
                throw RunHistoryError("\(path): expected a run database this fundcast version can read, found one written by a newer version")
            }
            try RunStore.migrator.migrate(pool)
        } catch let error as RunHistoryError {
            throw error
        } catch {
            throw RunHistoryError("\(path): could not open the run database: \(error)")
        }
    }

    /// Refuses a file that is not (yet) a healthy fundcast run database, without writing to it.
    static func check(_ path: String) throws(RunHistoryError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return } // absent: created
        let header = handle.readData(ofLength: 100)
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.close()
        if size == 0 { return } // an empty file is an empty database
        let magic = Data("SQLite format 3\u{0}".utf8)
        guard header.count == 100, header.prefix(16) == magic else {
            throw RunHistoryError("\(path): expected a fundcast run database (SQLite), found a file of \(size) bytes that is not SQLite; it was left unchanged")
        }
        // Header bytes 16–17: page size (1 means 65,536); 28–31: database size in pages.
        let bytes = [UInt8](header)
        let rawPageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        let pageSize = rawPageSize == 1 ? 65_536 : rawPageSize
        let pages = Int(bytes[28]) << 24 | Int(bytes[29]) << 16 | Int(bytes[30]) << 8 | Int(bytes[31])
        if pages > 0, UInt64(pages * pageSize) > size {
            throw RunHistoryError("\(path): expected a complete database of \(pages * pageSize) bytes, found \(size) bytes (truncated); it was left unchanged")
        }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(30)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            let (status, appID, tables) = try queue.read { db in
                (try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "",
                 try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0)
            }
            try queue.close()
            guard status == "ok" else {
                throw RunHistoryError("\(path): expected a healthy run database, found SQLite reporting '\(status)'; it was left unchanged")
            }
            guard appID == applicationID || (appID == 0 && tables == 0) else {
                throw RunHistoryError("\(path): expected a fundcast run database, found another program's SQLite database; it was left unchanged (use --db to choose another file)")
            }
        } catch let error as RunHistoryError {
            throw error
        } catch {
            throw RunHistoryError("\(path): expected a fundcast run database, found a damaged file (\(error)); it was left unchanged")
        }
    }

    /// An exclusive lock across processes while the schema is checked and migrated, waited for at most
    /// `timeout` seconds (as SQLite's busy timeout): a process that holds it longer is named, not waited on forever.
    static func lock(_ path: String, timeout: Double = 30) throws(RunHistoryError) -> Int32 {
        let fd = open(path, O_CREAT | O_RDWR, 0o644)
        guard fd >= 0 else { throw RunHistoryError("\(path): expected a writable lock file beside the database, found it cannot be created") }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
                _ = close(fd)
                throw RunHistoryError("\(path): expected the run database's lock within \(Int(timeout)) s, found another process holding it (another fundcast saving or reading runs; try again when it has finished)")
            }
            usleep(50_000)
        }
        return fd
    }

    static func unlock(_ fd: Int32) {
        _ = flock(fd, LOCK_UN)
        _ = close(fd)
    }

    // MARK: Schema

    /// v1: runs and their parameters. v2: budget lines and headline columns, filled for older runs
    /// from the budget and run documents they stored.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-runs") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: """
                CREATE TABLE run (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  created_at TEXT NOT NULL,
                  label TEXT,
                  command TEXT NOT NULL,
                  command_line TEXT NOT NULL,
                  fundcast_version TEXT NOT NULL,
                  scenario_name TEXT NOT NULL,
                  scenario_file TEXT NOT NULL,
                  scenario_hash TEXT NOT NULL,
                  budget_year INTEGER,
                  run_json TEXT NOT NULL,
                  budget_json TEXT);
                CREATE TABLE parameter (
                  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                  position INTEGER NOT NULL,
                  path TEXT NOT NULL,
                  value TEXT NOT NULL,
                  unit TEXT NOT NULL,
                  source TEXT NOT NULL,
                  PRIMARY KEY (run_id, position));
                """)
        }
        m.registerMigration("v2-budget-lines") { db in
            try db.execute(sql: """
                ALTER TABLE run ADD COLUMN pooled_income REAL;
                ALTER TABLE run ADD COLUMN pooled_expenditure REAL;
                ALTER TABLE run ADD COLUMN pooled_balance REAL;
                ALTER TABLE run ADD COLUMN resident_income REAL;
                ALTER TABLE run ADD COLUMN resident_expenditure REAL;
                ALTER TABLE run ADD COLUMN resident_balance REAL;
                ALTER TABLE run ADD COLUMN pooled_depletion_year INTEGER;
                ALTER TABLE run ADD COLUMN resident_depletion_year INTEGER;
                CREATE INDEX run_label ON run(label);
                CREATE TABLE budget_line (
                  run_id INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
                  position INTEGER NOT NULL,
                  table_code TEXT NOT NULL,
                  code TEXT NOT NULL,
                  label_zh TEXT NOT NULL,
                  label_en TEXT NOT NULL,
                  previous REAL,
                  budget REAL,
                  PRIMARY KEY (run_id, position));
                """)
            for row in try Row.fetchAll(db, sql: "SELECT id, run_json, budget_json FROM run") {
                let id: Int64 = row["id"]
                let lines = DocumentFigures.lines(budgetJSON: row["budget_json"])
                try insert(lines, headline: DocumentFigures.headline(lines: lines, runJSON: row["run_json"]), run: id, db)
            }
        }
        return m
    }

    static func insert(_ lines: [SavedBudgetLine], headline h: RunHeadline, run id: Int64, _ db: Database) throws {
        for (i, l) in lines.enumerated() {
            try db.execute(sql: "INSERT INTO budget_line VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           arguments: [id, i, l.table, l.code, l.labelZh, l.labelEn, l.previous, l.budget])
        }
        try db.execute(sql: """
            UPDATE run SET pooled_income = ?, pooled_expenditure = ?, pooled_balance = ?, resident_income = ?,
              resident_expenditure = ?, resident_balance = ?, pooled_depletion_year = ?, resident_depletion_year = ? WHERE id = ?
            """, arguments: [h.pooledIncome, h.pooledExpenditure, h.pooledBalance, h.residentIncome, h.residentExpenditure,
                             h.residentBalance, h.pooledDepletionYear, h.residentDepletionYear, id])
    }

    // MARK: Runs

    /// Stores a run in one transaction and returns its id.
    @discardableResult
    public func save(_ run: NewRun, at date: Date = Date()) throws(RunHistoryError) -> Int64 {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let created = formatter.string(from: date)
        do {
            return try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO run (created_at, label, command, command_line, fundcast_version, scenario_name, scenario_file,
                                     scenario_hash, budget_year, run_json, budget_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [created, run.label, run.command, run.commandLine, run.fundcastVersion, run.scenarioName,
                                     run.resolved.file, run.resolved.hash, run.budgetYear, run.runJSON, run.budgetJSON])
                let id = db.lastInsertedRowID
                for (i, p) in run.resolved.parameters.enumerated() {
                    try db.execute(sql: "INSERT INTO parameter VALUES (?, ?, ?, ?, ?, ?)", arguments: [id, i, p.path, p.value, p.unit, p.source])
                }
                let lines = DocumentFigures.lines(budgetJSON: run.budgetJSON)
                try RunStore.insert(lines, headline: DocumentFigures.headline(lines: lines, runJSON: run.runJSON), run: id, db)
                return id
            }
        } catch {
            throw RunHistoryError("\(path): could not save the run: \(error)")
        }
    }

    /// Every run, oldest first.
    public func all() throws(RunHistoryError) -> [StoredRun] {
        do {
            return try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM run ORDER BY id").map { try RunStore.run(from: $0, db) } }
        } catch {
            throw RunHistoryError("\(path): could not read runs: \(error)")
        }
    }

    /// The run whose id is `reference`, else the latest run labelled `reference`.
    public func run(_ reference: String) throws(RunHistoryError) -> StoredRun {
        let found: StoredRun?
        do {
            found = try pool.read { db in
                var row: Row?
                if let id = Int64(reference) { row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]) }
                if row == nil { row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE label = ? ORDER BY id DESC LIMIT 1", arguments: [reference]) }
                return try row.map { try RunStore.run(from: $0, db) }
            }
        } catch {
            throw RunHistoryError("\(path): could not read runs: \(error)")
        }
        guard let found else {
            throw RunHistoryError("\(path): expected a run id or label (see fundcast history list), found '\(reference)'")
        }
        return found
    }

    static func run(from row: Row, _ db: Database) throws -> StoredRun {
        let id: Int64 = row["id"]
        let parameters = try Row.fetchAll(db, sql: "SELECT path, value, unit, source FROM parameter WHERE run_id = ? ORDER BY position", arguments: [id])
            .map { ResolvedParameter(path: $0["path"], value: $0["value"], unit: $0["unit"], source: $0["source"]) }
        let lines = try Row.fetchAll(db, sql: "SELECT * FROM budget_line WHERE run_id = ? ORDER BY position", arguments: [id])
            .map { SavedBudgetLine(table: $0["table_code"], code: $0["code"], labelZh: $0["label_zh"], labelEn: $0["label_en"],
                              previous: $0["previous"], budget: $0["budget"]) }
        var resolved = ResolvedScenario(file: row["scenario_file"], parameters: parameters)
        resolved.hash = row["scenario_hash"]
        let saved = NewRun(command: row["command"], label: row["label"], commandLine: row["command_line"], fundcastVersion: row["fundcast_version"],
                           scenarioName: row["scenario_name"], resolved: resolved, budgetYear: row["budget_year"],
                           runJSON: row["run_json"], budgetJSON: row["budget_json"])
        return StoredRun(
            id: id, createdAt: row["created_at"], saved: saved,
            headline: RunHeadline(pooledIncome: row["pooled_income"], pooledExpenditure: row["pooled_expenditure"],
                                  pooledBalance: row["pooled_balance"], residentIncome: row["resident_income"],
                                  residentExpenditure: row["resident_expenditure"], residentBalance: row["resident_balance"],
                                  pooledDepletionYear: row["pooled_depletion_year"], residentDepletionYear: row["resident_depletion_year"]),
            lines: lines)
    }
}
