extension ScenarioDecoder {
    /// `execution: {preset, profiles, completion_tolerance}`; see ``ExecutionSettings``. Unknown
    /// presets, shapes, rows and funds are reported at their key with a did-you-mean.
    static func decodeExecution(_ r: MappingReader) -> ExecutionSettings {
        defer { r.finish() }
        var settings = ExecutionSettings.defaults
        if let text = r.string("preset") {
            let names = ExecutionSettings.Preset.allCases.map(\.rawValue)
            if let preset = ExecutionSettings.Preset(rawValue: text) {
                settings.preset = preset
            } else if let n = r.node("preset") {
                r.context.issues.append(ScenarioIssue(location: n.location, key: r.keyPath("preset"), expected: "one of " + names.joined(separator: ", "),
                                                      found: "'\(text)'", suggestion: closestMatch(to: text, in: names)))
            }
        }
        settings.completionTolerance = r.number("completion_tolerance", .rate) ?? settings.completionTolerance
        let profiles = r.child("profiles")
        defer { profiles.finish() }
        for entry in profiles.entries() {
            if let scheme = HistoryRecord.Scheme(rawValue: entry.key) {
                let fund = MappingReader(entry.value, path: profiles.keyPath(entry.key), context: r.context)
                for line in fund.entries() {
                    if let (row, shape) = profileEntry(line, path: fund.keyPath(line.key), context: r.context) {
                        settings.fundProfiles[scheme, default: [:]][row] = shape
                    }
                }
            } else if let (row, shape) = profileEntry(entry, path: profiles.keyPath(entry.key), context: r.context) {
                settings.profiles[row] = shape
            }
        }
        return settings
    }

    /// One `row: shape` pair: the row a BudgetLine code or printed name, the shape a ``SeasonalShape``.
    private static func profileEntry(_ entry: (key: String, keyLocation: SourceLocation, value: SourceNode), path: String,
                                     context: DecodingContext) -> (BudgetLine, SeasonalShape)? {
        guard let row = BudgetLine.named(entry.key) else {
            let funds = HistoryRecord.Scheme.allCases.map(\.rawValue)
            context.issues.append(ScenarioIssue(location: entry.keyLocation, key: path,
                                                expected: "a budget row (code or printed name, e.g. individual_contributions, 财政补贴收入) or a fund (\(funds.joined(separator: ", ")))",
                                                found: "'\(entry.key)'", suggestion: BudgetLine.suggestion(for: entry.key)))
            return nil
        }
        let shapes = SeasonalShape.allCases.map(\.rawValue)
        guard case .scalar(let text, _, _) = entry.value, let shape = SeasonalShape(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
            let found: String
            if case .scalar(let text, _, _) = entry.value { found = "'\(text)'" } else { found = entry.value.found }
            let suggestion: String? = if case .scalar(let text, _, _) = entry.value { closestMatch(to: text, in: shapes) } else { nil }
            context.issues.append(ScenarioIssue(location: entry.value.location, key: path, expected: "a seasonal shape: " + shapes.joined(separator: ", "),
                                                found: found, suggestion: suggestion))
            return nil
        }
        if [.incomeGrandTotal, .expenditureGrandTotal, .openingBalance, .closingBalance].contains(row) {
            context.issues.append(ScenarioIssue(location: entry.keyLocation, key: path, expected: "a flow row (a balance or 总计 has no within-year timing)",
                                                found: "'\(entry.key)'"))
            return nil
        }
        return (row, shape)
    }
}
