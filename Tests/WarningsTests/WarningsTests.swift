import Testing
import Projection
import Scenario
@testable import Warnings
import TestSupport

/// An employee scheme whose pooled fund spends 12,000,000 元 in the base year (1,000,000 a month).
/// Pooled income is actives × 200,000 × the employer rate (the employee's 2 % goes to the accounts);
/// no interest, no growth, so with 1,000 actives a rate of 6 % balances the pool exactly.
func scenario(balance: Double, employerRate: String = "0.06", inflation: Double = 0, active: Int = 1000, retired: Int = 250,
              employee: String = "", warnings: String = "", resident: String = "") throws -> ProjectionResult {
    try Projection.run(ScenarioLoader.load(text: """
    name: w
    base_year: 2024
    horizon: 2034
    assumptions: {medical_inflation: \(inflation)}
    employee:
      active: \(active)
      retired: \(retired)
      average_base: 200000
      employer_rate: \(employerRate)
      employee_rate: 0.02
      base_year_actuals: {pooled_expenditure: 12000000, pa_expenditure: 4000000}
      balance: {pooled: \(balance), personal_account: 0}
    \(employee)
    \(resident)
    \(warnings)
    """, file: "w.yaml"))
}

/// To the 分.
func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.005 }

func codes(_ w: [RiskWarning]) -> [String] { w.map { "\($0.level.rawValue):\($0.code):\($0.year)" } }

func only(_ w: [RiskWarning], _ code: WarningCode, _ level: WarningLevel, _ scheme: WarningScheme = .employeePooled) -> [RiskWarning] {
    w.filter { $0.rule == code && $0.level == level && $0.scheme == scheme }
}

// MARK: Thresholds, by hand

@Test func monthsPayableTwoPointNineIsRedAndThreeIsOrange() throws {
    // Base year balanced with 8 months in the bank. 2025: rate 3.45 % → income 1,000 × 200,000 × 3.45 % =
    // 6,900,000 against 12,000,000 → deficit 5,100,000 → closing 2,900,000 → 2,900,000 / 1,000,000 = 2.9 months < 3: red.
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, employerRate: "{2024: 0.06, 2025: 0.0345}"))
    let red = try #require(only(w, .monthsPayableLow, .red).first)
    #expect(red.year == 2025 && !red.sinceBaseYear)
    #expect(abs(red.value - 2.9) < 1e-9 && red.threshold == 3)
    #expect(red.messageZh.contains("2025年") && red.messageZh.contains("低于3个月") && red.messageZh.contains("2.9个月"))
    #expect(red.source.contains("人社部发〔2009〕67号") && red.source.contains("通行口径"))
    // red replaces orange for the same years: no orange months-payable warning in 2025
    #expect(only(w, .monthsPayableLow, .orange).allSatisfy { !$0.holds(in: 2025) })

    // Rate 3.5 %: income 7,000,000, deficit 5,000,000 → closing 3,000,000 = exactly 3.0 months: not below 3,
    // so orange (below 6) in 2025; 2026 closes at −2,000,000 → red from 2026.
    let edge = WarningRules.evaluate(try scenario(balance: 8_000_000, employerRate: "{2024: 0.06, 2025: 0.035}"))
    #expect(only(edge, .monthsPayableLow, .orange).map(\.years) == [[2025]])
    #expect(only(edge, .monthsPayableLow, .red).first?.year == 2026)
}

