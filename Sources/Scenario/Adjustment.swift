import Foundation

/// A named set of changes to a resolved scenario, read from a small YAML file: a stress shock
/// (`Scenarios/shocks/*.yaml`) or an assumption set (`Scenarios/assumptions/FAMILY/*.yaml`).
///
/// ```yaml
/// name: wage-slowdown
/// title_zh: 工资增长放缓
/// title_en: Wage slowdown
/// changes:
///   - {key: assumptions.wage_growth, add: -0.02}            # from the budget year on
///   - {key: cost_growth, spike: 0.10, from: 2022}           # one year's cost level 10 % up, then back
/// ```
///
/// A change names a numeric key (as `--set` does) or `cost_growth` / `utilisation_growth` — the cost
/// trend in force: `medical_inflation` when the scenario gives it, else `excess_cost_growth` and
/// `utilisation_trend` of the price × utilisation model. One operation: `add` (points, or 元 and persons),
/// `multiply`, `set` (as `--set` reads the value), or `spike` (a growth key: the level is `1 + x` times
/// higher in the year `from` only — the growth rises that year and falls back the next; refused on
/// other keys). `from` (default: the budget year) and `years` (default: to the horizon) bound a dated
/// key's change; a key that cannot vary by year changes for every year, and `from`/`years` on it are refused.
/// A level the model grows between its knots (``NumericKey/growth``) is changed on its knots and keeps
/// growing (``anchored(_:growth:baseYear:from:last:keepKnots:_:)``). `when: medical_inflation | price_and_utilisation`
/// applies a change only under that cost-growth model.
public struct Adjustment: Sendable {
    public var name: String
    public var titleZh: String
    public var titleEn: String
    /// Where it was read from (the shipped path or the user's file), for messages.
    public var file: String
    public var changes: [Change]

    public enum Target: Sendable, Equatable {
        case key(NumericKey)
        /// The per-capita cost growth in force: `medical_inflation`, else `excess_cost_growth`.
        case costGrowth
        /// The volume of care per head in force: `medical_inflation`, else `utilisation_trend`.
        case utilisationGrowth
    }

    public enum Operation: Sendable, Equatable {
        case add(Double), multiply(Double), set(Double), spike(Double)

        var isSpike: Bool { if case .spike = self { return true } else { return false } }
        var isSet: Bool { if case .set = self { return true } else { return false } }
    }

    public struct Change: Sendable {
        public var target: Target
        public var operation: Operation
        public var from: Int?
        public var years: Int?
        public var when: CostGrowthModel?
        /// `file:line` of the change, for messages.
        public var location: String

        /// The change as one line of flow text, as the file writes it:
        /// `{key: employee.employer_rate, add: -0.005, from: 2025, years: 3}`.
        public var summary: String {
            let key: String
            switch target {
            case .key(let k): key = k.path
            case .costGrowth: key = "cost_growth"
            case .utilisationGrowth: key = "utilisation_growth"
            }
            let op: String
            switch operation {
            case .add(let v): op = "add: \(plainDecimal(v))"
            case .multiply(let v): op = "multiply: \(plainDecimal(v))"
            case .set(let v): op = "set: \(plainDecimal(v))"
            case .spike(let v): op = "spike: \(plainDecimal(v))"
            }
            let parts = ["key: \(key)", op] + [from.map { "from: \($0)" }, years.map { "years: \($0)" }, when.map { "when: \($0.rawValue)" }].compactMap { $0 }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }

    /// Reads an adjustment, reporting every problem with its file and line.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Adjustment {
        let tree = try SourceNode.parse(text, file: file)
        let context = DecodingContext(file: file)
        let root = MappingReader(tree, path: "", context: context)
        let name = root.require(root.string("name"), "name", example: "wage-slowdown")
        let zh = root.string("title_zh") ?? name ?? file
        let en = root.string("title_en") ?? name ?? file
        var changes: [Change] = []
        let list = root.node("changes")
        if case .sequence(let items, _)? = list {
            for (i, item) in items.enumerated() {
                if let c = change(item, path: "changes[\(i)]", context: context) { changes.append(c) }
            }
        } else {
            context.report(list?.location ?? root.location, "changes", expected: "a list of changes, e.g. - {key: assumptions.wage_growth, add: -0.02}",
                           found: list?.found ?? "no changes")
        }
        root.finish()
        guard context.issues.isEmpty, let name else { throw ScenarioError(context.issues) }
        return Adjustment(name: name, titleZh: zh, titleEn: en, file: file, changes: changes)
    }

