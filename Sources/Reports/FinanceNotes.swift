import Scenario
import Finance
import Projection

/// Budget notes on the finance rules behind the tables: the personal-account reform, cost curves,
/// cost growth and deficit cover. Kept apart from the table layout so the two change independently.
enum FinanceNotes {
    /// How per-capita cost grows after calibration, in words.
    static func costGrowth(_ s: Scenario) -> Label {
        let curve: (String, String) = switch s.costs.shape {
        case .korea: ("按年龄费用曲线(韩国HIRA 2022形状, 按退休/在职费用比校准)", "along the cost curve by age (Korea HIRA 2022 shape, scaled to the retiree/active cost ratio)")
        case .japan: ("按年龄费用曲线(日本厚生劳动省2017年度形状, 高费用方案)", "along the cost curve by age (Japan MHLW FY2017 shape, the high-cost alternative)")
        case .flat: ("不分年龄", "without an age profile")
        }
        switch s.assumptions.costGrowthModel {
        case .medicalInflation:
            return Label("此后人均费用\(curve.0)按医疗费用增长率(assumptions.medical_inflation)增长; 该参数覆盖价格×利用率分解",
                         "per-capita cost then grows \(curve.1) with medical inflation (assumptions.medical_inflation, which overrides the price × utilisation split)")
        case .priceAndUtilisation:
            return Label("此后人均费用\(curve.0)按价格(工资增长率+超额费用增长率)×利用率增长",
                         "per-capita cost then grows \(curve.1) with price (wage growth + excess cost growth) × utilisation")
        }
    }

    /// Amounts of money in `unit` (the report's); per-head amounts in 元.
    static func notes(_ result: ProjectionResult, budgetYear: Int, unit: MoneyUnit) -> [Label] {
        var notes: [Label] = []
        let s = result.scenario
        if let scheme = s.employee, let reform = scheme.financing.reform {
            let allocation = wholeNumber(reform.retireeAllocation(baseYear: s.baseYear))
            let cap = String(format: "%.1f", reform.activeRateCap * 100)
            notes.append(Label(
                "个人账户改革(国办发〔2021〕14号)自\(reform.year)年起执行: 在职职工个人账户仅计入本人缴费(不超过缴费基数的\(cap)%), 单位缴费全部计入统筹基金; 退休人员个人账户由统筹基金按定额划入, 每人每年\(allocation)元(改革当年平均基本养老金的\(wholeNumber(reform.retireePensionShare * 100))%), 此后不再调整; 门诊共济支出自\(reform.year)年起分\(reform.outpatientPhaseInYears)年纳入统筹基金",
                "Personal-account reform (国办发〔2021〕14号) from \(reform.year): actives' accounts receive only their own contribution (at most \(cap)% of the base), the whole employer contribution goes to the pooled fund; each retiree's account receives a fixed \(allocation) yuan a year from the pooled fund (\(wholeNumber(reform.retireePensionShare * 100))% of the reform year's average pension), not adjusted afterwards; outpatient pooling (门诊共济) enters the pooled fund over \(reform.outpatientPhaseInYears) year(s) from \(reform.year)"))
            if let y = result.year(budgetYear)?.employee, reform.applies(in: budgetYear) {
                notes.append(Label(
                    "\(budgetYear)年改革影响: 统筹基金门诊共济支出\(unit.text(y.pooled.outpatientPooling).zh), 划入退休人员个人账户\(unit.text(y.pooled.transferToPersonalAccounts).zh)",
                    "Reform in \(budgetYear): pooled outpatient benefits \(unit.text(y.pooled.outpatientPooling).en), allocations to retirees' accounts \(unit.text(y.pooled.transferToPersonalAccounts).en)"))
            }
        }
        for fund in [Fund.employeePooled, .resident] where result.funds.contains(fund) {
            let name = fund == .employeePooled ? ("统筹基金", "pooled fund") : ("居民医保基金", "resident fund")
            let covers = result.projectedYears.compactMap { y -> (Int, DeficitCover)? in
                let c = fund == .employeePooled ? y.employee?.pooled.deficitCover : y.resident?.deficitCover
                return c.map { (y.year, $0) }
            }
            if let (year, c) = covers.first(where: { $0.1.stage > .carriedForwardBalance }) {
                let gapYear = covers.first { $0.1.gap > 0 }?.0
                notes.append(Label(
                    "\(name.0)\(year)年起历年滚存结余不足以弥补当期收支缺口(财社〔2017〕144号第三十八条): 当年需上级调剂金\(unit.text(c.adjustmentFund).zh)、同级财政补贴\(unit.text(c.fiscalSubsidy).zh), 未弥补缺口\(unit.text(c.gap).zh)" + (gapYear.map { "; 自\($0)年起出现未弥补缺口" } ?? ""),
                    "The \(name.1)'s carried-forward balance no longer covers its deficit from \(year) (财社〔2017〕144号 art. 38): that year it needs \(unit.text(c.adjustmentFund).en) from the higher-level adjustment fund and \(unit.text(c.fiscalSubsidy).en) from the treasury, leaving a gap of \(unit.text(c.gap).en)" + (gapYear.map { "; uncovered gaps from \($0)" } ?? "")))
            }
        }
        return notes
    }
}
