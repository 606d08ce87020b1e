import TestSupport
import Testing
@testable import Scenario

/// The messages a new user sees for the mistakes of issue 8, in full: file, line (and column), key,
/// what was expected, what was found and what was probably meant. Line numbers are counted in the
/// fixture (line 1 is `base_year`).
@Suite("Scenario input errors: the whole message")
struct InputErrorMessageTests {
    /// Lines 1–6: base_year, employee:, active, retired, average_base, employer_rate.
    static let base = "base_year: 2024\n" + minimalEmployee

    func only(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ScenarioIssue {
        let found = issues(text, sourceLocation: sourceLocation)
        #expect(found.count == 1, "\(found)", sourceLocation: sourceLocation)
        return try #require(found.first, sourceLocation: sourceLocation)
    }

    @Test("average_wage beside average_base: located at average_wage, naming the line of average_base")
    func wageAndBase() throws {
        let issue = try only(Self.base + "\n  average_wage: 90000") // line 7
        #expect(issue.description == "test.yaml:7:3: employee.average_wage: expected either average_base (人均缴费基数, the mean contribution base) or average_wage (社平工资, from which each member's base is derived with base_floor and base_ceiling), not both: delete one, found average_wage together with average_base on line 5")
    }

    @Test("a rate written as 8, and a growth rate written as 5, suggest the percent")
    func percentWithoutSign() throws {
        let rate = try only(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate: 8"))
        #expect(rate.description == "test.yaml:6:18: employee.employer_rate: expected a rate between 0 and 1 (e.g. 0.08 or 8%), found 8 (did you mean '8%'?)")
        let growth = try only(Self.base + "\nassumptions: {wage_growth: 5}") // line 7
        #expect(growth.location.line == 7 && growth.key == "assumptions.wage_growth" && growth.suggestion == "5%")
    }

    @Test("a decimal comma suggests the dot")
    func decimalComma() throws {
        let issue = try only(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate: 0,08"))
        #expect(issue.description == "test.yaml:6:18: employee.employer_rate: expected a rate between 0 and 1 (e.g. 0.08 or 8%), found '0,08', a decimal comma (numbers use a dot) (did you mean '0.08'?)")
    }

    @Test("full-width digits are named, in numbers and in years")
    func fullWidthDigits() throws {
        let number = try only(Self.base.replacingOccurrences(of: "active: 1000", with: "active: １０００"))
        #expect(number.location.line == 3 && number.found.contains("全角") && number.suggestion == "1000")
        let year = try only(Self.base.replacingOccurrences(of: "base_year: 2024", with: "base_year: ２０２４"))
        #expect(year.description == "test.yaml:1:12: base_year: expected a whole number in 1990…2100, found '２０２４', written with full-width digits (全角数字): write '2024'")
    }

    @Test("a full-width colon is located at the colon, with the line as YAML needs it")
    func fullWidthColon() throws {
        let issue = try only(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate：0.08"))
        #expect(issue.location.line == 6 && issue.location.column == 16)
        #expect(issue.key == "employer_rate" && issue.suggestion == "employer_rate: 0.08")
        #expect(issue.found.contains("全角冒号, U+FF1A"))
        // a Chinese label before the colon: both mistakes at once, the key suggested
        let label = try only(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "单位缴费率：0.08"))
        #expect(label.suggestion == "employer_rate: 0.08" && label.location.line == 6)
    }

    /// Found by fuzzing `--set`: a quoted key that is only a full-width colon, or starts with one,
    /// trapped (an empty part before the colon); it is an unknown key like any other.
    @Test("a key that is only a full-width colon, or starts or ends with one, is an unknown key")
    func fullWidthColonAlone() throws {
        for (key, suggestion) in [("\"：\"", ":"), ("\"：0.08\"", ": 0.08"), ("\"employer_rate：\"", "employer_rate:")] {
            let issue = try only(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate: 0.08\n  \(key): 1"))
            #expect(issue.found.contains("全角冒号, U+FF1A"), "\(key)")
            #expect(issue.suggestion == suggestion, "\(key)")
        }
    }

    @Test("a Chinese label as a key suggests the key, once (not also as a missing key)")
    func chineseLabel() throws {
        let issue = try only(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "单位缴费率: 0.08"))
        #expect(issue.location.line == 6 && issue.key == "employee.单位缴费率" && issue.suggestion == "employer_rate")
        #expect(issue.found == "unknown key '单位缴费率', a Chinese label (scenario keys are the English names)")
    }

    /// The labels fundcast prints (drivers table, budget tables) and the README uses, as a user copies
    /// them, with the key each names in its mapping.
    @Test("labels copied from the outputs, units and all, find their keys", arguments: [
        ("人均缴费基数(元/年)", "average_base", "average_base: 50000"),
        ("职工医保在职人数(人)", "active", "active: 1000"),
        ("职工医保退休人数(人)", "retired", "retired: 500"),
        ("单位缴费率", "employer_rate", "employer_rate: 0.08"),
    ])
    func labelsFromOutputs(_ label: String, _ key: String, _ line: String) throws {
        let issue = try only(Self.base.replacingOccurrences(of: line, with: line.replacingOccurrences(of: key, with: label)))
        #expect(issue.suggestion == key, "\(issue)")
    }

    @Test("resident labels of the drivers table", arguments: [("居民医保参保人数(人)", "insured"), ("人均财政补助(元/年)", "subsidy_per_capita"),
                                                             ("人均个人缴费", "individual_per_capita"), ("年末滚存结余", "balance")])
    func residentLabels(_ label: String, _ key: String) throws {
        let resident = "resident:\n  insured: 1000\n  subsidy_per_capita: 600\n  individual_per_capita: 300\n  balance: 0"
        let issue = try only("base_year: 2024\n" + resident.replacingOccurrences(of: "  \(key):", with: "  \(label):"))
        #expect(issue.suggestion == key, "\(issue)")
    }

    @Test("a year range, reversed, as a dated key and as the base year")
    func yearRanges() throws {
        let dated = try only(Self.base.replacingOccurrences(of: "employer_rate: 0.08", with: "employer_rate: {2025-2021: 0.08}"))
        #expect(dated.description == "test.yaml:6:19: employee.employer_rate.2025-2021: expected a year (1900…2200) or 'interpolate', found '2025-2021', a range of years that runs backwards (2025 is after 2021): give the year each value starts, e.g. {2021: …}, which holds until the next year given")
        let base = try only(Self.base.replacingOccurrences(of: "base_year: 2024", with: "base_year: 2025-2021"))
        #expect(base.description == "test.yaml:1:12: base_year: expected a whole number in 1990…2100, found '2025-2021', a range of years that runs backwards (2025 is after 2021): base_year is one year")
        let forward = try only(Self.base.replacingOccurrences(of: "base_year: 2024", with: "base_year: 2021至2025"))
        #expect(forward.found.contains("a range of years") && !forward.found.contains("backwards"))
    }

    @Test("warning thresholds: sources: names their document (by key or block); orange above yellow is refused")
    func warningThresholds() throws {
        let s = try ScenarioLoader.load(text: Self.base + """

            warnings: {months_payable: {red: 4}, current_deficit: {red_years: 3}}
            sources: {warnings.months_payable: 某省办法〔2024〕1号, warnings.current_deficit.red_years: 某市通知}
            """, file: "w.yaml")
        #expect(s.warnings.monthsPayableRed == 4 && s.warnings.deficitRedYears == 3)
        #expect(s.warnings.sources[.monthsPayableRed] == "某省办法〔2024〕1号" && s.warnings.sources[.deficitRedYears] == "某市通知")
        #expect(s.warnings.isOverridden(.monthsPayableRed) && !s.warnings.isOverridden(.monthsPayableOrange))
        let issue = try only(Self.base + "\nwarnings: {dependency_ratio: {yellow: 2, orange: 2.5}}")
        #expect(issue.key == "warnings.dependency_ratio" && issue.expected.hasPrefix("orange ≤ yellow"))
    }
}
