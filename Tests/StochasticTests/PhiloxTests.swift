import Testing
@testable import Stochastic

/// Known-answer vectors of Random123 (D. E. Shaw Research, `tests/kat_vectors`, the lines
/// `philox4x32 10 CTR[4] KEY[2] → OUT[4]`), the reference implementation of Salmon et al. (SC '11).
@Suite("Philox4x32-10")
struct PhiloxTests {
    @Test("Random123 known answers: zeros, all ones, digits of π")
    func knownAnswers() {
        let cases: [((UInt32, UInt32, UInt32, UInt32), (UInt32, UInt32), [UInt32])] = [
            ((0, 0, 0, 0), (0, 0), [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8]),
            ((.max, .max, .max, .max), (.max, .max), [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd]),
            ((0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344), (0xa409_3822, 0x299f_31d0), [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1]),
        ]
        for (counter, key, expected) in cases {
            let out = Philox4x32(key: key).block(counter)
            #expect([out.0, out.1, out.2, out.3] == expected)
        }
    }

    @Test("the seed is the key: low word first")
    func seedIsKey() {
        let g = Philox4x32(seed: 0x299f_31d0_a409_3822)
        #expect(g.key.0 == 0xa409_3822 && g.key.1 == 0x299f_31d0)
    }

    /// A draw depends only on (seed, path, year, slot): asking in another order gives the same numbers.
    @Test("draws are a pure function of the counter")
    func counterBased() {
        let g = Philox4x32(seed: 42)
        let forward = (0..<50).map { g.normals(path: UInt64($0), year: 3, slot: 1).0 }
        let backward = (0..<50).reversed().map { g.normals(path: UInt64($0), year: 3, slot: 1).0 }
        #expect(forward == backward.reversed())
        #expect(g.normals(path: 1, year: 3, slot: 1) != g.normals(path: 1, year: 4, slot: 1))
    }
}