    static func change(_ node: SourceNode, path: String, context: DecodingContext) -> Change? {
        let r = MappingReader(node, path: path, context: context)
        defer { r.finish() }
        guard let keyText = r.require(r.string("key"), "key", example: "assumptions.wage_growth") else { return nil }
        let target: Target
        switch keyText {
        case "cost_growth": target = .costGrowth
        case "utilisation_growth": target = .utilisationGrowth
        default:
            switch NumericKey.named(keyText) {
            case .success(let k): target = .key(k)
            case .failure(let e):
                context.issues.append(ScenarioIssue(location: r.node("key")?.location ?? r.location, key: "\(path).key", expected: e.expected,
                                                    found: e.found, suggestion: e.suggestion))
                // The change's other keys are known ones: read them, so only the key is reported.
                for word in ["add", "multiply", "set", "spike", "when", "from", "years"] { _ = r.node(word) }
                return nil
            }
        }
        var ops: [Operation] = []
        for (word, make) in [("add", Operation.add), ("multiply", Operation.multiply), ("set", Operation.set), ("spike", Operation.spike)] as [(String, (Double) -> Operation)] {
            if let n = r.node(word) {
                guard case .scalar(let s, let loc, _) = n, let x = Double(s.trimmingCharacters(in: .whitespaces)), x.isFinite else {
                    context.report(n.location, "\(path).\(word)", expected: "a plain number", found: n.found)
                    return nil
                }
                _ = loc
                ops.append(make(x))
            }
        }
        guard ops.count == 1 else {
            r.contextReport(key: "", expected: "exactly one of add, multiply, set, spike", found: ops.isEmpty ? "none" : "\(ops.count)")
            return nil
        }
        var when: CostGrowthModel?
        if let w = r.string("when") {
            guard let m = CostGrowthModel(rawValue: w) else {
                context.report(r.node("when")?.location ?? r.location, "\(path).when", expected: "medical_inflation or price_and_utilisation", found: "'\(w)'")
                return nil
            }
            when = m
        }
        let from = r.integer("from", in: 1900...2200), years = r.integer("years", in: 1...200)
        if case .key(let k) = target {
            // A key that cannot vary by year changes for every year: `from` and `years` would be ignored.
            if !k.isDated, from != nil || years != nil {
                let word = from != nil ? "from" : "years"
                context.report(r.node(word)?.location ?? r.location, "\(path).\(word)",
                               expected: "no from or years for \(k.path), which has one value for every year (the change applies to all of them)",
                               found: "\(word): \(from ?? years ?? 0)")
                return nil
            }
            // A spike moves a level for one year through its growth rate: only growth keys have one.
            if case .spike = ops[0], k.quantity != .growth {
                context.report(r.node("spike")?.location ?? r.location, "\(path).spike",
                               expected: "spike on a growth rate (cost_growth, utilisation_growth, assumptions.wage_growth, …); for \(k.path) use add, multiply or set with from and years",
                               found: "spike on \(k.path)")
                return nil
            }
        }
        return Change(target: target, operation: ops[0], from: from, years: years, when: when, location: r.location.description)
    }

