import Projection

/// `fundcast run`: one row per year, base year first.
public enum RunReport {
    public static func table(_ result: ProjectionResult, style: NumberStyle, language: Language) -> Table {
        var columns: [(String, (YearResult) -> String)] = [(language.pick("年份", "Year"), { String($0.year) + ($0.isBaseYear ? "*" : "") })]
        if result.years[0].members.population != nil {
            columns.append((language.pick("常住人口", "Population"), { style.persons($0.members.population) }))
        }
        if result.years[0].members.oldAgeDependency != nil {
            columns.append((language.pick("老年抚养比", "Old-age dep."), { style.percent($0.members.oldAgeDependency, decimals: 1) }))
        }
        if result.years[0].members.demography != nil {
            columns += [
                (language.pick("65岁以上占比", "65+ share"), { style.percent($0.members.demography?.share65Plus, decimals: 1) }),
                (language.pick("80岁以上占比", "80+ share"), { style.percent($0.members.demography?.share80Plus, decimals: 1) }),
                (language.pick("男性预期寿命", "e0 men"), { style.plain($0.members.demography?.e0Male, decimals: 1) }),
                (language.pick("女性预期寿命", "e0 women"), { style.plain($0.members.demography?.e0Female, decimals: 1) }),
                (language.pick("出生", "Births"), { style.persons($0.members.demography?.births) }),
                (language.pick("死亡", "Deaths"), { style.persons($0.members.demography?.deaths) }),
            ]
        }
        if result.scenario.employee != nil {
            columns += [
                (language.pick("在职", "Active"), { style.persons($0.members.active) }),
                (language.pick("退休", "Retired"), { style.persons($0.members.retired) }),
                (language.pick("赡养比", "Dep. ratio"), { style.plain($0.members.dependencyRatio) }),
                (language.pick("统筹收入", "Pooled income"), { style.money($0.employee?.pooled.income) }),
                (language.pick("统筹支出", "Pooled spending"), { style.money($0.employee?.pooled.expenditure) }),
                (language.pick("统筹结余", "Pooled balance"), { style.money($0.employee?.pooled.closingBalance) }),
                (language.pick("可支付月数", "Months"), { style.plain($0.employee?.pooled.monthsPayable, decimals: 1) }),
                (language.pick("个账结余", "PA balance"), { style.money($0.employee?.personalAccount.closingBalance) }),
            ]
        }
        if result.scenario.resident != nil {
            columns += [
                (language.pick("居民参保", "Resident insured"), { style.persons($0.resident?.insured) }),
                (language.pick("居民收入", "Resident income"), { style.money($0.resident?.income) }),
                (language.pick("居民支出", "Resident spending"), { style.money($0.resident?.expenditure) }),
                (language.pick("居民结余", "Resident balance"), { style.money($0.resident?.closingBalance) }),
                (language.pick("可支付月数", "Months"), { style.plain($0.resident?.monthsPayable, decimals: 1) }),
            ]
        }
        var table = Table(
            title: "\(result.scenario.name)  (\(language.pick("金额单位: \(style.unit.rawValue); 人数: 人", "money: \(style.unit.english); people: persons")))",
            header: columns.map(\.0), rows: result.years.map { y in columns.map { $0.1(y) } },
            numeric: columns.indices.map { $0 > 0 })
        table.notes = [language.pick("* 基期: 报告数(未报告的项目为驱动测算)", "* base year: reported figures (modelled from drivers where none were reported)")]
        return table
    }
}
