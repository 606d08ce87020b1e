import Foundation
import Testing
import TestSupport
@testable import Audit
@testable import Scenario

/// A hand-made resident table (万元, two decimals) where every row is printed and every identity holds:
/// 小计 100 + 200 + 1 = 301; 合计 301 + 上级补助 50 = 351; 总计 351 + 上年结余 120 = 471;
/// 支出小计 250 + 20 = 270; 合计 270 + 上解上级 30 = 300; 结余 351 − 300 = 51; 滚存 120 + 51 = 171;
/// 总计 300 + 171 = 471. 其中 住院 150 and 门诊 80 are inside 待遇 250.
let fullTable: [(String, String)] = [
    ("基本医疗保险费收入", "100.00"), ("财政补贴收入", "200.00"), ("利息收入", "1.00"), ("本年收入小计", "301.00"),
    ("上级补助收入", "50.00"), ("本年收入合计", "351.00"), ("上年结余", "120.00"), ("income_grand_total", "471.00"),
    ("基本医疗保险待遇支出", "250.00"), ("其中:住院费用支出", "150.00"), ("其中:门诊费用支出", "80.00"), ("大病保险支出", "20.00"),
    ("本年支出小计", "270.00"), ("上解上级支出", "30.00"), ("本年支出合计", "300.00"), ("本年收支结余", "51.00"),
    ("年末滚存结余", "171.00"), ("expenditure_grand_total", "471.00"),
]

func csv(_ rows: [(fund: String, row: String, column: String, value: String, unit: String)]) -> String {
    "fund,row,column,value,unit\n" + rows.map { "\($0.fund),\($0.row),\($0.column),\($0.value),\($0.unit)" }.joined(separator: "\n") + "\n"
}

/// The full table in one column, with `row` printed as `value` instead.
func fullCSV(column: String = "2024年预算数", changing row: String? = nil, to value: String? = nil) -> [(fund: String, row: String, column: String, value: String, unit: String)] {
    fullTable.map { ("resident", $0.0, column, $0.0 == row ? value! : $0.1, "万元") }
}

func audit(_ text: String, tolerance: Double = 0) throws -> TableAudit {
    TableAudit(try PublishedTable.parse(csv: text, file: "t.csv"), tolerance: tolerance)
}

@Suite("Table audit")
struct AuditTests {
    @Test func theFullTableIsConsistentAndEveryRuleRuns() throws {
        let a = try audit(csv(fullCSV()))
        #expect(a.findings.isEmpty)
        // 9 identities + 2 其中 rows; nothing derived or skipped.
        #expect(a.checksRun == 11)
        #expect(a.derivations.isEmpty)
        #expect(a.skipped.isEmpty)
    }

    /// Each rule against its printed figure: off by the most whole 0.01 万元 within its rounding allowance
    /// it passes, one unit (0.01 万元) more fails. Allowance = number of printed figures in the rule × 0.005 万元.
    @Test(arguments: [
        (AuditCheck.incomeSubtotal, "本年收入小计", "301.00", "0.02"),        // 小计, 3 items: 4 × 0.005
        (.incomeTotal, "本年收入合计", "351.00", "0.015"),                     // 合计, 小计, 上级补助
        (.expenditureSubtotal, "本年支出小计", "270.00", "0.015"),            // 小计, 待遇, 大病
        (.expenditureTotal, "本年支出合计", "300.00", "0.015"),
        (.surplus, "本年收支结余", "51.00", "0.015"),
        (.closingBalance, "年末滚存结余", "171.00", "0.015"),
        (.incomeGrandTotal, "income_grand_total", "471.00", "0.015"),
        (.expenditureGrandTotal, "expenditure_grand_total", "471.00", "0.015"),
        (.grandTotals, "expenditure_grand_total", "471.00", "0.01"),          // the two 总计
        (.detail, "其中:住院费用支出", "250.00", "0.01"),                      // 住院 ≤ 待遇 250.00: 2 × 0.005
    ])
    func eachRuleFailsOneUnitBeyondRounding(check: AuditCheck, row: String, base: String, allowance: String) throws {
        let b = Decimal(string: base)!, allowed = Decimal(string: allowance)!
        let within = "\(b + (allowed * 100).floor / 100)"
        let beyond = "\(b + ((allowed * 100).floor + 1) / 100)"
        let passing = try audit(csv(fullCSV(changing: row, to: within)))
        #expect(!passing.findings.contains { $0.check == check }, "\(check) at \(within)")
        let failing = try audit(csv(fullCSV(changing: row, to: beyond)))
        let finding = try #require(failing.findings.first { $0.check == check }, "\(check) at \(beyond)")
        #expect(finding.fund == .resident && finding.column == "2024年预算数")
        #expect(abs(abs(finding.difference) - NSDecimalNumber(decimal: ((allowed * 100).floor + 1) / 100).doubleValue) < 1e-9)
    }

