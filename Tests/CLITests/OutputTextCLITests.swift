import Foundation
import Testing

/// What a budget officer reads: every shipped scenario through every command that prints warnings,
/// in Chinese and in English. No output names this project's design notes or their folder, and
/// Chinese output holds no English words or machine codes.
@Suite(.serialized) struct OutputTextCLITests {
    /// Names of the design notes the project was written from, which a user cannot look up.
    static let designNoteNames = ["MODEL.md", "BUDGET-TABLES", "POLICY-SOURCES", "POLICY-FACTS", "INTERFACE", "ARCHITECTURE",
                                  "BUILD-NOTES", "STYLE.md", "seed 0", "seed0", "shared/", "../shared"]

    /// Latin words a Chinese output may hold: the program's name, the acronyms of the data sources and
    /// methods it cites (ILO, Korea's HIRA, the UN's WPP, the GM(1,1) grey model, the LMDI-I
    /// decomposition) and the notation of a printed formula (`L(本年, 上年) × ln(…)`).
    static let allowedWords: Set<String> = ["fundcast", "ILO", "HIRA", "WPP", "UN", "GM", "LMDI", "LMDI-I", "L", "ln"]

    /// Each output with the arguments that made it.
    static func outputs(_ file: String, lang: String, folder: URL) throws -> [(String, String)] {
        var result: [(String, String)] = []
        for arguments in [["run", file], ["run", file, "--format", "md"], ["budget", file], ["budget", file, "--format", "md"],
                          ["explain", file]] {
            let out = try fundcast(arguments + ["--lang", lang])
            #expect(out.status == 0, "\(arguments): \(out.stderr)")
            result.append((arguments.joined(separator: " "), out.stdout))
        }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent + "-" + lang
        let md = folder.appendingPathComponent(name + ".md"), html = folder.appendingPathComponent(name + ".html")
        for (arguments, path) in [(["export", file, "--format", "md", "--output", md.path], md), (["export", file, "--html", html.path], html)] {
            let out = try fundcast(arguments + ["--lang", lang])
            #expect(out.status == 0, "\(arguments): \(out.stderr)")
            result.append((arguments.prefix(4).joined(separator: " "), (try? String(contentsOf: path, encoding: .utf8)) ?? ""))
        }
        return result
    }

    /// The Latin words of a Chinese text a user did not write: file paths, scenario keys
    /// (`employee.employer_rate`, `base_year`), named settings (`china-2025`) and hashes are theirs or looked up.
    static func englishWords(_ text: String) -> [String] {
        let cleaned = withoutParameterTable(text)
        var words: [String] = []
        var current = ""
        for c in cleaned + " " {
            if c.isASCII && (c.isLetter || c.isNumber || "_.-/".contains(c)) { current.append(c); continue }
            let word = current.trimmingCharacters(in: CharacterSet(charactersIn: ".-"))
            current = ""
            guard word.contains(where: \.isLetter), !allowedWords.contains(word) else { continue }
            let isPath = word.contains("/") || [".yaml", ".yml", ".csv"].contains { word.hasSuffix($0) }
            let isKey = word.range(of: #"^[a-z][a-z0-9]*(_[a-z0-9]+)*(\.[a-z0-9_]+)*$"#, options: .regularExpression) != nil && word.contains { $0 == "_" || $0 == "." }
            let isSetting = word.range(of: #"^[a-z]+(-[a-z0-9]+)+$"#, options: .regularExpression) != nil
            let isHash = word.count >= 8 && word.allSatisfy(\.isHexDigit)
            if !isPath && !isKey && !isSetting && !isHash { words.append(word) }
        }
        return words
    }

    /// The report's parameter table (情景参数) lists every key and value as the user wrote them
    /// (`membership.model | aggregate`); it is the user's text, not the program's.
    static func withoutParameterTable(_ text: String) -> String {
        guard let start = text.range(of: "## 情景参数") else { return text }
        let rest = text[start.upperBound...]
        let end = rest.range(of: "\n## ")?.lowerBound ?? text.endIndex
        return String(text[..<start.lowerBound]) + String(text[end...])
    }

    @Test(arguments: shippedScenarios)
    func outputsNameNoDesignNoteAndChineseHasNoEnglish(_ file: String) throws {
        let folder = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for lang in ["zh", "en"] {
            for (command, text) in try Self.outputs(file, lang: lang, folder: folder) {
                #expect(!text.isEmpty, "\(command) --lang \(lang)")
                for name in Self.designNoteNames {
                    #expect(!text.contains(name), "\(command) --lang \(lang) names '\(name)'")
                }
                // HTML carries markup and script; its words are checked through the md export of the same document.
                if lang == "zh", !command.contains("--html") {
                    let words = Self.englishWords(text)
                    #expect(words.isEmpty, "\(command): English in Chinese output: \(Set(words).sorted())")
                }
            }
        }
    }

    @Test func theCheckFindsEnglishWhereThereIsSome() {
        // the checker itself: a code, a unit and a word are found; keys, settings, hashes and the program are not
        let text = "[红色预警] 基金收不抵支 (CURRENT_DEFICIT; 依据: fundcast 默认阈值) 差2.0pt vs 模型; employee.employer_rate, china-2025, 哈希 ca5a0abc6ebd9c1c"
        #expect(Self.englishWords(text + " Scenarios/x.yaml base_year\n## 情景参数\n| membership.model | aggregate |\n## 图表") == ["CURRENT_DEFICIT", "2.0pt", "vs"])
    }
}
