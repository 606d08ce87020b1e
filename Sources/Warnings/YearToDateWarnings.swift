import Foundation
import Scenario
import Finance

extension WarningRules {
    static let basisCompletion = WarningBasis(
        zh: "fundcast 默认阈值: 全年预计偏离预算超过容差(默认5%, 情景 execution.completion_tolerance) — 月度数据与季节曲线本身有数个百分点的不确定, 更小的偏差不足以说明预算执行偏离",
        en: "fundcast default threshold: a full-year estimate beyond the tolerance of the budget (default 5%, scenario execution.completion_tolerance) — monthly figures and seasonal curves are themselves uncertain by a few points, so a smaller gap says nothing about execution")

    static let basisUnbudgeted = WarningBasis(
        zh: "fundcast 默认: 年度预算为0的支出行已有支出即提示 — 预算未列的支出需调整预算或说明来源, 无比例可判断其偏离",
        en: "fundcast default: spending on a line budgeted at 0 is flagged — money the budget did not plan needs a budget adjustment or an explanation, and has no ratio to judge it by")

    /// The 依据 of the completion tolerance: fundcast's default and its reasoning, or, where the scenario
    /// sets another tolerance (or cites a document for it), 「情景设定容差」 with that document.
    static func completionBasis(_ tolerance: Double, source: String?) -> WarningBasis {
        guard tolerance != ExecutionSettings.defaultCompletionTolerance || source != nil else { return basisCompletion }
        let shown = percent(tolerance)
        return WarningBasis(zh: "情景设定容差(全年预计偏离预算超过\(shown), execution.completion_tolerance): " + (source ?? "情景未注明来源"),
                            en: "scenario tolerance (execution.completion_tolerance = \(shown)): " + (source ?? "no source given in the scenario's sources:"))
    }

