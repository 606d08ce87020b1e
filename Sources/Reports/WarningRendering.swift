import Scenario
import Projection
import Warnings

/// Warnings and their status lines as text. Chinese output carries no machine codes: the code
/// (`MONTHS_PAYABLE_LOW`) is printed in English output and with `--lang both` only.
public enum WarningRendering {
    /// One line a warning: `[红色预警] message  (依据: …)`; English adds the code.
    public static func lines(_ warnings: [RiskWarning], language: Language) -> [String] {
        warnings.map { w in
            let level = language.pick(w.level.chinese, w.level.rawValue.uppercased())
            let message = language.pick(w.messageZh, w.messageEn)
            switch language {
            case .zh: return "[\(level)] \(message)  (依据: \(w.source))"
            case .en: return "[\(level)] \(message)  (\(w.code); source: \(w.sourceEn))"
            case .both: return "[\(level)] \(message)  (\(w.code); 依据 source: \(w.source))"
            }
        }
    }

    /// The 依据 of a warning in the output language.
    public static func source(_ w: RiskWarning, language: Language) -> String {
        language == .en ? w.sourceEn : w.source
    }

    /// The status lines, one a scheme: budget year, then the medium-term outlook.
    public static func status(_ warnings: [RiskWarning], result: ProjectionResult, budgetYear: Int? = nil, language: Language) -> [String] {
        statusLabels(warnings, result: result, budgetYear: budgetYear).map { $0.text(language) }
    }

    /// The same lines as labels (for report documents).
    public static func statusLabels(_ warnings: [RiskWarning], result: ProjectionResult, budgetYear: Int? = nil) -> [Label] {
        let base = result.scenario.baseYear
        let status = WarningStatus(warnings, funds: result.funds, budgetYear: budgetYear ?? base + 1,
                                   horizon: result.years.last?.year ?? base + 1)
        return status.lines.map { Label($0.zh, $0.en) }
    }
}
