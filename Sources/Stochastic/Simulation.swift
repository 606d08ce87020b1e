import Foundation
import Scenario
import Finance
import Projection
import Membership

/// One simulated yearly series of a Monte Carlo path.
public enum SimulationSeries: Sendable, Equatable, Hashable {
    /// 年末滚存结余, 元.
    case balance(Fund)
    /// 可支付月数 `F/(X/12)`, months.
    case monthsPayable(Fund)
    /// 赡养比: actives per retiree of the employee scheme.
    case dependencyRatio

    /// Machine name: `employee_pooled.balance`, `resident.months_payable`, `employee.dependency_ratio`.
    public var code: String {
        switch self {
        case .balance(let f): return "\(f.rawValue).balance"
        case .monthsPayable(let f): return "\(f.rawValue).months_payable"
        case .dependencyRatio: return "employee.dependency_ratio"
        }
    }

    public init?(code: String) {
        if code == "employee.dependency_ratio" { self = .dependencyRatio; return }
        let parts = code.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let fund = Fund(rawValue: parts[0]) else { return nil }
        switch parts[1] {
        case "balance": self = .balance(fund)
        case "months_payable": self = .monthsPayable(fund)
        default: return nil
        }
    }

    /// The value of this series in one projected year; NaN where it does not exist. (Each account is
    /// read in place: ``YearResult/account(_:)`` would box it, on each of six series a path-year.)
    func value(_ year: YearResult) -> Double {
        switch self {
        case .balance(.employeePooled): return year.employee?.pooled.closingBalance ?? .nan
        case .balance(.employeePersonalAccount): return year.employee?.personalAccount.closingBalance ?? .nan
        case .balance(.resident): return year.resident?.closingBalance ?? .nan
        case .monthsPayable(.employeePooled): return year.employee?.pooled.monthsPayable ?? .nan
        case .monthsPayable(.employeePersonalAccount): return year.employee?.personalAccount.monthsPayable ?? .nan
        case .monthsPayable(.resident): return year.resident?.monthsPayable ?? .nan
        case .balance, .monthsPayable: return .nan
        case .dependencyRatio: return year.members.dependencyRatio ?? .nan
        }
    }
}

/// What a simulation's numbers are about: enough to summarise and render them without the scenario,
/// so a merge of shards renders exactly what the single run renders.
public struct SimulationHeader: Sendable, Equatable {
    public var scenarioName: String
    /// ``ResolvedScenario/hash`` of the scenario simulated.
    public var scenarioHash: String
    public var unit: MoneyUnit
    public var seed: UInt64
    /// Paths of the whole run (all shards).
    public var paths: Int
    public var baseYear: Int
    public var horizon: Int
    public var funds: [Fund]
    public var series: [SimulationSeries]
    /// Months payable below this counts as insufficient: the pooled fund's `warnings.months_payable.red`.
    public var monthsPayableRed: Double
    /// The resident fund's (`warnings.resident.months_payable_red`).
    public var residentMonthsPayableRed: Double
    public var depletionOrange: Double
    public var depletionRed: Double
    /// What the command line changed in the scenario file (`--set`, `--assumptions`), for the report's header:
    /// a merge of shards names them as the single run does.
    public var commandLineChanges: [CommandLineChange] = []

    public init(scenarioName: String, scenarioHash: String, unit: MoneyUnit, seed: UInt64, paths: Int, baseYear: Int, horizon: Int,
                funds: [Fund], series: [SimulationSeries], monthsPayableRed: Double, residentMonthsPayableRed: Double, depletionOrange: Double, depletionRed: Double,
                commandLineChanges: [CommandLineChange] = []) {
        self.commandLineChanges = commandLineChanges
        self.scenarioName = scenarioName
        self.scenarioHash = scenarioHash
        self.unit = unit
        self.seed = seed
        self.paths = paths
        self.baseYear = baseYear
        self.horizon = horizon
        self.funds = funds
        self.series = series
        self.monthsPayableRed = monthsPayableRed
        self.residentMonthsPayableRed = residentMonthsPayableRed
        self.depletionOrange = depletionOrange
        self.depletionRed = depletionRed
    }

