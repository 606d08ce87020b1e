import Foundation
import Testing
@testable import Demography
import Scenario
import TestSupport

/// Region tables named in a scenario file replace the embedded defaults; bad tables are reported
/// with the CSV's name (as written in the scenario) and the line.
@Suite struct RegionOverrideTests {
    static func scenario(_ population: String) -> String {
        populationScenarioText(baseYear: 2023, population: population)
    }

    @Test func ageSexCountsReplaceTheStructureScaledToTheTotal() throws {
        // 1,000 in every cell but 3,000 men aged 40: Σ = 202·1,000 + 2,000 = 204,000; total 2,040,000 → ×10.
        let csv = ageSexCSV(header: "age,sex,count") { age, sex in age == 40 && sex == .male ? "3000" : "1000" }
        let s = try loadScenarioFile(Self.scenario("  total: 2040000\n  age_sex: region.csv"), files: ["region.csv": csv])
        let p = Demographics(s).basePopulation
        #expect(p[AgeSex.index(age: 40, sex: .male)] == 30_000)
        #expect(p[AgeSex.index(age: 40, sex: .female)] == 10_000)
        #expect(p[AgeSex.index(age: 0, sex: .male)] == 10_000)
        #expect(p[AgeSex.index(age: 100, sex: .female)] == 10_000)
        #expect(close(p.reduce(0, +), 2_040_000, relative: 1e-14))
    }

    @Test func sexLabelsAndOpenGroupSpellingsAreAccepted() throws {
        // 男/女 and "100+" parse like M/F and 100.
        var lines = ["age,sex,count"]
        for (label, sex) in [("男", 0), ("女", 1)] {
            for age in 0...100 { lines.append("\(age == 100 ? "100+" : "\(age)"),\(label),\(sex == 0 ? 2 : 1)") }
        }
        let s = try loadScenarioFile(Self.scenario("  total: 303\n  age_sex: region.csv"),
                                     files: ["region.csv": lines.joined(separator: "\n")])
        let p = Demographics(s).basePopulation
        // Σ = 101·2 + 101·1 = 303 = total, so no scaling.
        #expect(p[AgeSex.index(age: 100, sex: .male)] == 2)
        #expect(p[AgeSex.index(age: 7, sex: .female)] == 1)
    }

    @Test func lifeTableReplacesTheDefault() throws {
        // q = 0.02 for men, 0.01 for women, closed at 100.
        let csv = ageSexCSV(header: "age,sex,qx") { age, sex in age == 100 ? "1" : (sex == .male ? "0.02" : "0.01") }
        let s = try loadScenarioFile(Self.scenario("  total: 1000000\n  life_table: life.csv"), files: ["life.csv": csv])
        let d = Demographics(s)
        #expect(d.lifeTable.mx == nil)
        #expect(d.lifeTable.qx[AgeSex.index(age: 50, sex: .male)] == 0.02)
        #expect(d.lifeTable.qx[AgeSex.index(age: 50, sex: .female)] == 0.01)
        #expect(d.lifeTableYear == 2023) // the region table stands for the base year
        // a(0) = 0.045 + 2.684·0.02 = 0.09868 (men), 0.053 + 2.8·0.01 = 0.081 (women)
        #expect(abs(d.lifeTable.a0[0] - 0.09868) < 1e-15)
        #expect(abs(d.lifeTable.a0[1] - 0.081) < 1e-15)
        // In the base year the Leslie subdiagonal is 1 − q = 0.98 (men) and the open group keeps 1 − q(99).
        let l = d.leslie(in: 2023)
        #expect(l[AgeSex.index(age: 51, sex: .male), AgeSex.index(age: 50, sex: .male)] == 0.98)
        #expect(l[AgeSex.index(age: 100, sex: .female), AgeSex.index(age: 100, sex: .female)] == 0.99)
        // Constant q: e0 (women) = Σ_{x<100} l(x)(1 − ½q) with a0 = 0.081 at age 0, + l(100)(0.5 + S/(1−S)).
        var l0 = 1.0, e0 = 0.0
        for age in 0..<100 { let a = age == 0 ? 0.081 : 0.5; e0 += l0 * (1 - 0.01) + a * l0 * 0.01; l0 *= 0.99 }
        e0 += l0 * (0.5 + 0.99 / 0.01)
        #expect(abs(d.lifeTable.lifeExpectancy(.female) - e0) < 1e-9)
    }

