import Foundation
import Scenario
import Demography

/// The trend of active coverage (在职参保率) after the base year: more employment formalised and more
/// flexible workers (灵活就业) insured each year, as the national actives grew faster than the working-age
/// population in the bulletins.
///
/// - Given `membership.active_coverage_trend` (dated growth a year), that is the trend.
/// - Otherwise it is calibrated on the scenario's history before the base year: over the (up to five)
///   consecutive years ending at the base year, `g₀ = (X_t0/X_{t0−n})^{1/n} − (W_t0/W_{t0−n})^{1/n}`,
///   `X` the reported employee actives (or, without two years of them, the employee insured) and `W` the
///   WPP population aged 16–59 (the embedded structure aged to each year end), i.e. the growth of
///   actives not explained by the working-age population. It is damped as in Gardner & McKenzie's
///   damped trend: year `t0 + k` grows by `g₀·φ^k`, `φ = coverage_trend_damping` (default 0.8, the lower
///   end of the 0.8–0.98 usually fitted), so the coverage gain adds up to `g₀·φ/(1 − φ)` (4·g₀) at most:
///   formalisation does not go on for ever, and no single rate is extrapolated for decades.
/// - Without such a history there is no trend.
public struct CoverageTrend: Sendable, Equatable {
    /// The calibrated first-year growth `g₀` (nil when given or without a history).
    public let calibrated: Double?
    public let damping: Double
    public let given: DatedValue<Double>?
    let baseYear: Int

    /// Longest window of history years used for the calibration.
    public static let windowYears = 5

    public init(_ s: Scenario) {
        baseYear = s.baseYear
        damping = s.membership.coverageTrendDamping
        given = s.membership.activeCoverageTrend
        calibrated = given == nil ? Self.calibrate(s) : nil
    }

    /// Growth of active coverage in `year` (after the base year).
    public func growth(in year: Int) -> Double {
        if let given { return given.value(in: year) }
        guard let g0 = calibrated, year > baseYear else { return 0 }
        return g0 * pow(damping, Double(year - baseYear))
    }

    /// `g₀` from the history, or nil without two consecutive years ending at the base year (of the base
    /// year's scope: a row of another 口径 ends the window).
    static func calibrate(_ s: Scenario) -> Double? {
        let t0 = s.baseYear
        for metric in [HistoryRecord.Metric.active, .insured] {
            var first = t0
            let scope = s.history.record(year: t0, scheme: .employee, metric: metric)?.scope
            while first > t0 - windowYears, let r = s.history.record(year: first - 1, scheme: .employee, metric: metric), r.scope == scope { first -= 1 }
            guard first < t0, let x0 = s.history.value(year: first, scheme: .employee, metric: metric),
                  let x1 = s.history.value(year: t0, scheme: .employee, metric: metric), x0 > 0 else { continue }
            let n = Double(t0 - first)
            let w0 = AgeSex.sum(Demographics.agedToEndOfYear(first), ages: 16...59)
            let w1 = AgeSex.sum(Demographics.agedToEndOfYear(t0), ages: 16...59)
            return pow(x1 / x0, 1 / n) - pow(w1 / w0, 1 / n)
        }
        return nil
    }

    /// `g_individual − g_wage` in `year`: the growth of the resident individual contribution per head
    /// (dated, then `per_capita_growth` after its last knot) less wage growth; 0 without a resident scheme.
    public static func premiumGrowthGap(_ s: Scenario, year: Int) -> Double {
        guard let r = s.resident else { return 0 }
        let last = r.individualPerCapita.knots.last?.year ?? Int.min
        let individual: Double
        if year > last, last != Int.min {
            individual = r.perCapitaGrowth.value(in: year)
        } else {
            let before = r.individualPerCapita.value(in: year - 1)
            individual = before > 0 ? r.individualPerCapita.value(in: year) / before - 1 : 0
        }
        return individual - s.assumptions.wageGrowth.value(in: year)
    }
}
