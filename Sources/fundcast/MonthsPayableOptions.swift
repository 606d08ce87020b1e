import ArgumentParser
import Finance

extension MonthsPayableBasis: ExpressibleByArgument {}
extension MonthsPayableRounding: ExpressibleByArgument {}

/// `--months-payable pooled|employee|total` and `--round half-up|down` on `run` and `budget`: which
/// balance over which spending 可支付月数 divides, and how it is reported to 0.01 month.
struct MonthsPayableOptions: ParsableArguments {
    @Option(name: .customLong("months-payable"), help: ArgumentHelp(
        "Months payable of the employee scheme: pooled (统筹结余 ÷ 统筹支出, default), employee ((统筹 + 个账)结余 ÷ 职工医保支出) or total (统筹结余 ÷ 职工医保总支出). Example: --months-payable employee",
        valueName: "BASIS"))
    var basis: MonthsPayableBasis = .pooled

    @Option(name: .customLong("round"), help: ArgumentHelp(
        "Months payable to 0.01 month: half-up (default, 5.275 → 5.28) or down (truncate, 5.276 → 5.27, as some bureaus report). Example: --round down",
        valueName: "MODE"))
    var rounding: MonthsPayableRounding = .halfUp

    var measure: MonthsPayableMeasure { MonthsPayableMeasure(basis: basis, rounding: rounding) }
}
