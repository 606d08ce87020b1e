import Testing
import TestSupport
@testable import Stochastic

/// The fan's percentiles by selection against the definition on sorted values.
@Suite("Order statistics")
struct OrderStatisticsTests {
    let levels = SimulationSummary.levels

    func bySorting(_ values: [Double]) -> [Double] {
        let sorted = values.map { $0 + 0 }.sorted()
        return levels.map { SimulationSummary.percentile(sorted: sorted, $0) }
    }

    func bySelection(_ values: [Double]) -> [Double] {
        var v = values
        return OrderStatistics.percentiles(&v, levels: levels)
    }

    /// Type 7 on 1…5 (h = 4p): 1.2, 2, 3, 4, 4.8, whatever the order.
    @Test("hand-worked: 1…5 in any order")
    func handWorked() {
        for values in [[1.0, 2, 3, 4, 5], [5, 4, 3, 2, 1], [3, 5, 1, 4, 2]] {
            let p = bySelection(values)
            #expect(abs(p[0] - 1.2) < 1e-12 && p[1] == 2 && p[2] == 3 && p[3] == 4 && abs(p[4] - 4.8) < 1e-12)
        }
        #expect(bySelection([]).allSatisfy { $0.isNaN })
        #expect(bySelection([7]) == [7, 7, 7, 7, 7])
        // Two values: h = p, so 5 % of the way from 10 to 20 is 10.5.
        #expect(bySelection([20, 10]) == [10.5, 12.5, 15, 17.5, 19.5])
    }

    @Test("the same bits as on the sorted values: random, tied, ordered and adversarial inputs")
    func sameAsSorting() {
        var g = SeededGenerator(state: 11)
        var inputs: [[Double]] = []
        for n in [2, 3, 16, 17, 18, 100, 1_001, 20_000] {
            inputs.append((0..<n).map { _ in g.uniform() * 2e11 - 1e11 })
            inputs.append((0..<n).map { _ in Double(Int(g.uniform() * 5)) }) // many ties
        }
        inputs.append((0..<50_000).map(Double.init)) // ascending
        inputs.append((0..<50_000).reversed().map(Double.init)) // descending
        inputs.append((0..<50_000).map { Double(min($0, 50_000 - $0)) }) // organ pipe
        inputs.append([Double](repeating: 3.5, count: 100_000)) // every path the same (zero volatility)
        inputs.append([0, -0.0, 0, -0.0, 1, -1, -0.0])
        for values in inputs {
            let expected = bySorting(values), found = bySelection(values)
            #expect(expected.map(\.bitPattern) == found.map(\.bitPattern), "n = \(values.count)")
        }
    }

    @Test("selection leaves the k-th smallest at k with the smaller ones before it")
    func selectionPartitions() {
        var g = SeededGenerator(state: 5)
        var x = (0..<5_000).map { _ in Double(Int(g.uniform() * 300)) }
        let sorted = x.sorted()
        x.withUnsafeMutableBufferPointer { b in
            OrderStatistics.select(b, 1_234, 0, b.count)
            #expect(b[1_234] == sorted[1_234])
            #expect((0..<1_234).allSatisfy { b[$0] <= b[1_234] } && (1_235..<b.count).allSatisfy { b[$0] >= b[1_234] })
        }
    }
}