    @Test func onlyTheTotalsPrintedTheRestDerived() throws {
        // 塔城-shaped: no 小计, no 结余, no 总计. 合计 = items + 上级补助 is checked directly; 结余 is derived.
        let a = try audit(csv([
            ("employee", "上年结余", "2024年", "10.00", "万元"), ("employee", "基本医疗保险费收入", "2024年", "8.00", "万元"),
            ("employee", "上级补助收入", "2024年", "2.00", "万元"), ("employee", "收入合计", "2024年", "10.00", "万元"),
            ("employee", "待遇支出", "2024年", "7.00", "万元"), ("employee", "支出合计", "2024年", "7.00", "万元"),
            ("employee", "滚存结余", "2024年", "13.01", "万元"),
        ]))
        // 10 + 10 − 7 = 13.00; printed 13.01, allowance 4 × 0.005 = 0.02: rounding.
        #expect(a.findings.isEmpty)
        #expect(a.checksRun == 3) // 收入合计, 支出合计, 滚存 (总计 = 总计 is the same sum as 滚存, not run twice)
        #expect(Set(a.derivations.map(\.line)) == [.incomeSubtotal, .expenditureSubtotal, .surplus, .incomeGrandTotal, .expenditureGrandTotal])
    }

    @Test func nationalSurplusRoundedInTheSourceIsRounding() throws {
        // 2014 national employee budget (亿元): 7242 − 6314 = 928, printed 929; allowance 3 × 0.5 = 1.5 亿.
        let a = try audit(csv([("employee", "收入合计", "2014年预算数", "7242", "亿元"), ("employee", "支出合计", "2014年预算数", "6314", "亿元"),
                               ("employee", "本年收支结余", "2014年预算数", "929", "亿元")]))
        #expect(a.findings.isEmpty)
        #expect(a.checksRun == 1)
        // printed 930: 2 亿 beyond 928 > 1.5.
        let off = try audit(csv([("employee", "收入合计", "2014年预算数", "7242", "亿元"), ("employee", "支出合计", "2014年预算数", "6314", "亿元"),
                                 ("employee", "本年收支结余", "2014年预算数", "930", "亿元")]))
        #expect(off.findings.map(\.recomputed) == [928])
    }

    @Test func toleranceIsAddedInYuan() throws {
        // 合计 351.05 against 301 + 50 = 351: 0.05 万元 = 500 元 beyond, allowance 150 元; --tolerance 350 covers it.
        let text = csv(fullCSV(changing: "本年收入合计", to: "351.05").filter { $0.row != "本年收支结余" && $0.row != "income_grand_total" })
        #expect(try audit(text).findings.contains { $0.check == .incomeTotal })
        #expect(try !audit(text, tolerance: 350).findings.contains { $0.check == .incomeTotal })
    }

    func twoYears(opening: String) -> String {
        csv([("resident", "年末滚存结余", "2023年执行数", "120.00", "万元"),
             ("resident", "上年结余", "2024年预算数", opening, "万元"), ("resident", "年末滚存结余", "2024年预算数", "171.00", "万元"),
             ("resident", "本年收入合计", "2024年预算数", "351.00", "万元"), ("resident", "本年支出合计", "2024年预算数", "300.00", "万元")])
    }

    @Test func rollForwardBetweenConsecutiveYears() throws {
        #expect(try audit(twoYears(opening: "120.00")).findings.isEmpty)
        // 120.01: within 2 × 0.005 for the roll-forward, but 120.01 + 351 − 300 = 171.01 vs 171.00 is within 0.02 too.
        #expect(try audit(twoYears(opening: "120.01")).findings.isEmpty)
        let off = try audit(twoYears(opening: "120.02"))
        let finding = try #require(off.findings.first { $0.check == .rollForward })
        #expect(finding.column == "2024年预算数" && finding.line == .openingBalance)
        #expect(finding.otherColumns == ["2023年执行数"])
        #expect(abs(finding.difference - 0.02) < 1e-9)
    }

