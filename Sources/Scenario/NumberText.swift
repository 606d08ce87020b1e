import Foundation

/// Why a numeric scalar was refused: what to print after "found", and what was probably meant.
struct NumberProblem: Error, Equatable {
    var found: String
    var suggestion: String?
}

/// The one reader of numbers written in a scenario, as budget officers write them:
///
/// - `12345`, `-0.5`, `1.2e6`, thousands separators only in the `1,234,567.8` shape (or `4_500_000`);
/// - `8%` where a rate is expected (scaled by 10⁻²);
/// - money with a unit or multiplier: `3178万元`, `1.2 亿元`, `5万亿`, `980元`, `3百万`, `2千万`.
///
/// Scaling is exact: the decimal exponent of the unit joins the number's own before the one
/// decimal-to-binary conversion, so `1.23456789万亿` is 1,234,567,890,000 元 exactly.
///
/// Refused, each with what was meant: a comma decimal (`0,08` → `0.08`), full-width digits and
/// signs (`８％`, 全角), hexadecimal (`0x10`), leading zeros (`010`, octal in YAML 1.1), `inf`,
/// `nan`, and exponents beyond ±300.
enum NumberText {
    /// Chinese multipliers of money, longest first, with their decimal exponents.
    static let multipliers: [(text: String, exponent: Int)] = [("万亿", 12), ("千万", 7), ("百万", 6), ("亿", 8), ("万", 4)]

    /// - Parameters:
    ///   - money: units and multipliers are allowed (`万元`, `亿`).
    ///   - percent: a trailing `%` is allowed.
    ///   - defaultExponent: the decimal exponent applied when no unit is written (the file's `unit`).
    static func parse(_ raw: String, money: Bool, percent: Bool, defaultExponent: Int = 0) -> Result<Double, NumberProblem> {
        var text = raw.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{3000}")))
        let quoted = "'\(raw)'"
        if text.unicodeScalars.contains(where: { (0xFF01...0xFF5E).contains($0.value) }) {
            let halfWidth = halfWidthText(text)
            return .failure(NumberProblem(found: "\(quoted), written with full-width characters (全角数字/符号)", suggestion: halfWidth))
        }
        var exponent = 0
        if percent, text.hasSuffix("%") {
            text = String(text.dropLast()).trimmingCharacters(in: .whitespaces)
            exponent -= 2
        }
        var unitExponent: Int?
        if money {
            if text.hasSuffix("元") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces); unitExponent = 0 }
            for m in multipliers where text.hasSuffix(m.text) {
                text = String(text.dropLast(m.text.count)).trimmingCharacters(in: .whitespaces)
                unitExponent = m.exponent
                break
            }
            if let last = text.last, "万亿千百元".contains(last) {
                return .failure(NumberProblem(found: "\(quoted), whose unit is not one of 元, 万元, 亿元, 万亿元 (or 百万, 千万)"))
            }
        }
        exponent += unitExponent ?? defaultExponent
        let written = raw.trimmingCharacters(in: .whitespaces)
        return mantissa(text, quoted: quoted, written: written).flatMap { m in
            let total = m.exponent + exponent
            guard abs(total) <= 300 else {
                return .failure(NumberProblem(found: "\(quoted), an exponent beyond ±300"))
            }
            guard let value = Double("\(m.digits)e\(total)"), value.isFinite else {
                return .failure(NumberProblem(found: quoted))
            }
            return .success(value)
        }
    }

    /// Splits a plain decimal into its digits (`-1234.5`) and exponent, refusing the look-alikes.
    private static func mantissa(_ text: String, quoted: String, written: String) -> Result<(digits: String, exponent: Int), NumberProblem> {
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        let lower = body.lowercased()
        if lower.hasPrefix("0x") || lower.hasPrefix("0o") || lower.hasPrefix("0b") {
            return .failure(NumberProblem(found: "\(quoted), a hexadecimal, octal or binary number: write it in decimal"))
        }
        if ["inf", "infinity", ".inf", "nan", ".nan"].contains(lower) {
            return .failure(NumberProblem(found: "\(quoted), not a finite number"))
        }
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            let exponentText = body[body.index(after: e)...]
            guard let x = Int(exponentText), exponentText.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }),
                  abs(x) <= 400 else {
                return .failure(NumberProblem(found: quoted))
            }
            exponent = x
            body = body[..<e]
        }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var integer = String(parts[0])
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }), !(integer.isEmpty && fraction.isEmpty) else {
            if integer.contains(",") || fraction.contains(",") { return .failure(commaProblem(text, quoted: quoted, written: written)) }
            return .failure(NumberProblem(found: quoted))
        }
        if integer.contains(",") {
            let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
            let thousands = groups.count > 1 && (1...3).contains(groups[0].count) && groups.dropFirst().allSatisfy { $0.count == 3 }
                && groups.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
            guard thousands else { return .failure(commaProblem(text, quoted: quoted, written: written)) }
            integer = groups.joined()
        } else if integer.contains("_") {
            let groups = integer.split(separator: "_", omittingEmptySubsequences: false)
            guard groups.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return .failure(NumberProblem(found: quoted)) }
            integer = groups.joined()
        }
        guard integer.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(NumberProblem(found: quoted)) }
        if integer.count > 1, integer.hasPrefix("0") {
            let trimmed = String(integer.drop { $0 == "0" })
            let suggestion = sign + (trimmed.isEmpty ? "0" : trimmed) + (fraction.isEmpty ? "" : "." + fraction)
            return .failure(NumberProblem(found: "\(quoted), with a leading zero (read as octal by some YAML readers)", suggestion: suggestion))
        }
        return .success((sign + (integer.isEmpty ? "0" : integer) + (fraction.isEmpty ? "" : "." + fraction), exponent))
    }

    /// `0,08` or `563727,36`: a decimal comma (as in Excel set to a European locale); anything else
    /// with commas is in the wrong shape for thousands separators.
    private static func commaProblem(_ text: String, quoted: String, written: String) -> NumberProblem {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        if parts.count == 2, parts[1].count != 3, parts.allSatisfy({ !$0.isEmpty }) {
            return NumberProblem(found: "\(quoted), a decimal comma (numbers use a dot)", suggestion: written.replacingOccurrences(of: ",", with: "."))
        }
        return NumberProblem(found: "\(quoted), with commas that are not thousands separators (1,234,567.8)")
    }

    /// Full-width ASCII forms (`８％`, `０．０８`) as their half-width characters.
    static func halfWidthText(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if (0xFF01...0xFF5E).contains(s.value), let half = Unicode.Scalar(s.value - 0xFEE0) { out.append(half) } else if s.value == 0x3000 { out.append(" ") } else { out.append(s) }
        }
        return String(out)
    }
}

