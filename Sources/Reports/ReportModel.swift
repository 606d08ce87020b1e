import Scenario

/// The format-neutral report model every renderer consumes (terminal table, CSV, Markdown, report
/// JSON, XLSX, HTML, notebook). Cells carry typed values in base units (money in 元, people in
/// persons, rates as fractions); the unit, decimals and language are chosen only by a renderer.
///
/// A document is a list of sections; a section holds paragraphs, tables and charts.
public struct ReportDocument: Sendable, Equatable {
    public var title: Label
    /// Lines under the title (scenario file, base year).
    public var subtitle: [Label]
    public var sections: [ReportSection]
    /// Short name for file names: `example-city`.
    public var slug: String
    public var baseYear: Int
    /// The unit money is shown in (renderers may override it).
    public var unit: MoneyUnit

    public init(title: Label, subtitle: [Label] = [], sections: [ReportSection], slug: String, baseYear: Int, unit: MoneyUnit) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
        self.slug = slug
        self.baseYear = baseYear
        self.unit = unit
    }

    /// Every table of every section, in order.
    public var tables: [ReportTable] { sections.flatMap(\.tables) }
    /// Every chart of every section, in order.
    public var charts: [ReportChart] { sections.flatMap(\.charts) }
}

public struct ReportSection: Sendable, Equatable {
    /// Machine name, unique in the document: `budget`, `projection`, `warnings`.
    public var code: String
    public var title: Label
    public var paragraphs: [Label]
    public var tables: [ReportTable]
    public var charts: [ReportChart]
    /// Warnings are listed as typed items so that renderers can colour them by level.
    public var alerts: [ReportAlert]
    /// Waterfall charts of a line's change (driver attribution); their figures are in the section's tables.
    public var waterfalls: [ReportWaterfall]

    public init(code: String, title: Label, paragraphs: [Label] = [], tables: [ReportTable] = [], charts: [ReportChart] = [],
                alerts: [ReportAlert] = [], waterfalls: [ReportWaterfall] = []) {
        self.code = code
        self.title = title
        self.paragraphs = paragraphs
        self.tables = tables
        self.charts = charts
        self.alerts = alerts
        self.waterfalls = waterfalls
    }
}

/// A waterfall chart: last year's figure, each driver's part of the change, this year's figure
/// (money in 元). The parts add up to `end − start`.
public struct ReportWaterfall: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var label: Label
        public var value: Double
        public init(_ label: Label, _ value: Double) {
            self.label = label
            self.value = value
        }
    }

    public var code: String
    public var title: Label
    public var start: Step
    public var parts: [Step]
    public var end: Step

    public init(code: String, title: Label, start: Step, parts: [Step], end: Step) {
        self.code = code
        self.title = title
        self.start = start
        self.parts = parts
        self.end = end
    }
}

/// A typed cell value. Money is in 元, whatever the display unit.
public enum ReportValue: Sendable, Equatable {
    /// 元.
    case money(Double)
    /// 元 per person (a year): contribution bases, per-capita cost; never scaled to 万元.
    case moneyPerHead(Double)
    case persons(Double)
    /// A fraction shown as a percentage.
    case rate(Double)
    /// The difference of two rates, a fraction, shown as percentage points (`pt`).
    case ratePoints(Double)
    /// A plain ratio (actives per retiree).
    case ratio(Double)
    case months(Double)
    /// A duration in years (life expectancy), one decimal.
    case years(Double)
    case year(Int)
    case text(String)
    case label(Label)
    /// Something that does not happen within the projection, such as a depletion year when the fund
    /// lasts to the horizon (未穿底): its label in tables and files, `"none"` in JSON (where `null` is a
    /// figure that does not exist, such as the depletion year of a fund without a known balance).
    case never(Label)
    /// Nothing to show (a blank cell).
    case empty
    /// The figure does not exist or is withheld (`—`).
    case notApplicable

