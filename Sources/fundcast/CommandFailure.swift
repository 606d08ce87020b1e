import Foundation
import Scenario
import Finance
import Reports

/// A failure with its message already rendered for stderr and its exit code.
struct CommandFailure: Error {
    var message: String
    var code: Int32

    /// Bad input: every issue on its own line, `error: file:line: key: expected …, found …`; exit 1.
    static func input(_ error: ScenarioError) -> CommandFailure {
        CommandFailure(message: error.lines.map { "error: \($0)\n" }.joined(), code: 1)
    }

    /// `locate`: where the error's key was given (`file:line:column`, or `--set KEY=VALUE`), appended when known.
    static func finance(_ error: FinanceError, file: String, locate: ((String) -> String?)? = nil) -> CommandFailure {
        let at = locate?(error.key).map { " (\($0))" } ?? ""
        return CommandFailure(message: escapingControlCharacters("error: \(file): \(error)\(at)", keepingNewlines: true) + "\n", code: 1)
    }

    static func message(_ text: String, code: Int32 = 1) -> CommandFailure {
        CommandFailure(message: escapingControlCharacters("error: \(text)", keepingNewlines: true) + "\n", code: code)
    }
}
