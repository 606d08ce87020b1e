/// Decoding of the base-year lines of the official tables (`base_year_lines`) and the drivers of the
/// lines beyond contributions, subsidies, interest and benefits (`transfers_out`, `other_expenditure`,
/// `inter_level`).
extension ScenarioDecoder {
    /// `base_year_lines: {基本医疗保险费收入: 13857.11, 利息收入: 19.02, interest: …}`: keys are
    /// ``BudgetLine`` codes or printed row names (with or without 一、/其中: prefixes), values money in
    /// the file's unit. An unknown name is an error with the closest row name.
    static func decodeLines(_ r: MappingReader, _ key: String = "base_year_lines") -> BudgetLineValues {
        guard let node = r.node(key) else { return [:] }
        let path = r.keyPath(key)
        guard case .mapping(let pairs, _) = node else {
            r.context.report(node.location, path, expected: "a mapping of official row names to amounts, e.g. {基本医疗保险费收入: 13857.11, 利息收入: 19.02}", found: node.found)
            return [:]
        }
        var lines: BudgetLineValues = [:]
        var locations: [BudgetLine: SourceLocation] = [:]
        var written: [BudgetLine: String] = [:]
        for pair in pairs {
            guard let line = BudgetLine.named(pair.key) else {
                r.context.issues.append(ScenarioIssue(location: pair.keyLocation, key: "\(path).\(pair.key)",
                                                      expected: "an official row name or code (基本医疗保险费收入, 利息收入, 上级补助收入, 基本医疗保险待遇支出, 上年结余, …)",
                                                      found: "unknown row '\(pair.key)'", suggestion: BudgetLine.suggestion(for: pair.key)))
                continue
            }
            if lines[line] != nil {
                r.context.report(pair.keyLocation, "\(path).\(pair.key)", expected: "each row once", found: "\(line.chineseName) twice")
                continue
            }
            // 本年收支结余 may be a deficit: a leading minus sign is read off, the rest is money.
            var node = pair.value, sign = 1.0
            if line == .surplus, case .scalar(let text, let loc, let quoted) = pair.value,
               let first = text.trimmingCharacters(in: .whitespaces).first, first == "-" || first == "−" {
                node = .scalar(String(text.trimmingCharacters(in: .whitespaces).dropFirst()), loc, quoted: quoted)
                sign = -1
            }
            guard let value = r.context.number(node, path: "\(path).\(pair.key)", .money) else { continue } // named as written
            lines[line] = sign * value
            locations[line] = pair.keyLocation
            written[line] = pair.key
        }
        // A printed 收入合计 (支出合计) without 基本医疗保险费收入 (待遇支出) derives that line as the total less
        // the other lines: a total below them would derive a negative one; the table does not add up.
        for (total, derived, side) in [(BudgetLine.incomeTotal, BudgetLine.contributions, BudgetLine.Side.income),
                                       (.expenditureTotal, .benefits, .expenditure)] {
            guard let t = lines[total], lines[derived] == nil, let at = locations[total] else { continue }
            let others = lines.filter { $0.key.side == side && ($0.key.role == .item || $0.key.role == .interLevel) }
            let sum = others.values.reduce(0, +)
            guard !others.isEmpty, sum > t + 0.005 * r.context.unit.yuanPerUnit else { continue }
            r.context.report(at, "\(path).\(written[total] ?? total.chineseName)",
                             expected: "a \(total.chineseName) of at least its other lines (\(others.keys.map { written[$0] ?? $0.chineseName }.sorted().joined(separator: " + ")) = \(amountInFileUnit(sum, r))), the rest being \(derived.chineseName)",
                             found: "\(amountInFileUnit(t, r)), which would leave \(derived.chineseName) \(amountInFileUnit(t - sum, r, toCents: true))")
        }
        // 其中 rows are parts of their parent: together at most the parent (to rounding, half a 元).
        var children: [BudgetLine: [BudgetLine]] = [:]
        for line in lines.keys { if let parent = line.parent, lines[parent] != nil { children[parent, default: []].append(line) } }
        for (parent, parts) in children.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let sum = parts.reduce(0) { $0 + (lines[$1] ?? 0) }, total = lines[parent] ?? 0
            guard sum > total + 0.5, let first = parts.min(by: { (locations[$0]?.line ?? 0) < (locations[$1]?.line ?? 0) }) else { continue }
            // In the file's unit, under the names as written.
            func amount(_ x: Double) -> String { amountInFileUnit(x, r) }
            let names = parts.map { written[$0] ?? $0.chineseName }.sorted().joined(separator: " + ")
            r.context.report(locations[first] ?? r.location, "\(path).\(written[first] ?? first.chineseName)",
                             expected: "其中 rows within their parent \(written[parent] ?? parent.chineseName) (\(amount(total)))",
                             found: "\(names) = \(amount(sum))")
        }
        return lines
    }

    /// A total given twice — in `base_year_actuals` (or `balance`) and as a printed line of the same
    /// fund's `base_year_lines` — with different amounts is refused: the model would take the former, and
    /// the table's own figure would only be listed as a mismatch. `pairs`: the line, the other key's reader,
    /// its key, and its value (元); `lines` the fund's decoded lines, `linesReader` the mapping holding them.
    static func checkTotalsGivenTwice(_ lines: BudgetLineValues, linesReader: MappingReader, _ pairs: [(BudgetLine, MappingReader, String, Double?)]) {
        guard !lines.isEmpty, case .mapping(let rows, _)? = linesReader.node("base_year_lines") else { return }
        for (line, reader, key, value) in pairs {
            guard let value, let printed = lines[line], abs(printed - value) > 0.005 * linesReader.context.unit.yuanPerUnit,
                  let row = rows.first(where: { BudgetLine.named($0.key) == line }) else { continue }
            let at = row.keyLocation.line != nil ? ", \(row.keyLocation)" : ""
            reader.context.issues.append(ScenarioIssue(
                location: reader.keyLocation(key) ?? reader.location, key: reader.keyPath(key),
                expected: "the amount \(linesReader.keyPath("base_year_lines")).\(row.key) gives (\(amountInFileUnit(printed, reader))\(at)), or only one of the two: the model would take \(reader.keyPath(key)) and list the table's figure as a mismatch",
                found: amountInFileUnit(value, reader)))
        }
    }

    /// An amount of 元 in the file's unit, as the file would write it (`1079.96 万元`); `toCents` first
    /// rounds it to 0.01 of the unit (for a derived amount, whose float residue means nothing to a user).
    static func amountInFileUnit(_ x: Double, _ r: MappingReader, toCents: Bool = false) -> String {
        let unit = r.context.unit, v = x / unit.yuanPerUnit
        return "\(plainDecimal(toCents ? (v * 100).rounded() / 100 : v)) \(unit.rawValue)"
    }

    /// `transfers_out`, `other_expenditure` (dated amounts) and `inter_level: {上解上级支出: {share: 1.0},
    /// subsidy_from_higher_level: {2025: 7800}}`. Without a key, a line given in the base year is held:
    /// amounts at the base-year figure, inter-level flows at their base-year share.
    static func decodeOtherLines(_ r: MappingReader, lines: BudgetLineValues, transfersIn: Bool) -> OtherLineDrivers {
        var d = OtherLineDrivers()
        d.transfersOut = r.dated("transfers_out", .money) ?? DatedValue(lines[.transfersOut] ?? 0)
        d.otherExpenditure = r.dated("other_expenditure", .money) ?? DatedValue(lines[.otherExpenditure] ?? 0)
        if transfersIn { d.transfersIn = r.dated("transfers_in", .money) ?? DatedValue(lines[.transfersIn] ?? 0) }
        for line in BudgetLine.allCases where line.role == .interLevel && lines[line] != nil {
            d.interLevel[line] = .baseYearShare
        }
        guard let node = r.node("inter_level") else { return d }
        let path = r.keyPath("inter_level")
        guard case .mapping(let pairs, _) = node else {
            r.context.report(node.location, path, expected: "a mapping of inter-level rows to amounts or {share: x}, e.g. {上解上级支出: {share: 1.0}}", found: node.found)
            return d
        }
        for pair in pairs {
            guard let line = BudgetLine.named(pair.key), line.role == .interLevel else {
                r.context.issues.append(ScenarioIssue(location: pair.keyLocation, key: "\(path).\(pair.key)",
                                                      expected: "上级补助收入, 下级上解收入, 补助下级支出 or 上解上级支出", found: "'\(pair.key)'",
                                                      suggestion: BudgetLine.suggestion(for: pair.key)))
                continue
            }
            let key = "\(path).\(line.rawValue)"
            if case .mapping(let inner, let loc) = pair.value, inner.contains(where: { $0.key == "share" }) {
                guard inner.count == 1, let share = r.context.dated(inner[0].value, path: "\(key).share", .nonNegative) else {
                    if inner.count != 1 { r.context.report(loc, key, expected: "{share: x} alone", found: "other keys beside share") }
                    continue
                }
                d.interLevel[line] = .share(share)
            } else if let amount = r.context.dated(pair.value, path: key, .money) {
                d.interLevel[line] = .amount(amount)
            }
        }
        return d
    }
}