    public init(_ scenario: Scenario, scenarioHash: String, seed: UInt64, paths: Int) {
        scenarioName = scenario.name
        self.scenarioHash = scenarioHash
        unit = scenario.unit
        self.seed = seed
        self.paths = paths
        baseYear = scenario.baseYear
        horizon = scenario.horizon
        // Funds whose base-year balance is reported: without one a balance is only the change since
        // the base year, and its months payable and depletion mean nothing (the budget leaves them empty).
        var funds: [Fund] = []
        if let e = scenario.employee {
            if e.pooledBalanceKnown { funds.append(.employeePooled) }
            if e.personalAccountBalanceKnown { funds.append(.employeePersonalAccount) }
        }
        if let r = scenario.resident, r.balanceKnown { funds.append(.resident) }
        self.funds = funds
        // Personal accounts belong to their holders: months payable is an indicator of the pooled funds only.
        series = funds.flatMap { $0 == .employeePersonalAccount ? [.balance($0)] : [.balance($0), .monthsPayable($0)] }
            + (scenario.employee != nil ? [.dependencyRatio] : [])
        monthsPayableRed = scenario.warnings.monthsPayableRed
        residentMonthsPayableRed = scenario.warnings.residentMonthsPayableRed
        depletionOrange = scenario.stochastic.depletionProbabilityOrange
        depletionRed = scenario.stochastic.depletionProbabilityRed
        commandLineChanges = scenario.commandLineChanges
    }

    /// Funds with a months-payable series (the pooled funds).
    public var monthsFunds: [Fund] { funds.filter { series.contains(.monthsPayable($0)) } }

    /// The months payable below which `fund` counts as insufficient.
    public func monthsPayableRed(_ fund: Fund) -> Double { fund == .resident ? residentMonthsPayableRed : monthsPayableRed }

    /// Base year, then every projected year.
    public var years: ClosedRange<Int> { baseYear...horizon }
}

/// The simulated values of a contiguous range of paths, laid out `[series][year][path]` so that a
/// year's values of one series are contiguous (sorted in place for percentiles).
public struct PathSample: Sendable, Equatable {
    public var firstPath: Int
    public var count: Int
    public var seriesCount: Int
    public var yearCount: Int
    public var values: [Double]

    public init(firstPath: Int, count: Int, seriesCount: Int, yearCount: Int, values: [Double]) {
        self.firstPath = firstPath
        self.count = count
        self.seriesCount = seriesCount
        self.yearCount = yearCount
        self.values = values
    }

    /// The values of series `s` in year index `y`, one per path of the range.
    public func slice(series s: Int, year y: Int) -> ArraySlice<Double> {
        let start = (s * yearCount + y) * count
        return values[start..<(start + count)]
    }

    /// Samples of adjacent path ranges joined in path order (a merge of shards).
    public static func concatenating(_ parts: [PathSample]) -> PathSample? {
        guard let first = parts.first else { return nil }
        let total = parts.map(\.count).reduce(0, +)
        var values = [Double](repeating: 0, count: first.seriesCount * first.yearCount * total)
        var offset = 0
        for p in parts {
            guard p.seriesCount == first.seriesCount, p.yearCount == first.yearCount, p.firstPath == first.firstPath + offset else { return nil }
            for block in 0..<(p.seriesCount * p.yearCount) {
                let src = block * p.count, dst = block * total + offset
                for i in 0..<p.count { values[dst + i] = p.values[src + i] }
            }
            offset += p.count
        }
        return PathSample(firstPath: first.firstPath, count: total, seriesCount: first.seriesCount, yearCount: first.yearCount, values: values)
    }
}

/// A path whose projection failed: its index and the finance model's reason.
public struct SimulationError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: Int
    public var error: FinanceError
    public var description: String { "path \(path): \(error)" }
}

/// The Monte Carlo runner: path `p` draws its factor deviations from Philox keyed by the seed with
/// counter `(p, year, slot)`, builds its scenario and projects it with the deterministic model. A
/// path's numbers depend only on `(scenario, seed, p)`: never on threads, shards or batch sizes.
public struct Simulation: Sendable {
    public let scenario: Scenario
    public let model: FactorModel
    public let header: SimulationHeader
    let generator: Philox4x32
    /// The funds' calibrations, computed once: they read the base year only, which no factor moves
    /// (``FactorModel/scenario(_:deviations:)`` keeps every year up to it), so each path's own would be
    /// the same bit for bit. Nil (each path calibrates) when a fund calibrates to a later year.
    let calibrations: Projection.Calibrations?

