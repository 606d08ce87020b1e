import Scenario

/// One variant of a resolved scenario: typed settings of numeric keys applied in order to the
/// decoded baseline (no file is read or parsed again), or a whole scenario built elsewhere (a
/// stress overlay), with the label that locates it in messages.
public struct Variant: Sendable {
    /// The key settings, applied in order; for money, values in the scenario's unit (as `--set`).
    public var settings: [(key: NumericKey, value: Double)]
    /// A scenario that replaces the baseline before the settings apply (nil: the baseline).
    public var scenario: Scenario?
    /// How messages name the variant: `employee.employer_rate=0.055`, `wage-slowdown`.
    public var label: String

    public init(_ settings: [(key: NumericKey, value: Double)]) {
        self.settings = settings
        self.scenario = nil
        self.label = settings.map { "\($0.key.path)=\(plainDecimal($0.value))" }.joined(separator: ", ")
    }

    public init(scenario: Scenario, label: String) {
        self.settings = []
        self.scenario = scenario
        self.label = label
    }

    /// The scenario this variant projects, or why it cannot be built.
    public func resolve(on baseline: Scenario) -> Result<Scenario, NumericKeyError> {
        var s = scenario ?? baseline
        for (key, value) in settings {
            switch key.setting(value, in: s) {
            case .success(let next): s = next
            case .failure(let e): return .failure(e)
            }
        }
        return .success(s)
    }
}

/// Why one variant of a batch failed; the other variants still have their results.
/// Printed `variant 37 (employee.employer_rate=0.055): …` (variants numbered from 1).
public struct VariantError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 0-based position in the batch.
    public var index: Int
    public var label: String
    public var message: String
    /// The projection ran but left ``ProjectionResult/boundsProblem()``'s range (±10¹⁵ 元): the value
    /// is beyond where the model means anything, not a bad input (goal seek narrows its bracket then).
    public var outOfBounds = false

    public var description: String { "variant \(index + 1) (\(label)): \(message)" }
}

/// Every variant of a batch that failed, in order.
public struct VariantErrors: Error, Sendable, Equatable {
    public var errors: [VariantError]
    public init(errors: [VariantError]) { self.errors = errors }

    /// Every variant's value in order, or every variant's located error when any failed.
    public static func collect<T>(_ results: [Result<T, VariantError>]) -> Result<[T], VariantErrors> {
        var values: [T] = [], errors: [VariantError] = []
        for r in results {
            switch r {
            case .success(let v): values.append(v)
            case .failure(let e): errors.append(e)
            }
        }
        return errors.isEmpty ? .success(values) : .failure(VariantErrors(errors: errors))
    }
}
