import ArgumentParser
import Foundation
import LinearAlgebra
import Scenario
import Projection
import Warnings
import Reports
import Membership
import Demography
import Engine

/// `fundcast bench`: the performance benchmark (run it on a release build).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the budget pipeline and BLAS throughput (use a release build: swift run -c release fundcast bench).")

    @Option(help: "Repetitions of the budget pipeline.")
    var repetitions: Int = 200

    @Option(help: "Scenario variants in the batched cohort benchmark.")
    var variants: Int = 1000

    @Option(help: "Projected years in the batched cohort benchmark.")
    var years: Int = 40

    @Option(name: .customLong("simulate-paths"), help: "Monte Carlo paths in the simulate benchmark (0 skips it).")
    var simulatePaths: Int = 100_000

    func run() throws {
        print("BLAS: \(BLAS.configuration)")
        // simulate first, on the process's fresh C heap as the `simulate` command has it: after the
        // workloads below have freed large buffers, malloc's thresholds have grown and would hide any
        // allocation churn the command itself suffers (page faults of a heap trimmed and regrown).
        if simulatePaths > 0 { try benchSimulate(paths: simulatePaths) }
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
        // 2. The age-structured model on a batch: variants of the example city that share its demography
        //    (they differ in base-year actives), so each year is one GEMM over 1 + 3·variants columns.
        let batch = (0..<variants).compactMap { k in
            try? ScenarioLoader.load(text: EmbeddedScenario.exampleCity, file: "example", overrides: [
                "horizon=\(scenario.baseYear + years)", "employee.active=\(700_000 + 200 * k)"])
        }
        guard batch.count == variants else { throw CommandFailure.message("bench: variants failed to load") }
        var membershipRuns: [CohortMembership.Result] = []
        let membershipTime = clock.measure { membershipRuns = (try? CohortMembership.project(batch, keepCells: false)) ?? [] }
        var projections: [ProjectionResult] = []
        let projectionTime = clock.measure { projections = (try? Projection.run(batch: batch)) ?? [] }
        let n = Double(AgeSex.cells)
        let flops = 2 * n * n * Double(1 + 3 * variants) * Double(years)
        print(String(format: "cohort membership, %d variants × %d years: %.1f ms (%.2f GFLOP in GEMMs, %.2f GFLOP/s over the whole run)",
                     variants, years, ms(membershipTime), flops / 1e9, flops / (ms(membershipTime) / 1000) / 1e9))
        print(String(format: "full projection (membership + finance), %d variants × %d years: %.1f ms (%.3f ms per variant)",
                     variants, years, ms(projectionTime), ms(projectionTime) / Double(max(1, variants))))
        guard membershipRuns.count == variants, projections.count == variants else { throw CommandFailure.message("bench: batch failed") }
        // 3. Sweeps on the engine: 1,000 points of the national scenario over 36 years, over a finance key
        //    (one membership projection shared by every point) and over TFR (a demographic key).
        try sweeps(clock)
        // 4. dgemm throughput at the shape of a batched cohort step: 202 cells × 202 × 1,000 variants.
        // dgemm alone at the batch's shape and at the build notes' reference shape.
        for (m, n) in [(202, 1 + 3 * variants), (808, 10000)] {
            let a = Matrix(rows: m, columns: m, repeating: 0.5)
            let b = Matrix(rows: m, columns: n, repeating: 1)
            var c = Matrix(rows: m, columns: n)
            let reps = m > 500 ? 3 : 40
            let t = clock.measure { for _ in 0..<reps { try? BLAS.gemm(a, b, into: &c) } }
            let flops = 2.0 * Double(m) * Double(m) * Double(n) * Double(reps)
            print(String(format: "dgemm %d×%d · %d×%d (1 thread, as fundcast runs its products): %.2f ms per call, %.1f GFLOP/s", m, m, m, n, ms(t) / Double(reps), flops / (ms(t) / 1000) / 1e9))
        }
    }

    @Option(help: "The national scenario the sweep workloads run (from the repository root).")
    var national = "Scenarios/china-national.yaml"

    /// The sweep workloads: 1,000 points, 36 projected years, targets 0.3 s (finance key) and 1 s (TFR).
    func sweeps(_ clock: ContinuousClock) throws {
        let base: Scenario
        do {
            let loaded = try ScenarioLoader.load(path: national)
            base = try ScenarioLoader.load(path: national, overrides: ["horizon=\(loaded.baseYear + 36)"])
        } catch {
            print("sweep workloads skipped: \(national) not readable from here (run bench from the repository root, or give --national FILE)")
            return
        }
        for (text, target) in [("employee.employer_rate=0.05:0.14995:0.0001", 0.3), ("population.tfr=0.5:1.4991:0.001", 1.0)] {
            guard case .success(let axis) = SweepAxis.parse(text) else { throw CommandFailure.message("bench: \(text)") }
            var points = 0
            let t = clock.measure {
                if case .success(let r) = Engine(base).sweep([axis], at: [base.baseYear + 10]) { points = r.points.count }
            }
            guard points == axis.values.count else { throw CommandFailure.message("bench: sweep over \(axis.key.path) failed") }
            print(String(format: "sweep, %@, %d points × 36 years over %@: %.1f ms (%.3f ms a point; target %.1f s)",
                         (national as NSString).lastPathComponent, points, axis.key.path, ms(t), ms(t) / Double(points), target))
        }
    }

    func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
