import Scenario
import Projection

/// 风险预警 grades, most severe first. `notice` (提示) flags an excessive balance, not a risk of shortfall.
public enum WarningLevel: String, Sendable, CaseIterable, Comparable {
    case red, orange, yellow, green, notice

    /// Lower is more severe; used to sort and for `--fail-on`.
    public var severity: Int {
        switch self {
        case .red: return 0
        case .orange: return 1
        case .yellow: return 2
        case .notice: return 3
        case .green: return 4
        }
    }

    public static func < (a: WarningLevel, b: WarningLevel) -> Bool { a.severity < b.severity }

    public var chinese: String {
        switch self {
        case .red: return "红色预警"
        case .orange: return "橙色预警"
        case .yellow: return "黄色预警"
        case .green: return "绿色(正常)"
        case .notice: return "提示"
        }
    }
}

/// Which scheme or fund a warning is about (JSON `scheme`).
public typealias WarningScheme = Fund

/// One raised warning: the first year a rule fired at this level, the metric's value then, the
/// threshold and where the threshold comes from.
public struct RiskWarning: Sendable, Equatable {
    public var level: WarningLevel
    /// Stable machine code, e.g. `MONTHS_PAYABLE_LOW`.
    public var code: String
    public var scheme: WarningScheme
    /// First year triggered.
    public var year: Int
    public var metric: String
    public var value: Double
    public var threshold: Double
    /// Provenance of the threshold.
    public var source: String
    public var messageZh: String
    public var messageEn: String
    /// Depletion within the alert window: shown at the top of every output.
    public var isUrgent: Bool = false

    public init(level: WarningLevel, code: String, scheme: WarningScheme, year: Int, metric: String, value: Double,
                threshold: Double, source: String, messageZh: String, messageEn: String, isUrgent: Bool = false) {
        self.level = level
        self.code = code
        self.scheme = scheme
        self.year = year
        self.metric = metric
        self.value = value
        self.threshold = threshold
        self.source = source
        self.messageZh = messageZh
        self.messageEn = messageEn
        self.isUrgent = isUrgent
    }
}