@Test func eachRuleTreatsItsThresholdAsTheMilderBand() throws {
    let t = WarningThresholds.defaults
    func rule(_ code: WarningCode, _ level: WarningLevel, _ scheme: WarningScheme = .employeePooled) throws -> WarningRule {
        try #require(WarningRules.table.first { $0.code == code && $0.level == level && $0.scheme == scheme })
    }
    let red = try rule(.monthsPayableLow, .red), orange = try rule(.monthsPayableLow, .orange)
    #expect(red.fires(2.9, thresholds: t) && !red.fires(3.0, thresholds: t))
    // 3 computed as 2.9999999999 is 3 (relative tolerance 1e-9), not red
    #expect(!red.fires(2.999_999_999_9, thresholds: t) && red.fires(2.999, thresholds: t))
    #expect(orange.fires(5.99, thresholds: t) && !orange.fires(6, thresholds: t))
    let excess = try rule(.monthsPayableExcess, .notice)
    #expect(!excess.fires(15, thresholds: t) && excess.fires(15.01, thresholds: t))
    let yellow = try rule(.dependencyRatioLow, .yellow, .employee), orangeRatio = try rule(.dependencyRatioLow, .orange, .employee)
    #expect(yellow.fires(2.99, thresholds: t) && !yellow.fires(3, thresholds: t))
    #expect(orangeRatio.fires(1.99, thresholds: t) && !orangeRatio.fires(2, thresholds: t))
    let gap = try rule(.spendingOutpacesIncome, .yellow)
    #expect(gap.fires(0.0201, thresholds: t) && !gap.fires(0.02, thresholds: t))
    let surplus = try rule(.residentSurplusHigh, .notice, .resident)
    #expect(surplus.fires(0.151, thresholds: t) && !surplus.fires(0.15, thresholds: t))
    let residentRed = try rule(.monthsPayableLow, .red, .resident)
    #expect(residentRed.fires(2.9, thresholds: t) && !residentRed.fires(3, thresholds: t))
    #expect(residentRed.basis.zh.hasPrefix("fundcast 默认阈值"))
}

@Test func everyRuleHasABasisAUserCanLookUp() {
    for rule in WarningRules.table {
        let zh = rule.basis.zh
        // a document by number (〔year〕N号) or the fundcast default with its reasoning after a colon
        #expect(zh.contains("号") || zh.hasPrefix("fundcast 默认阈值: "), "\(rule.code)")
        #expect(!zh.contains(".md") && !zh.contains("seed") && !zh.contains("MODEL"), "\(rule.code)")
    }
}

@Test func healthyFundRaisesNoBalanceWarning() throws {
    // 8 months of spending in the bank, balanced flows: within 6–15
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, active: 1000, retired: 100))
    #expect(!w.contains { $0.code == "MONTHS_PAYABLE_LOW" || $0.code == "MONTHS_PAYABLE_EXCESS" || $0.code == "FUND_DEPLETED" })
    #expect(WarningRules.summary(w, funds: [.employeePooled]).first?.1 == .green)
}

@Test func excessBalanceIsANotice() throws {
    // 20 months already in the base year and every year after: a present state, reported from the base year
    let w = WarningRules.evaluate(try scenario(balance: 20_000_000, retired: 100))
    let notice = try #require(only(w, .monthsPayableExcess, .notice).first)
    #expect(notice.year == 2024 && notice.sinceBaseYear && notice.holds(in: 2025))
    #expect(notice.messageZh.contains("自基期(2024年)起") && notice.messageZh.contains("20.0个月"))
}

@Test func thresholdsAreOverridableAndTheScenarioNamesTheirSource() throws {
    // 8 months is fine by default, but red when the scenario sets red below 9; the 依据 is the scenario's
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, retired: 100, warnings: """
    warnings: {months_payable: {red: 9, orange: 10, excess: 20}}
    sources: {warnings.months_payable: 某省医保基金运行风险预警办法(试行)}
    """))
    let red = try #require(only(w, .monthsPayableLow, .red).first)
    #expect(red.holds(in: 2025) && red.threshold == 9)
    #expect(red.source == "情景设定阈值(可支付月数低于9个月): 某省医保基金运行风险预警办法(试行)")
    #expect(red.sourceEn.contains("warnings.months_payable.red = 9"))
    // a rule whose thresholds kept their defaults keeps its own 依据
    let plain = WarningRules.evaluate(try scenario(balance: 8_000_000, active: 1000, retired: 550, warnings: """
    warnings: {months_payable: {red: 3}}
    sources: {warnings.months_payable.red: 某省办法}
    """))
    #expect(!plain.isEmpty && plain.allSatisfy { !$0.source.contains("某省") })
    // a changed threshold without a cited document says so
    let bare = WarningRules.evaluate(try scenario(balance: 8_000_000, retired: 100, warnings: "warnings: {months_payable: {red: 9, orange: 10, excess: 20}}"))
    #expect(only(bare, .monthsPayableLow, .red).first?.source == "情景设定阈值(可支付月数低于9个月): 情景未注明来源")
}

