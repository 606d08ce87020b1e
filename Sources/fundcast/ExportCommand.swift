import ArgumentParser
import Foundation
import Scenario
import Projection
import Warnings
import Reports
import Workbook

/// Report file formats, named by a file's extension.
enum ExportFormat: String, CaseIterable {
    case xlsx, html, ipynb, csv, md, json

    init?(path: String) {
        self.init(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())
    }

    /// The `--format` a text extension stands for; nil for report files.
    var outputFormat: OutputFormat? {
        switch self {
        case .csv: return .csv
        case .md: return .md
        case .json: return .json
        case .xlsx, .html, .ipynb: return nil
        }
    }
}

/// `fundcast export`: the annual-report files (workbook, HTML report, notebook, CSV tables).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write report files: an XLSX workbook, a self-contained HTML report with charts, a Jupyter notebook, CSV tables.",
        discussion: """
        Without a file option the notebook goes to notebooks-export/<scenario>-<base_year>.ipynb.
        Examples:
          fundcast export Scenarios/example-city.yaml --xlsx 预算.xlsx --html 报告.html
          fundcast export Scenarios/example-city.yaml --all reports/
        """)

    @OptionGroup var common: CommonOptions

    @Option(parsing: .unconditional, help: "Budget year (default: base_year + 1).")
    var year: Int?

    @Option(help: ArgumentHelp("Excel workbook (one sheet per table).", valueName: "FILE.xlsx"))
    var xlsx: String?

    @Option(help: ArgumentHelp("Self-contained HTML report with SVG charts.", valueName: "FILE.html"))
    var html: String?

    @Option(help: ArgumentHelp("Jupyter notebook (default notebooks-export/<scenario>-<base_year>.ipynb).", valueName: "FILE.ipynb"))
    var notebook: String?

    @Option(name: .customLong("csv"), help: ArgumentHelp("Folder for one CSV file per table (UTF-8 with BOM).", valueName: "DIR"))
    var csvFolder: String?

    @Option(name: .customLong("all"), help: ArgumentHelp("Folder for every format at once.", valueName: "DIR"))
    var allFolder: String?

    func run() throws {
        // Export writes files: `-` (standard output elsewhere) would make a file named "-".
        for (option, path) in [("--xlsx", xlsx), ("--html", html), ("--notebook", notebook), ("--csv", csvFolder), ("--all", allFolder), ("--output", common.output)] where path == "-" {
            throw CommandFailure.message("\(option) -: expected a file or folder path (export writes report files, not standard output; use budget or run --format for text), found '-'")
        }
        // The files' formats come from their options and --output's extension; a --format that says otherwise would be ignored.
        if let format = common.formatOption, common.output.flatMap(ExportFormat.init(path:))?.outputFormat != format {
            throw CommandFailure.message("--format \(format.rawValue): expected no --format for export, or the one --output's extension names (the files' formats come from --xlsx, --html, --notebook, --csv, --all and --output FILE.ext), found --format \(format.rawValue)\(common.output.map { " with --output \($0)" } ?? "")", code: 2)
        }
        // A file named for another format (--html r.xlsx) would open as that format and fail.
        for (option, path, allowed) in [("--xlsx", xlsx, ["xlsx"]), ("--html", html, ["html", "htm"]), ("--notebook", notebook, ["ipynb"])] {
            guard let path else { continue }
            try ExportFiles.refuseScenario(path, option: option, scenario: common.scenario) // the graver mistake, said first
            let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
            if !allowed.contains(ext) {
                throw CommandFailure.message("\(option) \(path): expected a file ending in \(allowed.map { "." + $0 }.joined(separator: " or ")), found \(ext.isEmpty ? "no extension" : "'.\(ext)'")")
            }
        }
        let scenario = try common.loadScenario()
        let model = try ModelRun(scenario, file: common.scenarioName, unit: common.unit, locate: common.locate)
        var targets: [(ExportFormat, String, String)] = []
        if let xlsx { targets.append((.xlsx, xlsx, "--xlsx")) }
        if let html { targets.append((.html, html, "--html")) }
        if let notebook { targets.append((.ipynb, notebook, "--notebook")) }
        if let output = common.output {
            guard let format = ExportFormat(path: output) else {
                throw CommandFailure.message("--output \(output): expected a file ending in \(ExportFormat.allCases.map { "." + $0.rawValue }.joined(separator: ", ")), found '.\(URL(fileURLWithPath: output).pathExtension)'")
            }
            targets.append((format, output, "--output"))
        }
        let exporter = try Exporter(common: common, model: model, year: year)
        if let allFolder {
            let base = URL(fileURLWithPath: allFolder)
            for format in [ExportFormat.xlsx, .html, .ipynb, .json, .md] {
                targets.append((format, base.appendingPathComponent("\(exporter.document.slug)-\(scenario.baseYear).\(format.rawValue)").path, "--all"))
            }
        }
        if targets.isEmpty && csvFolder == nil {
            targets.append((.ipynb, exporter.defaultNotebookPath, "--notebook"))
        }
        // Every file rendered first, then all written as one (OutputWriter.replaceFiles): an error in
        // any of them leaves every target as it was.
        var files: [(data: Data, path: String, option: String)] = []
        for (format, path, option) in targets {
            files.append(try exporter.file(format, to: path, option: option))
        }
        // Each CSV folder with the option that named it, for messages, and the tables written there.
        let csvTargets = [csvFolder.map { ($0, "--csv") }, allFolder.map { (URL(fileURLWithPath: $0).appendingPathComponent("csv").path, "--all") }].compactMap { $0 }
        var csvFolders: [(folder: String, names: [String])] = []
        for (folder, option) in csvTargets {
            let tables = try exporter.csvFiles(folder: folder, option: option)
            files += tables
            csvFolders.append((folder, tables.map { URL(fileURLWithPath: $0.path).lastPathComponent }))
        }
        // Two outputs on one path: the later would silently replace the earlier.
        var seen: [String: String] = [:]
        for file in files {
            // The same file reached through a symlinked folder is the same output.
            let url = URL(fileURLWithPath: file.path).standardizedFileURL
            let key = ExportFiles.canonical(url.deletingLastPathComponent().path) + "/" + url.lastPathComponent
            if let first = seen[key] {
                throw CommandFailure.message("\(first) and \(file.option) \(file.path): expected a file of its own for each output, found the same path twice")
            }
            seen[key] = "\(file.option) \(file.path)"
        }
        try ExportFiles.writeAll(files, csvFolders: csvFolders)
        print(files.map { "wrote \($0.path)" }.joined(separator: "\n"))
        try common.checkFailOn(model.warnings)
    }
}

