import Foundation
import Scenario
import Finance
import Projection

/// The graded risk-warning rules (see README "How the model works"), evaluated over a projection. Thresholds come from the
/// scenario's ``WarningThresholds`` (defaults with sources there); each rule reports the first year
/// it fires at each level.
public enum WarningRules {
    static let sourceMonthsPayable = "人社部发〔2009〕67号 (通行口径): 统筹基金累计结余以6–9个月平均支付水平为宜, >15个月结余过多, <3个月结余不足"
    static let sourceResident = "《社会保险基金财务制度》(财社〔2017〕144号) 第三十六条 (累计结余不超过当年筹集基金总额的25%, 原为新农合规定, 此处类推适用于居民医保); 当年结余率15%为 fundcast 默认阈值"
    static let sourceDeficit = "《社会保险基金财务制度》(财社〔2017〕144号) 第三十六条: 以收定支、收支平衡、略有结余; 一年收不抵支橙色、连续两年红色为 fundcast 默认阈值"
    static let sourceDepletion = "fundcast 默认阈值: 累计结余耗尽 (年末滚存结余 < 0), 按《社会保险基金财务制度》(财社〔2017〕144号) 第三十八条顺序弥补"
    static let sourceDependency = "fundcast 默认阈值: 赡养比 < 3 黄色, < 2 橙色 (在职人数不足退休人数3倍时统筹基金依赖退休人员缴费以外的收入)"
    static let sourceGrowthGap = "fundcast 默认阈值: 支出增速连续2年高于收入增速2个百分点以上 (收支缺口逐年扩大的早期信号)"