    public init(_ scenario: Scenario, header: SimulationHeader) throws(StochasticError) {
        self.scenario = scenario
        self.header = header
        model = try FactorModel(scenario.stochastic)
        generator = Philox4x32(seed: header.seed)
        calibrations = scenario.membership.model == .cohort
            ? CohortPathBlock.baseYear(scenario).flatMap { Projection.baseYearCalibrations(scenario, baseYear: $0) } : nil
    }

    /// The paths `first ..< first + count` of shard `index` (1-based) of `shards`: `⌊(i−1)N/n⌋ ..< ⌊iN/n⌋`.
    public static func shardRange(index: Int, of shards: Int, paths: Int) -> Range<Int> {
        (paths * (index - 1) / shards)..<(paths * index / shards)
    }

    /// One path's scenario: its factor deviations drawn from the generator, applied to the scenario.
    func pathScenario(_ p: Int) -> Scenario {
        model.scenario(scenario, deviations: model.deviations(generator, path: UInt64(p), steps: header.horizon - header.baseYear))
    }

    /// One path's series, `values[s * years + y]`, projected on its own with the deterministic model.
    public func path(_ p: Int) throws(SimulationError) -> [Double] {
        let result: ProjectionResult
        do { result = try Projection.run(pathScenario(p)) } catch { throw SimulationError(path: p, error: error) }
        return series(result)
    }

