import ArgumentParser
import Foundation
import Projection
import Scenario
import Reports
import Stochastic

/// `fundcast simulate`: Monte Carlo over the `stochastic:` factors (Sources/Stochastic/README.md).
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Monte Carlo: percentile fans, probability of depletion and of low months payable, depletion-year distribution.",
        discussion: """
        Examples:
          fundcast simulate Scenarios/china-national.yaml --paths 1000 --seed 7
          fundcast simulate Scenarios/china-national.yaml --paths 100000 --shard 3/10 --output part-3.fcsim
          fundcast merge part-*.fcsim --format json --output fan.json
        The same scenario, seed and path count give the same bytes for any --threads and any sharding.
        """)

    @OptionGroup var common: CommonOptions

    @Option(parsing: .unconditional, help: "Number of simulated paths (≥ 1), e.g. --paths 5000.")
    var paths: Int

    @Option(parsing: .unconditional, help: "Random seed, a whole number 0…18446744073709551615 (default 1).")
    var seed: String = "1"

    @Option(parsing: .unconditional, help: "Worker threads (default: the machine's processors). Results do not depend on it.")
    var threads: Int?

    @Option(help: "Run only shard I of N (e.g. 3/10) and write a partial result file to --output, for `fundcast merge`.")
    var shard: String?

    func run() throws {
        guard paths >= 1 else { throw CommandFailure.message("--paths: expected a number of paths ≥ 1, found \(paths)") }
        guard paths <= Self.maximumPaths else {
            throw CommandFailure.message("--paths: expected at most \(Self.maximumPaths) paths in one run (shard larger runs with --shard), found \(paths)")
        }
        let seedValue = try Self.parseSeed(seed)
        let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        guard threadCount >= 1 else { throw CommandFailure.message("--threads: expected a number ≥ 1, found \(threadCount)") }
        let shardSpec = try shard.map(Self.parseShard)
        if shardSpec == nil { try common.render.refuseReportFile("simulate") }
        // A partial file is its own binary format: a --format would be ignored, and a .fcsim name without
        // --shard would hold a text table that merge cannot read.
        if shardSpec != nil, let f = common.formatOption {
            throw CommandFailure.message("--format \(f.rawValue): expected no --format with --shard (the partial result file has one format, for fundcast merge; merge takes --format), found --format \(f.rawValue)")
        }
        if shardSpec == nil, let output = common.output, URL(fileURLWithPath: output).pathExtension.lowercased() == "fcsim" {
            throw CommandFailure.message("--output \(output): expected --shard I/N for a .fcsim partial result file, found no --shard (the whole run writes table, csv, md or json)")
        }
        if shardSpec != nil, common.output == nil || common.output == "-" {
            throw CommandFailure.message("--shard: expected --output FILE for the partial result, found none")
        }
        if let output = common.output { try ExportFiles.refuseScenario(output, option: "--output", scenario: common.scenario) }
        // 市级统筹: the city level's flows with its districts are the districts' central projection's (as run projects them).
        let loaded = try common.loadScenario(), resolved = try common.loadResolved()
        let scenario: Scenario
        do { scenario = try Projection.mirroringDistricts(loaded) } catch { throw CommandFailure.finance(error, file: common.scenarioName) }
        if let note = VariantOutput.districtNote(scenario) { OutputWriter.writeStandardError("fundcast: \(note.text(common.lang == .en ? .en : .zh))\n") }
        let header = SimulationHeader(scenario, scenarioHash: resolved.hash, seed: seedValue, paths: paths)
        let simulation: Simulation
        do { simulation = try Simulation(scenario, header: header) } catch {
            throw CommandFailure.message("\(common.scenarioName): \(error)")
        }
        let range = shardSpec.map { Simulation.shardRange(index: $0.index, of: $0.count, paths: paths) } ?? 0..<paths
        let meter = ProgressMeter(total: range.count)
        let sample: PathSample
        do {
            sample = try simulation.run(paths: range, threads: threadCount, progress: meter.map { m in { @Sendable done in m.update(done) } })
        } catch {
            meter?.finish()
            throw CommandFailure.message("\(common.scenarioName): \(error)")
        }
        meter?.finish()
        if let shardSpec, let output = common.output {
            let partial = PartialResult(header: header, shard: shardSpec.index, shards: shardSpec.count, sample: sample)
            try ExportFiles.write(partial.encoded(), to: output, option: "--output", scenario: common.scenario)
            return
        }
        let summary = SimulationSummary(header, sample: sample)
        try common.emit(SimulationOutput.render(summary, format: common.format, language: common.lang, unit: common.unit ?? header.unit, toFile: common.output != nil))
        try common.checkFailOn(summary.warnings)
    }

    /// A guard against typing one zero too many: 10 million paths × 40 years × 7 series is 22 GB of doubles.
    static let maximumPaths = 1_000_000

    static func parseSeed(_ text: String) throws(CommandFailure) -> UInt64 {
        guard let v = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
            throw CommandFailure.message("--seed: expected a whole number from 0 to 18446744073709551615, found '\(text)'")
        }
        return v
    }

    static func parseShard(_ text: String) throws(CommandFailure) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let i = parts[0], let n = parts[1] else {
            throw CommandFailure.message("--shard: expected I/N (shard I of N, e.g. 3/10), found '\(text)'")
        }
        guard n >= 1, i >= 1, i <= n else {
            throw CommandFailure.message("--shard: expected 1 ≤ I ≤ N (shards are numbered 1…N), found \(i)/\(n)")
        }
        guard n <= maximumPaths else {
            throw CommandFailure.message("--shard: expected at most \(maximumPaths) shards (one a path at the most), found \(i)/\(n)")
        }
        return (i, n)
    }
}

