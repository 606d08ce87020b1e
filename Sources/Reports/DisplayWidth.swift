/// Terminal display width of text: East Asian wide and fullwidth characters (汉字, fullwidth
/// punctuation such as `（` `，` `〔`) take two columns, combining marks none, everything else one.
/// Ranges follow Unicode's East Asian Width property (UAX #11), W and F classes.
public func displayWidth(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + scalarWidth($1) }
}

func scalarWidth(_ s: Unicode.Scalar) -> Int {
    let v = s.value
    switch s.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    default: break
    }
    let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
        0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]
    return wide.contains { $0.contains(v) } ? 2 : 1
}

/// Pads `text` to `width` display columns, on the left for right-aligned cells.
func pad(_ text: String, to width: Int, rightAligned: Bool) -> String {
    let padding = String(repeating: " ", count: max(0, width - displayWidth(text)))
    return rightAligned ? padding + text : text + padding
}