    @Test func missingAgesAreCountedAndNamed() throws {
        // Drop 5 M and 7 F: "2 missing (5 M, 7 F)", located at the file.
        let csv = ageSexCSV(header: "age,sex,count", skip: [AgeSex.index(age: 5, sex: .male), AgeSex.index(age: 7, sex: .female)]) { _, _ in "10" }
        let issues = try loadIssues(Self.scenario("  total: 1000\n  age_sex: region.csv"), files: ["region.csv": csv])
        let issue = try #require(issues.first { $0.key == "age" })
        #expect(issue.location.file == "region.csv")
        #expect(issue.found.hasPrefix("2 missing"))
        #expect(issue.found.contains("5 M") && issue.found.contains("7 F"))
    }

    @Test func negativeCountIsReportedAtItsLine() throws {
        // Row of 3 M is line 2 + 3 = 5.
        let csv = ageSexCSV(header: "age,sex,count") { age, sex in age == 3 && sex == .male ? "-5" : "10" }
        let issues = try loadIssues(Self.scenario("  total: 1000\n  age_sex: region.csv"), files: ["region.csv": csv])
        let issue = try #require(issues.first { $0.key == "count" })
        #expect(issue.location.file == "region.csv")
        #expect(issue.location.line == 5)
        #expect(issue.found == "'-5'")
        #expect(issue.description.hasPrefix("region.csv:5: count: expected a count ≥ 0"))
    }

    @Test func probabilityOutsideZeroOneIsReportedAtItsLine() throws {
        // Row of 20 F is line 2 + 101 + 20 = 123; row of 0 M (line 2) is negative.
        let csv = ageSexCSV(header: "age,sex,qx") { age, sex in
            age == 20 && sex == .female ? "1.5" : age == 0 && sex == .male ? "-0.1" : "0.01"
        }
        let folderIssues = try loadIssues(Self.scenario("  total: 1000\n  life_table: life.csv"), files: ["life.csv": csv])
        let qx = folderIssues.filter { $0.key == "qx" }
        #expect(qx.map(\.location.line) == [2, 123])
        #expect(qx.allSatisfy { $0.location.file == "life.csv" })
        #expect(qx.map(\.found) == ["'-0.1'", "'1.5'"])
    }

    @Test func badSexLabelIsReportedAtItsLine() throws {
        var csv = ageSexCSV(header: "age,sex,count") { _, _ in "10" }
        csv = csv.replacingOccurrences(of: "\n42,F,10\n", with: "\n42,X,10\n") // line 2 + 101 + 42 = 145
        let issues = try loadIssues(Self.scenario("  total: 1000\n  age_sex: region.csv"), files: ["region.csv": csv])
        let issue = try #require(issues.first { $0.key == "sex" })
        #expect(issue.location.file == "region.csv" && issue.location.line == 145)
        #expect(issue.found == "'X'")
        // The row is dropped, so 42 F is also missing.
        #expect(issues.contains { $0.key == "age" && $0.found.hasPrefix("1 missing (42 F)") })
    }

    @Test func badHeaderIsReportedAtLineOne() throws {
        let csv = ageSexCSV(header: "age,sex,persons") { _, _ in "10" }
        let issues = try loadIssues(Self.scenario("  total: 1000\n  age_sex: region.csv"), files: ["region.csv": csv])
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.key == "header")
        #expect(issue.location.file == "region.csv" && issue.location.line == 1)
        #expect(issue.expected == "'age,sex,count'")
        #expect(issue.found == "'age,sex,persons'")
    }

    @Test func aWrongAgeIsReported() throws {
        var csv = ageSexCSV(header: "age,sex,count") { _, _ in "10" }
        csv = csv.replacingOccurrences(of: "\n10,M,10\n", with: "\n101,M,10\n") // line 12
        let issues = try loadIssues(Self.scenario("  total: 1000\n  age_sex: region.csv"), files: ["region.csv": csv])
        #expect(issues.contains { $0.key == "age" && $0.location.line == 12 && $0.found == "'101'" })
    }
}