    /// Every warning the projection raises, most severe first, then by year.
    public static func evaluate(_ result: ProjectionResult) -> [RiskWarning] {
        let t = result.scenario.warnings
        var warnings: [RiskWarning] = []
        let projected = Array(result.projectedYears)
        let alertLimit = result.scenario.baseYear + t.depletionAlertYears

        for fund in [Fund.employeePooled, .resident] where result.funds.contains(fund) {
            let scheme = fund
            let name = fund == .employeePooled ? ("职工医保统筹基金", "employee pooled fund") : ("居民医保基金", "resident fund")
            let series = projected.compactMap { y in result.account(fund, in: y).map { (year: y.year, account: $0) } }

            if result.balanceKnown(fund) {
                // Depletion.
                if let first = series.first(where: { $0.account.closingBalance < 0 }) {
                    warnings.append(RiskWarning(
                        level: .red, code: "FUND_DEPLETED", scheme: scheme, year: first.year, metric: "balance",
                        value: first.account.closingBalance, threshold: 0, source: sourceDepletion,
                        messageZh: "\(name.0)预计于\(first.year)年累计结余耗尽(穿底)",
                        messageEn: "The \(name.1) is projected to be exhausted in \(first.year)",
                        isUrgent: first.year <= alertLimit))
                }
                // Months payable.
                let red = fund == .employeePooled ? t.monthsPayableRed : t.residentMonthsPayableRed
                var low: [(WarningLevel, Double)] = [(.red, red)]
                if fund == .employeePooled { low.append((.orange, t.monthsPayableOrange)) }
                for (level, threshold) in low {
                    if let hit = series.first(where: { ($0.account.monthsPayable ?? .infinity) < threshold }) {
                        let months = hit.account.monthsPayable ?? 0
                        warnings.append(RiskWarning(
                            level: level, code: "MONTHS_PAYABLE_LOW", scheme: scheme, year: hit.year, metric: "months_payable",
                            value: months, threshold: threshold, source: sourceMonthsPayable,
                            messageZh: "\(name.0)可支付月数自\(hit.year)年起低于\(format(threshold))个月(\(format(months))个月)",
                            messageEn: "Months payable of the \(name.1) fall below \(format(threshold)) from \(hit.year) (\(format(months)))"))
                    }
                }
                if fund == .employeePooled, let hit = series.first(where: { ($0.account.monthsPayable ?? 0) > t.monthsPayableExcess }) {
                    let months = hit.account.monthsPayable ?? 0
                    warnings.append(RiskWarning(
                        level: .notice, code: "MONTHS_PAYABLE_EXCESS", scheme: scheme, year: hit.year, metric: "months_payable",
                        value: months, threshold: t.monthsPayableExcess, source: sourceMonthsPayable,
                        messageZh: "\(name.0)\(hit.year)年可支付月数\(format(months))个月, 超过\(format(t.monthsPayableExcess))个月, 结余偏多",
                        messageEn: "Months payable of the \(name.1) are \(format(months)) in \(hit.year), above \(format(t.monthsPayableExcess)): excess balance"))
                }
                if fund == .resident, let hit = series.first(where: { $0.account.income > 0 && $0.account.closingBalance > t.residentBalanceShare * $0.account.income }) {
                    let share = hit.account.closingBalance / hit.account.income
                    warnings.append(RiskWarning(
                        level: .notice, code: "RESIDENT_BALANCE_HIGH", scheme: scheme, year: hit.year, metric: "balance_to_income",
                        value: share, threshold: t.residentBalanceShare, source: sourceResident,
                        messageZh: "居民医保\(hit.year)年累计结余为当年收入的\(percent(share)), 超过\(percent(t.residentBalanceShare))",
                        messageEn: "Resident fund balance is \(percent(share)) of the year's income in \(hit.year), above \(percent(t.residentBalanceShare))"))
                }
            }
            if fund == .resident, let hit = series.first(where: { ($0.account.surplusRate ?? 0) > t.residentSurplusRate }) {
                let rate = hit.account.surplusRate ?? 0
                warnings.append(RiskWarning(
                    level: .notice, code: "RESIDENT_SURPLUS_HIGH", scheme: scheme, year: hit.year, metric: "surplus_rate",
                    value: rate, threshold: t.residentSurplusRate, source: sourceResident,
                    messageZh: "居民医保\(hit.year)年当期结余率\(percent(rate)), 超过\(percent(t.residentSurplusRate))",
                    messageEn: "Resident fund current surplus rate is \(percent(rate)) in \(hit.year), above \(percent(t.residentSurplusRate))"))
            }
            warnings += deficitWarnings(series.map { ($0.year, $0.account.surplus) }, scheme: scheme, name: name)
            warnings += growthGapWarnings(series.map { ($0.year, $0.account.income, $0.account.expenditure) },
                                          previous: result.account(fund, in: result.years[0]).map { ($0.income, $0.expenditure) },
                                          thresholds: t, scheme: scheme, name: name)
        }

        if result.scenario.employee != nil {
            for (level, threshold) in [(WarningLevel.orange, t.dependencyOrange), (.yellow, t.dependencyYellow)] {
                if let hit = result.years.first(where: { ($0.members.dependencyRatio ?? .infinity) < threshold }) {
                    let ratio = hit.members.dependencyRatio ?? 0
                    warnings.append(RiskWarning(
                        level: level, code: "DEPENDENCY_RATIO_LOW", scheme: .employee, year: hit.year, metric: "dependency_ratio",
                        value: ratio, threshold: threshold, source: sourceDependency,
                        messageZh: "职工医保赡养比(在职/退休)自\(hit.year)年起低于\(format(threshold))(\(ratioText(ratio, below: threshold)))",
                        messageEn: "Employee dependency ratio (actives per retiree) below \(format(threshold)) from \(hit.year) (\(ratioText(ratio, below: threshold)))"))
                }
            }
        }
        return warnings.sorted { ($0.level, $0.year, $0.code) < ($1.level, $1.year, $1.code) }
    }

