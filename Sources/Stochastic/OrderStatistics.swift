/// Percentiles of a year's paths without sorting them: a type-7 percentile reads two order statistics,
/// and selection finds those in expected linear time where a sort of 100,000 paths takes about
/// seventeen passes (`simulate` takes 5 percentiles of each series in each year).
enum OrderStatistics {
    /// ``SimulationSummary/percentile(sorted:_:)`` at each of `levels` (non-decreasing, in [0, 1]) of
    /// `values` (finite), bit for bit: the same two order statistics `x_(⌊h⌋)` and `x_(⌊h⌋+1)` with the
    /// same interpolation. Zeros are read as `+0` (a sort could leave a `−0` where selection finds a
    /// `+0`). Reorders `values`.
    static func percentiles(_ values: inout [Double], levels: [Double]) -> [Double] {
        let n = values.count
        guard n > 0 else { return levels.map { _ in .nan } }
        precondition(zip(levels, levels.dropFirst()).allSatisfy { $0 <= $1 }, "percentile levels in increasing order")
        return values.withUnsafeMutableBufferPointer { x in
            for i in 0..<n { x[i] += 0 } // −0 → +0
            // After each selection of `lo`, x[0..<lo] ≤ x[lo] ≤ x[lo+1..<n]: a later level selects in x[lo...].
            var from = 0
            return levels.map { p in
                let h = Double(n - 1) * p
                let lo = Int(h.rounded(.down))
                let w = h - Double(lo)
                select(x, lo, from, n)
                from = lo
                let low = x[lo]
                guard w != 0, lo + 1 < n else { return low }
                // x_(lo+1) is the smallest of what lies above x_(lo).
                var high = x[lo + 1]
                for i in (lo + 2)..<n where x[i] < high { high = x[i] }
                return low + w * (high - low)
            }
        }
    }

    /// Puts the `k`-th smallest of `x[lo..<hi]` at `x[k]`, smaller or equal ones before it and larger or
    /// equal ones after (quickselect with a median-of-three pivot and a three-way partition, so equal
    /// values, as when every path is the same, take one pass). After 64 rounds the rest is sorted, which
    /// bounds the time on any input.
    static func select(_ x: UnsafeMutableBufferPointer<Double>, _ k: Int, _ lo: Int, _ hi: Int) {
        precondition(lo <= k && k < hi && hi <= x.count, "selection index within the range")
        var lo = lo, hi = hi, rounds = 0
        while hi - lo > 16 && rounds < 64 {
            rounds += 1
            let a = x[lo], b = x[lo + (hi - lo) / 2], c = x[hi - 1]
            let pivot = max(min(a, b), min(max(a, b), c))
            var lt = lo, i = lo, gt = hi
            while i < gt {
                let v = x[i]
                if v < pivot {
                    x.swapAt(lt, i)
                    lt += 1
                    i += 1
                } else if v > pivot {
                    gt -= 1
                    x.swapAt(i, gt)
                } else {
                    i += 1
                }
            }
            if k < lt { hi = lt } else if k >= gt { lo = gt } else { return }
        }
        var rest = UnsafeMutableBufferPointer(rebasing: x[lo..<hi])
        rest.sort()
    }
}
