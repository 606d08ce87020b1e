import Foundation
import Scenario
import Projection
import Warnings

/// The statistics of a simulation, per year: percentile fans, the probability that a fund has been
/// depleted (closing balance < 0 in some projected year up to and including this one), the probability
/// of fewer than `monthsPayableRed` months payable, and the distribution of the depletion year.
public struct SimulationSummary: Sendable, Equatable {
    /// The fan's probabilities: 5 %, 25 %, median, 75 %, 95 %.
    public static let levels: [Double] = [0.05, 0.25, 0.5, 0.75, 0.95]

    public var header: SimulationHeader
    /// `fans[series][year]` = the five percentiles (NaN where no path has the figure).
    public var fans: [[[Double]]]
    /// `depletion[fund][year]`: share of paths depleted by the end of that year (0 in the base year).
    public var depletion: [[Double]]
    /// `lowMonths[fund][year]` over ``SimulationHeader/monthsFunds``: share of paths with months payable below the fund's red threshold (``SimulationHeader/monthsPayableRed(_:)``).
    public var lowMonths: [[Double]]
    /// `depletionYears[fund]`: paths whose first depleted year is each projected year; the last entry
    /// counts paths not depleted by the horizon.
    public var depletionYears: [[Int]]
    public var warnings: [RiskWarning]

    /// A buffer the summary's workers write at disjoint indices.
    private struct UncheckedSendable: @unchecked Sendable {
        let value: UnsafeMutableBufferPointer<Double>
        init(_ value: UnsafeMutableBufferPointer<Double>) { self.value = value }
    }

    /// `x_(h)` with `h = (n − 1)·p` interpolated linearly between order statistics (Hyndman & Fan 1996
    /// type 7, the default of R and NumPy) on sorted finite values.
    public static func percentile(sorted x: [Double], _ p: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let h = Double(x.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, x.count - 1)
        let w = h - Double(lo)
        return w == 0 ? x[lo] : x[lo] + w * (x[hi] - x[lo])
    }

    public init(_ header: SimulationHeader, sample: PathSample) {
        self.header = header
        let years = Array(header.years), n = sample.count
        // Each series-year's percentiles on their own, on every core (``OrderStatistics``: the same
        // numbers as on the sorted values, whatever the number of threads).
        let yearCount = years.count, jobs = header.series.count * yearCount, levels = Self.levels
        let out = UnsafeMutableBufferPointer<Double>.allocate(capacity: jobs * levels.count)
        defer { out.deallocate() }
        let slots = UncheckedSendable(out)
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            var finite = sample.slice(series: job / yearCount, year: job % yearCount).filter { $0.isFinite }
            for (l, v) in OrderStatistics.percentiles(&finite, levels: levels).enumerated() { slots.value[job * levels.count + l] = v }
        }
        fans = header.series.indices.map { s in
            (0..<yearCount).map { y in Array(out[((s * yearCount + y) * levels.count)..<((s * yearCount + y + 1) * levels.count)]) }
        }
        depletion = []
        lowMonths = []
        depletionYears = []
        for fund in header.funds {
            let b = header.series.firstIndex(of: .balance(fund))!
            var firstDepleted = [Int](repeating: years.count, count: n) // year index; years.count = never
            for y in 1..<years.count {
                let slice = sample.slice(series: b, year: y)
                for (i, v) in slice.enumerated() where firstDepleted[i] == years.count && v < 0 { firstDepleted[i] = y }
            }
            var counts = [Int](repeating: 0, count: years.count + 1)
            for f in firstDepleted { counts[f] += 1 }
            var cumulative = 0
            depletion.append(years.indices.map { y in
                cumulative += y == 0 ? 0 : counts[y]
                return n > 0 ? Double(cumulative) / Double(n) : 0
            })
            depletionYears.append(Array(counts.dropFirst()))
        }
        for fund in header.monthsFunds {
            let m = header.series.firstIndex(of: .monthsPayable(fund))!
            lowMonths.append(years.indices.map { y in
                let red = header.monthsPayableRed(fund)
                let below = sample.slice(series: m, year: y).filter { $0 < red }.count
                return n > 0 ? Double(below) / Double(n) : 0
            })
        }
        warnings = []
        warnings = depletionWarnings()
    }

    /// 穿底概率预警: per fund, the first year the probability of depletion exceeds the orange and the red
    /// threshold (「fundcast 默认阈值」 5 % and 20 %, ``StochasticSettings/defaultDepletionOrange``, or the
    /// scenario's `stochastic.depletion_probability`, cited as the scenario's own).
    func depletionWarnings() -> [RiskWarning] {
        var out: [RiskWarning] = []
        let years = Array(header.years)
        let isDefault = header.depletionOrange == StochasticSettings.defaultDepletionOrange && header.depletionRed == StochasticSettings.defaultDepletionRed
        let (o, r) = (plainDecimal(header.depletionOrange * 100), plainDecimal(header.depletionRed * 100))
        let basis = isDefault ? WarningBasis(
            zh: "fundcast 默认阈值: 穿底概率 > 5% 橙色 (二十条路径中超过一条), > 20% 红色 (五条中超过一条, 已非尾部事件)",
            en: "fundcast default threshold: a depletion probability above 5% orange (more than one path in twenty), above 20% red (more than one in five: no longer a tail event)")
            : WarningBasis(zh: "情景设定阈值 (stochastic.depletion_probability): 穿底概率 > \(o)% 橙色, > \(r)% 红色",
                           en: "the scenario's threshold (stochastic.depletion_probability): a depletion probability above \(o)% orange, above \(r)% red")
        for (k, fund) in header.funds.enumerated() {
            for (level, threshold) in [(WarningLevel.red, header.depletionRed), (.orange, header.depletionOrange)] {
                guard let y = years.indices.first(where: { $0 > 0 && depletion[k][$0] > threshold }) else { continue }
                if level == .orange, out.contains(where: { $0.scheme == fund && $0.year == years[y] }) { continue }
                let p = depletion[k][y]
                let pct = String(format: "%.1f%%", p * 100), th = String(format: "%.0f%%", threshold * 100)
                out.append(RiskWarning(
                    level: level, code: .depletionProbability, scheme: fund, year: years[y],
                    metric: .depletionProbability, value: p, threshold: threshold, basis: basis,
                    messageZh: "\(Self.fundName(fund).zh)至 \(years[y]) 年穿底概率 \(pct)，超过 \(th)",
                    messageEn: "\(Self.fundName(fund).en): probability of depletion by \(years[y]) is \(pct), above \(th)"))
            }
        }
        return out
    }

    public static func fundName(_ f: Fund) -> (zh: String, en: String) {
        switch f {
        case .employeePooled: return ("职工医保统筹基金", "Employee pooled fund")
        case .employeePersonalAccount: return ("职工医保个人账户", "Employee personal accounts")
        case .resident: return ("居民医保基金", "Resident fund")
        case .employee: return ("职工医保", "Employee scheme")
        case .total: return ("合计", "Total")
        }
    }
}
