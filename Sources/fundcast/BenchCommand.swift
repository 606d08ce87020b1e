import ArgumentParser
import Foundation
import LinearAlgebra
import Scenario
import Projection
import Warnings
import Reports

/// `fundcast bench`: the performance benchmark (run it on a release build).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the budget pipeline and BLAS throughput (use a release build: swift run -c release fundcast bench).")

    @Option(help: "Repetitions of the budget pipeline.")
    var repetitions: Int = 200

    func run() throws {
        print("BLAS: \(BLAS.configuration)")
        // 1. The budget pipeline on the embedded example: load, project, warn, build and render tables.
        let clock = ContinuousClock()
        var scenario: Scenario?
        let parse = clock.measure {
            for _ in 0..<repetitions { scenario = try? ScenarioLoader.load(text: EmbeddedScenario.exampleCity, file: "example") }
        }
        guard let scenario else { throw CommandFailure.message("embedded example failed to load") }
        var rendered = 0
        let pipeline = clock.measure {
            for _ in 0..<repetitions {
                guard let result = try? Projection.run(scenario), let budget = try? Budget(result) else { continue }
                let warnings = WarningRules.evaluate(result)
                let tables = budget.tables(style: NumberStyle(unit: .wan, grouping: true), language: .zh)
                rendered += tables.map(TableRenderer.text).joined().count + warnings.count
            }
        }
        print(String(format: "budget, example city: parse %.3f ms, project+warn+render %.3f ms per run (%d runs)",
                     ms(parse) / Double(repetitions), ms(pipeline) / Double(repetitions), repetitions))
        // 2. dgemm throughput at the shape of a batched cohort step: 202 cells × 202 × 1,000 variants.
        for (m, n) in [(202, 1000), (808, 10000)] {
            let a = Matrix(rows: m, columns: m, repeating: 0.5)
            let b = Matrix(rows: m, columns: n, repeating: 1)
            var c = Matrix(rows: m, columns: n)
            let reps = m > 500 ? 3 : 40
            let t = clock.measure { for _ in 0..<reps { try? BLAS.gemm(a, b, into: &c) } }
            let flops = 2.0 * Double(m) * Double(m) * Double(n) * Double(reps)
            print(String(format: "dgemm %d×%d · %d×%d: %.2f ms per call, %.1f GFLOP/s", m, m, m, n, ms(t) / Double(reps), flops / (ms(t) / 1000) / 1e9))
        }
    }

    func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