    /// The number carried, in base units; nil for text and empty cells and non-finite numbers.
    public var number: Double? {
        let x: Double
        switch self {
        case .money(let v), .moneyPerHead(let v), .persons(let v), .rate(let v), .ratePoints(let v), .ratio(let v), .months(let v), .years(let v): x = v
        case .year(let y): x = Double(y)
        case .text, .label, .never, .empty, .notApplicable: return nil
        }
        return x.isFinite ? x : nil
    }

    /// The kind of number, for units and number formats.
    public var kind: ReportValueKind? {
        switch self {
        case .money: return .money
        case .moneyPerHead: return .moneyPerHead
        case .persons: return .persons
        case .rate: return .rate
        case .ratePoints: return .ratePoints
        case .ratio: return .ratio
        case .months: return .months
        case .years: return .years
        case .year: return .year
        case .text, .label, .never, .empty, .notApplicable: return nil
        }
    }

    /// `nil` becomes ``notApplicable``; non-finite numbers too.
    public static func of(_ x: Double?, _ kind: ReportValueKind) -> ReportValue {
        guard let x, x.isFinite else { return .notApplicable }
        switch kind {
        case .money: return .money(x)
        case .moneyPerHead: return .moneyPerHead(x)
        case .persons: return .persons(x)
        case .rate: return .rate(x)
        case .ratePoints: return .ratePoints(x)
        case .ratio: return .ratio(x)
        case .months: return .months(x)
        case .years: return .years(x)
        case .year: return x.magnitude < 1e6 ? .year(Int(x)) : .notApplicable
        }
    }
}

public enum ReportValueKind: String, Sendable, Equatable, CaseIterable {
    case money, moneyPerHead, persons, rate, ratePoints, ratio, months, years, year

    /// The unit a renderer names for this kind, with money in `unit`.
    public func unitLabel(_ unit: MoneyUnit) -> Label {
        switch self {
        case .money: return Label(unit.rawValue, unit.english)
        case .moneyPerHead: return Label("元/人", "yuan per person")
        case .persons: return Label("人", "persons")
        case .rate: return Label("比率", "fraction")
        case .ratePoints: return Label("比率差", "fraction difference")
        case .ratio: return Label("倍", "ratio")
        case .months: return Label("月", "months")
        case .years: return Label("岁", "years")
        case .year: return Label("年", "year")
        }
    }
}

/// A column: a machine key unique within its table, a bilingual header, and a display hint.
public struct ReportColumn: Sendable, Equatable {
    public var key: String
    public var label: Label
    /// The unambiguous header for files, where a terminal's short header would repeat
    /// (two columns called 可支付月数): 统筹可支付月数, 居民可支付月数. Nil: the label.
    public var longLabel: Label?
    /// Decimals a renderer should prefer for rates in this column (nil: the renderer's default).
    public var rateDecimals: Int?
    /// Row formulas (sums, differences of rows) apply to this column.
    public var additive: Bool
    /// How every numeric cell of the column follows from other columns of its row.
    public var formula: ReportColumnFormula?
    /// The column holds values a user chose or a search found to any precision (a swept or solved
    /// key): files carry every digit needed to read the double back, not the kind's fixed decimals, so
    /// two points 0.001 元 apart, or a solved value and its failing neighbour, stay distinct.
    public var exactInFiles: Bool
    /// The unit files name in this column's header when its kind's own would mislead (a swept TFR is a
    /// plain number of kind ``ReportValueKind/ratio`` but counts births per woman, not 倍); an empty
    /// label names none.
    public var unit: Label?

    public init(_ key: String, _ label: Label, long: Label? = nil, rateDecimals: Int? = nil, additive: Bool = false, formula: ReportColumnFormula? = nil,
                exactInFiles: Bool = false, unit: Label? = nil) {
        self.unit = unit
        self.key = key
        self.label = label
        self.longLabel = long
        self.rateDecimals = rateDecimals
        self.additive = additive
        self.formula = formula
        self.exactInFiles = exactInFiles
    }
}

