import Scenario
import Projection

/// The last guard before a table: every amount of a projection within ±10¹⁵ 元 (a thousand times
/// China's whole 2023 medical-insurance fund spending) and every ratio within ±10⁶. Inputs are
/// bounded one by one (ValueReader's plausibility ranges); their combination over a long horizon can
/// still compound past any meaningful figure, and such a run is refused with the year, fund and
/// figure that left the range, instead of printing a 20-digit balance.
enum ResultBounds {
    static let money = 1e15
    static let ratio = 1e6

    static func check(_ result: ProjectionResult, file: String) throws(CommandFailure) {
        for year in result.years {
            for fund in result.funds {
                guard let account = result.account(fund, in: year) else { continue }
                for (label, value) in [("income", account.income), ("expenditure", account.expenditure), ("balance", account.closingBalance)]
                where !value.isFinite || abs(value) > money {
                    throw CommandFailure.message("\(file): the projection's \(fund.rawValue) \(label) reaches \(wholeNumber(value)) 元 in \(year.year), beyond ±10¹⁵ 元, fundcast's bound for a meaningful figure: check the growth, interest and inflation rates and the horizon")
                }
            }
            if let ratio = year.members.dependencyRatio, !ratio.isFinite || abs(ratio) > Self.ratio {
                throw CommandFailure.message("\(file): the old-age dependency ratio reaches \(wholeNumber(ratio)) in \(year.year), beyond fundcast's bound of 10⁶: check mortality_improvement, tfr and net_migration")
            }
        }
    }
}