// MARK: Ladders: a more severe level replaces a milder one for the same years

@Test func redConsecutiveDeficitReplacesTheOrangeOne() throws {
    // Rate 5 % in 2026 and from 2029 on: income 10,000,000 against 12,000,000 → deficits of 2,000,000 in
    // 2026 (alone) and 2029–2034 (six in a row). Balance 100,000,000 keeps the fund far from exhaustion.
    let w = WarningRules.evaluate(try scenario(balance: 100_000_000, employerRate: "{2024: 0.06, 2026: 0.05, 2027: 0.06, 2029: 0.05}"))
    let orange = only(w, .currentDeficit, .orange), red = only(w, .currentDeficit, .red)
    #expect(orange.map(\.years) == [[2026]])
    #expect(red.map(\.years) == [Array(2029...2034)])
    #expect(orange[0].messageZh.hasPrefix("职工医保统筹基金2026年当期收不抵支(2026年: 当期结余-2,000,000.00元)"))
    #expect(red[0].messageZh.hasPrefix("职工医保统筹基金自2029年起连续当期收不抵支"))
    #expect(close(red[0].value, -2_000_000))
}

@Test func aDeficitEveryYearIsOneRedWarningThenTheBalanceRunsOut() throws {
    // Rate 3 % from 2025: income 6,000,000 against 12,000,000 → deficit 6,000,000 a year.
    // Balance 20m: 14, 8, 2, −4 → exhausted in 2028 (urgent: within 5 years); 2027 has 2 months → red.
    let w = WarningRules.evaluate(try scenario(balance: 20_000_000, employerRate: "{2024: 0.06, 2025: 0.03}"))
    #expect(only(w, .currentDeficit, .orange).isEmpty)
    #expect(only(w, .currentDeficit, .red).map(\.years) == [Array(2025...2034)])
    let depleted = try #require(only(w, .fundDepleted, .red).first)
    #expect(depleted.year == 2028 && depleted.isUrgent && close(depleted.value, -4_000_000))
    #expect(depleted.messageZh.hasPrefix("职工医保统筹基金2028年累计结余耗尽"))
    #expect(only(w, .monthsPayableLow, .red).first?.year == 2027)
    // no cover is assumed by default: the 2028 gap is the 4,000,000 the balance no longer pays
    let gap = try #require(only(w, .coverGap, .red).first)
    #expect(gap.year == 2028 && close(gap.value, 4_000_000))
    #expect(w.first?.level == .red)
}

// MARK: Deficit cover, 财社〔2017〕144号 第三十八条

@Test func eachCoverStageReachedIsAWarningWithItsYear() throws {
    // Deficit 6,000,000 a year from 2025 (rate 3 %), opening balance 8,000,000; adjustment fund up to
    // 4,000,000 a year; treasury none until 2026, up to 2,000,000 in 2027–2028, 1,000,000 from 2029.
    // 2025: the balance pays 6 → 2 left.   2026: balance 2 + 调剂金 4 → closes at 0 (the balance is used up).
    // 2027: 调剂金 4 + 财政 2 → 0.           2029: 调剂金 4 + 财政 1, gap 1 → closes at −1,000,000.
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, employerRate: "{2024: 0.06, 2025: 0.03}", employee: """
      deficit_cover: {adjustment_fund: 4000000, fiscal_subsidy: {2024: 0, 2027: 2000000, 2029: 1000000}}
    """))
    let depleted = try #require(only(w, .fundDepleted, .red).first)
    #expect(depleted.year == 2026 && close(depleted.value, -4_000_000), "\(depleted)") // 0 at year end, of which 4,000,000 came from outside
    let adjustment = try #require(only(w, .coverAdjustmentFund, .red).first)
    #expect(adjustment.year == 2026 && close(adjustment.value, 4_000_000) && adjustment.years == Array(2026...2034), "\(adjustment)")
    #expect(adjustment.messageZh.contains("自2026年起需上级调剂金弥补收支缺口"))
    #expect(adjustment.source.contains("第三十八条(二)"))
    let fiscal = try #require(only(w, .coverFiscalSubsidy, .red).first)
    #expect(fiscal.year == 2027 && close(fiscal.value, 2_000_000) && fiscal.messageZh.contains("财政兜底"))
    let gap = try #require(only(w, .coverGap, .red).first)
    #expect(gap.year == 2029 && close(gap.value, 1_000_000) && gap.messageZh.contains("调整缴费比例或待遇"))
    #expect(gap.source.contains("第三十八条(五)"))
    // outside cover does not hide the deficit: 2027 is still a deficit year (income before cover 6m < 12m)
    #expect(only(w, .currentDeficit, .red).first?.holds(in: 2027) == true)
}