    /// Each district's years roll forward on their own (B县's 2024 opening is not held against A区's 2023 closing),
    /// and a budget's planned closing is not the next budget's opening (that is the year's execution).
    @Test func rollForwardStaysWithinAnEntity() throws {
        var rows: [(String, String, String, String, String)] = []
        for (district, closing) in [("A区", "200"), ("B县", "100")] {
            rows += [("resident", "年末滚存结余", "2023年\(district)", closing, "万元"), ("resident", "上年结余", "2024年\(district)", closing, "万元"),
                     ("resident", "本年收入合计", "2024年\(district)", "50", "万元"), ("resident", "本年支出合计", "2024年\(district)", "40", "万元"),
                     ("resident", "年末滚存结余", "2024年\(district)", String(Int(closing)! + 10), "万元")]
        }
        let consistent = try audit(csv(rows))
        #expect(consistent.findings.isEmpty, "\(consistent.findings)")
        // B县 opening at A区's closing: found, against its own 2023 column.
        rows[6].3 = "200"
        let off = try audit(csv(rows))
        let finding = try #require(off.findings.first { $0.check == .rollForward })
        #expect(finding.column == "2024年B县" && finding.otherColumns == ["2023年B县"], "\(off.findings)")
        let budgets = csv([("resident", "年末滚存结余", "2024年预算数", "171.00", "万元"), ("resident", "上年结余", "2025年预算数", "180.00", "万元"),
                           ("resident", "本年收入合计", "2025年预算数", "351.00", "万元"), ("resident", "本年支出合计", "2025年预算数", "300.00", "万元"),
                           ("resident", "年末滚存结余", "2025年预算数", "231.00", "万元")])
        #expect(try audit(budgets).findings.isEmpty)
    }

    /// A partial total (县区小计) is not a district; 合计(全市) is the total; columns that name a year add up within it.
    @Test func districtSumsSkipSubtotalsAndReadYearColumns() throws {
        func table(total: String, prefix: String = "", subtotal: Bool = true, cityIncome: String = "300") -> String {
            var rows: [(String, String, String, String, String)] = []
            var parts = [("A区", "600"), ("B县", "400")]
            if subtotal { parts.append(("县区小计", "1000")) }
            parts += [("市本级", cityIncome), (total, "1300")]
            for (column, income) in parts { rows.append(("resident", "基本医疗保险费收入", prefix + column, income, "万元")) }
            return csv(rows)
        }
        for total in ["全市合计", "合计(全市)"] {
            let a = try audit(table(total: total))
            #expect(a.findings.isEmpty, "\(total): \(a.findings)")
            #expect(a.districtColumns[.resident]?.districts == ["A区", "B县", "市本级"] && a.districtColumns[.resident]?.subtotals == ["县区小计"])
            #expect(try audit(table(total: total, cityIncome: "350")).findings.contains { $0.check == .districtSum })
        }
        let years = try audit(table(total: "全市", prefix: "2024年", subtotal: false, cityIncome: "350"))
        #expect(years.findings.contains { $0.check == .districtSum && $0.column == "2024年全市" }, "\(years.findings)")
    }

    /// Beside last year's 决算 column, a 完成率 is held against the budget's own year's execution (it was skipped).
    @Test func completionBesideLastYearsOutturn() throws {
        let t = csv([("resident", "基本医疗保险费收入", "2023年决算数", "900", "万元"), ("resident", "基本医疗保险费收入", "2024年预算数", "1000", "万元"),
                     ("resident", "基本医疗保险费收入", "2024年1-6月执行数", "400", "万元"), ("resident", "基本医疗保险费收入", "完成率", "99.9", "%")])
        let a = try audit(t)
        let finding = try #require(a.findings.first { $0.check == .completion })
        #expect(finding.otherColumns == ["2024年1-6月执行数", "2024年预算数"] && abs(finding.recomputed - 40) < 1e-9, "\(a.findings)")
    }

    func completionTable(_ printed: String) -> String {
        csv([("resident", "本年收入合计", "2024年预算数", "351.00", "万元"), ("resident", "本年收入合计", "2024年1-6月执行数", "175.50", "万元"),
             ("resident", "本年收入合计", "完成率", printed, "%")])
    }

    @Test func completionRatios() throws {
        // 175.50 ÷ 351.00 = 50.00 %; bound 0.005 + 100 × (0.005 + 0.5 × 0.005) ÷ 351 = 0.00714 points.
        #expect(try audit(completionTable("50.00")).findings.isEmpty)
        let off = try audit(completionTable("50.01"))
        #expect(off.findings.count == 1)
        #expect(off.findings.first?.check == .completion)
        #expect(abs((off.findings.first?.recomputed ?? 0) - 50) < 1e-9)
    }

