import Foundation

/// The candidate closest to `word` by edit distance, when close enough to be a likely typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let d = editDistance(lowered, candidate.lowercased())
        if d < (best?.distance ?? Int.max) { best = (candidate, d) }
    }
    guard let best else { return nil }
    let tolerance = max(2, word.count / 3)
    return best.distance <= tolerance ? best.candidate : nil
}

/// Levenshtein distance between two strings, by characters.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// Chinese labels a budget officer may type as keys, with the scenario key each names. They are
/// the labels fundcast prints (the drivers table 主要测算依据, the budget tables, the warnings) and the
/// README's key table uses, so what a user copies from an output finds its key; a unit in brackets
/// after a label (`人均缴费基数(元/年)`) is ignored. Keys are always the English names.
let chineseLabels: [String: String] = [
    // top level
    "名称": "name", "情景名称": "name", "地区": "region", "统筹地区": "region", "单位": "unit", "金额单位": "unit",
    "基期": "base_year", "基年": "base_year", "基期年份": "base_year", "基期年度": "base_year",
    "预测期": "horizon", "预测终年": "horizon", "预测至": "horizon", "继承": "extends", "历史数据": "history",
    "假设": "assumptions", "经济假设": "assumptions", "人口": "population", "参保": "membership", "预警": "warnings",
    "预警阈值": "warnings", "职工": "employee", "职工医保": "employee", "职工基本医疗保险": "employee",
    "居民": "resident", "居民医保": "resident", "城乡居民基本医疗保险": "resident",
    // assumptions
    "工资增长率": "wage_growth", "平均工资增长率": "wage_growth", "医疗费用增长率": "medical_inflation",
    "人均医疗费用增长率": "medical_inflation", "利率": "interest_rate", "利息率": "interest_rate", "存款利率": "interest_rate",
    // population
    "总人口": "total", "常住人口": "total", "总和生育率": "tfr", "生育率": "tfr", "出生性别比": "sex_ratio_at_birth",
    "净迁移": "net_migration", "净迁入人口": "net_migration", "退休年龄": "retirement_schedule",
    // employee scheme (the drivers table: 职工医保在职人数(人), 缴费人数(人), 人均缴费基数(元/年), …)
    "在职职工": "active", "在职人数": "active", "在职": "active", "职工医保在职人数": "active", "在职职工人数": "active",
    "退休人员": "retired", "退休人数": "retired", "退休": "retired", "职工医保退休人数": "retired", "退休人员人数": "retired",
    "缴费人数": "payers", "缴费基数": "average_base", "平均缴费基数": "average_base", "人均缴费基数": "average_base",
    "平均工资": "average_wage", "社会平均工资": "average_wage", "社平工资": "average_wage", "职工平均工资": "average_wage",
    "单位费率": "employer_rate", "单位缴费率": "employer_rate", "单位缴费比例": "employer_rate",
    "个人费率": "employee_rate", "个人缴费率": "employee_rate", "个人缴费比例": "employee_rate",
    "征缴率": "collection_rate", "征收率": "collection_rate", "个人账户": "personal_account",
    "财政补贴收入": "fiscal_subsidy", "其他收入": "other_income", "基期决算数": "base_year_actuals", "上年执行数": "base_year_actuals",
    "赡养比": "dependency_ratio",
    // resident scheme (居民医保参保人数(人), 人均财政补助(元/年), 人均个人缴费(实缴, 元/年))
    "参保人数": "insured", "居民医保参保人数": "insured", "财政补助": "subsidy_per_capita", "人均财政补助": "subsidy_per_capita",
    "个人缴费": "individual_per_capita", "人均个人缴费": "individual_per_capita", "财政补助标准": "subsidy_per_capita",
    "个人缴费标准": "individual_per_capita",
    // balances (四、年末滚存结余)
    "滚存结余": "balance", "累计结余": "balance", "结余": "balance", "年末滚存结余": "balance", "基金结余": "balance",
    "统筹基金": "pooled", "统筹基金结余": "pooled", "个人账户结余": "personal_account",
    // warnings (可支付月数, 增速差)
    "可支付月数": "months_payable", "增速差": "growth_gap", "当期赤字": "current_deficit",
]

/// A written label as the table is keyed: spaces, a 一、-style prefix and a unit in brackets removed
/// (`人均缴费基数(元/年)` → `人均缴费基数`).
func normalizedLabel(_ key: String) -> String {
    var text = key.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\u{3000}")))
    if let open = text.firstIndex(where: { $0 == "(" || $0 == "（" }), open != text.startIndex { text = String(text[..<open]) }
    if let mark = text.firstIndex(of: "、"), text.distance(from: text.startIndex, to: mark) <= 2 { text = String(text[text.index(after: mark)...]) }
    return text.trimmingCharacters(in: .whitespaces)
}

/// The key a written key means when it is not written as one: the key before a full-width colon
/// (`employer_rate：0.08`), or the key a Chinese label names.
func intendedKey(_ key: String) -> String? {
    if key.contains("：") {
        let name = key.split(separator: "：", maxSplits: 1, omittingEmptySubsequences: false)[0]
        return intendedKey(String(name)) ?? name.trimmingCharacters(in: .whitespaces)
    }
    return chineseLabels[normalizedLabel(key)]
}

/// The suggestion for an unknown key: the key with a full-width colon written as YAML needs it,
/// the key a Chinese label names, or the closest known key.
func keySuggestion(_ key: String, among known: [String]) -> String? {
    if key.contains("：") {
        // Kept empty halves: a key that is only '：' (or starts with it) still has a part before it.
        let parts = key.split(separator: "：", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let name = intendedKey(parts[0]).flatMap { known.contains($0) ? $0 : nil } ?? parts[0]
        return parts[1].isEmpty ? "\(name):" : "\(name): \(parts[1])"
    }
    if let english = intendedKey(key), known.contains(english) { return english }
    return closestMatch(to: key, in: known)
}

/// What to add after "unknown key '…'" when the key is a Chinese label or holds a full-width colon.
func unknownKeyNote(_ key: String) -> String {
    if key.contains("：") { return ", written with a full-width colon '：' (全角冒号, U+FF1A): YAML needs the half-width ':' followed by a space" }
    if chineseLabels[normalizedLabel(key)] != nil { return ", a Chinese label (scenario keys are the English names)" }
    return ""
}

/// A YAML syntax error caused by a full-width colon (`employer_rate：0.08`, as a Chinese input method
/// types it): located at the colon's line and column, naming the key, with the line as YAML needs it.
/// nil when no line at or before the error's holds a full-width colon outside a comment.
func fullWidthColonIssue(_ text: String, file: String, errorLine: Int?) -> ScenarioIssue? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (i, line) in lines.enumerated() where errorLine.map({ i + 1 <= $0 }) ?? true {
        let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard let colon = code.firstIndex(of: "：") else { continue }
        let key = code[..<colon].trimmingCharacters(in: .whitespaces)
        let value = code[code.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let name = intendedKey(key) ?? key
        return ScenarioIssue(
            location: SourceLocation(file: file, line: i + 1, column: code.distance(from: code.startIndex, to: colon) + 1),
            key: name, expected: "a half-width colon ':' followed by a space after the key",
            found: "a full-width colon '：' (全角冒号, U+FF1A, as a Chinese input method types it) after '\(key)', which YAML reads as text",
            suggestion: "\(name): \(value)")
    }
    return nil
}