extension ReportColumn {
    /// The header for files and spreadsheets.
    public var fileLabel: Label { longLabel ?? label }
}

/// A column computed from other columns of the same row (keys name columns).
public enum ReportColumnFormula: Sendable, Equatable {
    /// a − b (增减额 = 本年预算 − 上年执行).
    case difference(String, String)
    /// (a − b) ÷ |b| (增减%).
    case relativeChange(String, String)
}

/// How a total is made from other rows of the same table, so that a spreadsheet keeps it live.
/// Applied to the table's additive columns; row codes name rows of the same table.
public enum ReportFormula: Sendable, Equatable {
    /// Sum of the named rows.
    case sum([String])
    /// First row minus second row (本年收支结余 = 收入合计 − 支出合计).
    case difference(String, String)
}

/// One row. `level` is the 其中 depth: 0 a first-level line, 1 an item, 2 a nested 其中 line.
public struct ReportRow: Sendable, Equatable {
    /// Stable machine code (`income.total`); nil for rows of plain listings.
    public var code: String?
    public var cells: [ReportValue]
    public var level: Int
    /// A total line (收入合计, 支出合计, 结余): emphasised.
    public var isTotal: Bool
    /// Reported figures (the base year's actuals), marked `*` in the projection.
    public var isActual: Bool
    /// Row formula for spreadsheets (cached values are the cells themselves).
    public var formula: ReportFormula?
    /// Level of a warning row, for colours.
    public var tone: ReportTone?
    /// Decimals a renderer should prefer for this row's months and ratios (nil: the renderer's default).
    public var decimals: Int?
    /// A budget row whose previous-year figure is the model's, not reported: marked `*`.
    public var modelled: Bool = false

    public init(code: String? = nil, cells: [ReportValue], level: Int = 0, isTotal: Bool = false, isActual: Bool = false,
                formula: ReportFormula? = nil, tone: ReportTone? = nil, decimals: Int? = nil) {
        self.decimals = decimals
        self.code = code
        self.cells = cells
        self.level = level
        self.isTotal = isTotal
        self.isActual = isActual
        self.formula = formula
        self.tone = tone
    }
}

/// Warning colours (the four-colour scheme of the risk warnings, plus a neutral notice).
public enum ReportTone: String, Sendable, Equatable {
    case red, orange, yellow, green, notice
}

/// What the unit caption under a table title says.
public enum ReportUnitCaption: Sendable, Equatable {
    case none
    /// `单位: 万元`.
    case money
    /// The drivers' table: `人数单位: 人; 金额单位: 万元; 人均额单位: 元` (money lines in the unit, per-head amounts in 元).
    case driverUnits
    /// `金额单位: 万元; 人数单位: 人`.
    case moneyAndPersons
    /// The projection: `金额单位: 万元; 人数: 人`.
    case moneyAndPeople
}

public struct ReportTable: Sendable, Equatable {
    /// Machine name unique in the document; file and sheet names derive from it.
    public var code: String
    public var title: Label
    /// Short title for sheet tabs (at most 31 characters).
    public var shortTitle: Label
    public var caption: ReportUnitCaption
    public var columns: [ReportColumn]
    public var rows: [ReportRow]
    /// The first `labelColumns` columns are text (item names, years); the rest hold numbers.
    public var labelColumns: Int
    /// Index of the column whose text is indented by `level` (the item column), if any.
    public var indentColumn: Int?
    public var notes: [Label]

    public init(code: String, title: Label, shortTitle: Label? = nil, caption: ReportUnitCaption = .none, columns: [ReportColumn],
                rows: [ReportRow], labelColumns: Int = 1, indentColumn: Int? = nil, notes: [Label] = []) {
        self.code = code
        self.title = title
        self.shortTitle = shortTitle ?? title
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.labelColumns = labelColumns
        self.indentColumn = indentColumn
        self.notes = notes
    }