    func growthTable(amount: String, rate: String) -> String {
        csv([("resident", "本年收入合计", "2023年执行数", "300.00", "万元"), ("resident", "本年收入合计", "2024年预算数", "351.00", "万元"),
             ("resident", "本年收入合计", "增减额", amount, "万元"), ("resident", "本年收入合计", "增减%", rate, "%")])
    }

    @Test func growthAmountsAndRates() throws {
        // 351 − 300 = 51.00 (allowance 0.015); 51 ÷ 300 = 17.00 % (bound 0.005 + 100 × 0.01 ÷ 300 + 100 × 51 × 0.005 ÷ 300² = 0.00862).
        #expect(try audit(growthTable(amount: "51.01", rate: "17.00")).findings.isEmpty)
        let off = try audit(growthTable(amount: "51.02", rate: "17.01"))
        #expect(Set(off.findings.map(\.check)) == [.growthRate, .growthAmount])
        #expect(off.findings.allSatisfy { $0.otherColumns == ["2023年执行数", "2024年预算数"] })
    }

    func districts(_ total: String) -> String {
        csv([("resident", "基本医疗保险费收入", "A区", "60.00", "万元"), ("resident", "基本医疗保险费收入", "B区", "40.00", "万元"),
             ("resident", "基本医疗保险费收入", "全市", total, "万元"),
             ("resident", "上解上级支出", "A区", "5.00", "万元"), ("resident", "上解上级支出", "全市", "0.00", "万元")])
    }

    @Test func districtSumsLeaveInterLevelFlowsOut() throws {
        // 60 + 40 = 100 (allowance 3 × 0.005); 上解上级 nets out in 全市 and is not summed.
        #expect(try audit(districts("100.01")).findings.isEmpty)
        let off = try audit(districts("100.02"))
        #expect(off.findings.map(\.check) == [.districtSum])
        #expect(off.findings.first?.otherColumns == ["A区", "B区"])
        #expect(off.districtTotalsSkipped == [.resident])
    }

    func employeeParts(_ combined: String) -> String {
        let c = "2024年预算数"
        return csv([("employee_pooled", "基本医疗保险费收入", c, "70.00", "万元"), ("employee_pooled", "本年收入合计", c, "70.00", "万元"),
                    ("employee_pooled", "划入个人账户支出", c, "10.00", "万元"), ("employee_pooled", "本年支出合计", c, "10.00", "万元"),
                    ("employee_pa", "基本医疗保险费收入", c, "30.00", "万元"), ("employee_pa", "统筹基金划入收入", c, "10.00", "万元"),
                    ("employee_pa", "本年收入合计", c, "40.00", "万元"),
                    ("employee", "基本医疗保险费收入", c, "100.00", "万元"), ("employee", "本年收入合计", c, combined, "万元")])
    }

    @Test func combinedEmployeeFundNetsTheAllocation() throws {
        // 70 + 40 − 10 = 100: allowance 4 × 0.005 = 0.02 (the combined table's own 合计 = 保险费 check allows 0.01).
        #expect(try !audit(employeeParts("100.02")).findings.contains { $0.check == .employeeCombined })
        let off = try audit(employeeParts("100.03"))
        let finding = try #require(off.findings.first { $0.check == .employeeCombined })
        #expect(finding.line == .incomeTotal && abs(finding.recomputed - 100) < 1e-9)
    }

    @Test func tachengFindsTheThirtyAndNothingElse() throws {
        let table = try PublishedTable.load(path: repositoryPath("Scenarios/published/tacheng-2024.csv"))
        let a = TableAudit(table)
        #expect(a.findings.count == 1)
        let f = try #require(a.findings.first)
        // 1079.96 + 21772.41 − 21885.53 = 966.84 against the printed 996.84.
        #expect(f.fund == .employee && f.line == .closingBalance && f.check == .closingBalance)
        #expect(f.printed == 996.84)
        #expect(abs(f.recomputed - 966.84) < 1e-9)
        #expect(abs(f.difference - 30) < 1e-9)
        #expect(f.derived == [.surplus])
    }

    @Test func changningIsCleanWithTheEmployeeBalanceUnchecked() throws {
        let table = try PublishedTable.load(path: repositoryPath("Scenarios/published/changning-2025.csv"))
        let a = TableAudit(table)
        #expect(a.findings.isEmpty)
        #expect(a.skipped.map(\.fund) == [.employee])
        #expect(a.skipped.first?.check == .closingBalance)
        #expect(a.skipped.first.map { Set($0.missing) } == [.openingBalance, .closingBalance])
    }
}

extension Decimal {
    /// Rounded down to a whole number.
    var floor: Decimal {
        var x = self, r = Decimal()
        NSDecimalRound(&r, &x, 0, .down)
        return r
    }
}