    /// The header's series of one projection, `values[s * years + y]`.
    func series(_ result: ProjectionResult) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(header.series.count * result.years.count)
        for s in header.series { for year in result.years { out.append(s.value(year)) } }
        return out
    }

    /// Paths per block of the batched membership step: enough for the loops over paths to run long,
    /// few enough for a block's states (6 × 202 × paths doubles) to stay in cache.
    public static let blockSize = 64

    /// The series of paths `paths`, in order: their membership advanced together (``CohortPathBlock``),
    /// each path's finance a year behind it on the shared calibration (or, without one, each path's
    /// finance on its whole membership). Each path's numbers are its own: they do not depend on the block.
    public func block(_ paths: Range<Int>) -> [Result<[Double], SimulationError>] {
        let scenarios = paths.map(pathScenario)
        guard scenario.membership.model == .cohort else {
            return paths.map { p in Result { () throws(SimulationError) -> [Double] in try path(p) } }
        }
        if let calibrations { return streamed(paths, scenarios, calibrations) }
        let members = CohortPathBlock.project(scenarios)
        return zip(paths, zip(scenarios, members)).map { p, pair -> Result<[Double], SimulationError> in
            switch pair.1 {
            case .failure(let e):
                return .failure(SimulationError(path: p, error: FinanceError(key: e.key, expected: e.expected, found: e.found)))
            case .success(let years):
                do throws(FinanceError) { return .success(series(try Projection.finance(pair.0, membership: years, cells: nil))) } catch {
                    return .failure(SimulationError(path: p, error: error))
                }
            }
        }
    }

    /// ``block(_:)`` with finance advanced year by year as the block's members arrive: only each
    /// path's series and what its next year needs are kept, not its years of members and accounts.
    private func streamed(_ paths: Range<Int>, _ scenarios: [Scenario], _ calibrations: Projection.Calibrations) -> [Result<[Double], SimulationError>] {
        let n = paths.count, yearCount = header.years.count, series = header.series, perPath = series.count * yearCount
        // Path k's series at `k · perPath`, one array for the block.
        var values = [Double](repeating: .nan, count: n * perPath)
        var runs: [FinanceRun?] = []
        var errors = [SimulationError?](repeating: nil, count: n)
        var y = 0
        let failed = CohortPathBlock.advance(scenarios) { members in
            if runs.isEmpty {
                runs = (0..<n).map { k -> FinanceRun? in
                    do throws(FinanceError) { return try FinanceRun(scenarios[k], membership: [members[k]], calibrations: calibrations) } catch {
                        errors[k] = SimulationError(path: paths.lowerBound + k, error: error)
                        return nil
                    }
                }
            }
            values.withUnsafeMutableBufferPointer { values in
                for k in 0..<n {
                    guard let year = runs[k]?.next(members[k]) else { continue }
                    for (s, series) in series.enumerated() { values[k * perPath + s * yearCount + y] = series.value(year) }
                }
            }
            y += 1
        }
        return (0..<n).map { k in
            if let e = failed[k] {
                return .failure(SimulationError(path: paths.lowerBound + k, error: FinanceError(key: e.key, expected: e.expected, found: e.found)))
            }
            return errors[k].map { .failure($0) } ?? .success(Array(values[(k * perPath)..<((k + 1) * perPath)]))
        }
    }

    /// The membership part of ``run(paths:threads:progress:)`` alone, for `fundcast bench`'s breakdown
    /// of its time: the same chunks and blocks, each path's factor draws and scenario, and the block's
    /// cohort step (``CohortPathBlock/advance(_:each:)``) with no finance after it. Returns the number
    /// of paths whose population could not be projected (nil: not the cohort model, nothing to time).
    public func membershipOnly(paths: Range<Int>, threads: Int) -> Int? {
        guard scenario.membership.model == .cohort else { return nil }
        let n = paths.count, workers = max(1, min(threads, n))
        // Each worker counts its own failed paths in its own slot (disjoint writes, no lock).
        let failures = SampleStore(count: workers)
        let me = self
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let chunk = (n * w / workers)..<(n * (w + 1) / workers)
            var failed = 0
            for start in stride(from: chunk.lowerBound, to: chunk.upperBound, by: Self.blockSize) {
                let block = (paths.lowerBound + start)..<(paths.lowerBound + min(start + Self.blockSize, chunk.upperBound))
                failed += CohortPathBlock.advance(block.map(me.pathScenario)) { _ in }.count { $0 != nil }
            }
            failures.set(w, Double(failed))
        }
        return Int(failures.values.reduce(0, +))
    }

    /// Runs `paths` on `threads` workers (contiguous chunks, in blocks); `progress` is told each finished path count.
    public func run(paths: Range<Int>, threads: Int, progress: (@Sendable (Int) -> Void)? = nil) throws(SimulationError) -> PathSample {
        let n = paths.count, seriesCount = header.series.count, yearCount = header.years.count
        let store = SampleStore(count: seriesCount * yearCount * n)
        let workers = max(1, min(threads, n))
        let me = self
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let chunk = (n * w / workers)..<(n * (w + 1) / workers)
            for start in stride(from: chunk.lowerBound, to: chunk.upperBound, by: Self.blockSize) {
                let end = min(start + Self.blockSize, chunk.upperBound)
                let results = me.block((paths.lowerBound + start)..<(paths.lowerBound + end))
                for (k, result) in results.enumerated() {
                    let i = start + k
                    switch result {
                    case .success(let v):
                        for s in 0..<seriesCount { for y in 0..<yearCount { store.set((s * yearCount + y) * n + i, v[s * yearCount + y]) } }
                    case .failure(let error):
                        store.fail(error)
                        return
                    }
                    if let progress { progress(store.finish()) }
                }
            }
        }
        if let error = store.firstError { throw error }
        return PathSample(firstPath: paths.lowerBound, count: n, seriesCount: seriesCount, yearCount: yearCount, values: store.values)
    }
}

/// Workers' shared output: disjoint indices per worker, so writes need no lock; errors and the
/// progress count do.
final class SampleStore: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<Double>
    private let lock = NSLock()
    private var done = 0
    private(set) var firstError: SimulationError?

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: 0)
    }

    deinit { buffer.deallocate() }

    func set(_ i: Int, _ v: Double) { buffer[i] = v }

    var values: [Double] { Array(buffer) }

    func fail(_ e: SimulationError) {
        lock.lock(); defer { lock.unlock() }
        if firstError.map({ e.path < $0.path }) ?? true { firstError = e }
    }

    func finish() -> Int {
        lock.lock(); defer { lock.unlock() }
        done += 1
        return done
    }

    /// How many ``finish()`` has counted.
    var finished: Int {
        lock.lock(); defer { lock.unlock() }
        return done
    }
}
