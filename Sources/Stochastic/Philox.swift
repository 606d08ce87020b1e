import Foundation

/// Philox4x32-10, the counter-based generator of Salmon, Moraes, Dror & Shaw, "Parallel random numbers:
/// as easy as 1, 2, 3" (SC '11; the Random123 library): a keyed bijection of a 128-bit counter. Draw
/// `n` of path `p` is a pure function of `(seed, p, n)`, so results do not depend on how paths are
/// spread over threads or shards. Checked against Random123's known-answer vectors (PhiloxTests).
public struct Philox4x32: Sendable {
    public var key: (UInt32, UInt32)

    public init(key: (UInt32, UInt32)) { self.key = key }

    /// The generator of a run: the 64-bit seed is the key.
    public init(seed: UInt64) { self.init(key: (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))) }

    static let m0: UInt32 = 0xD251_1F53, m1: UInt32 = 0xCD9E_8D57
    static let w0: UInt32 = 0x9E37_79B9, w1: UInt32 = 0xBB67_AE85

    /// Ten rounds on `counter`: each round multiplies words 0 and 2 by the Philox constants, mixes the
    /// high halves with words 1, 3 and the key; the key is bumped by the Weyl constants between rounds.
    @inline(__always)
    public func block(_ counter: (UInt32, UInt32, UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
        var c = counter
        var k = key
        for round in 0..<10 {
            if round > 0 { k = (k.0 &+ Self.w0, k.1 &+ Self.w1) }
            let p0 = UInt64(Self.m0) * UInt64(c.0), p1 = UInt64(Self.m1) * UInt64(c.2)
            c = (UInt32(truncatingIfNeeded: p1 >> 32) ^ c.1 ^ k.0, UInt32(truncatingIfNeeded: p1),
                 UInt32(truncatingIfNeeded: p0 >> 32) ^ c.3 ^ k.1, UInt32(truncatingIfNeeded: p0))
        }
        return c
    }

    /// Two standard normal draws from one block: two 53-bit uniforms `u ∈ (0, 1]`, `v ∈ [0, 1)` and
    /// Box–Muller `√(−2 ln u)·(cos 2πv, sin 2πv)`. The counter is (path low, path high, year, slot).
    @inline(__always)
    public func normals(path: UInt64, year: UInt32, slot: UInt32) -> (Double, Double) {
        let b = block((UInt32(truncatingIfNeeded: path), UInt32(truncatingIfNeeded: path >> 32), year, slot))
        let scale = 1.0 / 9_007_199_254_740_992.0 // 2⁻⁵³
        let a = (UInt64(b.0) << 21) ^ UInt64(b.1 >> 11), c = (UInt64(b.2) << 21) ^ UInt64(b.3 >> 11)
        let u = (Double(a & ((1 << 53) - 1)) + 1) * scale, v = Double(c & ((1 << 53) - 1)) * scale
        let r = (-2 * log(u)).squareRoot()
        return (r * cos(2 * Double.pi * v), r * sin(2 * Double.pi * v))
    }
}
