import Foundation
import Scenario
import Projection
import Finance

/// One figure a backtest compares: a scheme and a metric of the history CSV.
public struct SeriesKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var scheme: HistoryRecord.Scheme
    public var metric: HistoryRecord.Metric
    public init(_ scheme: HistoryRecord.Scheme, _ metric: HistoryRecord.Metric) {
        self.scheme = scheme
        self.metric = metric
    }
    /// `employee.income`: the key of the JSON `mape` object.
    public var description: String { "\(scheme.rawValue).\(metric.rawValue)" }
    public static func < (l: SeriesKey, r: SeriesKey) -> Bool {
        let schemes = HistoryRecord.Scheme.allCases, metrics = HistoryRecord.Metric.allCases
        let a = (schemes.firstIndex(of: l.scheme)!, metrics.firstIndex(of: l.metric)!)
        let b = (schemes.firstIndex(of: r.scheme)!, metrics.firstIndex(of: r.metric)!)
        return a < b
    }
}

/// One forecast of one model for one year and series, with the actual where the history has it.
public struct Forecast: Sendable, Equatable {
    public var year: Int
    public var series: SeriesKey
    /// 元 or persons.
    public var forecast: Double
    public var actual: Double?
    /// False when the actual is of another 口径 than the fit-through year's and the model is a trend
    /// baseline, which cannot know of the change: shown, not scored (no error, not in the MAPE).
    public var scored = true
    /// `100·(forecast − actual)/actual`, percent.
    public var errorPercent: Double? {
        guard scored, let actual, actual != 0 else { return nil }
        return 100 * (forecast - actual) / actual
    }
}

/// One model's forecasts and its accuracy per series.
public struct ModelForecasts: Sendable {
    /// `structural`, `gm11`, `linear`, `log_linear`, `verhulst`.
    public var name: String
    public var forecasts: [Forecast]
    /// MAPE (percent) over the forecast years with actuals, per series.
    public var mape: [SeriesKey: Double]
    /// Series this model could not forecast, with the reason.
    public var skipped: [SeriesKey: String]
    /// GM(1,1) accuracy grades per series (posterior-variance ratio C, small-error probability P, grade).
    public var greyGrades: [SeriesKey: (c: Double, p: Double, grade: Int)]
}

/// A backtest: the structural model rebased at the fit-through year and every baseline
/// fitted on the years up to it, all forecasting the following years, against the actuals.
public struct Backtest: Sendable {
    public var fitThrough: Int
    public var years: ClosedRange<Int>
    public var models: [ModelForecasts]
    /// Series compared (those the history reports after the fit-through year, or up to it for the baselines).
    public var series: [SeriesKey]
    /// The years each series' baselines were fitted on: the consecutive run of reported years ending at
    /// the fit-through year, all of its 口径.
    public var fitYears: [SeriesKey: ClosedRange<Int>] = [:]
    /// Where a row of another 口径 ended a series' fit window: that row's year and scope.
    public var scopeBreaks: [SeriesKey: (year: Int, scope: String)] = [:]
    /// Forecast years whose actual is of another 口径 than the fit-through year's (the baselines are
    /// not scored there; the structural model is, and its error includes the change unless it models it).
    public var otherScope: [SeriesKey: Set<Int>] = [:]
    /// The 口径 of each series in the fit-through year, where the history names one.
    public var fitScope: [SeriesKey: String] = [:]

    /// The series the structural model produces, in display order.
    public static let structuralSeries: [SeriesKey] = [
        SeriesKey(.employee, .income), SeriesKey(.employee, .expenditure), SeriesKey(.employee, .balance),
        SeriesKey(.employee, .insured), SeriesKey(.employee, .active), SeriesKey(.employee, .retired),
        SeriesKey(.employeePooled, .income), SeriesKey(.employeePooled, .expenditure), SeriesKey(.employeePooled, .balance),
        SeriesKey(.employeePersonalAccount, .income), SeriesKey(.employeePersonalAccount, .expenditure), SeriesKey(.employeePersonalAccount, .balance),
        SeriesKey(.resident, .income), SeriesKey(.resident, .expenditure), SeriesKey(.resident, .balance), SeriesKey(.resident, .insured),
        SeriesKey(.total, .income), SeriesKey(.total, .expenditure), SeriesKey(.total, .balance), SeriesKey(.total, .insured),
    ]

