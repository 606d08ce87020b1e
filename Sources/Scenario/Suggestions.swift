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

/// Chinese labels a budget officer may type as keys, with the scenario key each names
/// (the labels of the budget tables and bureau reports; keys are always the English names).
let chineseLabels: [String: String] = [
    "名称": "name", "地区": "region", "单位": "unit", "基期": "base_year", "基年": "base_year", "基期年份": "base_year",
    "预测期": "horizon", "预测终年": "horizon", "假设": "assumptions", "人口": "population", "总人口": "total",
    "职工": "employee", "职工医保": "employee", "职工基本医疗保险": "employee",
    "居民": "resident", "居民医保": "resident", "城乡居民基本医疗保险": "resident",
    "在职职工": "active", "在职人数": "active", "在职": "active", "退休人员": "retired", "退休人数": "retired", "退休": "retired",
    "缴费人数": "payers", "缴费基数": "average_base", "平均缴费基数": "average_base", "人均缴费基数": "average_base",
    "平均工资": "average_wage", "社会平均工资": "average_wage", "单位费率": "employer_rate", "单位缴费率": "employer_rate",
    "个人费率": "employee_rate", "个人缴费率": "employee_rate", "征缴率": "collection_rate", "征收率": "collection_rate",
    "参保人数": "insured", "财政补助": "subsidy_per_capita", "人均财政补助": "subsidy_per_capita",
    "个人缴费": "individual_per_capita", "人均个人缴费": "individual_per_capita",
    "工资增长率": "wage_growth", "医疗费用增长率": "medical_inflation", "利率": "interest_rate", "利息率": "interest_rate",
    "滚存结余": "balance", "累计结余": "balance", "结余": "balance", "预警": "warnings", "历史数据": "history",
]

/// The suggestion for an unknown key: the key with a full-width colon written as YAML needs it,
/// the key a Chinese label names, or the closest known key.
func keySuggestion(_ key: String, among known: [String]) -> String? {
    if key.contains("：") {
        let parts = key.split(separator: "：", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        return parts.count == 2 ? "\(parts[0]): \(parts[1])" : parts.first.map { "\($0):" }
    }
    if let english = chineseLabels[key.trimmingCharacters(in: .whitespaces)], known.contains(english) { return english }
    return closestMatch(to: key, in: known)
}

/// What to add after "unknown key '…'" when the key is a Chinese label or holds a full-width colon.
func unknownKeyNote(_ key: String) -> String {
    if key.contains("：") { return ", written with a full-width colon '：' (全角冒号): YAML needs the half-width ':' followed by a space" }
    if chineseLabels[key.trimmingCharacters(in: .whitespaces)] != nil { return ", a Chinese label (scenario keys are the English names)" }
    return ""
}