// MARK: The base year is reported, not forecast

@Test func aConditionOnlyInTheBaseYearIsNotRaised() throws {
    // 2024 rate 5 %: income 10,000,000 < 12,000,000 (a reported-year deficit); balanced from 2025 → no warning
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, employerRate: "{2024: 0.05, 2025: 0.06}", retired: 100))
    #expect(!w.contains { $0.rule == .currentDeficit })
}

@Test func aConditionAlreadyInTheBaseYearSaysSo() throws {
    // 1,000 / 550 = 1.82 < 2 from the base year on: one orange warning from the base year; the yellow
    // band (2 ≤ ratio < 3) has no year left, so no yellow warning repeats it.
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, active: 1000, retired: 550))
    let ratio = w.filter { $0.rule == .dependencyRatioLow }
    #expect(ratio.count == 1)
    let orange = try #require(ratio.first)
    #expect(orange.level == .orange && orange.sinceBaseYear && orange.year == 2024)
    #expect(orange.messageZh == "职工医保自基期(2024年)起赡养比(在职/退休)低于2(2024年: 1.82)")
    #expect(orange.messageEn == "Employee scheme: dependency ratio (actives per retiree) below 2 from the base year 2024 on (2024: 1.82)")
}

@Test func spendingOutgrowingIncomeIsMeasuredInPoints() throws {
    // spending +10 % a year against flat income: a gap of 10 个百分点 every year from 2025
    let w = WarningRules.evaluate(try scenario(balance: 200_000_000, inflation: 0.10, retired: 100))
    let gap = try #require(only(w, .spendingOutpacesIncome, .yellow).first)
    #expect(gap.year == 2025 && abs(gap.value - 0.10) < 1e-9)
    #expect(gap.messageZh == "职工医保统筹基金自2025年起支出增速连续高于收入增速2个百分点以上(2025年: 差10.0个百分点)")
    #expect(!gap.messageZh.contains("%"))
}

@Test func residentNoticesAndRedMonths() throws {
    let rich = """
    resident:
      insured: 1000
      subsidy_per_capita: 700
      individual_per_capita: 400
      base_year_actuals: {expenditure: 800000}
      balance: 900000
    """
    // income 1,100,000, spending 800,000: surplus rate 300,000 / 1,100,000 = 27.3 % > 15 %; balance > 25 % of income
    let w = WarningRules.evaluate(try scenario(balance: 8_000_000, retired: 100, resident: rich))
    let surplus = try #require(only(w, .residentSurplusHigh, .notice, .resident).first)
    #expect(surplus.holds(in: 2025) && surplus.messageZh.contains("27.3%"))
    #expect(only(w, .residentBalanceHigh, .notice, .resident).first?.holds(in: 2025) == true)
    let poor = rich.replacingOccurrences(of: "balance: 900000", with: "balance: 100000")
        .replacingOccurrences(of: "expenditure: 800000", with: "expenditure: 1100000")
    // balanced flows, 100,000 / (1,100,000/12) = 1.09 months < 3 → red
    let w2 = WarningRules.evaluate(try scenario(balance: 8_000_000, retired: 100, resident: poor))
    let red = try #require(only(w2, .monthsPayableLow, .red, .resident).first)
    #expect(red.holds(in: 2025) && red.messageZh.contains("1.1个月"))
}

