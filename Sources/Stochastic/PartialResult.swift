import Foundation
import Scenario
import Projection

/// A shard's result file (`simulate --shard I/N`): a versioned text header, then the shard's values as
/// little-endian IEEE doubles `[series][year][path]`, checked by length and an FNV-1a 64 checksum.
///
///     fundcast-simulate-partial 1
///     scenario_hash: 0123456789abcdef
///     …
///     payload_bytes: 123456
///     checksum: fedcba9876543210
///     <blank line>
///     <payload>
public struct PartialResult: Sendable, Equatable {
    public static let magic = "fundcast-simulate-partial"
    public static let version = 3

    public var header: SimulationHeader
    /// 1-based shard index and shard count.
    public var shard: Int
    public var shards: Int
    public var sample: PathSample

    public init(header: SimulationHeader, shard: Int, shards: Int, sample: PathSample) {
        self.header = header
        self.shard = shard
        self.shards = shards
        self.sample = sample
    }

    /// Why a partial file cannot be read or merged; the CLI names the file.
    public struct ReadError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    public func encoded() -> Data {
        var payload = Data(capacity: sample.values.count * 8)
        for v in sample.values { withUnsafeBytes(of: v.bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
        let h = header
        let lines = [
            "\(Self.magic) \(Self.version)",
            "scenario_hash: \(h.scenarioHash)",
            "scenario_name: \(escaped(h.scenarioName))",
            "unit: \(h.unit.rawValue)",
            "seed: \(h.seed)",
            "paths: \(h.paths)",
            "shard: \(shard)/\(shards)",
            "first_path: \(sample.firstPath)",
            "path_count: \(sample.count)",
            "years: \(h.baseYear)-\(h.horizon)",
            "series: \(h.series.map(\.code).joined(separator: ","))",
            "months_payable_red: \(h.monthsPayableRed.bitPattern)",
            "resident_months_payable_red: \(h.residentMonthsPayableRed.bitPattern)",
            "depletion_orange: \(h.depletionOrange.bitPattern)",
            "depletion_red: \(h.depletionRed.bitPattern)",
            // One line each: the arguments, then the set's titles, tab-separated (escaped like the name).
            "command_line_changes: \(h.commandLineChanges.count)",
        ] + h.commandLineChanges.enumerated().map { i, c in
            "command_line_change.\(i + 1): " + [c.arguments, c.titleZh ?? "", c.titleEn ?? ""].map(escaped).joined(separator: "\t")
        } + [
            "payload_bytes: \(payload.count)",
            "checksum: \(fnv1a(payload))",
        ]
        var data = Data((lines.joined(separator: "\n") + "\n\n").utf8)
        data.append(payload)
        return data
    }

    /// The largest path or shard count a partial file may state (a thousand times `simulate`'s limit).
    public static let countLimit = 1_000_000_000

    public static func decode(_ data: Data) throws(ReadError) -> PartialResult {
        guard let split = data.range(of: Data("\n\n".utf8)) else {
            throw ReadError("expected a fundcast simulate partial file (a header ending in a blank line), found \(data.isEmpty ? "an empty file" : "no header")")
        }
        guard let text = String(data: data[data.startIndex..<split.lowerBound], encoding: .utf8) else {
            throw ReadError("expected a UTF-8 header, found bytes that are not UTF-8")
        }
        guard !text.contains("\r") else {
            throw ReadError("expected a partial file as simulate wrote it, found Windows line ends (CRLF): it was copied as text, which changes its bytes; copy partial files as binary")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = lines.removeFirst()
        guard first.hasPrefix(magic + " ") else { throw ReadError("expected '\(magic) \(version)' on the first line, found '\(first.prefix(60))'") }
        guard first == "\(magic) \(version)" else {
            throw ReadError("expected format version \(version), found '\(first.dropFirst(magic.count + 1))' (written by another fundcast version)")
        }
        var fields: [String: String] = [:]
        for line in lines {
            guard let colon = line.range(of: ": ") else { throw ReadError("expected 'key: value' header lines, found '\(line.prefix(60))'") }
            fields[String(line[..<colon.lowerBound])] = String(line[colon.upperBound...])
        }
        func field(_ k: String) throws(ReadError) -> String {
            guard let v = fields[k] else { throw ReadError("expected a '\(k):' header line, found none") }
            return v
        }
        func int(_ k: String) throws(ReadError) -> Int {
            guard let v = Int(try field(k)) else { throw ReadError("\(k): expected a whole number, found '\(try field(k))'") }
            return v
        }
        func double(_ k: String) throws(ReadError) -> Double {
            guard let bits = UInt64(try field(k)) else { throw ReadError("\(k): expected a number, found '\(try field(k))'") }
            return Double(bitPattern: bits)
        }
        func commandLineChanges() throws(ReadError) -> [CommandLineChange] {
            let n = try int("command_line_changes")
            guard (0...1000).contains(n) else { throw ReadError("command_line_changes: expected 0 to 1000, found \(n)") }
            return try (0..<n).map { i throws(ReadError) -> CommandLineChange in
                let parts = try field("command_line_change.\(i + 1)").components(separatedBy: "\t").map(unescaped)
                guard parts.count == 3 else { throw ReadError("command_line_change.\(i + 1): expected arguments and two titles, found \(parts.count) fields") }
                return CommandLineChange(arguments: parts[0], titleZh: parts[1].isEmpty ? nil : parts[1], titleEn: parts[2].isEmpty ? nil : parts[2])
            }
        }
        // Every count is bounded before any arithmetic on it: an edited header must be refused, not overflow.
        let limit = Self.countLimit
        let shardText = try field("shard").split(separator: "/").compactMap { Int($0) }
        let yearText = try field("years").split(separator: "-").compactMap { Int($0) }
        guard shardText.count == 2, (1...limit).contains(shardText[1]), (1...shardText[1]).contains(shardText[0]) else {
            throw ReadError("shard: expected I/N with 1 ≤ I ≤ N ≤ \(limit), found '\(try field("shard"))'")
        }
        guard yearText.count == 2, (1...9999).contains(yearText[0]), yearText[0] < yearText[1], yearText[1] - yearText[0] <= 1000 else {
            throw ReadError("years: expected BASE-HORIZON (years of at most four digits, at most 1,000 apart), found '\(try field("years"))'")
        }
        guard let unit = MoneyUnit(rawValue: try field("unit")) else { throw ReadError("unit: expected 元, 万元 or 亿元, found '\(try field("unit"))'") }
        guard let seed = UInt64(try field("seed")) else { throw ReadError("seed: expected a whole number, found '\(try field("seed"))'") }
        var series: [SimulationSeries] = []
        for code in try field("series").split(separator: ",") {
            guard let s = SimulationSeries(code: String(code)) else { throw ReadError("series: unknown series '\(code)'") }
            series.append(s)
        }
        let payload = data[split.upperBound...]
        let expectedBytes = try int("payload_bytes")
        guard (0...Int(Int32.max) * 64).contains(expectedBytes) else { throw ReadError("payload_bytes: expected a size from 0 to \(Int(Int32.max) * 64), found \(expectedBytes)") }
        guard payload.count == expectedBytes else {
            throw ReadError("expected \(expectedBytes) bytes of values, found \(payload.count) (the file is truncated or was changed)")
        }
        guard fnv1a(payload) == (try field("checksum")) else { throw ReadError("checksum mismatch: the values were changed or corrupted") }
        let paths = try int("paths"), firstPath = try int("first_path"), count = try int("path_count")
        guard (1...limit).contains(paths) else { throw ReadError("paths: expected 1 to \(limit), found \(paths)") }
        guard (0...paths).contains(firstPath), (0...(paths - firstPath)).contains(count) else {
            throw ReadError("first_path, path_count: expected paths within the run's \(paths), found \(count) from path \(firstPath)")
        }
        let yearCount = yearText[1] - yearText[0] + 1
        guard series.count <= 64, count * yearCount * series.count * 8 == expectedBytes else {
            throw ReadError("expected \(count) paths × \(yearCount) years × \(series.count) series of values, found \(expectedBytes) bytes")
        }
        var values = [Double](repeating: 0, count: expectedBytes / 8)
        payload.withUnsafeBytes { raw in
            for i in values.indices { values[i] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
        }
        var funds: [Fund] = []
        for s in series { if case .balance(let f) = s { funds.append(f) } }
        let header = SimulationHeader(
            scenarioName: unescaped(try field("scenario_name")), scenarioHash: try field("scenario_hash"), unit: unit, seed: seed,
            paths: paths, baseYear: yearText[0], horizon: yearText[1], funds: funds, series: series,
            monthsPayableRed: try double("months_payable_red"), residentMonthsPayableRed: try double("resident_months_payable_red"), depletionOrange: try double("depletion_orange"), depletionRed: try double("depletion_red"),
            commandLineChanges: try commandLineChanges())
        return PartialResult(header: header, shard: shardText[0], shards: shardText[1],
                             sample: PathSample(firstPath: firstPath, count: count, seriesCount: series.count, yearCount: yearCount, values: values))
    }

    /// Joins every shard of one run into its whole sample; refuses different runs, duplicates and gaps.
    /// `names` label the parts in messages.
    public static func merge(_ parts: [PartialResult], names: [String]) throws(ReadError) -> (SimulationHeader, PathSample) {
        guard let first = parts.first else { throw ReadError("expected at least one partial file, found none") }
        for (p, name) in zip(parts, names) {
            if p.header.scenarioHash != first.header.scenarioHash {
                throw ReadError("\(name): scenario hash \(p.header.scenarioHash) differs from \(names[0])'s \(first.header.scenarioHash): shards of different scenarios")
            }
            if p.header.seed != first.header.seed { throw ReadError("\(name): seed \(p.header.seed) differs from \(names[0])'s \(first.header.seed)") }
            if p.shards != first.shards || p.header.paths != first.header.paths {
                throw ReadError("\(name): shard \(p.shard)/\(p.shards) of \(p.header.paths) paths does not belong to \(names[0])'s run (\(first.shards) shards of \(first.header.paths) paths)")
            }
            if p.header != first.header { throw ReadError("\(name): header differs from \(names[0])'s (different settings)") }
            let expected = Simulation.shardRange(index: p.shard, of: p.shards, paths: p.header.paths)
            if p.sample.firstPath != expected.lowerBound || p.sample.count != expected.count {
                throw ReadError("\(name): shard \(p.shard)/\(p.shards) should hold paths \(expected.lowerBound)…\(expected.upperBound - 1), holds \(p.sample.firstPath) onwards (\(p.sample.count))")
            }
        }
        var byShard: [Int: Int] = [:]
        for (i, p) in parts.enumerated() {
            if let j = byShard[p.shard] { throw ReadError("\(names[i]): shard \(p.shard)/\(p.shards) given twice (also \(names[j]))") }
            byShard[p.shard] = i
        }
        let missing = (1...first.shards).filter { byShard[$0] == nil }
        guard missing.isEmpty else {
            throw ReadError("expected all \(first.shards) shards, missing \(missing.map { "\($0)/\(first.shards)" }.joined(separator: ", "))")
        }
        let ordered = (1...first.shards).map { parts[byShard[$0]!].sample }
        guard let sample = PathSample.concatenating(ordered) else { throw ReadError("shards do not fit together") }
        return (first.header, sample)
    }
}

/// FNV-1a 64-bit of `data`, 16 hex digits.
func fnv1a<D: DataProtocol>(_ data: D) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in data { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}

/// A header value on one line: backslash, newline and tab written as `\\`, `\n`, `\t`.
private func escaped(_ s: String) -> String {
    s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
}
private func unescaped(_ s: String) -> String {
    var out = "", it = s.makeIterator()
    while let c = it.next() {
        if c == "\\", let n = it.next() { out.append(n == "n" ? "\n" : n == "t" ? "\t" : n) } else { out.append(c) }
    }
    return out
}