/// Renders one run as report files.
struct Exporter {
    var common: CommonOptions
    var model: ModelRun
    var budget: Budget
    var document: ReportDocument
    var unit: MoneyUnit
    /// `--year` as given (nil: the default budget year).
    var budgetYearOption: Int?

    /// `execution`: year-to-date actuals (`budget --actuals`; with districts each level's and 全市), exported as their own section.
    init(common: CommonOptions, model: ModelRun, year: Int?, execution: [ExecutionReport] = []) throws(CommandFailure) {
        self.common = common
        self.model = model
        self.budgetYearOption = year
        budget = try model.budget(year: year)
        let parameters = try common.shownParameters(try common.loadResolved(), scenario: model.result.scenario)
        let slug = common.scenario.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent } ?? "example-city"
        let unit = common.unit ?? model.result.scenario.unit
        self.unit = unit
        let style = NumberStyle(unit: unit, grouping: true)
        document = ExportReport.document(model.result, warnings: model.warnings, budget: budget, parameters: parameters, slug: slug,
                                         execution: execution.map { $0.reportTable(style: style) })
    }

    var defaultNotebookPath: String { "notebooks-export/\(document.slug)-\(document.baseYear).ipynb" }

    /// The command that regenerates the notebook, for its first cell.
    var regenerate: String {
        var parts = ["fundcast", "export"]
        if let s = common.scenario { parts.append(CommandLineChange.shellWord(s)) }
        parts += model.result.scenario.commandLineChanges.map(\.arguments) // --set and --assumptions, in order, shell-quoted
        if let u = common.unit { parts += ["--unit", u.rawValue] }
        if common.lang != .zh { parts += ["--lang", common.lang.rawValue] }
        if let y = budgetYearOption { parts += ["--year", String(y)] }
        parts += ["--notebook", "FILE.ipynb"]
        return parts.joined(separator: " ")
    }

    func render(_ format: ExportFormat) throws(CommandFailure) -> Data {
        let lang = common.lang
        switch format {
        case .xlsx:
            // The document date is 1 January of the budget year, so the same run gives the same bytes.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
            let created = calendar.date(from: DateComponents(year: budget.year, month: 1, day: 1)) ?? Date(timeIntervalSince1970: 0)
            do {
                return try XLSXReport.render(document, unit: unit, language: lang, created: created)
            } catch {
                throw CommandFailure.message("--xlsx: \(error)")
            }
        case .html: return Data(HTMLReport.render(document, unit: unit, language: lang).utf8)
        case .ipynb: return Data(NotebookReport.render(document, unit: unit, language: lang, regenerate: regenerate).utf8)
        case .json: return Data((ProjectionJSON.document(model.result, warnings: model.warnings, budget: budget).serialized() + "\n").utf8)
        case .csv: return Data(ReportCSV.render(RunReport.reportTable(model.result), unit: unit, language: lang, bom: true).utf8)
        case .md:
            let style = NumberStyle(unit: unit, grouping: true)
            var out = "# " + document.title.text(lang) + "\n\n" + document.subtitle.map { $0.text(lang) + "\n" }.joined()
            for section in document.sections {
                out += "\n## " + section.title.text(lang) + "\n\n"
                out += section.alerts.map { "- **\($0.levelName.text(lang))** \($0.message.text(lang))\n" }.joined()
                for table in section.tables { out += TableRenderer.markdown(TextTables.table(table, style: style, language: lang)) + "\n" }
                out += section.paragraphs.map { "- " + $0.text(lang) + "\n" }.joined()
            }
            return Data(out.utf8)
        }
    }

    func write(_ format: ExportFormat, to path: String, option: String) throws(CommandFailure) {
        try OutputWriter.replaceFiles([file(format, to: path, option: option)])
    }

    /// `format` rendered for `path` (its folder made), not yet written; never the scenario.
    func file(_ format: ExportFormat, to path: String, option: String) throws(CommandFailure) -> (data: Data, path: String, option: String) {
        try ExportFiles.refuseScenario(path, option: option, scenario: common.scenario)
        try ExportFiles.checkFolder(URL(fileURLWithPath: path).deletingLastPathComponent().path, option: option, file: path)
        return (try render(format), path, option)
    }

    /// One CSV file per table in `folder` (made), not yet written; `option` names it in messages (`--csv`, `--all`).
    func csvFiles(folder: String, option: String) throws(CommandFailure) -> [(data: Data, path: String, option: String)] {
        try ExportFiles.checkFolder(folder, option: option)
        var files: [(data: Data, path: String, option: String)] = []
        for table in document.tables {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(ReportCSV.fileName(table)).path
            try ExportFiles.refuseScenario(path, option: option, scenario: common.scenario)
            files.append((Data(ReportCSV.render(table, unit: unit, language: common.lang, bom: true).utf8), path, option))
        }
        return files
    }
}