    /// The row with this code.
    public func rowIndex(_ code: String) -> Int? { rows.firstIndex { $0.code == code } }

    /// The single kind of number in column `i`, or nil when its rows mix kinds (a budget table's
    /// columns hold money, persons and rates): then a renderer names the unit per row.
    public func columnKind(_ i: Int) -> ReportValueKind? {
        let kinds = Set(rows.compactMap { i < $0.cells.count ? $0.cells[i].kind : nil })
        return kinds.count == 1 ? kinds.first : nil
    }

    /// The kind of the row's first number (its unit when columns mix kinds).
    public func rowKind(_ r: Int) -> ReportValueKind? {
        rows[r].cells.dropFirst(labelColumns).lazy.compactMap(\.kind).first
    }
}

/// A warning as a typed item.
public struct ReportAlert: Sendable, Equatable {
    public var tone: ReportTone
    public var levelName: Label
    public var message: Label
    public var code: String
    public var source: Label
    public var urgent: Bool

    /// The bracketed note after the message: 依据 in Chinese; the machine code and source in English
    /// (Chinese output carries no codes).
    public func note(_ language: Language) -> String {
        switch language {
        case .zh: return "(依据: \(source.zh))"
        case .en: return "(\(code); source: \(source.en))"
        case .both: return "(\(code); 依据 source: \(source.zh))"
        }
    }
}

/// A chart drawn from yearly series; its data table is the series themselves.
public struct ReportChart: Sendable, Equatable {
    public enum Style: Sendable, Equatable { case lines, bars }

    public struct Series: Sendable, Equatable {
        public var key: String
        public var label: Label
        /// One value a year of the chart's `years`; nil where the figure does not exist.
        public var values: [Double?]
        public init(key: String, label: Label, values: [Double?]) {
            self.key = key
            self.label = label
            self.values = values
        }
    }

    /// A shaded horizontal band (months payable 0–3 red, 3–6 orange, …).
    public struct Band: Sendable, Equatable {
        public var from: Double
        /// nil: to the top of the plot.
        public var to: Double?
        public var tone: ReportTone
        public var label: Label
        public init(from: Double, to: Double?, tone: ReportTone, label: Label) {
            self.from = from
            self.to = to
            self.tone = tone
            self.label = label
        }
    }

    public var code: String
    public var title: Label
    public var caption: Label
    public var style: Style
    /// Kind of the y values (money is scaled to the document's unit by renderers).
    public var kind: ReportValueKind
    public var years: [Int]
    public var series: [Series]
    public var bands: [Band]
    /// Shaded areas between a lower and an upper series (a Monte Carlo fan: 5th–95th percentiles).
    public var ranges: [Range]
    /// Bars over named categories (stress shocks) instead of years: each series then holds one value
    /// per category and `years` is empty.
    public var categories: [Label]?

    /// An area between two series, one value a year each.
    public struct Range: Sendable, Equatable {
        public var key: String
        public var label: Label
        public var lower: [Double?]
        public var upper: [Double?]
        public init(key: String, label: Label, lower: [Double?], upper: [Double?]) {
            self.key = key
            self.label = label
            self.lower = lower
            self.upper = upper
        }
    }

    public init(code: String, title: Label, caption: Label, style: Style = .lines, kind: ReportValueKind, years: [Int], series: [Series],
                bands: [Band] = [], ranges: [Range] = [], categories: [Label]? = nil) {
        self.code = code
        self.title = title
        self.caption = caption
        self.style = categories == nil ? style : .bars
        self.kind = kind
        self.years = categories == nil ? years : []
        self.series = series
        self.bands = bands
        self.ranges = ranges
        self.categories = categories
    }

    /// The x-axis labels: the years, or the categories.
    public func xLabels(_ language: Language) -> [String] {
        categories.map { $0.map { $0.text(language) } } ?? years.map(String.init)
    }
}
