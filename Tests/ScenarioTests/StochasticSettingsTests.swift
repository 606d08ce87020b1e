import TestSupport
import Testing
@testable import Scenario

/// The `stochastic:` section: values, defaults, the symmetric correlation and located errors.
@Suite struct StochasticSettingsTests {
    static let base = "base_year: 2024\n" + minimalEmployee + "\n"

    @Test func valuesAndDefaults() throws {
        let s = try ScenarioLoader.load(text: Self.base + """
            stochastic:
              wage_growth: {persistence: 0.7, volatility: 0.02}
              tfr: {volatility: 0.05}
              mortality: {volatility_scale: 0.5}
              correlation: {wage_growth: {cost_growth: 0.5}, tfr: {mortality: -0.25}}
              depletion_probability: {orange: 0.1}
            """, file: "s.yaml").stochastic
        #expect(s.wageGrowth == AR1Parameters(persistence: 0.7, volatility: 0.02))
        #expect(s.tfr == AR1Parameters(persistence: StochasticSettings.defaultTFR.persistence, volatility: 0.05))
        #expect(s.costGrowth == StochasticSettings.defaultCostGrowth)
        #expect(s.mortalityVolatilityScale == 0.5)
        #expect(s.correlation(.wageGrowth, .costGrowth) == 0.5 && s.correlation(.costGrowth, .wageGrowth) == 0.5)
        #expect(s.correlation(.mortality, .tfr) == -0.25)
        #expect(s.correlation(.interestRate, .interestRate) == 1 && s.correlation(.wageGrowth, .interestRate) == 0)
        #expect(s.depletionProbabilityOrange == 0.1 && s.depletionProbabilityRed == StochasticSettings.defaultDepletionRed)
        #expect(s.correlationLocation?.line == 11)
        #expect(try ScenarioLoader.load(text: Self.base, file: "s.yaml").stochastic == .defaults)
    }

    @Test func locatedErrors() {
        let found = issues(Self.base + """
            stochastic:
              wage_growth: {volatility: -0.01, persistance: 0.5}
              interst_rate: {volatility: 0.01}
              correlation: {wage_growth: {cost_growth: 0.5}, cost_growth: {wage_growth: 0.4, tfr: 1.5}}
            """)
        let text = found.map(\.description).joined(separator: "\n")
        #expect(text.contains("test.yaml:8:29: stochastic.wage_growth.volatility: expected a standard deviation from 0 to 1"), "\(text)")
        #expect(text.contains("stochastic.wage_growth.persistance") && text.contains("did you mean 'persistence'"), "\(text)")
        #expect(text.contains("stochastic.interst_rate") && text.contains("did you mean 'interest_rate'"), "\(text)")
        #expect(text.contains("stochastic.correlation.cost_growth.wage_growth: expected the same value as stochastic.correlation.wage_growth.cost_growth (0.5), found 0.4"), "\(text)")
        #expect(text.contains("stochastic.correlation.cost_growth.tfr: expected a correlation from -1 to 1"), "\(text)")
    }
}