/// Writing report files: whole files only (written beside the target, then renamed over it), never
/// over the scenario they came from.
enum ExportFiles {
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    static func refuseScenario(_ path: String, option: String, scenario: String?) throws(CommandFailure) {
        guard let scenario, canonical(path) == canonical(scenario) else { return }
        throw CommandFailure.message("\(option) \(path): expected a file other than the scenario, found the scenario itself, an input of this run (writing there would destroy it; choose another file)")
    }

    /// Refuses a folder that cannot be made (a file in the way) before anything is rendered; the
    /// folders themselves are made only when the files are written (``writeAll(_:csvFolders:)``).
    /// `file`: the output the folder is for (its option names a file, not the folder).
    static func checkFolder(_ folder: String, option: String, file: String? = nil) throws(CommandFailure) {
        if let problem = Folders.problem(folder) {
            let here = problem.path == URL(fileURLWithPath: folder.isEmpty ? "." : folder).standardizedFileURL.path
            let what = file == nil ? "a folder" : "its folder '\(folder)' to be a folder"
            throw CommandFailure.message("\(option) \(file ?? folder): expected \(what), found " + (here ? "a file" : "a file in the way at '\(problem.path)'"))
        }
    }

    /// The list of the CSV files an export wrote in its folder, so that the next export into the same
    /// folder removes the tables it no longer has (and nothing a user put there).
    static let csvManifest = ".csv-files-written-by-fundcast"

    /// Makes the files' folders, writes every file as one (``OutputWriter/replaceFiles(_:)``), then in each
    /// CSV folder removes the CSV files the previous export listed and this one did not write (`names`,
    /// the tables this export writes there). On a failure the folders made here are removed again (those
    /// still empty), so nothing is left half-made.
    static func writeAll(_ files: [(data: Data, path: String, option: String)], csvFolders: [(folder: String, names: [String])]) throws(CommandFailure) {
        var made: [String] = []
        var all = files
        var stale: [String] = []
        for (folder, names) in csvFolders {
            let manifest = URL(fileURLWithPath: folder).appendingPathComponent(csvManifest).path
            // At most 1 MB of it is read (a list of table names is a few hundred bytes).
            let listed = FileHandle(forReadingAtPath: manifest).flatMap { h in defer { try? h.close() }; return try? h.read(upToCount: 1 << 20) }
            let previous = listed.flatMap { String(data: $0, encoding: .utf8) }?.split(separator: "\n").map(String.init) ?? []
            stale += previous.filter { !names.contains($0) && $0.hasSuffix(".csv") && !$0.contains("/") }.map { URL(fileURLWithPath: folder).appendingPathComponent($0).path }
            all.append((Data((names.sorted().joined(separator: "\n") + "\n").utf8), manifest, "--csv"))
        }
        do throws(CommandFailure) {
            for folder in Set(all.map { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path }).sorted() {
                do throws(FolderError) { made += try Folders.make(folder) } catch {
                    let option = all.first { URL(fileURLWithPath: $0.path).deletingLastPathComponent().path == folder }?.option ?? "--output"
                    throw CommandFailure.message("\(option) \(folder): expected a folder that can be made, found \(error)")
                }
            }
            try OutputWriter.replaceFiles(all)
        } catch {
            Folders.remove(made)
            throw error
        }
        for path in stale where FileKind(path: path) == .regular { _ = unlink(path) }
    }

    /// Atomic write through ``OutputWriter``: an existing file is replaced only as a whole, never the scenario.
    static func write(_ data: Data, to path: String, option: String, scenario: String?,
                      beforeRename: (() throws(CommandFailure) -> Void)? = nil) throws(CommandFailure) {
        try refuseScenario(path, option: option, scenario: scenario)
        try OutputWriter.replaceFile(data, at: path, option: option, beforeRename: beforeRename)
    }
}