    /// The warnings raised by year-to-date actuals, like the projected ones, for the budget year:
    /// months payable on the pooled basis (figures on another basis are skipped) at the year-to-date average monthly spending against the same bands
    /// (pooled fund red < 3, orange < 6, notice > 15; resident fund red < 3; 人社部发〔2009〕67号 通行口径),
    /// and full-year estimates beyond `tolerance` of the budget — income short (yellow) or spending over
    /// (yellow), and the reverse as a notice. All of them are built here, in one place.
    /// Months payable are judged unrounded and quoted as `measure` reports them (truncated under `--round down`).
    /// `level` (市级统筹: 市本级, a district's region or 全市; zh, en) is named at the head of each message;
    /// amounts are quoted in `unit` (the report's).
    /// `toleranceSource`: the document the scenario's `sources:` cites for `execution.completion_tolerance`.
    public static func yearToDate(_ execution: BudgetExecution, thresholds t: WarningThresholds, tolerance: Double, toleranceSource: String? = nil,
                                  measure: MonthsPayableMeasure = .standard, level: (zh: String, en: String)? = nil, unit: MoneyUnit = .wan) -> [RiskWarning] {
        var warnings: [RiskWarning] = []
        /// January to `month`: each figure's own months (a line reported to March is projected from 1–3月).
        func period(_ month: Int) -> (String, String) {
            month == 1 ? ("1月", "January") : ("1–\(month)月", "January–\(monthNames[month - 1])")
        }
        // Months payable are judged on the pooled basis only (67号's 3, 6 and 15 months are pooled-fund bands):
        // the caller passes an execution measured on it, whatever basis its tables show.
        for p in execution.monthsPayable where p.basis == .pooled {
            guard let months = p.months, let scheme = warningScheme(p.scheme), scheme != .employeePersonalAccount else { continue }
            let name = ytdName(p.scheme)
            // One decimal, more where rounding would print the threshold itself (15.04 months: 15.04, not 15, 超过15个月).
            let above: (Double) -> String = { x in Text.fixed(x, digits: 1, against: t.monthsPayableExcess, .above) }
            let shown: (Double) -> String = { threshold in
                measure.rounding == .down ? String(format: "%.2f", measure.rounding.apply(months)) : ratioText(months, below: threshold)
            }
            let end = ("\(p.month)月末", "the end of \(monthNames[p.month - 1])"), span = period(p.month)
            var bands: [(WarningLevel, Double, WarningThresholds.Key)] = []
            switch p.scheme {
            case .employeePooled: bands = [(.red, t.monthsPayableRed, .monthsPayableRed), (.orange, t.monthsPayableOrange, .monthsPayableOrange)]
            case .resident: bands = [(.red, t.residentMonthsPayableRed, .residentMonthsPayableRed)]
            default: bands = []
            }
            if let (level, threshold, key) = bands.first(where: { months < $0.1 }) {
                // The 依据 of the threshold applied: the scenario's own document where it changed it, as the projected rules cite.
                let basis = (p.scheme == .resident ? basisResidentMonths : basisMonthsPayable)
                    .printed(keys: [key], t, thresholdText: "可支付月数低于\(format(threshold))个月")
                warnings.append(RiskWarning(
                    level: level, code: .ytdMonthsPayableLow, scheme: scheme, year: execution.year, metric: .ytdMonthsPayable,
                    value: months, threshold: threshold, basis: basis,
                    messageZh: "\(name.0)\(execution.year)年\(end.0)可支付月数\(shown(threshold))个月(按\(span.0)月均支出), 低于\(format(threshold))个月",
                    messageEn: "Months payable of the \(name.1) at \(end.1) \(execution.year) are \(shown(threshold)) at the \(span.1) average monthly spending, below \(format(threshold))"))
            } else if p.scheme == .employeePooled, months > t.monthsPayableExcess {
                warnings.append(RiskWarning(
                    level: .notice, code: .ytdMonthsPayableExcess, scheme: scheme, year: execution.year, metric: .ytdMonthsPayable,
                    value: months, threshold: t.monthsPayableExcess,
                    basis: basisMonthsPayable.printed(keys: [.monthsPayableExcess], t, thresholdText: "可支付月数超过\(format(t.monthsPayableExcess))个月"),
                    messageZh: "\(name.0)\(execution.year)年\(end.0)可支付月数\(above(months))个月(按\(span.0)月均支出), 超过\(format(t.monthsPayableExcess))个月, 结余偏多",
                    messageEn: "Months payable of the \(name.1) at \(end.1) \(execution.year) are \(above(months)) at the \(span.1) average monthly spending, above \(format(t.monthsPayableExcess)): excess balance"))
            }
        }
        for line in execution.lines {
            guard let scheme = warningScheme(line.scheme) else { continue }
            // The line's own months and its name, the English one capitalised to open a sentence.
            let span = period(line.month)
            let name = ytdName(line.scheme).0 + line.row.chineseName
            let lower = "\(ytdName(line.scheme).1) \(line.row.englishName.lowercased())"
            let nameEn = lower.prefix(1).uppercased() + lower.dropFirst()
            // Spending on a line budgeted at 0 (无预算支出): no ratio to judge, but money out the budget did not plan.
            // (A 其中 row is not a budget of its own: a model that does not split its parent gives it 0.)
            if line.row.side == .expenditure, line.row.parent == nil, let budget = line.budget, abs(budget) < 0.5, line.yearToDate >= 0.5 {
                warnings.append(RiskWarning(
                    level: .yellow, code: .ytdSpendingGap, scheme: scheme, year: execution.year, metric: .unbudgetedSpending,
                    value: line.yearToDate, threshold: 0, basis: basisUnbudgeted,
                    messageZh: "\(name)\(span.0)累计执行\(unit.text(line.yearToDate).zh), 年度预算为0(无预算支出)",
                    messageEn: "\(nameEn): \(unit.text(line.yearToDate).en) spent in \(span.1) against a budget of 0 (unbudgeted spending)"))
                continue
            }
            // No estimate (the curve expects nothing yet), but the year-to-date figure already passes the whole year's budget.
            if line.fullYearEstimate == nil, let budget = line.budget, budget > 0, line.yearToDate > budget * (1 + tolerance) {
                let income = line.row.side == .income, share = line.yearToDate / budget
                warnings.append(RiskWarning(
                    level: income ? .notice : .yellow, code: income ? .ytdIncomeGap : .ytdSpendingGap, scheme: scheme, year: execution.year,
                    metric: .estimateToBudget, value: share, threshold: tolerance, basis: completionBasis(tolerance, source: toleranceSource),
                    messageZh: "\(name)\(span.0)累计执行\(unit.text(line.yearToDate).zh), 已达年度预算\(unit.text(budget).zh)的\(percent(share))(季节曲线到此时应完成0%, 不推算全年)",
                    messageEn: "\(nameEn): \(unit.text(line.yearToDate).en) by \(span.1), already \(percent(share)) of the year's budget of \(unit.text(budget).en) (the seasonal curve expects nothing yet, so no full-year estimate)"))
                continue
            }
            guard let ratio = line.estimateToBudget, let estimate = line.fullYearEstimate, let budget = line.budget else { continue }
            let gap = ratio - 1
            guard abs(gap) > tolerance else { continue }
            let income = line.row.side == .income
            let adverse = income ? gap < 0 : gap > 0
            let direction = income ? (gap < 0 ? ("短收", "short of") : ("超收", "above")) : (gap > 0 ? ("超支", "over") : ("少支", "under"))
            warnings.append(RiskWarning(
                level: adverse ? .yellow : .notice, code: income ? .ytdIncomeGap : .ytdSpendingGap, scheme: scheme, year: execution.year,
                metric: .estimateToBudget, value: ratio, threshold: tolerance, basis: completionBasis(tolerance, source: toleranceSource),
                messageZh: "\(name)按\(span.0)执行推算全年\(unit.text(estimate).zh), 为预算\(unit.text(budget).zh)的\(percent(ratio)), 预计\(direction.0)\(percent(abs(gap)))(容差\(percent(tolerance)))",
                messageEn: "\(nameEn) projected from \(span.1) is \(unit.text(estimate).en) for the year, \(percent(ratio)) of the budget of \(unit.text(budget).en), \(percent(abs(gap))) \(direction.1) it (tolerance \(percent(tolerance)))"))
        }
        if let level { warnings = warnings.map { $0.at(level: level) } }
        return warnings.sorted { ($0.level, $0.code, $0.messageEn) < ($1.level, $1.code, $1.messageEn) }
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// The warning's fund; nil for all schemes together (warnings are per fund).
    static func warningScheme(_ s: HistoryRecord.Scheme) -> WarningScheme? {
        switch s {
        case .employeePooled: return .employeePooled
        case .employeePersonalAccount: return .employeePersonalAccount
        case .employee: return .employee
        case .resident: return .resident
        case .total: return nil
        }
    }

    static func ytdName(_ s: HistoryRecord.Scheme) -> (String, String) {
        switch s {
        case .employeePooled: return ("职工医保统筹基金", "employee pooled fund")
        case .employeePersonalAccount: return ("职工医保个人账户", "personal accounts")
        case .employee: return ("职工医保基金", "employee fund")
        case .resident: return ("居民医保基金", "resident fund")
        case .total: return ("全部险种", "all schemes")
        }
    }

}

/// One decimal without a trailing `.0` (3, 2.5), as the year-to-date messages print thresholds.
func format(_ x: Double) -> String { Text.plain((x * 10).rounded() / 10) }

/// Two decimals, more where rounding would reach the threshold (see ``Text``).
func ratioText(_ x: Double, below threshold: Double) -> String { Text.fixed(x, digits: 2, against: threshold, .below) }

/// A fraction as a percent to one decimal at most (15%, 12.5%).
func percent(_ x: Double) -> String { format(x * 100) + "%" }