@Test func balanceWarningsNeedAReportedBalance() throws {
    let result = try Projection.run(ScenarioLoader.load(text: """
    base_year: 2024
    employee:
      active: 100
      retired: 100
      average_base: 1000
      employer_rate: 0.01
      base_year_actuals: {pooled_expenditure: 12000000, pa_expenditure: 0}
    """, file: "nobalance.yaml"))
    let w = WarningRules.evaluate(result)
    #expect(!w.contains { $0.code == "MONTHS_PAYABLE_LOW" || $0.code == "FUND_DEPLETED" })
    #expect(w.contains { $0.code == "CURRENT_DEFICIT" })
}

// MARK: Status and text

@Test func statusSeparatesTheBudgetYearFromTheOutlook() throws {
    // Balanced in 2025–2026, then 6,000,000 short a year from 2027: 20 → 14, 8, 2, −4 → exhausted in 2030.
    let result = try scenario(balance: 20_000_000, employerRate: "{2024: 0.06, 2027: 0.03}")
    let w = WarningRules.evaluate(result)
    let line = try #require(WarningStatus(w, funds: result.funds, budgetYear: 2025, horizon: 2034).lines.first)
    #expect(line.zh == "职工医保 — 本年(2025年): 绿色; 中长期(2026–2034年): 红色, 2030年累计结余耗尽")
    #expect(line.en == "Employee scheme — budget year 2025: green; medium term 2026–2034: red, balance exhausted in 2030")
    // a budget drawn up for 2028 is already red
    let later = try #require(WarningStatus(w, funds: result.funds, budgetYear: 2028, horizon: 2034).lines.first)
    #expect(later.budgetYear.level == .red)
}

@Test func numbersKeepOnePrecisionAndTheSideOfTheirThreshold() {
    #expect(Text.value(2.9, .months, unit: .yuan, against: 3, .below).zh == "2.9个月")
    #expect(Text.value(2.96, .months, unit: .yuan, against: 3, .below).zh == "2.96个月") // not 3.0
    #expect(Text.value(1.996, .ratio, unit: .yuan, against: 2, .below).zh == "1.996")
    #expect(Text.value(2.4, .ratio, unit: .yuan, against: 3, .below).zh == "2.40")
    #expect(Text.value(0.15004, .rate, unit: .yuan, against: 0.15, .above).zh == "15.004%")
    #expect(Text.value(0.125, .points, unit: .yuan).zh == "12.5个百分点")
    #expect(Text.value(-2_175_603_796, .money, unit: .wan).zh == "-217,560.38万元")
    #expect(Text.threshold(0.02, .points).zh == "2个百分点")
    #expect(Text.threshold(0.15, .rate).zh == "15%")
}

@Test func chineseWarningsCarryNoEnglish() throws {
    // every rule that can fire in these scenarios: deficits, depletion, cover stages, months, ratio, growth
    let results = [
        try scenario(balance: 8_000_000, employerRate: "{2024: 0.06, 2025: 0.03}", inflation: 0.05, retired: 550, employee: """
          deficit_cover: {adjustment_fund: 4000000, fiscal_subsidy: {2024: 0, 2027: 2000000}}
        """),
        try scenario(balance: 20_000_000, retired: 100, resident: """
        resident: {insured: 1000, subsidy_per_capita: 700, individual_per_capita: 400, base_year_actuals: {expenditure: 800000}, balance: 900000}
        """),
    ]
    var seen = Set<WarningCode>()
    for result in results {
        let w = WarningRules.evaluate(result)
        seen.formUnion(w.map(\.rule))
        for text in w.flatMap({ [$0.messageZh, $0.headlineZh, $0.source] }) + WarningStatus(w, funds: result.funds, budgetYear: 2025, horizon: 2034).lines.map(\.zh) {
            let stripped = text.replacingOccurrences(of: "fundcast", with: "")
            #expect(!stripped.contains { $0.isASCII && $0.isLetter }, "\(text)")
        }
    }
    #expect(seen.count >= 9, "\(seen)")
}
