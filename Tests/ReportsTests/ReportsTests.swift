import Testing
@testable import Reports
import Scenario
import TestSupport

@Test func cjkCharactersAreTwoColumnsWide() {
    #expect(displayWidth("abc") == 3)
    #expect(displayWidth("统筹基金") == 8)
    #expect(displayWidth("一、基金收入") == 12) // 、 is fullwidth punctuation
    #expect(displayWidth("（万元）") == 8)
    #expect(displayWidth("e\u{301}") == 1) // combining accent takes no column
}

@Test func terminalTablesAlignMixedChineseAndNumbers() {
    var t = Table(title: "", header: ["项目", "金额"], rows: [["基金收入", "1.00"], ["Interest", "12,345.67"]], numeric: [false, true])
    t.emphasised = [1]
    let lines = TableRenderer.text(t).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("─") }
    let widths = Set(lines.map(displayWidth))
    #expect(widths.count == 1, "every line has the same display width: \(lines)")
    #expect(lines[1].hasSuffix("     1.00")) // right-aligned numbers
}

@Test func numbersAreGroupedAndRoundedHalfAwayFromZero() {
    let style = NumberStyle(unit: .wan, grouping: true)
    #expect(style.money(12_345_678_9.5) == "12,345.68") // 123,456,789.5 元 = 12,345.678… 万元
    #expect(style.money(-50) == "-0.01")
    #expect(style.money(-40) == "0.00") // never "-0.00"
    #expect(style.percent(0.0894) == "8.94%")
    #expect(NumberStyle(unit: .yuan, grouping: false).money(1_234_567.5) == "1234568")
    #expect(NumberStyle(unit: .yi, grouping: true).money(7_485e4) == "0.7485")
}

@Test func csvQuotesFieldsThatNeedIt() {
    let t = Table(title: "", header: ["a", "b"], rows: [["x,y", "say \"hi\""]], numeric: [false, false])
    #expect(TableRenderer.csv(t) == "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n")
}

@Test func jsonEscapesAndKeepsKeyOrder() {
    let v = JSONValue.object([("b", .number(1)), ("a", .string("引号\"\n")), ("c", .array([.null, .bool(true), .number(0.5)]))])
    #expect(v.serialized(pretty: false) == "{\"b\":1,\"a\":\"引号\\\"\\n\",\"c\":[null,true,0.5]}")
    #expect(JSONValue.money(1234.567).serialized() == "1234.57")
    #expect(JSONValue.money(2_000_000).serialized() == "2000000")
    #expect(JSONValue.num(.nan) == .null)
}

@Test func languagesPickLabels() {
    let l = Label("基金收入", "Income")
    #expect(l.text(.zh) == "基金收入")
    #expect(l.text(.en) == "Income")
    #expect(l.text(.both) == "基金收入 Income")
}

@Test func nonFiniteNumbersNeverReachTablesOrJSON() {
    let style = NumberStyle(unit: .wan, grouping: true)
    #expect(style.money(.infinity) == "—")
    #expect(style.persons(.nan) == "—")
    #expect(JSONValue.number(.infinity).serialized() == "null")
    #expect(JSONValue.money(1e308).serialized() != "inf") // x·100 overflows; the value is kept, never inf
}
