import Foundation
import Testing
import TestSupport

/// `fundcast export` end to end, each file read back by the reader a user would open it with:
/// openpyxl for the workbook, nbformat and nbclient for the notebook, Python's csv module for the
/// CSV files, an HTML parser for the page. The readers live in the project's virtual environment
/// (`.venv`, made by scripts/install-deps.sh); without it these tests fail, they do not skip.
@Suite("Export CLI")
struct ExportCLITests {
    /// The example city exported once with `--all` (every format) for all tests of this suite.
    static let exported: Result<URL, ExportSetupError> = {
        guard let dir = try? temporaryDirectory() else { return .failure(ExportSetupError(message: "no temporary folder")) }
        guard let result = try? fundcast(["export", "Scenarios/example-city.yaml", "--all", dir.path]) else {
            return .failure(ExportSetupError(message: "fundcast did not run"))
        }
        guard result.status == 0 else { return .failure(ExportSetupError(message: result.stderr)) }
        return .success(dir)
    }()

    struct ExportSetupError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    static let python = repositoryRoot.appendingPathComponent(".venv/bin/python")

    func folder() throws -> URL { try Self.exported.get() }

    /// Runs a Python check with the project's virtual environment; the script prints OK when every check passes.
    func check(_ script: String, _ arguments: [String]) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.python.path),
                     "\(Self.python.path) is missing: run scripts/install-deps.sh (it makes .venv with openpyxl, nbformat, nbclient, pandas, matplotlib)")
        let process = Process()
        process.executableURL = Self.python
        process.arguments = ["-c", script] + arguments
        process.currentDirectoryURL = repositoryRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && stdout.hasSuffix("OK\n"), "\(stdout)\n\(stderr)")
    }

    @Test func allWritesEveryFormatAndTheJSONIsTheBudgetContract() throws {
        let dir = try folder()
        for name in ["example-city-2021.xlsx", "example-city-2021.html", "example-city-2021.ipynb", "example-city-2021.json", "example-city-2021.md", "csv/projection.csv", "csv/employee_pooled.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "missing \(name)")
        }
        let json = try String(contentsOf: dir.appendingPathComponent("example-city-2021.json"), encoding: .utf8)
        #expect(json == (try fundcast(["budget", "Scenarios/example-city.yaml", "--format", "json"])).stdout)
    }

    /// One export writes all its files or none: a target that cannot be written (its folder cannot be made,
    /// or it is a folder) leaves the others unwritten, and an existing file unchanged.
    @Test func aFailingTargetWritesNoneOfTheFiles() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let xlsx = dir.appendingPathComponent("b.xlsx").path
        let bad = try fundcast(["export", "--xlsx", xlsx, "--html", "/proc/no-such-folder/b.html"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("--html /proc/no-such-folder"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: xlsx))
        try "earlier".write(toFile: xlsx, atomically: true, encoding: .utf8)
        let folder = dir.appendingPathComponent("a-folder.html")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let late = try fundcast(["export", "--xlsx", xlsx, "--html", folder.path, "--csv", dir.appendingPathComponent("csv").path])
        #expect(late.status == 1)
        #expect(late.stderr.contains("found a folder"), "\(late.stderr)")
        #expect(try String(contentsOfFile: xlsx, encoding: .utf8) == "earlier")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("csv").path))?.isEmpty ?? true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.contains(".fundcast-") }, "a temporary file was left")
    }

    /// Every money cell of every budget table equals the JSON to the 元 (the sheet is in 万元);
    /// 当期结余 is the formula 基金收入 − 基金支出 and 增减额 本年 − 上年, with cached values that the
    /// formula reproduces; the projection sheet's balances equal the JSON's years.
    @Test func workbookReadsBackWithOpenpyxl() throws {
        let dir = try folder()
        try check(#"""
        import json, re, sys
        import openpyxl
        path, data = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
        formulas = openpyxl.load_workbook(path)
        values = openpyxl.load_workbook(path, data_only=True)
        sheets = {"employee_pooled": "职工统筹基金", "employee_pa": "职工个人账户", "employee": "职工医保基金", "resident": "居民医保基金", "drivers": "测算依据"}
        for name in ["概要", *sheets.values(), "核对", "缴费收入变动因素分解(LMDI)", "支出变动因素分解(LMDI)", "逐年预测", "风险预警", "情景参数", "图表"]:
            assert name in formulas.sheetnames, (name, formulas.sheetnames)
        assert [type(c).__name__ for c in formulas["图表"]._charts] == ["BarChart", "LineChart", "LineChart"] * 2 + ["LineChart"]
        def evaluate(ws, text):
            cell = lambda ref: ws[ref].value
            m = re.fullmatch(r"=([A-Z]+\d+)-([A-Z]+\d+)", text)
            if m: return cell(m[1]) - cell(m[2])
            m = re.fullmatch(r"=\(([A-Z]+\d+)-([A-Z]+\d+)\)\*100", text)
            if m: return (cell(m[1]) - cell(m[2])) * 100
            m = re.fullmatch(r"=\(([A-Z]+\d+)-([A-Z]+\d+)\)/ABS\(([A-Z]+\d+)\)", text)
            if m: return (cell(m[1]) - cell(m[2])) / abs(cell(m[3]))
            m = re.fullmatch(r"=SUM\(([A-Z0-9,]+)\)", text)
            if m: return sum(cell(r) for r in m[1].split(","))
            raise AssertionError("unexpected formula " + text)
        seen = {"surplus": 0, "change": 0, "sum": 0}
        for table in data["budget"]["tables"]:
            f, v = formulas[sheets[table["fund"]]], values[sheets[table["fund"]]]
            for i, row in enumerate(table["rows"]):
                r = 4 + i
                assert v.cell(r, 1).value.strip() == row["label_zh"].strip(), (table["fund"], r, v.cell(r, 1).value, row["label_zh"])
                money = table["fund"] != "drivers" and row["code"] not in ("surplus_rate", "months_payable")
                for c, key in ((2, "previous"), (3, "budget"), (4, "change")):
                    expected, cached = row[key], v.cell(r, c).value
                    if expected is None:
                        assert cached == "—", (table["fund"], row["code"], key, cached)
                        continue
                    assert isinstance(cached, (int, float)), (table["fund"], row["code"], key, cached)
                    if money:
                        assert abs(cached * 10000 - expected) < 0.5, (table["fund"], row["code"], key, cached, expected)
                    formula = f.cell(r, c).value
                    if isinstance(formula, str) and formula.startswith("="):
                        assert abs(evaluate(v, formula) - cached) * (10000 if money else 1) < 0.5, (formula, cached)
                        if row["code"] == "surplus" and c < 4:
                            assert formula == f"={'BC'[c - 2]}{4 + [x['code'] for x in table['rows']].index('income_total')}-{'BC'[c - 2]}{4 + [x['code'] for x in table['rows']].index('expenditure_total')}", formula
                            seen["surplus"] += 1
                        if c == 4: seen["change"] += 1
                        if formula.startswith("=SUM"): seen["sum"] += 1
        assert seen["surplus"] == 8 and seen["change"] > 40, seen
        p = values["逐年预测"]
        headers = [p.cell(3, c).value for c in range(1, p.max_column + 1)]
        for i, year in enumerate(data["years"]):
            row = {h: p.cell(4 + i, c + 1).value for c, h in enumerate(headers)}
            assert row["年份"] == year["year"], (row["年份"], year["year"])
            e, r = year["employee"], year["resident"]
            money = {"统筹收入": e["pooled"]["income"], "统筹支出": e["pooled"]["expenditure"], "统筹结余": e["pooled"]["balance"],
                     "个人账户结余": e["personal_account"]["balance"], "居民收入": r["income"], "居民支出": r["expenditure"], "居民结余": r["balance"]}
            for header, expected in money.items():
                assert isinstance(row[header], (int, float)) and abs(row[header] * 10000 - expected) < 0.5, (year["year"], header, row[header], expected)
            assert abs(row["职工医保在职人数"] - e["active"]) < 0.5 and abs(row["居民参保"] - r["insured"]) < 0.5  # to the person
            assert abs(row["统筹可支付月数"] - year["employee"]["pooled"]["months_payable"]) < 1e-9
        w = values["风险预警"]
        assert w.max_row - 3 == len(data["warnings"]), (w.max_row, len(data["warnings"]))
        red = [r for r in range(4, w.max_row + 1) if w.cell(r, 1).value == "红色预警"]
        assert red and all(w.cell(r, 1).fill.fgColor.rgb.endswith("C00000") for r in red)
        a = values["情景参数"]
        rows = {a.cell(r, 1).value: [a.cell(r, c).value for c in range(2, 5)] for r in range(4, a.max_row + 1)}
        assert rows["employee.employer_rate"][:2] == ["0.08", "比率"], rows["employee.employer_rate"]
        assert rows["name"][0] == "示例市 2022 年度基金预算", rows["name"]
        assert rows["employee.balance.pooled"][1] == "万元" and re.search(r"example-city\.yaml:\d+", rows["employee.balance.pooled"][2])
        print("OK")
        """#, [dir.appendingPathComponent("example-city-2021.xlsx").path, dir.appendingPathComponent("example-city-2021.json").path])
    }

    /// Strict nbformat 4.5 validation (warnings are errors), then a full run under nbclient.
    @Test(.timeLimit(.minutes(2))) func notebookValidatesAndRunsOffline() throws {
        let dir = try folder()
        try check(#"""
        import sys, warnings
        import nbformat
        from nbclient import NotebookClient
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            nb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)
            nbformat.validate(nb)
        assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
        assert all(c.get("id") for c in nb.cells) and len({c.id for c in nb.cells}) == len(nb.cells)
        assert nb.cells[0].cell_type == "markdown" and "示例市" in nb.cells[0].source
        # No heading stands alone: each "## " cell is followed by content before the next "## " heading.
        heads = [i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and c.source.startswith("## ") and "\n" not in c.source.strip()]
        assert all(i + 1 < len(nb.cells) and not nb.cells[i + 1].source.startswith("## ") for i in heads), [nb.cells[i].source for i in heads]
        NotebookClient(nb, timeout=90, kernel_name="python3").execute()
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        assert not [o for o in outputs if o.output_type == "error"]
        images = [o for o in outputs if "image/png" in o.get("data", {})]
        tables = [o for o in outputs if "text/html" in o.get("data", {})]
        assert len(images) == 7 and len(tables) >= 6, (len(images), len(tables))
        # Every budget table's DataFrame says its units (a 单位 column where rows mix kinds) and keeps the * marks.
        pooled = [o for o in tables if "基本医疗保险费收入" in o["data"]["text/html"] and "上年为推算数(*)" in o["data"]["text/html"]]
        assert pooled and "<th>单位</th>" in pooled[0]["data"]["text/html"] and "万元" in pooled[0]["data"]["text/html"], pooled[:1]
        print("OK")
        """#, [dir.appendingPathComponent("example-city-2021.ipynb").path])
    }

    /// No network references; one <svg> per chart; the projection table's figures equal the JSON.
    @Test func htmlIsSelfContainedAndItsNumbersAreTheJSONs() throws {
        let dir = try folder()
        let html = try String(contentsOf: dir.appendingPathComponent("example-city-2021.html"), encoding: .utf8)
        for forbidden in ["http", "//", "@import", "url(", "<script", "<link", "<img"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        let charts = html.components(separatedBy: "<figure class=\"chart").count - 1
        let waterfalls = html.components(separatedBy: "<figure class=\"chart\" id=\"w-").count - 1
        #expect(charts - waterfalls == 7) // 2 funds × (balance, months payable, income vs spending) + 赡养比
        // One waterfall per attributed line: 3 employee and 2 resident contribution lines, 3 spending lines.
        #expect(waterfalls == 8)
        #expect(html.components(separatedBy: "<svg ").count - 1 == charts)
        try check(#"""
        import json, sys
        from html.parser import HTMLParser
        class Tables(HTMLParser):
            def __init__(self):
                super().__init__(); self.tables = {}; self.current = None; self.row = None; self.cell = None
            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "table" and a.get("id"): self.current = self.tables.setdefault(a["id"], [])
                elif tag == "tr" and self.current is not None: self.row = []; self.current.append(self.row)
                elif tag in ("td", "th") and self.row is not None: self.cell = ""
            def handle_endtag(self, tag):
                if tag in ("td", "th") and self.cell is not None: self.row.append(self.cell); self.cell = None
                elif tag == "table": self.current = None
            def handle_data(self, d):
                if self.cell is not None: self.cell += d
        p = Tables(); p.feed(open(sys.argv[1], encoding="utf-8").read())
        data = json.load(open(sys.argv[2], encoding="utf-8"))
        rows = p.tables["t-projection"]
        header, body = rows[0], rows[1:]
        assert len(body) == len(data["years"])
        col = header.index("统筹结余"); res = header.index("居民结余")
        for cells, year in zip(body, data["years"]):
            assert cells[0].rstrip("*") == str(year["year"])
            assert cells[col] == f'{year["employee"]["pooled"]["balance"] / 10000:,.2f}', (cells[col], year["employee"]["pooled"]["balance"])
            assert cells[res] == f'{year["resident"]["balance"] / 10000:,.2f}'
        pooled = {r["code"]: r for r in data["budget"]["tables"][0]["rows"]}
        budget = {cells[0]: cells for cells in p.tables["t-employee_pooled"][1:]}
        assert budget["本年收入合计"][2] == f'{pooled["income_total"]["budget"] / 10000:,.2f}'
        print("OK")
        """#, [dir.appendingPathComponent("example-city-2021.html").path, dir.appendingPathComponent("example-city-2021.json").path])
    }

    /// 市级统筹: the export holds each district's tables and 全市 as the budget prints them (the
    /// CSV's 全市 居民医保 年末滚存结余 is the budget JSON's, in 万元), and each has its own sheet.
    @Test func districtBudgetsAreExported() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let city = "Tests/ReportsTests/Fixtures/city/city.yaml"
        let export = try fundcast(["export", city, "--csv", dir.appendingPathComponent("csv").path, "--xlsx", dir.appendingPathComponent("c.xlsx").path])
        #expect(export.status == 0, "\(export.stderr)")
        try check(#"""
        import csv, json, os, subprocess, sys
        folder, xlsx, binary, city = sys.argv[1:5]
        for name in ("resident.csv", "district-a-resident.csv", "district-b-resident.csv", "city_total-resident.csv"):
            assert os.path.exists(os.path.join(folder, name)), name
        data = json.loads(subprocess.run([binary, "budget", city, "--format", "json"], capture_output=True, text=True, check=True).stdout)
        total = next(t for t in data["budget"]["tables"] if t["fund"] == "city_total.resident")
        closing = next(r for r in total["rows"] if r["code"] == "closing_balance")
        row = next(r for r in csv.DictReader(open(os.path.join(folder, "city_total-resident.csv"), encoding="utf-8-sig")) if r["代码"] == "closing_balance")
        # With its indicator rows (当期结余率, 可支付月数) the 全市 table has a unit per row, as every level's has.
        assert row["单位"] == "万元", row
        assert abs(float(row["本年预算(2025)"]) * 10000 - closing["budget"]) < 0.01, (row, closing)
        months = next(r for r in csv.DictReader(open(os.path.join(folder, "city_total-resident.csv"), encoding="utf-8-sig")) if r["代码"] == "months_payable")
        assert abs(float(months["本年预算(2025)"]) - closing["budget"] / (next(r for r in total["rows"] if r["code"] == "expenditure_total")["budget"] / 12)) < 1e-4, months  # 4 decimals in CSV
        import openpyxl
        names = openpyxl.load_workbook(xlsx).sheetnames
        assert len(set(names)) == len(names) and "全市居民医保基金" in names, names
        print("OK")
        """#, [dir.appendingPathComponent("csv").path, dir.appendingPathComponent("c.xlsx").path, binary.path, city])
    }

    /// Byte-order mark, unique headers, plain numbers (no %, pt, — or separators), units in headers.
    @Test func csvFilesOpenInExcelAndParseAsNumbers() throws {
        let dir = try folder()
        try check(#"""
        import csv, glob, json, os, sys
        folder, data = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
        text = {"代码", "项目", "单位", "级别", "基金", "说明", "依据", "参数", "取值", "来源", "年份", "上年为推算数(*)", "基期报告数(*)"}
        files = sorted(glob.glob(os.path.join(folder, "*.csv")))
        assert len(files) == 11, files  # the combined employee table (employee.csv) besides its two accounts
        for path in files:
            raw = open(path, "rb").read()
            assert raw.startswith(b"\xef\xbb\xbf"), path
            rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
            header = rows[0]
            assert len(set(header)) == len(header), (path, header)
            for row in rows[1:]:
                assert len(row) == len(header), (path, row)
                for h, v in zip(header, row):
                    if h in text or v == "" or os.path.basename(path) in ("assumptions.csv",): continue
                    if os.path.basename(path) == "warnings.csv" and h == "代码": continue
                    assert not any(x in v for x in "%,—") and not v.endswith("pt"), (path, h, v)
                    float(v)
        projection = list(csv.DictReader(open(os.path.join(folder, "projection.csv"), encoding="utf-8-sig")))
        assert "统筹可支付月数(月)" in projection[0] and "居民可支付月数(月)" in projection[0]
        for row, year in zip(projection, data["years"]):
            assert abs(float(row["统筹结余(万元)"]) * 10000 - year["employee"]["pooled"]["balance"]) < 0.5
            assert abs(float(row["老年抚养比(比率)"]) - year["population"]["old_age_dependency"]) < 1e-8
        budget = list(csv.DictReader(open(os.path.join(folder, "employee_pooled.csv"), encoding="utf-8-sig")))
        assert budget[0]["项目"] == "基本医疗保险费收入" and budget[0]["层级"] == "0" and budget[0]["单位"] == "万元", budget[0]
        # The printed tables' * marks are columns of their own: the modelled previous-year figures, the reported base year.
        marked = {row["项目"] for row in budget if row["上年为推算数(*)"] == "*"}
        assert "基本医疗保险费收入" in marked, budget[0]
        assert [row["基期报告数(*)"] for row in projection][:2] == ["*", ""], projection[0]
        # Driver attribution: every line's factor columns add up to its change (万元, 6 decimals).
        for name, n in (("attribution_contributions.csv", 4), ("attribution_spending.csv", 5)):
            rows = list(csv.reader(open(os.path.join(folder, name), encoding="utf-8-sig")))
            assert len(rows) > 2 and rows[0][4] == "增减额(万元)", (name, rows[0])
            for row in rows[1:]:
                parts = [float(v) for v in row[5:5 + n] if v != ""]
                assert abs(sum(parts) - float(row[4])) < 1e-4 * n, (name, row)
        print("OK")
        """#, [dir.appendingPathComponent("csv").path, dir.appendingPathComponent("example-city-2021.json").path])
    }

    @Test func runCSVHasUniqueHeadersAndABOMOnlyInFiles() throws {
        let stdout = try fundcast(["run", "--format", "csv"]).stdout
        #expect(!stdout.hasPrefix("\u{FEFF}"))
        let header = stdout.split(separator: "\n")[0].split(separator: ",").map(String.init)
        #expect(Set(header).count == header.count)
        #expect(header.contains("统筹可支付月数(月)") && header.contains("居民可支付月数(月)"))
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("run.csv")
        #expect(try fundcast(["run", "--output", file.path]).status == 0) // format from the extension
        let data = try Data(contentsOf: file)
        #expect(data.prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: data.dropFirst(3), as: UTF8.self) == stdout)
    }

    @Test func outputInfersTheFormatFromTheExtension() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let xlsx = dir.appendingPathComponent("budget.xlsx"), html = dir.appendingPathComponent("run.html")
        let json = dir.appendingPathComponent("budget.json"), md = dir.appendingPathComponent("budget.md")
        for (command, file) in [("budget", xlsx), ("run", html), ("budget", json), ("budget", md)] {
            let result = try fundcast([command, "Scenarios/example-city.yaml", "--output", file.path])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try Data(contentsOf: xlsx).prefix(2) == Data("PK".utf8)) // a zip container
        #expect(try String(contentsOf: html, encoding: .utf8).hasPrefix("<!DOCTYPE html>"))
        #expect(try String(contentsOf: json, encoding: .utf8) == (try fundcast(["budget", "Scenarios/example-city.yaml", "--format", "json"])).stdout)
        #expect(try String(contentsOf: md, encoding: .utf8) == (try fundcast(["budget", "Scenarios/example-city.yaml", "--format", "md"])).stdout)
    }

    /// `budget --actuals … --output FILE.xlsx` keeps the execution table: its own sheet, months payable to two decimals.
    @Test func executionGoesIntoTheWorkbook() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("execution.xlsx")
        let result = try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", "Scenarios/data/unnamed-city-ytd.csv", "--output", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let json = dir.appendingPathComponent("execution.json")
        try Data(try fundcast(["budget", "Scenarios/example-city.yaml", "--actuals", "Scenarios/data/unnamed-city-ytd.csv", "--format", "json"]).stdout.utf8).write(to: json)
        try check(#"""
        import json, sys
        import openpyxl
        ws = openpyxl.load_workbook(sys.argv[1], data_only=True)["预算执行"]
        rows = json.load(open(sys.argv[2], encoding="utf-8"))["execution"]["rows"]
        for i, row in enumerate(rows):
            assert ws.cell(4 + i, 1).value == row["label_zh"], (ws.cell(4 + i, 1).value, row["label_zh"])
            assert abs(ws.cell(4 + i, 3).value * 10000 - row["ytd"]) < 0.5
            assert abs(ws.cell(4 + i, 4).value - row["completion"]) < 1e-12
        assert ws.cell(4 + len(rows), 2).number_format == "0.00"
        print("OK")
        """#, [file.path, json.path])
    }

    /// The same run gives the same bytes (the workbook's document date is fixed to the budget year).
    @Test func exportsAreReproducible() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [Data] = []
        for name in ["a", "b"] {
            let result = try fundcast(["export", "--xlsx", dir.appendingPathComponent("\(name).xlsx").path, "--notebook", dir.appendingPathComponent("\(name).ipynb").path])
            #expect(result.status == 0, "\(result.stderr)")
            files += [try Data(contentsOf: dir.appendingPathComponent("\(name).xlsx")), try Data(contentsOf: dir.appendingPathComponent("\(name).ipynb"))]
        }
        #expect(files[0] == files[2])
        #expect(files[1] == files[3])
    }

    @Test func notebookGoesToNotebooksExportByDefault() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = repositoryRoot.appendingPathComponent("Scenarios/huoshan-2013.yaml").path
        let result = try fundcast(["export", scenario], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "wrote notebooks-export/huoshan-2013-2013.ipynb\n")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("notebooks-export/huoshan-2013-2013.ipynb").path))
    }

    @Test func theScenarioIsNeverOverwritten() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = dir.appendingPathComponent("city.yaml")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Scenarios/example-city.yaml"), to: scenario)
        let before = try Data(contentsOf: scenario)
        let result = try fundcast(["export", scenario.path, "--html", scenario.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("expected a file other than the scenario, found the scenario itself"), "\(result.stderr)")
        // --output never takes a .yaml name: refused before the run.
        for arguments in [["budget", scenario.path, "--output", scenario.path], ["run", scenario.path, "--output", dir.appendingPathComponent("./city.yaml").path]] {
            let result = try fundcast(arguments)
            #expect(result.status == 2 && result.stderr.contains("found '.yaml', which fundcast does not write"), "\(result.stderr)")
        }
        #expect(try Data(contentsOf: scenario) == before)
    }

    /// A CSV folder reused by a later export holds that export's tables only: Huoshan (no resident scheme)
    /// after the example city removes the city's resident.csv, and leaves a file the user put there.
    @Test func aReusedCSVFolderLosesTheTablesTheNewExportHasNot() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("csv")
        #expect(try fundcast(["export", "Scenarios/example-city.yaml", "--csv", csv.path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: csv.appendingPathComponent("resident.csv").path))
        try Data("mine".utf8).write(to: csv.appendingPathComponent("mine.csv"))
        let again = try fundcast(["export", "Scenarios/huoshan-2013.yaml", "--csv", csv.path])
        #expect(again.status == 0, "\(again.stderr)")
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: csv.path))
        #expect(!names.contains("resident.csv"))
        #expect(names.contains("mine.csv") && names.contains("employee_pooled.csv"))
        let written = Set(again.stdout.split(separator: "\n").map { URL(fileURLWithPath: String($0.dropFirst("wrote ".count))).lastPathComponent })
        #expect(names.subtracting(["mine.csv", ".csv-files-written-by-fundcast"]) == written)
    }

    /// A failed export leaves no folder it made: the workbook's new folders go when the HTML target fails.
    @Test func aFailedExportLeavesNoFolderItMade() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = dir.appendingPathComponent("a-folder.html")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let r = try fundcast(["export", "--xlsx", dir.appendingPathComponent("new/deep/a.xlsx").path, "--html", folder.path,
                              "--csv", dir.appendingPathComponent("new-csv").path])
        #expect(r.status == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["a-folder.html"])
        // A folder that cannot be made says why in the system's words, not a desktop dialogue's.
        let locked = dir.appendingPathComponent("locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked.path) }
        if getuid() != 0 { // root writes anywhere
            let denied = try fundcast(["export", "--csv", locked.appendingPathComponent("csv").path])
            #expect(denied.status == 1 && denied.stderr.contains("Permission denied") && !denied.stderr.contains("You don"), "\(denied.stderr)")
        }
    }

    /// A stored document damaged outside fundcast (cut short in the database) is not printed as if it were the run's
    /// JSON: exit 1 naming the database and the run. (Here for its Python: the damage is done with sqlite3.)
    @Test func aDamagedStoredDocumentIsRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("runs.sqlite").path
        #expect(try fundcast(["budget", "--save", "--db", db]).status == 0)
        try check(#"""
        import sqlite3, sys
        c = sqlite3.connect(sys.argv[1])
        c.execute("UPDATE run SET budget_json = substr(budget_json, 1, 1000) WHERE id = 1")
        c.commit()
        print("OK")
        """#, [db])
        let r = try fundcast(["history", "show", "1", "--format", "json", "--db", db])
        #expect(r.status == 1 && r.stdout.isEmpty && r.stderr.contains("run 1: expected the stored budget document to be JSON, found it damaged"), "\(r.stderr)")
    }

    /// The English HTML report names units in English, the waterfall charts' titles too (they read (亿元)).
    @Test func englishHTMLHasNoChineseUnits() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let html = dir.appendingPathComponent("en.html").path
        #expect(try fundcast(["export", "Scenarios/example-city.yaml", "--html", html, "--lang", "en", "--unit", "亿元"]).status == 0)
        let text = try String(contentsOfFile: html, encoding: .utf8)
        #expect(!text.contains("(亿元)") && !text.contains("(万元)") && text.contains("(100m yuan)"))
    }

    /// English sheet names are whole titles within Excel's 31 characters (not cut mid-word), and the
    /// projection table is titled as one (各年测算结果 and its years), not with the scenario's name.
    @Test func englishSheetNamesAreWholeAndTheProjectionIsTitled() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let xlsx = dir.appendingPathComponent("en.xlsx").path, md = dir.appendingPathComponent("zh.md").path
        #expect(try fundcast(["export", "--xlsx", xlsx, "--lang", "en"]).status == 0)
        #expect(try fundcast(["export", "--output", md]).status == 0)
        try check(#"""
        import sys
        import openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        names = wb.sheetnames
        assert "Contribution drivers (LMDI)" in names and "Spending drivers (LMDI)" in names, names
        assert all(not n.endswith((" con", " spe")) for n in names), names
        # A rate's change is in points with its unit in the language of the sheet; the warnings' unit column says points too.
        rows = [[c for c in r] for r in wb["Employee pooled"].iter_rows()]
        rate = next(r for r in rows if r[0].value == "Current surplus rate")
        assert rate[3].number_format == '0.00" pt"', rate[3].number_format
        units = {r[5].value for r in wb["Warnings"].iter_rows(min_row=2) if r[5].value}
        assert "fraction difference" not in units, units
        zh = openpyxl.load_workbook(sys.argv[2])
        rate = next(r for r in zh["职工统筹基金"].iter_rows() if r[0].value == "当期结余率")
        assert rate[3].number_format == '0.00"个百分点"', rate[3].number_format
        print("OK")
        """#, [xlsx, try folder().appendingPathComponent("example-city-2021.xlsx").path])
        let text = try String(contentsOfFile: md, encoding: .utf8)
        #expect(text.contains("### 各年测算结果(2021–2056年)") && !text.contains("### 示例市 2022 年度基金预算"), "\(text.prefix(300))")
    }

    /// Outputs that would silently hold the wrong thing are refused: one file reached twice through a symlinked
    /// folder, a report option given another format's name, a --format the --output extension contradicts;
    /// budget's CSV file has the byte-order mark the others have.
    @Test func outputsNamedForAnotherThingAreRefused() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("dup"), link = dir.appendingPathComponent("dup-link")
        try FileManager.default.createDirectory(at: real, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: real)
        let twice = try fundcast(["export", "--xlsx", real.appendingPathComponent("y.xlsx").path, "--html", link.appendingPathComponent("y.html").path,
                                  "--notebook", link.appendingPathComponent("y.xlsx").path])
        #expect(twice.status == 1 && twice.stderr.contains("expected a file ending in .ipynb, found '.xlsx'"), "\(twice.stderr)")
        let same = try fundcast(["export", "--xlsx", real.appendingPathComponent("y.xlsx").path, "--output", link.appendingPathComponent("y.xlsx").path])
        #expect(same.status == 1 && same.stderr.contains("found the same path twice"), "\(same.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: real.path).isEmpty)
        let html = try fundcast(["export", "--html", dir.appendingPathComponent("r.xlsx").path])
        #expect(html.status == 1 && html.stderr.contains("--html \(dir.path)/r.xlsx: expected a file ending in .html or .htm, found '.xlsx'"))
        let json = try fundcast(["budget", "--output", dir.appendingPathComponent("j.xlsx").path, "--format", "json"])
        #expect(json.status == 2 && json.stderr.contains("--format json with --output"), "\(json.stderr)")
        let csv = dir.appendingPathComponent("b.csv")
        #expect(try fundcast(["budget", "--output", csv.path]).status == 0)
        #expect(try Data(contentsOf: csv).prefix(3) == Data([0xEF, 0xBB, 0xBF]))
        #expect(!(try fundcast(["budget", "--format", "csv"]).stdout.hasPrefix("\u{FEFF}")))
    }

    /// Small refusals that name the right thing: a read-only file is not replaced behind its protection; the
    /// --all folder's CSV files are named as --all's; a report file whose folder is a file says its folder.
    @Test func refusalsNameTheRightThing() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let locked = dir.appendingPathComponent("locked.md")
        try Data("submitted".utf8).write(to: locked)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: locked.path)
        let ro = try fundcast(["budget", "--output", locked.path])
        #expect(ro.status == 1 && ro.stderr.contains("a read-only file (no write permission)"), "\(ro.stderr)")
        #expect(try String(contentsOf: locked, encoding: .utf8) == "submitted")
        let all = dir.appendingPathComponent("all")
        let twice = try fundcast(["export", "--all", all.path, "--csv", all.appendingPathComponent("csv").path])
        #expect(twice.status == 1 && twice.stderr.contains("and --all \(all.path)/csv/"), "\(twice.stderr)")
        let file = dir.appendingPathComponent("afile")
        try Data().write(to: file)
        let html = try fundcast(["export", "--html", file.appendingPathComponent("x.html").path])
        #expect(html.stderr.contains("expected its folder '\(file.path)' to be a folder, found a file"), "\(html.stderr)")
        // simulate: a partial file is its own format; a .fcsim name without --shard is not one.
        let shard = try fundcast(["simulate", "--paths", "4", "--shard", "1/2", "--format", "json", "--output", dir.appendingPathComponent("p.json").path])
        #expect(shard.status == 1 && shard.stderr.contains("expected no --format with --shard"))
        let fcsim = try fundcast(["simulate", "--paths", "4", "--output", dir.appendingPathComponent("p.fcsim").path])
        #expect(fcsim.status == 1 && fcsim.stderr.contains("expected --shard I/N for a .fcsim partial result file"))
        // solve reads a rate condition as a percentage too, as --vary does.
        let a = try fundcast(["solve", "--for", "employee.employer_rate", "--keep", "employee.pooled.surplus_rate>=5%", "--through", "2025", "--format", "json"])
        let b = try fundcast(["solve", "--for", "employee.employer_rate", "--keep", "employee.pooled.surplus_rate>=0.05", "--through", "2025", "--format", "json"])
        #expect(a.status == 0 && a.stdout == b.stdout, "\(a.stderr)")
    }

    @Test func aFileWhereTheCSVFolderShouldBeIsAnError() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("tables")
        try Data("x".utf8).write(to: file)
        let result = try fundcast(["export", "--csv", file.path])
        #expect(result.status == 1)
        #expect(result.stderr == "error: --csv \(file.path): expected a folder, found a file\n")
    }
}
