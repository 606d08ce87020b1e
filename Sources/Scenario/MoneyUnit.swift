import Foundation

/// The units money is written and displayed in. Internally every amount is in 元.
public enum MoneyUnit: String, CaseIterable, Sendable {
    case yuan = "元"
    case wan = "万元"
    case yi = "亿元"

    /// 元 per unit.
    public var yuanPerUnit: Double {
        switch self {
        case .yuan: return 1
        case .wan: return 10_000
        case .yi: return 100_000_000
        }
    }

    /// English name, for `--lang en`.
    public var english: String {
        switch self {
        case .yuan: return "yuan"
        case .wan: return "10k yuan"
        case .yi: return "100m yuan"
        }
    }

    /// Accepts `元`, `万元`, `亿元` and the ASCII spellings `yuan`, `wan`, `yi`, `10k`, `100m`.
    public init?(parsing text: String) {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "元", "yuan", "cny", "rmb": self = .yuan
        case "万元", "万", "wan", "10k", "10k yuan": self = .wan
        case "亿元", "亿", "yi", "100m", "100m yuan": self = .yi
        default: return nil
        }
    }
}
