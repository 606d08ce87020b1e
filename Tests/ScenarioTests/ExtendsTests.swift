import Foundation
import Testing
@testable import Scenario
import TestSupport

/// `extends:` with real files, each test in its own temporary folder.
@Suite("ScenarioLoader: extends")
struct ExtendsTests {
    let parent = """
        name: Parent
        base_year: 2020
        unit: 万元
        assumptions:
          wage_growth: 0.05
          interest_rate: 0.02
        employee:
          active: 1000
          retired: 500
          average_base: 50000
          employer_rate: {2020: 0.08, 2025: 0.07}
          balance: {pooled: 10, personal_account: 4}
        """

    @Test("the child overrides leaves and inherits the rest (deep merge)")
    func deepMerge() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("parent.yaml", parent)
        let child = try folder.write("child.yaml", """
            extends: parent.yaml
            name: Child
            assumptions:
              wage_growth: 0.03
            employee:
              balance: {pooled: 20}
            """)
        let s = try ScenarioLoader.load(path: child)
        #expect(s.name == "Child")
        #expect(s.source == child)
        #expect(s.baseYear == 2020 && s.unit == .wan)                 // inherited
        #expect(s.assumptions.wageGrowth == DatedValue(0.03))         // overridden leaf
        #expect(s.assumptions.interestRate == DatedValue(0.02))       // sibling inherited
        let e = try #require(s.employee)
        #expect(e.active == DatedValue(1000))
        #expect(e.employerRate.value(in: 2026) == 0.07)
        #expect(e.pooledBalance == 200_000)            // child's 20 万元
        #expect(e.personalAccountBalance == 40_000)    // parent's 4 万元, merged inside balance:
    }

    @Test("a dated mapping in the child replaces the parent's whole series")
    func datedReplacesWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("parent.yaml", parent)
        let child = try folder.write("child.yaml", """
            extends: parent.yaml
            employee:
              employer_rate: {2020: 0.05, 2022: 0.06}
            """)
        let rate = try #require(try ScenarioLoader.load(path: child).employee?.employerRate)
        // Merged year by year it would be {2020: 0.05, 2022: 0.06, 2025: 0.07}; replaced it is {2020: 0.05, 2022: 0.06}.
        #expect(rate.knots.map(\.year) == [2020, 2022])
        #expect(rate.value(in: 2020) == 0.05)
        #expect(rate.value(in: 2030) == 0.06)
    }

    @Test("a parent in a sub-folder is allowed, and a chain of three files merges in order")
    func chain() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("base/parent.yaml", parent)
        try folder.write("base/middle.yaml", """
            extends: parent.yaml
            horizon: 2040
            assumptions: {wage_growth: 0.04}
            """)
        let child = try folder.write("child.yaml", """
            extends: base/middle.yaml
            assumptions: {interest_rate: 0.01}
            """)
        let s = try ScenarioLoader.load(path: child)
        #expect(s.horizon == 2040)                                 // middle
        #expect(s.assumptions.wageGrowth == DatedValue(0.04))      // middle over parent's 0.05
        #expect(s.assumptions.interestRate == DatedValue(0.01))    // child over parent's 0.02
        #expect(s.name == "Parent")                                // parent
    }

    @Test("an error in the parent names the parent's file and line")
    func errorInParent() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("parent.yaml", parent.replacingOccurrences(of: "active: 1000", with: "active: many"))
        let child = try folder.write("child.yaml", "extends: parent.yaml\nname: Child\n")
        let found = issues(atPath: child)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "employee.active")
        #expect(issue.location.file == folder.path("parent.yaml"))
        #expect(issue.location.line == 8) // line 8 of the parent fixture
    }

    @Test("a parent outside the child's folder is rejected")
    func parentOutside() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.write("parent.yaml", parent)
        let child = try folder.write("sub/child.yaml", """
            name: Child
            extends: ../parent.yaml
            """)
        let found = issues(atPath: child)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "extends")
        #expect(issue.location.file == child)
        #expect(issue.location.line == 2)
        #expect(issue.found == "'../parent.yaml', which leaves the scenario's folder")
    }

    /// An absolute path names that file: inside the folder it is read, outside it is refused as leaving it
    /// (it was read as a path under the child's folder and reported as a missing file).
    @Test("an absolute extends path is that file")
    func absoluteParent() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let parentPath = try folder.write("sub/parent.yaml", parent)
        let child = try folder.write("sub/child.yaml", "name: Child\nextends: \(parentPath)\n")
        #expect(try ScenarioLoader.load(path: child).name == "Child")
        let outside = try folder.write("sub/deeper/child.yaml", "name: Child\nextends: \(parentPath)\n")
        let issue = try #require(issues(atPath: outside).first)
        #expect(issue.key == "extends" && issue.found == "'\(parentPath)', which leaves the scenario's folder", "\(issue)")
    }

    @Test("a cycle a → b → a is reported")
    func cycle() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let a = try folder.write("a.yaml", "extends: b.yaml\nbase_year: 2020\n")
        try folder.write("b.yaml", "name: B\nextends: a.yaml\n")
        let found = issues(atPath: a)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.key == "extends")
        #expect(issue.expected == "no cycle of extends")
        #expect(issue.found == "a.yaml → b.yaml → a.yaml")
        #expect(issue.location.file == folder.path("b.yaml")) // the extends line that closes the cycle
        #expect(issue.location.line == 2)
    }

    @Test("a file extending itself is a cycle")
    func selfCycle() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let a = try folder.write("a.yaml", "extends: a.yaml\n")
        #expect(issues(atPath: a).map(\.found) == ["a.yaml → a.yaml"])
    }

    @Test("a missing parent file is reported by name at the extends line")
    func missingParent() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let child = try folder.write("child.yaml", "base_year: 2020\nextends: nowhere.yaml\n")
        let found = issues(atPath: child)
        #expect(found.count == 1)
        let issue = try #require(found.first)
        #expect(issue.location.file == child)
        #expect(issue.location.line == 2)
        #expect(issue.expected == "a readable file")
        #expect(issue.found == "no file '\(folder.path("nowhere.yaml"))'")
    }

    @Test("a missing scenario file is reported by name")
    func missingFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let found = issues(atPath: folder.path("absent.yaml"))
        #expect(found.map(\.found) == ["no file '\(folder.path("absent.yaml"))'"])
    }
}
