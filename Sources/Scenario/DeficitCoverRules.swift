/// How a fund's shortfall is covered, in the order of 《社会保险基金财务制度》(财社〔2017〕144号) 第三十八条:
/// (一) 历年滚存结余, (二) 上级调剂金, (三) 变现投资 (not modelled: funds here hold deposits),
/// (四) 同级财政补贴, (五) 报批后调整缴费比例或待遇 (a scenario change, not a line). What none of them
/// covers is the gap (缺口), carried as a negative balance.
public struct DeficitCoverRules: Sendable, Equatable {
    /// Most the higher-level adjustment fund (上级调剂金) pays in a year, 元; 0 by default (none assumed).
    public var adjustmentFundCap: DatedValue<Double>
    /// Most the same-level treasury (同级财政补贴, 财政兜底) pays in a year, 元; `.infinity` = all of
    /// what is left; 0 by default (none assumed).
    public var fiscalCap: DatedValue<Double>

    public init(adjustmentFundCap: DatedValue<Double> = DatedValue(0), fiscalCap: DatedValue<Double> = DatedValue(0)) {
        self.adjustmentFundCap = adjustmentFundCap
        self.fiscalCap = fiscalCap
    }

    /// No cover beyond the fund's own balance: the gap shows the whole shortfall (fundcast 默认: cover
    /// is a decision of the higher level and the treasury, so none is assumed unless the scenario says so).
    public static let none = DeficitCoverRules()
}
