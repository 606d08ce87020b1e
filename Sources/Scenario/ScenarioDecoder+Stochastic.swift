extension ScenarioDecoder {
    /// The `stochastic:` section: `{wage_growth: {persistence: 0.6, volatility: 0.01}, …,
    /// mortality: {volatility_scale: 1}, correlation: {wage_growth: {cost_growth: 0.5}}}`.
    /// Absent keys keep ``StochasticSettings/defaults``; the correlation is symmetric with a unit diagonal.
    static func decodeStochastic(_ r: MappingReader) -> StochasticSettings {
        defer { r.finish() }
        var s = StochasticSettings.defaults
        func ar1(_ factor: StochasticFactor, _ kp: WritableKeyPath<StochasticSettings, AR1Parameters>) {
            guard r.has(factor.rawValue) else { return }
            let c = r.child(factor.rawValue)
            defer { c.finish() }
            if let phi = c.number("persistence", .persistence) { s[keyPath: kp].persistence = phi }
            if let sigma = c.number("volatility", .volatility) { s[keyPath: kp].volatility = sigma }
        }
        ar1(.wageGrowth, \.wageGrowth)
        ar1(.costGrowth, \.costGrowth)
        ar1(.interestRate, \.interestRate)
        ar1(.utilisation, \.utilisation)
        ar1(.tfr, \.tfr)
        if r.has("mortality") {
            let c = r.child("mortality")
            defer { c.finish() }
            if let scale = c.number("volatility_scale", .nonNegative) { s.mortalityVolatilityScale = scale }
        }
        if r.has("depletion_probability") {
            let c = r.child("depletion_probability")
            defer { c.finish() }
            if let v = c.number("orange", .rate) { s.depletionProbabilityOrange = v }
            if let v = c.number("red", .rate) { s.depletionProbabilityRed = v }
            // Orange is the milder grade: a red threshold at or below it would grade a worse state milder.
            if s.depletionProbabilityOrange >= s.depletionProbabilityRed {
                c.context.report(c.keyLocation("orange") ?? c.keyLocation("red") ?? c.location, c.keyPath("orange"),
                         expected: "an orange threshold below the red one (orange flags a smaller probability of depletion)",
                         found: "orange \(plainDecimal(s.depletionProbabilityOrange)), red \(plainDecimal(s.depletionProbabilityRed))")
            }
        }
        if r.has("correlation") {
            let c = r.child("correlation")
            defer { c.finish() }
            s.correlationLocation = c.location
            let factors = StochasticFactor.allCases
            let n = factors.count
            for (i, a) in factors.enumerated() where c.has(a.rawValue) {
                let row = c.child(a.rawValue)
                defer { row.finish() }
                for (j, b) in factors.enumerated() where j != i && row.has(b.rawValue) {
                    guard let rho = row.number(b.rawValue, .correlation) else { continue }
                    let other = s.correlation[j * n + i]
                    if other != 0, other != rho, let node = row.node(b.rawValue) {
                        r.context.report(node.location, row.keyPath(b.rawValue),
                                         expected: "the same value as \(c.keyPath(b.rawValue)).\(a.rawValue) (\(other))", found: "\(rho)")
                    }
                    s.correlation[i * n + j] = rho
                    s.correlation[j * n + i] = rho
                }
            }
        }
        return s
    }
}