    /// One year of deficit: orange; two consecutive: red.
    static func deficitWarnings(_ surpluses: [(year: Int, surplus: Double)], scheme: WarningScheme, name: (String, String)) -> [RiskWarning] {
        var result: [RiskWarning] = []
        if let first = surpluses.first(where: { $0.surplus < 0 }) {
            result.append(RiskWarning(
                level: .orange, code: "CURRENT_DEFICIT", scheme: scheme, year: first.year, metric: "surplus",
                value: first.surplus, threshold: 0, source: sourceDeficit,
                messageZh: "\(name.0)\(first.year)年当期收不抵支", messageEn: "The \(name.1) runs a current deficit in \(first.year)"))
        }
        if let i = surpluses.indices.dropFirst().first(where: { surpluses[$0].surplus < 0 && surpluses[$0 - 1].surplus < 0 }) {
            result.append(RiskWarning(
                level: .red, code: "CURRENT_DEFICIT", scheme: scheme, year: surpluses[i].year, metric: "surplus",
                value: surpluses[i].surplus, threshold: 0, source: sourceDeficit,
                messageZh: "\(name.0)\(surpluses[i - 1].year)–\(surpluses[i].year)年连续两年当期收不抵支",
                messageEn: "The \(name.1) runs deficits in two consecutive years, \(surpluses[i - 1].year)–\(surpluses[i].year)"))
        }
        return result
    }

    /// Spending growth above income growth by more than the threshold for the given number of years: yellow.
    static func growthGapWarnings(_ flows: [(year: Int, income: Double, expenditure: Double)], previous: (Double, Double)?,
                                  thresholds t: WarningThresholds, scheme: WarningScheme, name: (String, String)) -> [RiskWarning] {
        guard var (lastIncome, lastSpending) = previous else { return [] }
        var run = 0
        for f in flows {
            defer { (lastIncome, lastSpending) = (f.income, f.expenditure) }
            guard lastIncome > 0, lastSpending > 0 else { run = 0; continue }
            let gap = (f.expenditure / lastSpending - 1) - (f.income / lastIncome - 1)
            run = gap > t.growthGap ? run + 1 : 0
            if run >= t.growthGapYears {
                return [RiskWarning(
                    level: .yellow, code: "SPENDING_OUTPACES_INCOME", scheme: scheme, year: f.year, metric: "growth_gap",
                    value: gap, threshold: t.growthGap, source: sourceGrowthGap,
                    messageZh: "\(name.0)支出增速连续\(t.growthGapYears)年高于收入增速\(percent(t.growthGap))以上(\(f.year)年差\(percent(gap)))",
                    messageEn: "\(name.1.prefix(1).uppercased() + name.1.dropFirst()) spending has outgrown income by more than \(percent(t.growthGap)) for \(t.growthGapYears) years (\(percent(gap)) in \(f.year))")]
            }
        }
        return []
    }

    /// The worst level per scheme, green where nothing fired.
    public static func summary(_ warnings: [RiskWarning], funds: [Fund]) -> [(WarningScheme, WarningLevel)] {
        funds.filter { $0 != .employeePersonalAccount }.map { fund in
            let scheme = fund
            let related = warnings.filter { $0.scheme == scheme || (fund == .employeePooled && $0.scheme == .employee) }
            let worst = related.map(\.level).filter { $0 != .notice }.min() ?? .green
            return (scheme, worst)
        }
    }
}

/// One decimal, without a trailing `.0`; safe for any value.
func format(_ x: Double) -> String {
    guard x.isFinite, abs(x) < 1e12 else { return String(format: "%.3g", x) }
    let text = String(format: "%.1f", x)
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
}

/// A value below `threshold` to two decimals, with more digits only where rounding would reach the
/// threshold (1.996 below 2 prints 1.996, not 2.00; 2.7999 below 3 prints 2.80).
func ratioText(_ x: Double, below threshold: Double) -> String {
    for digits in 2...6 {
        let text = String(format: "%.\(digits)f", x)
        if let shown = Double(text), shown < threshold { return text }
    }
    return String(format: "%.6f", x)
}

func percent(_ x: Double) -> String {
    format(x * 100) + "%"
}
