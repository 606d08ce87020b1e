/// Output language of labels. Budget tables are Chinese first (users are Chinese budget officers).
public enum Language: String, Sendable, CaseIterable {
    case zh, en, both

    /// Picks the label(s) for this language; `both` writes `中文 English`.
    public func pick(_ zh: String, _ en: String) -> String {
        switch self {
        case .zh: return zh
        case .en: return en
        case .both: return zh == en ? zh : "\(zh) \(en)"
        }
    }
}

/// A bilingual label.
public struct Label: Sendable, Equatable {
    public var zh: String
    public var en: String
    public init(_ zh: String, _ en: String) {
        self.zh = zh
        self.en = en
    }
    public func text(_ language: Language) -> String { language.pick(zh, en) }
}
