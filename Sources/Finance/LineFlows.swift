import Scenario

/// The lines of a fund beyond contributions, subsidies, interest and benefits in one year, 元:
/// 转移支出, 其他支出 and the four inter-level flows of a pooling level (市级统筹: a county remits its
/// collections up as 上解上级支出 and receives 上级补助收入 for its spending).
///
/// Drivers (budget year on): transfers out and other spending are dated amounts (held at the base-year
/// line when no key dates them); an inter-level flow is a dated amount or a share — income-side flows
/// (上级补助, 下级上解) of 本年支出小计, spending-side flows (补助下级, 上解上级) of 本年收入小计 before
/// interest — held at its base-year share by default.
public struct LineFlows: Sendable, Equatable {
    public var transfersOut = 0.0
    public var otherExpenditure = 0.0
    public var subsidyFromHigherLevel = 0.0
    public var remittanceFromLowerLevel = 0.0
    public var subsidyToLowerLevel = 0.0
    public var remittanceToHigherLevel = 0.0

    public init() {}

    /// 上级补助收入 + 下级上解收入.
    public var income: Double { subsidyFromHigherLevel + remittanceFromLowerLevel }
    /// 转移支出 + 其他支出 (items inside 本年支出小计).
    public var itemExpenditure: Double { transfersOut + otherExpenditure }
    /// 补助下级支出 + 上解上级支出.
    public var interLevelExpenditure: Double { subsidyToLowerLevel + remittanceToHigherLevel }
    public var expenditure: Double { itemExpenditure + interLevelExpenditure }

    /// An inter-level flow by its row.
    public subscript(line: BudgetLine) -> Double {
        get {
            switch line {
            case .subsidyFromHigherLevel: subsidyFromHigherLevel
            case .remittanceFromLowerLevel: remittanceFromLowerLevel
            case .subsidyToLowerLevel: subsidyToLowerLevel
            case .remittanceToHigherLevel: remittanceToHigherLevel
            case .transfersOut: transfersOut
            case .otherExpenditure: otherExpenditure
            default: 0
            }
        }
        set {
            switch line {
            case .subsidyFromHigherLevel: subsidyFromHigherLevel = newValue
            case .remittanceFromLowerLevel: remittanceFromLowerLevel = newValue
            case .subsidyToLowerLevel: subsidyToLowerLevel = newValue
            case .remittanceToHigherLevel: remittanceToHigherLevel = newValue
            case .transfersOut: transfersOut = newValue
            case .otherExpenditure: otherExpenditure = newValue
            default: break
            }
        }
    }

    static let interLevelLines: [BudgetLine] = [.subsidyFromHigherLevel, .remittanceFromLowerLevel, .subsidyToLowerLevel, .remittanceToHigherLevel]

    /// The base year: reported lines, else the dated amounts.
    static func baseYear(_ lines: BudgetLineValues, drivers: OtherLineDrivers, year: Int) -> LineFlows {
        var f = LineFlows()
        f.transfersOut = lines[.transfersOut] ?? drivers.transfersOut.value(in: year)
        f.otherExpenditure = lines[.otherExpenditure] ?? drivers.otherExpenditure.value(in: year)
        for line in interLevelLines {
            if let v = lines[line] {
                f[line] = v
            } else if case .amount(let a)? = drivers.interLevel[line] {
                f[line] = a.value(in: year)
            }
        }
        return f
    }

    /// Each inter-level flow's share of its base in the base year (`line / subtotal`).
    static func shares(of f: LineFlows, incomeBeforeInterest: Double, itemExpenditure: Double) -> [BudgetLine: Double] {
        var shares: [BudgetLine: Double] = [:]
        for line in interLevelLines {
            let base = line.side == .income ? itemExpenditure : incomeBeforeInterest
            shares[line] = base != 0 ? f[line] / base : 0
        }
        return shares
    }

    /// A projected year: transfers out and other spending dated, inter-level flows by their drivers.
    /// - Parameters:
    ///   - incomeBeforeInterest: 本年收入小计 without interest, 元.
    ///   - itemExpenditure: 本年支出小计 without this struct's transfers and other spending, 元.
    static func projected(_ drivers: OtherLineDrivers, year: Int, incomeBeforeInterest: Double, itemExpenditure: Double,
                          baseShares: [BudgetLine: Double]) -> LineFlows {
        var f = LineFlows()
        f.transfersOut = drivers.transfersOut.value(in: year)
        f.otherExpenditure = drivers.otherExpenditure.value(in: year)
        let spending = itemExpenditure + f.itemExpenditure
        for line in interLevelLines {
            let base = line.side == .income ? spending : incomeBeforeInterest
            switch drivers.interLevel[line] {
            case .amount(let a)?: f[line] = a.value(in: year)
            case .share(let s)?: f[line] = s.value(in: year) * base
            case .baseYearShare?: f[line] = (baseShares[line] ?? 0) * base
            case nil: break
            }
        }
        return f
    }
}

/// Interest of the base year when no 利息收入 line is reported, on the same average balance as later
/// years: `r·max(0, F_open + N/2)` with a reported opening balance, else from the closing balance `C`
/// (`F_open = C − N − i`): `i = r·max(0, C − N/2 − i/2)`, i.e. `i = r·(C − N/2)/(1 + r/2)`; 0 with neither.
/// `N` is the year's net flow before interest, 元.
func baseYearInterest(rate: Double, opening: Double?, closing: Double?, netFlowBeforeInterest n: Double) -> Double {
    if let opening { return interestOnAverageBalance(rate: rate, opening: opening, netFlowBeforeInterest: n) }
    guard let closing else { return 0 }
    return max(0, rate * (closing - n / 2) / (1 + rate / 2))
}

/// ``baseYearInterest(rate:opening:closing:netFlowBeforeInterest:)`` when the report gives only the
/// year's income total `T`, interest included, and its spending `X`: the flow before interest is then
/// `T − i − X`, so `i = r·(F_open + (T − X)/2)/(1 + r/2)` from an opening balance, `i = r·(C − (T − X)/2)`
/// from a closing one. It depends on the reported figures only, not on the drivers' contributions.
public func baseYearInterest(rate: Double, opening: Double?, closing: Double?, reportedIncome t: Double, expenditure x: Double) -> Double {
    if let opening { return max(0, rate * (opening + (t - x) / 2) / (1 + rate / 2)) }
    guard let closing else { return 0 }
    return max(0, rate * (closing - (t - x) / 2))
}