/// Renders a summary for `simulate` and `merge` alike: the same summary gives the same bytes.
enum SimulationOutput {
    static func render(_ summary: SimulationSummary, format: OutputFormat, language: Language, unit: MoneyUnit, toFile: Bool) -> String {
        let tables = SimulationReport.tables(summary)
        let h = summary.header
        switch format {
        case .json:
            return SimulationReport.json(summary).serialized() + "\n"
        case .csv:
            // One table a reader loads whole: a `table` column naming each row's (fan, probabilities, depletion year).
            let parts = [("fan", SimulationReport.fanLongTable(summary)), ("probabilities", SimulationReport.probabilityTable(summary)),
                         ("depletion_year", SimulationReport.depletionYearTable(summary))]
            return (toFile ? ReportCSV.byteOrderMark : "")
                + TableRenderer.csv(combining: parts.map { (name: $0.0, table: ReportCSV.table($0.1, unit: unit, language: language)) })
        case .md, .table:
            let style = NumberStyle(unit: unit, grouping: true)
            var out = language.pick("蒙特卡洛模拟", "Monte Carlo simulation") + ": \(h.scenarioName); "
                + language.pick("路径 \(h.paths), 种子 \(h.seed), 情景哈希 \(h.scenarioHash)", "\(h.paths) paths, seed \(h.seed), scenario hash \(h.scenarioHash)") + "\n"
                + (Label.commandLineChanges(h.commandLineChanges).map { $0.text(language) + "\n" } ?? "") + "\n"
            for t in tables {
                let table = TextTables.table(t, style: style, language: language)
                out += (format == .md ? TableRenderer.markdown(table) : TableRenderer.text(table)) + "\n"
            }
            out += language.pick("风险预警", "Risk warnings") + ":\n"
            out += summary.warnings.isEmpty ? "  " + language.pick("无", "none") + "\n" : WarningRendering.lines(summary.warnings, language: language).map { "  " + $0 + "\n" }.joined()
            return out
        }
    }
}

/// Paths done, rate and time left on standard error, only when it is a terminal; at most 4 updates a second.
final class ProgressMeter: @unchecked Sendable {
    private let total: Int
    private let start = Date()
    private var last = Date.distantPast
    private let lock = NSLock()

    /// nil when standard error is not a terminal (piped output stays silent).
    init?(total: Int) {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        self.total = total
    }

    func update(_ done: Int) {
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.25 || done == total else { return }
        last = now
        let elapsed = now.timeIntervalSince(start), rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        OutputWriter.writeStandardError(String(format: "\rsimulate: %d/%d paths, %.0f paths/s, ETA %.0f s   ", done, total, rate, eta))
    }

    func finish() { OutputWriter.writeStandardError("\n") }
}