extension MoneyUnit {
    /// The power of ten of 元 per unit: 0, 4 or 8.
    var decimalExponent: Int {
        switch self {
        case .yuan: return 0
        case .wan: return 4
        case .yi: return 8
        }
    }
}

/// `2021-2025` (or `2025–2021`, `2021~2025`, `2021至2025`) described as a range of years, saying
/// when it runs backwards; nil when the text is not two years joined by a dash, tilde or 至/到.
func yearRangeProblem(_ text: String) -> String? {
    let separators = CharacterSet(charactersIn: "-–—~～至到")
    let parts = text.components(separatedBy: separators).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), (1000...9999).contains(a), (1000...9999).contains(b) else { return nil }
    return "a range of years" + (a > b ? " that runs backwards (\(a) is after \(b))" : "")
}

/// "found" text for a dated-series key that is not a year: a range such as `2025-2021` is explained.
func yearKeyProblem(_ key: String) -> String {
    if let range = yearRangeProblem(key) {
        let years = key.components(separatedBy: CharacterSet(charactersIn: "-–—~～至到")).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return "'\(key)', \(range): give the year each value starts, e.g. {\(years.min() ?? 0): …}, which holds until the next year given"
    }
    if key.unicodeScalars.contains(where: { (0xFF10...0xFF19).contains($0.value) }) {
        return "'\(key)', written with full-width digits (全角数字): write '\(NumberText.halfWidthText(key))'"
    }
    return "'\(key)'"
}

/// A number in a CSV cell, by the rules of ``NumberText`` (no units, no percent): hex, octal,
/// `inf`, `nan` and full-width digits are refused. (A comma cannot reach a cell: it ends the field.)
func csvNumber(_ text: String) -> Double? {
    try? NumberText.parse(text, money: false, percent: false).get()
}
