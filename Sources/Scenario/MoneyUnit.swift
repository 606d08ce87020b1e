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

    /// An amount of 元 in this unit to 0.01 (亿元 to 0.0001, as the tables) with thousands separators, in both languages:
    /// `("12,345.68万元", "12,345.68 10k yuan")`: what messages and notes quote beside the tables.
    public func text(_ yuan: Double) -> (zh: String, en: String) {
        // 亿元 with four decimals (1万元), as the tables print it: with two a county's deficit of 12万 reads 0.00亿元.
        let decimals = self == .yi ? 4 : 2
        let scale = self == .yi ? 10_000.0 : 100.0
        let steps = (yuan / yuanPerUnit * scale).rounded()
        guard steps.isFinite, abs(steps) < 1e17 else { return ("\(yuan / yuanPerUnit)\(rawValue)", "\(yuan / yuanPerUnit) \(english)") }
        let whole = (abs(steps) / scale).rounded(.down), fraction = Int(abs(steps) - whole * scale)
        let digits = String(fraction)
        let t = (steps < 0 ? "-" : "") + wholeNumber(whole) + "." + String(repeating: "0", count: decimals - digits.count) + digits
        return (t + rawValue, t + " " + english)
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

/// A whole number for messages: `1234567` → `1,234,567`; never traps, whatever the value
/// (`inf`, `nan` and numbers beyond `Int` print as such).
public func wholeNumber(_ x: Double) -> String {
    guard x.isFinite, abs(x) < 1e15 else { return String(format: "%.4g", x) }
    let digits = String(format: "%.0f", x.rounded())
    let negative = digits.hasPrefix("-")
    var body = Array(negative ? digits.dropFirst() : Substring(digits))
    var i = body.count - 3
    while i > 0 { body.insert(",", at: i); i -= 3 }
    return (negative ? "-" : "") + String(body)
}
