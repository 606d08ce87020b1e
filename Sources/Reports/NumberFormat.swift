import Foundation
import Scenario

/// How figures are written in tables: money in the chosen unit with thousands separators
/// (0 decimals in 元, 2 in 万元 and 亿元 — 亿元 gets 4 so one 万元 still shows), rates as percentages.
public struct NumberStyle: Sendable {
    public var unit: MoneyUnit
    /// Thousands separators (tables, Markdown) or plain digits (CSV).
    public var grouping: Bool

    public init(unit: MoneyUnit, grouping: Bool) {
        self.unit = unit
        self.grouping = grouping
    }

    public var moneyDecimals: Int {
        switch unit {
        case .yuan: return 0
        case .wan: return 2
        case .yi: return 4
        }
    }

    /// Money given in 元, written in the display unit.
    public func money(_ yuan: Double?) -> String {
        guard let yuan, yuan.isFinite else { return "—" }
        return fixed(yuan / unit.yuanPerUnit, decimals: moneyDecimals)
    }

    public func persons(_ n: Double?) -> String {
        guard let n, n.isFinite else { return "—" }
        return fixed(n, decimals: 0)
    }

    /// A fraction as a percentage with `decimals` places: 0.0894 → `8.94%`.
    public func percent(_ x: Double?, decimals: Int = 2) -> String {
        guard let x, x.isFinite else { return "—" }
        return fixed(x * 100, decimals: decimals) + "%"
    }

    public func plain(_ x: Double?, decimals: Int = 2) -> String {
        guard let x, x.isFinite else { return "—" }
        return fixed(x, decimals: decimals)
    }

    /// Fixed decimals, rounding half away from zero, with optional thousands separators; never `-0`.
    public func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "—" }
        let scale = pow(10, Double(decimals))
        var rounded = (x * scale).rounded(.toNearestOrAwayFromZero) / scale
        if rounded == 0 { rounded = 0 }
        let text = String(format: "%.\(decimals)f", rounded)
        guard grouping else { return text }
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var groups: [String] = []
        while integer.count > 3 {
            groups.insert(String(integer.suffix(3)), at: 0)
            integer = String(integer.dropLast(3))
        }
        groups.insert(integer, at: 0)
        let grouped = groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
        return negative ? "-" + grouped : grouped
    }
}
