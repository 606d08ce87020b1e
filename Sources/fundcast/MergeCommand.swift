import ArgumentParser
import Foundation
import Scenario
import Reports
import Stochastic

/// `fundcast merge`: joins the partial files of `simulate --shard` into exactly the single run's output.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Combine `simulate --shard I/N` partial files into the result of the whole run (byte for byte).",
        discussion: "Example: fundcast merge part-1.fcsim part-2.fcsim --format json --output fan.json")

    @Argument(help: "Partial result files, one per shard, in any order.")
    var partials: [String]

    @OptionGroup var render: RenderOptions

    func run() throws {
        guard !partials.isEmpty else { throw CommandFailure.message("merge: expected at least one partial file, found none") }
        try render.refuseReportFile("merge")
        var parts: [PartialResult] = []
        for path in partials {
            if let output = render.output, URL(fileURLWithPath: output).standardized.path == URL(fileURLWithPath: path).standardized.path {
                throw CommandFailure.message("--output \(output): expected a file other than the inputs, found the partial file \(path)")
            }
            let data: Data
            guard FileKind(path: path) != .directory else { throw CommandFailure.message("\(path): expected a partial result file, found a folder") }
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw CommandFailure.message("\(path): expected a readable partial result file, found \(Folders.reason(error))")
            }
            do { parts.append(try PartialResult.decode(data)) } catch { throw CommandFailure.message("\(path): \(error)") }
        }
        let merged: (SimulationHeader, PathSample)
        do { merged = try PartialResult.merge(parts, names: partials) } catch { throw CommandFailure.message("merge: \(error)") }
        let summary = SimulationSummary(merged.0, sample: merged.1)
        let output = render.output
        let text = SimulationOutput.render(summary, format: render.format, language: render.lang, unit: render.unit ?? merged.0.unit,
                                           toFile: output != nil && output != "-")
        try render.emit(Data(text.utf8), input: nil)
    }
}
