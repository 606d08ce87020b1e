import Scenario

extension Label {
    /// What the command line changed in the scenario file (`--set`, `--assumptions`), in the order applied:
    /// `命令行调整: --assumptions high-cost(高成本假设)` / `Command-line changes: …`; nil for the file as written.
    /// Every report names them beside the file, so a varied run is never read as the file's own.
    public static func commandLineChanges(_ s: Scenario) -> Label? { commandLineChanges(s.commandLineChanges) }

    /// The same for changes carried apart from their scenario (a simulation's header).
    public static func commandLineChanges(_ changes: [CommandLineChange]) -> Label? {
        guard !changes.isEmpty else { return nil }
        return Label("命令行调整: " + changes.map { $0.described(english: false) }.joined(separator: "; "),
                     "command-line changes: " + changes.map { $0.described(english: true) }.joined(separator: "; "))
    }

    /// This label, then `; ` and the scenario's command-line changes when there are any.
    public func withCommandLineChanges(_ s: Scenario) -> Label {
        guard let changes = Label.commandLineChanges(s) else { return self }
        return Label("\(zh); \(changes.zh)", "\(en); \(changes.en)")
    }
}