    /// `scenario` with every change applied, or the first change that cannot be (with its location).
    /// - Parameter defaults: the series a key takes when the scenario does not give it (the embedded
    ///   TFR path for `population.tfr`), nil when there is none.
    public func apply(to scenario: Scenario, defaults: (NumericKey, Scenario) -> DatedValue<Double>?) -> Result<Scenario, NumericKeyError> {
        var s = scenario
        for change in changes {
            guard let key = key(of: change, in: s) else { continue }
            let unit = key.quantity == .money ? s.unit.yuanPerUnit : 1
            let current: DatedValue<Double>
            if case .set = change.operation, let existing = key.series(in: s) ?? defaults(key, s) {
                current = existing
            } else if case .set = change.operation {
                current = DatedValue(0)
            } else if let existing = key.series(in: s) ?? defaults(key, s) {
                current = existing
            } else {
                return .failure(NumericKeyError(key: key.path, expected: "a value in the scenario to change (\(change.location))", found: "none"))
            }
            let from = change.from ?? s.baseYear + 1
            // A change starts in a projected year: before it, it would rewrite the reported base year the model
            // is calibrated on; after the horizon, it would change nothing and look like a shock with no effect.
            if key.isDated, let given = change.from, !(s.baseYear + 1...max(s.baseYear + 1, s.horizon)).contains(given) {
                return .failure(NumericKeyError(key: key.path, expected: "from: a projected year \(s.baseYear + 1)–\(s.horizon) of this scenario (\(change.location))",
                                                found: "from: \(given)"))
            }
            let last = change.years.map { from + $0 - 1 } ?? Int.max
            func changed(_ v: Double, _ y: Int) -> Double {
                if case .spike(let x) = change.operation {
                    return y == from ? (1 + v) * (1 + x) - 1 : y == from + 1 ? (1 + v) / (1 + x) - 1 : v
                }
                guard !key.isDated || (y >= from && y <= last) else { return v }
                switch change.operation {
                case .add(let x): return v + x * unit
                case .multiply(let x): return v * x
                case .set(let x): return x * unit
                case .spike: return v
                }
            }
            let series: DatedValue<Double>
            if key.isDated, let growth = key.growth?(s), current.interpolation == .step, !change.operation.isSpike {
                series = Self.anchored(current, growth: growth, baseYear: s.baseYear, from: from, last: last,
                                       keepKnots: !change.operation.isSet) { changed($0, from) }
            } else if key.isDated {
                let first = min(current.knots.first.map { $0.year == Int.min ? s.baseYear : $0.year } ?? s.baseYear, s.baseYear) - 1
                series = DatedValue(knots: (first...(s.horizon + 1)).map { ($0, changed(current.value(in: $0), $0)) })
            } else {
                series = DatedValue(changed(current.value(in: s.baseYear), s.baseYear))
            }
            switch key.setting(series: series, in: s) {
            case .success(let next): s = next
            case .failure(var e):
                e.found += " (\(change.location))"
                return .failure(e)
            }
        }
        return .success(s)
    }
}

extension Adjustment {
    /// A change of a level the model grows between its knots (``NumericKey/growth``), on its knots
    /// rather than on one knot a year, so the level keeps growing: the level at `from` (the baseline's
    /// grown value there) and every knot up to `last` are changed; with `last` before the horizon, the
    /// baseline's level resumes the year after. `multiply` is then exactly the baseline path times x;
    /// `add` and `set` move the level at `from`, which grows at its rate from there (`set` drops the
    /// knots up to `last`, `keepKnots` false: the level set grows through them).
    static func anchored(_ current: DatedValue<Double>, growth: DatedValue<Double>, baseYear: Int, from: Int, last: Int,
                         keepKnots: Bool, _ changed: (Double) -> Double) -> DatedValue<Double> {
        let baseline = { (y: Int) in current.anchoredLevel(in: y, baseYear: baseYear, growth: growth) }
        // A plain number is a knot at the base year (the anchor the model grows it from).
        let knots = current.knots.map { (year: $0.year == Int.min ? baseYear : $0.year, value: $0.value) }
        var out = knots.filter { $0.year < from }
        out.append((from, changed(baseline(from))))
        if keepKnots { out += knots.filter { $0.year > from && $0.year <= last }.map { (year: $0.year, value: changed($0.value)) } }
        if last < Int.max {
            if let next = knots.first(where: { $0.year == last + 1 }) { out.append(next) } else { out.append((last + 1, baseline(last + 1))) }
            out += knots.filter { $0.year > last + 1 }
        }
        return DatedValue(knots: out)
    }

