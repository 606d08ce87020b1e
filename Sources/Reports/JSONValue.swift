/// A JSON value with ordered object keys, so output reads in the order of the README's JSON section and is
/// byte-for-byte reproducible.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    /// `nil` becomes `null`; non-finite numbers too (JSON has no NaN).
    public static func num(_ x: Double?) -> JSONValue {
        guard let x, x.isFinite else { return .null }
        return .number(x)
    }

    /// Money in 元 rounded to the 分 (0.01 元), which removes floating-point noise from output.
    public static func money(_ x: Double?) -> JSONValue {
        guard let x, x.isFinite else { return .null }
        let cents = (x * 100).rounded() / 100
        return cents.isFinite ? .number(cents) : .number(x)
    }

    public func serialized(indent: Int = 0, pretty: Bool = true) -> String {
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let close = pretty ? String(repeating: "  ", count: indent) : ""
        let nl = pretty ? "\n" : ""
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .number(let x):
            guard x.isFinite else { return "null" } // JSON has no inf or NaN
            if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
            return "\(x)"
        case .string(let s): return JSONValue.quote(s)
        case .array(let items):
            if items.isEmpty { return "[]" }
            return "[" + nl + items.map { pad + $0.serialized(indent: indent + 1, pretty: pretty) }.joined(separator: "," + nl) + nl + close + "]"
        case .object(let pairs):
            if pairs.isEmpty { return "{}" }
            return "{" + nl + pairs.map { pad + JSONValue.quote($0.0) + (pretty ? ": " : ":") + $0.1.serialized(indent: indent + 1, pretty: pretty) }
                .joined(separator: "," + nl) + nl + close + "}"
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
