import Foundation
import LinearAlgebra
import Scenario
import Stochastic

extension BenchCommand {
    /// `simulate` on the national scenario: `paths` × 36 projected years with every factor moving
    /// (wages, cost growth, interest, utilisation, TFR, Lee–Carter mortality), on every processor, with
    /// the statistics; printed as time, paths per second and peak memory beside a plain dgemm's GFLOP/s
    /// measured right after it in the same process.
    func benchSimulate(paths: Int) throws {
        let clock = ContinuousClock()
        let file = "Scenarios/china-national.yaml"
        let loaded: (scenario: Scenario, resolved: ResolvedScenario)
        do { loaded = try ScenarioLoader.loadResolved(path: file, overrides: ["horizon=2057"]) } catch {
            throw CommandFailure.message("bench simulate: \(file) (run bench from the repository root): \(error)")
        }
        let header = SimulationHeader(loaded.scenario, scenarioHash: loaded.resolved.hash, seed: 1, paths: paths)
        let simulation: Simulation
        do { simulation = try Simulation(loaded.scenario, header: header) } catch { throw CommandFailure.message("bench simulate: \(error)") }
        let threads = ProcessInfo.processInfo.activeProcessorCount
        // The process's peak so far (the earlier workloads): `simulate`'s own peak shows only above it.
        var before = rusage()
        getrusage(RUSAGE_SELF.rawValue, &before)
        var summary: SimulationSummary?
        var failure: (any Error)?
        let t = clock.measure {
            do { summary = SimulationSummary(header, sample: try simulation.run(paths: 0..<paths, threads: threads)) } catch { failure = error }
        }
        if let failure { throw CommandFailure.message("bench simulate: \(failure)") }
        let seconds = ms(t) / 1000
        // Page faults during the run: a heap that is trimmed and regrown shows here (and as system time).
        var afterRun = rusage()
        getrusage(RUSAGE_SELF.rawValue, &afterRun)
        let faults = afterRun.ru_minflt - before.ru_minflt
        // Its membership part alone (the same paths, blocks and threads, no finance): what the cohort
        // step costs by itself, against the same target.
        var unprojected: Int?
        let membership = clock.measure { unprojected = simulation.membershipOnly(paths: 0..<paths, threads: threads) }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        // The dgemm after simulate: OpenBLAS's workers spin for a while after a product and would
        // take cores from the paths.
        let n = 1024
        let a = Matrix(rows: n, columns: n, repeating: 0.5), b = Matrix(rows: n, columns: n, repeating: 1)
        var c = Matrix(rows: n, columns: n)
        BLAS.setThreads(threads)
        let reps = 5
        let gemm = clock.measure { for _ in 0..<reps { try? BLAS.gemm(a, b, into: &c) } }
        let gflops = 2.0 * Double(n * n * n * reps) / (ms(gemm) / 1000) / 1e9
        BLAS.setThreads(1)
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        print(String(format: "dgemm %d×%d·%d×%d (%d threads): %.1f GFLOP/s", n, n, n, n, threads, gflops))
        print(String(format: "simulate, national, %d paths × %d years, all factors stochastic, %d threads: %.2f s, %.1f paths/s, peak RSS %.0f MB, %.0f MB before it started, %ld minor page faults (load average %@)",
                     paths, header.horizon - header.baseYear, threads, seconds, Double(paths) / seconds,
                     Double(usage.ru_maxrss) / 1024, Double(before.ru_maxrss) / 1024, faults, load))
        if let unprojected {
            print(String(format: "  of which the membership alone (factor draws, path scenarios, the block's cohort step; no finance): %.2f s (%d paths not projected)",
                         ms(membership) / 1000, unprojected))
        }
        _ = summary
    }
}
