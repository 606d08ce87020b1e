/// The random factors of a Monte Carlo run (`fundcast simulate`), in the order of the correlation matrix.
public enum StochasticFactor: String, Sendable, Equatable, CaseIterable {
    /// Deviation of the yearly average-wage growth from `assumptions.wage_growth`.
    case wageGrowth = "wage_growth"
    /// Deviation of per-capita cost growth: `medical_inflation` under the one-rate cost model, the
    /// excess cost growth (price above wages) under price × utilisation.
    case costGrowth = "cost_growth"
    /// Deviation of the interest credited on balances from `assumptions.interest_rate`.
    case interestRate = "interest_rate"
    /// Deviation of the growth of claims per head (`utilisation_trend`; price × utilisation model only).
    case utilisation
    /// Log deviation of the total fertility rate from its central path (TFR = central · exp(d)).
    case tfr
    /// Lee–Carter mortality index `k_t` (a random walk around the central mortality path).
    case mortality
}

/// One AR(1) deviation `d_t = φ·d_{t−1} + σ·ε_t`, `d_{t0} = 0`, added to the factor's central path.
public struct AR1Parameters: Sendable, Equatable {
    /// φ, 0…1 (1: a random walk).
    public var persistence: Double
    /// σ, the standard deviation of a year's innovation, in the factor's unit (a rate; for TFR, in logs).
    public var volatility: Double

    public init(persistence: Double, volatility: Double) {
        self.persistence = persistence
        self.volatility = volatility
    }
}

/// The `stochastic:` section. Every default is a named constant with its source or reasoning
/// (Sources/Stochastic/README.md, "Defaults").
public struct StochasticSettings: Sendable, Equatable {
    public var wageGrowth: AR1Parameters
    public var costGrowth: AR1Parameters
    public var interestRate: AR1Parameters
    public var utilisation: AR1Parameters
    public var tfr: AR1Parameters
    /// Multiplier on the Lee–Carter random walk's fitted yearly standard deviation of `k_t` (1: as fitted, 0: off).
    public var mortalityVolatilityScale: Double
    /// Correlation of the factors' innovations, row-major over ``StochasticFactor/allCases``; identity by default.
    public var correlation: [Double]
    /// Where `stochastic.correlation` was written (for the not-positive-definite message).
    public var correlationLocation: SourceLocation?
    /// Probability of depletion by a year above this → orange (``defaultDepletionOrange``).
    public var depletionProbabilityOrange: Double = defaultDepletionOrange
    /// Above this → red (``defaultDepletionRed``).
    public var depletionProbabilityRed: Double = defaultDepletionRed

    /// fundcast 默认阈值: a fund that runs dry in more than one path in 20 (the usual 5 % tail) by a
    /// year is a risk to act on before that year.
    public static let defaultDepletionOrange = 0.05
    /// fundcast 默认阈值: more than one path in 5 is no longer a tail event: treat it as likely.
    public static let defaultDepletionRed = 0.20

    /// Parameters of one AR(1) factor (mortality: φ = 1, σ from the Lee–Carter fit, not here).
    public func parameters(_ factor: StochasticFactor) -> AR1Parameters? {
        switch factor {
        case .wageGrowth: return wageGrowth
        case .costGrowth: return costGrowth
        case .interestRate: return interestRate
        case .utilisation: return utilisation
        case .tfr: return tfr
        case .mortality: return nil
        }
    }

    /// Correlation of the innovations of `a` and `b`.
    public func correlation(_ a: StochasticFactor, _ b: StochasticFactor) -> Double {
        let n = StochasticFactor.allCases.count
        let i = StochasticFactor.allCases.firstIndex(of: a)!, j = StochasticFactor.allCases.firstIndex(of: b)!
        return correlation[i * n + j]
    }

    /// Every volatility zero: the simulation reproduces the deterministic run.
    public static func zeroVolatility(_ s: StochasticSettings = .defaults) -> StochasticSettings {
        var z = s
        for kp in [\StochasticSettings.wageGrowth, \.costGrowth, \.interestRate, \.utilisation, \.tfr] { z[keyPath: kp].volatility = 0 }
        z.mortalityVolatilityScale = 0
        return z
    }

    /// fundcast 默认: a year's wage growth moves about one point around its assumed path (σ = 0.01),
    /// and a shock halves in about 1.4 years (φ = 0.6, a short business cycle). Not estimated: no
    /// wage series is bundled; set your own from the local statistical yearbook's average-wage series.
    public static let defaultWageGrowth = AR1Parameters(persistence: 0.6, volatility: 0.01)
    /// fundcast 默认: cost growth moves more than wages (price negotiations, volume-based procurement,
    /// payment reform shift it by policy): σ = 0.015, φ = 0.5. Not estimated.
    public static let defaultCostGrowth = AR1Parameters(persistence: 0.5, volatility: 0.015)
    /// fundcast 默认: the People's Bank of China moves deposit benchmark rates in steps of 0.25 points,
    /// rarely and persistently: σ = 0.0025, φ = 0.9. Negative simulated rates are credited as 0.
    public static let defaultInterestRate = AR1Parameters(persistence: 0.9, volatility: 0.0025)
    /// fundcast 默认: claims per head drift by half a point a year around the trend (σ = 0.005, φ = 0.5). Not estimated.
    public static let defaultUtilisation = AR1Parameters(persistence: 0.5, volatility: 0.005)
    /// Fitted: AR(1) of the residuals of ln TFR (China) about its linear trend 1991–2023 (UN World
    /// Population Prospects 2024 estimates), least squares: φ = 0.994, σ = 0.059 (tools/fit-tfr-ar1.py).
    /// The deviation is in logs: a path's TFR is the central TFR times `exp(d_t)`, never negative.
    public static let defaultTFR = AR1Parameters(persistence: 0.994, volatility: 0.059)

    public static let identityCorrelation: [Double] = {
        let n = StochasticFactor.allCases.count
        return (0..<(n * n)).map { $0 / n == $0 % n ? 1 : 0 }
    }()

    public static let defaults = StochasticSettings(
        wageGrowth: defaultWageGrowth, costGrowth: defaultCostGrowth, interestRate: defaultInterestRate,
        utilisation: defaultUtilisation, tfr: defaultTFR, mortalityVolatilityScale: 1,
        correlation: identityCorrelation, correlationLocation: nil)
}
