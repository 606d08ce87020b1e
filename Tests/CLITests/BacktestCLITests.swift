import Foundation
import Testing
import TestSupport

@Suite struct BacktestCLITests {
    static let args = ["backtest", "Scenarios/history/china-national.csv", "--scenario", "Scenarios/china-national.yaml", "--fit-through", "2018"]

    /// `--format json` is `{"models": [{"name", "forecasts": [{"year", "scheme", "metric", "forecast",
    /// "actual", "error_pct"}], "mape": {…}}]}` with the structural model first.
    @Test func jsonFollowsTheContract() throws {
        let r = try fundcast(Self.args + ["--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let models = try #require(object["models"] as? [[String: Any]])
        #expect(models.map { $0["name"] as? String } == ["structural", "gm11", "linear", "log_linear", "verhulst"])
        let structural = models[0]
        let forecasts = try #require(structural["forecasts"] as? [[String: Any]])
        let income2020 = try #require(forecasts.first { $0["year"] as? Int == 2020 && $0["scheme"] as? String == "employee" && $0["metric"] as? String == "income" })
        #expect(Set(income2020.keys) == ["year", "scheme", "metric", "forecast", "actual", "error_pct", "scored"])
        #expect(income2020["actual"] as? Double == 15_732e8) // 元
        let f = try #require(income2020["forecast"] as? Double), e = try #require(income2020["error_pct"] as? Double)
        #expect(abs(e - 100 * (f - 15_732e8) / 15_732e8) < 1e-9)
        let mape = try #require(structural["mape"] as? [String: Double])
        #expect(mape["employee.income"] != nil && mape["resident.expenditure"] != nil)
        // No forecast reaches beyond the history's last year by default.
        #expect(forecasts.allSatisfy { ($0["year"] as? Int ?? 0) <= 2021 })
    }

    @Test func tableShowsForecastsAndMAPE() throws {
        let r = try fundcast(Self.args + ["--lang", "en"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Backtest: fitted through 2018, forecasting 2019–2021"))
        #expect(r.stdout.contains("MAPE") && r.stdout.contains("GM(1,1)") && r.stdout.contains("Structural"))
        // The units are stated: in the title and on every row (a CSV has no title).
        #expect(r.stdout.contains("(money: 100m yuan; people: persons)"))
        let csv = try fundcast(Self.args + ["--format", "csv", "--unit", "万元"])
        #expect(csv.stdout.contains("\n合计 收入,2019,万元,244210000.00,"), "\(csv.stdout.prefix(800))")
        #expect(csv.stdout.contains("\n合计 参保人数,2019,人,1354070000,"))
        // It ends saying where the model loses to a baseline; actuals of another scope are marked and explained.
        #expect(r.stdout.contains("Employee insured                 3.51  Verhulst           0.55  loses to the baseline"))
        #expect(r.stdout.contains("The structural model loses to the best baseline on 1 (Employee insured); beats every baseline on 0"))
        #expect(r.stdout.contains("Total income: the history of 2018's scope (“全部基本医疗保险(含新农合)”) is 2018"))
        #expect(r.stdout.contains("9,296.3700†") && r.stdout.contains("† the actual is of another scope than 2018's"))
        let zh = try fundcast(Self.args)
        #expect(zh.stdout.contains("结构模型不及最优基准 1 项(职工医保 参保人数)"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try fundcast(Self.args + ["--format", "json"]).stdout.utf8)) as? [String: Any])
        let verdicts = try #require(json["verdicts"] as? [[String: Any]])
        #expect(verdicts.filter { $0["structural_loses"] as? Bool == true }.map { $0["series"] as? String } == ["employee.insured"])
        #expect((json["fit_years"] as? [String: [Int]])?["employee.insured"] == [2012, 2018])
    }

    /// Without the 2018 employee insured row its baselines cannot be fitted: the output says so, rather than
    /// leaving the one series where the model loses silently without a comparison.
    @Test func aMissingFitYearRowIsNamed() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Scenarios/history/china-national.csv"), encoding: .utf8)
        let file = dir.appendingPathComponent("h.csv")
        try text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("2018,employee,insured") }.joined(separator: "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let r = try fundcast(["backtest", file.path, "--scenario", "Scenarios/china-national.yaml", "--fit-through", "2018"])
        #expect(r.status == 0 && r.stdout.contains("历史文件无 2018 年数据, 故无基准: 职工医保 参保人数"), "\(r.stderr)")
        #expect(!(try fundcast(Self.args)).stdout.contains("历史文件无"))
    }

    /// Every bad row is reported with file, line and column (the field), exit 1.
    @Test func badHistoryIsLocated() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("bad.csv")
        try """
        year,scheme,metric,value,unit
        2018,employe,income,13538,亿元
        2018,employee,incme,13538,亿元
        2018,employee,income,13538,美元
        2018,employee,income,abc,亿元
        2018,employee,active,23308,万人
        2018,employee,active,23308,万人
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try fundcast(["backtest", file.path, "--scenario", "Scenarios/china-national.yaml", "--fit-through", "2018"])
        #expect(r.status == 1)
        for expected in ["bad.csv:2:2: scheme", "bad.csv:3:3: metric", "bad.csv:4:5: unit", "bad.csv:5:4: value", "bad.csv:7:1: year"] {
            #expect(r.stderr.contains(expected), "\(expected) in \(r.stderr)")
        }
    }

    @Test func fitThroughOutsideTheHistoryIsAnError() throws {
        let r = try fundcast(["backtest", "Scenarios/history/china-national.csv", "--scenario", "Scenarios/china-national.yaml", "--fit-through", "2005"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--fit-through 2005"))
        // The last year of the history leaves nothing to forecast against: refused, not empty tables.
        let last = try fundcast(["backtest", "Scenarios/history/china-national.csv", "--scenario", "Scenarios/china-national.yaml", "--fit-through", "2021"])
        #expect(last.status == 1 && last.stdout.isEmpty)
        #expect(last.stderr.contains("--fit-through 2021: expected a year before the history's last (2021)"), "\(last.stderr)")
        let workbook = try fundcast(Self.args + ["--output", "/tmp/fundcast-never-written.xlsx"])
        #expect(workbook.status == 1 && workbook.stderr.contains("expected a file ending in .csv, .md, .json or .txt for backtest"))
    }
}

/// `run --format json`: the `population` object carries the 65+ and 80+ shares (fractions), e0 by sex
/// and the year's births and deaths (null in the base year).
@Test func runJSONCarriesPopulationIndicators() throws {
    let r = try fundcast(["run", "Scenarios/china-national.yaml", "--format", "json"])
    #expect(r.status == 0, "\(r.stderr)")
    let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    let years = try #require(object["years"] as? [[String: Any]])
    let base = try #require(years.first?["population"] as? [String: Any])
    #expect(base["births"] is NSNull && base["deaths"] is NSNull)
    let y2050 = try #require(years.first { $0["year"] as? Int == 2050 }?["population"] as? [String: Any])
    for key in ["total", "old_age_dependency", "share_65_plus", "share_80_plus", "e0_male", "e0_female", "births", "deaths"] {
        #expect(y2050[key] is Double, "\(key)")
    }
    let share = try #require(y2050["share_65_plus"] as? Double), e0 = try #require(y2050["e0_female"] as? Double)
    #expect(share > 0.25 && share < 0.40)
    #expect(abs(e0 - 85.2573) < 0.3) // WPP 2024 medium, women, 2050
}
