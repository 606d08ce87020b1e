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

    static func finance(_ error: FinanceError, file: String) -> CommandFailure {
        CommandFailure(message: escapingControlCharacters("error: \(file): \(error)", keepingNewlines: true) + "\n", code: 1)
    }

    static func message(_ text: String, code: Int32 = 1) -> CommandFailure {
        CommandFailure(message: escapingControlCharacters("error: \(text)", keepingNewlines: true) + "\n", code: code)
    }
}
