import Foundation
import Scenario

/// The repository root, found from this file: Tests/TestSupport/TestSupport.swift.
public let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The path of a file in the repository, e.g. `repositoryPath("Scenarios/example-city.yaml")`.
public func repositoryPath(_ relative: String) -> String {
    repositoryRoot.appendingPathComponent(relative).path
}

/// Every shipped scenario (`Scenarios/*.yaml`), sorted by name.
public let shippedScenarioPaths: [String] = {
    let folder = repositoryRoot.appendingPathComponent("Scenarios")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0).path }
}()

/// `Scenarios/example-city.yaml` (4.5 million people, base year 2021).
public let exampleCityPath = repositoryPath("Scenarios/example-city.yaml")

/// `|x − y| ≤ tolerance·max(1, |y|)`: relative closeness that is absolute near zero; false for nil.
public func close(_ x: Double?, _ y: Double, relative tolerance: Double = 1e-12) -> Bool {
    guard let x else { return false }
    return abs(x - y) <= tolerance * max(1, abs(y))
}

/// Element-wise `close` of two vectors of the same length.
public func close(_ x: [Double], _ y: [Double], relative tolerance: Double = 1e-12) -> Bool {
    x.count == y.count && zip(x, y).allSatisfy { close($0, $1, relative: tolerance) }
}

/// A fresh folder under the system's temporary directory, one per test, removed by `remove()`.
public struct TemporaryFolder: Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fundcast-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `text` to `relative` (creating sub-folders) and returns the file's path.
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// The path of `relative` inside the folder (not created).
    public func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    public func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Loads a scenario file written to a fresh folder with the given files (CSV overrides…) beside it.
public func loadScenarioFile(_ yaml: String, files: [String: String]) throws -> Scenario {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    for (name, text) in files { try folder.write(name, text) }
    return try ScenarioLoader.load(path: folder.write("scenario.yaml", yaml))
}

/// China as a whole, 2021: NBS year-end population (国家统计局, 2021年国民经济和社会发展统计公报) and the
/// national medical-security bulletin's members, spending and balances (国家医疗保障局, 2021年全国医疗保障
/// 事业发展统计公报).
public let chinaNational2021 = """
    name: 中国 2021 全国
    region: 全国
    base_year: 2021
    horizon: 2050
    unit: 亿元
    population:
      total: 1412600000
      net_migration: 0
    employee:
      active: 261060000
      retired: 93240000
      average_base: 72792
      employer_rate: 0.08
      base_year_actuals:
        pooled_expenditure: 8043.35亿元
        pa_expenditure: 6703.38亿元
      balance:
        pooled: 17685.74亿元
        personal_account: 11753.98亿元
    resident:
      insured: 1008660000
      subsidy_per_capita: 580
      individual_per_capita: 320
      base_year_actuals:
        expenditure: 9296.37亿元
      balance: 6716.58亿元
    """

/// SplitMix64 (Steele, Lea & Flood 2014): a small seeded generator, so every run draws the same
/// "random" test inputs.
public struct SeededGenerator: RandomNumberGenerator {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// The smallest employee scheme the decoder accepts: `employee:` with its four required keys indented
/// under it (1,000 actives on a 50,000 元 base at an 8 % employer rate, 500 retirees). Lines added after it
/// with two spaces join the scheme.
public let minimalEmployee = """
    employee:
      active: 1000
      retired: 500
      average_base: 50000
      employer_rate: 0.08
    """
