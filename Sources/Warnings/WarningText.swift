import Foundation
import Scenario

/// How warnings print numbers, one precision per kind: months to one decimal (2.9个月), rates to
/// one decimal of a percent (27.3%), growth gaps in 个百分点 to one decimal, ratios to two decimals
/// (2.80), money to two decimals in the scenario's unit. A value the rounding would carry onto or
/// across its threshold gets the digits that keep it on its own side (2.96 below 3 prints 2.96,
/// not 3.0).
enum Text {
    /// A threshold or setting: at most two decimals, no trailing zeros (3, 2.5, 0.15).
    static func plain(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 1e12 else { return String(format: "%.3g", x) }
        var text = String(format: "%.2f", x)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// `x` with `digits` decimals, or more where fewer would not show which side of `threshold` it is on.
    static func fixed(_ x: Double, digits: Int, against threshold: Double?, _ comparison: Comparison?) -> String {
        guard x.isFinite, abs(x) < 1e15 else { return String(format: "%.4g", x) }
        guard let threshold, let comparison else { return String(format: "%.\(digits)f", x) }
        for d in digits...(digits + 6) {
            let text = String(format: "%.\(d)f", x)
            if let shown = Double(text), comparison.holds(shown, threshold) { return text }
        }
        return String(format: "%.\(digits + 6)f", x)
    }

    /// A metric's value in both languages.
    static func value(_ x: Double, _ kind: WarningMetric.Kind, unit: MoneyUnit, against threshold: Double? = nil,
                      _ comparison: Comparison? = nil) -> (zh: String, en: String) {
        switch kind {
        case .months:
            let t = fixed(x, digits: 1, against: threshold, comparison)
            return ("\(t)个月", "\(t) months")
        case .rate:
            let t = fixed(x * 100, digits: 1, against: threshold.map { $0 * 100 }, comparison)
            return ("\(t)%", "\(t)%")
        case .points:
            let t = fixed(x * 100, digits: 1, against: threshold.map { $0 * 100 }, comparison)
            return ("\(t)个百分点", "\(t) points")
        case .ratio:
            let t = fixed(x, digits: 2, against: threshold, comparison)
            return (t, t)
        case .money:
            return unit.text(x)
        }
    }

    /// A threshold in both languages: 3个月, 15%, 2个百分点, 3, 0元.
    static func threshold(_ x: Double, _ kind: WarningMetric.Kind) -> (zh: String, en: String) {
        switch kind {
        case .months: return ("\(plain(x))个月", "\(plain(x)) months")
        case .rate: return ("\(plain(x * 100))%", "\(plain(x * 100))%")
        case .points: return ("\(plain(x * 100))个百分点", "\(plain(x * 100)) points")
        case .ratio: return (plain(x), plain(x))
        case .money: return ("\(plain(x))元", "\(plain(x)) yuan")
        }
    }
}