    /// The key `change` moves in `scenario`: `cost_growth` and `utilisation_growth` resolved by the cost
    /// model in force; nil when the change does not apply (another model's `when`, a scheme the scenario lacks).
    public func key(of change: Change, in s: Scenario) -> NumericKey? {
        if let when = change.when, when != s.assumptions.costGrowthModel { return nil }
        let mi = s.assumptions.costGrowthModel == .medicalInflation
        switch change.target {
        case .key(let k):
            if k.path.hasPrefix("employee.") && s.employee == nil || k.path.hasPrefix("resident.") && s.resident == nil { return nil }
            return k
        case .costGrowth: return try! NumericKey.named(mi ? "assumptions.medical_inflation" : "assumptions.excess_cost_growth").get()
        case .utilisationGrowth: return try! NumericKey.named(mi ? "assumptions.medical_inflation" : "assumptions.utilisation_trend").get()
        }
    }

    /// `parameters` (a scenario file's, ``ResolvedScenario/parameters``) as they stand after this
    /// adjustment: each key a change moves shows its value in `adjusted` (the scenario with the adjustment
    /// applied), in the file's units, with `option` and the change's location added to its source. A key
    /// the file does not give (the embedded TFR path) is added. For what reports show beside the figures
    /// they explain; the run's hash stays on the file's parameters and the set's own lines.
    public func parameters(_ parameters: [ResolvedParameter], adjusted: Scenario, option: String) -> [ResolvedParameter] {
        var out = parameters
        var seen: Set<String> = []
        for change in changes {
            guard let key = key(of: change, in: adjusted), let series = key.series(in: adjusted) else { continue }
            let scale = key.quantity == .money ? 1 / adjusted.unit.yuanPerUnit : 1
            let value = Self.flowText(series, scale: scale, baseYear: adjusted.baseYear, dated: key.isDated)
            let via = "\(option) (\(change.location))"
            if let i = out.firstIndex(where: { $0.path == key.path }) {
                out[i].value = value
                if seen.insert(key.path).inserted { out[i].source += "; " + via } else { out[i].source += ", " + change.location }
            } else {
                seen.insert(key.path)
                out.append(ResolvedParameter(path: key.path, value: value, unit: ScenarioLoader.unitName(key.quantity, money: adjusted.unit), source: via))
            }
        }
        return out
    }

    /// A series as YAML flow text: one number when it does not change, else `{year: value, …}` with a
    /// knot only where the value changes. ``apply(to:defaults:)`` writes a knot a year from one before
    /// the series' first year (or the base year); the text starts at that first year.
    static func flowText(_ series: DatedValue<Double>, scale: Double, baseYear: Int, dated: Bool) -> String {
        guard dated, !series.isConstant else { return plainDecimal(series.value(in: baseYear) * scale) }
        let first = min(series.knots[0].year + 1, baseYear)
        var knots: [(year: Int, value: Double)] = [(first, series.value(in: first))]
        for (year, v) in series.knots where year > first && v != knots[knots.count - 1].value { knots.append((year, v)) }
        if knots.count == 1 { return plainDecimal(knots[0].value * scale) }
        let text = knots.map { "\($0.year): \(plainDecimal($0.value * scale))" }.joined(separator: ", ")
        return "{" + text + (series.interpolation == .linear ? ", interpolate: linear}" : "}")
    }

    /// Reads an adjustment file the user names (`--shocks FILE`, `--assumptions FILE`), within the YAML size limit.
    public static func read(path: String, option: String) throws(ScenarioError) -> Adjustment {
        let text = try readInput(path, display: path, location: SourceLocation(file: "\(option) \(path)"), key: "",
                                 expected: "a readable YAML file of changes", limit: (InputLimits.current.yamlBytes, InputLimits.environmentNames.yamlBytes))
        return try parse(text, file: path)
    }
}

extension ScenarioLoader {
    /// The file a scenario's `extends` chain starts from (itself when it extends nothing): the
    /// scenario's family, whose assumption sets apply to every member.
    public static func familyRoot(path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var seen: Set<String> = []
        while seen.insert(url.path).inserted, let text = try? String(contentsOf: url, encoding: .utf8),
              let tree = try? SourceNode.parse(text, file: path), case .scalar(let parent, _, _)? = tree["extends"] {
            url = url.deletingLastPathComponent().appendingPathComponent(parent).standardizedFileURL
        }
        return url.path
    }
}