    /// Runs the backtest. Forecasts depend only on history rows up to `fitThrough`; rows after it
    /// serve only as actuals.
    /// - Parameter horizon: years forecast; default through the last year of the history (at least 1).
    public static func run(scenario: Scenario, history: [HistoryRecord], fitThrough y: Int, horizon: Int? = nil) throws -> Backtest {
        let lastYear = history.map(\.year).max() ?? y
        let h = max(1, horizon ?? (lastYear - y))
        let years = (y + 1)...(y + h)
        let past = history.filter { $0.year <= y }
        func actual(_ year: Int, _ key: SeriesKey) -> Double? {
            history.value(year: year, scheme: key.scheme, metric: key.metric)
        }
        // Series: what the history holds (later years for actuals, earlier for the baselines).
        let present = Set(history.map { SeriesKey($0.scheme, $0.metric) })
        let series = present.sorted()

        // Structural model.
        var rebased = try scenario.rebased(at: y, history: past)
        rebased.horizon = max(rebased.horizon, y + h)
        let result = try Projection.run(rebased)
        var structural = ModelForecasts(name: "structural", forecasts: [], mape: [:], skipped: [:], greyGrades: [:])
        for key in series {
            if key.metric == .balance, let fund = unknownOpeningBalance(key, result) {
                structural.skipped[key] = "no \(fund) balance reported for \(y)"
                continue
            }
            var any = false
            for year in years {
                guard let row = result.year(year), let value = figure(key, row) else { continue }
                structural.forecasts.append(Forecast(year: year, series: key, forecast: value, actual: actual(year, key)))
                any = true
            }
            if !any { structural.skipped[key] = "not modelled by this scenario" }
        }

        // Baselines on the consecutive run of years ending at the fit-through year, of its 口径: a trend
        // fitted across a change of scope (the NCMS merging into the resident scheme) extrapolates the change.
        var baselines: [ModelForecasts] = ["gm11", "linear", "log_linear", "verhulst"].map {
            ModelForecasts(name: $0, forecasts: [], mape: [:], skipped: [:], greyGrades: [:])
        }
        var fitYears: [SeriesKey: ClosedRange<Int>] = [:], scopeBreaks: [SeriesKey: (year: Int, scope: String)] = [:]
        var otherScope: [SeriesKey: Set<Int>] = [:], fitScope: [SeriesKey: String] = [:]
        for key in series {
            var run: [Double] = []
            var year = y
            let scope = past.record(year: y, scheme: key.scheme, metric: key.metric)?.scope
            while let r = past.record(year: year, scheme: key.scheme, metric: key.metric) {
                guard r.scope == scope else { scopeBreaks[key] = (year, r.scope); break }
                run.insert(r.value, at: 0)
                year -= 1
            }
            if !run.isEmpty { fitYears[key] = (year + 1)...y }
            if let scope {
                if !scope.isEmpty { fitScope[key] = scope }
                let later = years.filter { history.record(year: $0, scheme: key.scheme, metric: key.metric).map { $0.scope != scope } ?? false }
                if !later.isEmpty { otherScope[key] = Set(later) }
            }
            for m in baselines.indices {
                do {
                    let model: any Baseline
                    switch baselines[m].name {
                    case "gm11":
                        let g = try GreyModel(run)
                        baselines[m].greyGrades[key] = (g.posteriorVarianceRatio, g.smallErrorProbability, g.grade)
                        model = g
                    case "linear": model = try TrendModel(run, form: .linear)
                    case "log_linear": model = try TrendModel(run, form: .logLinear)
                    default: model = try GreyVerhulst(run)
                    }
                    for (k, year) in years.enumerated() {
                        let v = model.value(atStep: run.count + k)
                        guard v.isFinite else { continue }
                        baselines[m].forecasts.append(Forecast(year: year, series: key, forecast: v, actual: actual(year, key),
                                                               scored: !(otherScope[key]?.contains(year) ?? false)))
                    }
                } catch {
                    baselines[m].skipped[key] = run.isEmpty ? "no value for \(y)" : "\(error)"
                }
            }
        }
        var models = [structural] + baselines
        for m in models.indices {
            for key in series {
                let pairs = models[m].forecasts.filter { $0.series == key && $0.actual != nil && $0.scored }
                if let mape = meanAbsolutePercentageError(forecasts: pairs.map(\.forecast), actuals: pairs.map { $0.actual! }) {
                    models[m].mape[key] = mape
                }
            }
        }
        return Backtest(fitThrough: y, years: years, models: models, series: series,
                        fitYears: fitYears, scopeBreaks: scopeBreaks, otherScope: otherScope, fitScope: fitScope)
    }

    /// How the structural model fared on one series against the best trend baseline (by MAPE).
    public struct Verdict: Sendable, Equatable {
        public var series: SeriesKey
        /// Nil: the structural model gave no forecast with an actual to score.
        public var structural: Double?
        /// The baseline with the lowest MAPE, nil when none could be scored.
        public var bestBaseline: Score?
        public struct Score: Sendable, Equatable {
            public var name: String
            public var mape: Double
        }
        /// True when both were scored and a baseline's MAPE is below the structural model's.
        public var structuralLoses: Bool {
            guard let b = bestBaseline, let s = structural else { return false }
            return b.mape < s
        }
    }

    /// One verdict per series that some model was scored on, in the series' order.
    public var verdicts: [Verdict] {
        let structural = models.first { $0.name == "structural" }
        let baselines = models.filter { $0.name != "structural" }
        return series.compactMap { key in
            let best = baselines.compactMap { m in m.mape[key].map { Verdict.Score(name: m.name, mape: $0) } }.min { $0.mape < $1.mape }
            let s = structural?.mape[key]
            guard s != nil || best != nil else { return nil }
            return Verdict(series: key, structural: s, bestBaseline: best)
        }
    }

    /// A fund of the series whose opening balance the rebased scenario does not know (balances would
    /// be projected from zero, so they are not forecasts), or nil.
    static func unknownOpeningBalance(_ key: SeriesKey, _ result: ProjectionResult) -> String? {
        let funds: [Fund]
        switch key.scheme {
        case .employeePooled: funds = [.employeePooled]
        case .employeePersonalAccount: funds = [.employeePersonalAccount]
        case .employee: funds = [.employeePooled, .employeePersonalAccount]
        case .resident: funds = [.resident]
        case .total: funds = result.funds
        }
        return funds.first { result.funds.contains($0) && !result.balanceKnown($0) }?.rawValue
    }

    /// The structural model's figure for a series in a projected year, 元 or persons (``YearResult/figure(_:_:)``).
    public static func figure(_ key: SeriesKey, _ y: YearResult) -> Double? {
        y.figure(key.scheme, key.metric)
    }
}
