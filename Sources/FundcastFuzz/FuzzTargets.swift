import Foundation
import Scenario
import Stochastic

/// Coverage-guided fuzzing of fundcast's readers (scripts/fuzz.sh builds this with
/// `-sanitize=fuzzer -DFUZZING`, and libFuzzer supplies `main`). Each run exercises one target,
/// chosen by `FUNDCAST_FUZZ_TARGET`:
///
/// - `scenario`: the scenario loader on the input as a YAML file (aliases, numbers, every key);
/// - `set`: the input as one `--set KEY=VALUE` on a minimal scenario;
/// - `history`, `ytd`, `agesex`: the input as each CSV reader's file;
/// - `published`: the input as a published fund table (`audit`, `--approved`), as CSV and as YAML;
/// - `shock`: the input as a shock or assumption-set overlay (`stress --shocks`, `--assumptions FILE`);
/// - `partial`: the input as a `simulate --shard` partial result file (`fundcast merge`).
///
/// A target may reject its input with a ``ScenarioError`` (that is the point); it must never trap,
/// hang or exhaust memory. Built normally (without `FUZZING`), the executable replays files given
/// as arguments through a target: how a crash libFuzzer found is reproduced and checked fixed.
enum FuzzTarget: String, CaseIterable {
    case scenario, set, history, ytd, agesex, published, shock, partial

    static let minimal = """
        base_year: 2024
        employee:
          active: 1000
          retired: 500
          average_base: 50000
          employer_rate: 0.08
        """

    /// Runs one input; only a trap or a hang can fail it.
    func run(_ data: Data) {
        let text = String(decoding: data, as: UTF8.self)
        switch self {
        case .scenario: _ = try? ScenarioLoader.load(text: text, file: "fuzz.yaml")
        case .set: _ = try? ScenarioLoader.load(text: Self.minimal, file: "fuzz.yaml", overrides: [text])
        case .history: _ = try? HistoryRecord.parse(csv: text, file: "fuzz.csv")
        case .ytd: _ = try? YearToDateRecord.parse(csv: text, file: "fuzz.csv")
        case .agesex: _ = try? AgeSexTable.parse(csv: text, file: "fuzz.csv", column: "count", expected: "a count", accepts: { $0 >= 0 })
        case .published:
            _ = try? PublishedTable.parse(csv: text, file: "fuzz.csv")
            _ = try? PublishedTable.parse(yaml: text, file: "fuzz.yaml")
        case .shock: _ = try? Adjustment.parse(text, file: "fuzz.yaml")
        case .partial: _ = try? PartialResult.decode(data)
        }
    }

    static var selected: FuzzTarget {
        FuzzTarget(rawValue: ProcessInfo.processInfo.environment["FUNDCAST_FUZZ_TARGET"] ?? "") ?? .scenario
    }
}

#if FUZZING
/// libFuzzer's driver (in the runtime `-sanitize=fuzzer` links). SwiftPM names an executable's entry
/// point itself, so libFuzzer's own `main` stays out and this one hands control to the driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

nonisolated(unsafe) private var target = FuzzTarget.selected

/// The entry libFuzzer calls for every input (also when its own `main` is the one linked).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    target.run(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}

@main
struct Fuzz {
    static func main() {
        target = FuzzTarget.selected
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in fuzzerTestOneInput(bytes, count) })
    }
}
#else
/// `FundcastFuzz [--target NAME] FILE…`: replays inputs (a corpus, a crash file) through a target.
@main
struct Replay {
    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var target = FuzzTarget.selected
        if arguments.first == "--target", arguments.count >= 2 {
            guard let named = FuzzTarget(rawValue: arguments[1]) else {
                FileHandle.standardError.write(Data("unknown target \(arguments[1]); one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
                exit(2)
            }
            target = named
            arguments.removeFirst(2)
        }
        var count = 0
        for path in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { path + "/" + $0 } : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                target.run(data)
                count += 1
            }
        }
        print("\(target.rawValue): replayed \(count) inputs")
    }
}
#endif
