import ArgumentParser
import Foundation
import Scenario

/// `fundcast init DIR`: writes the commented example scenario to start from.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter scenario (the example city) into DIR.",
        discussion: "Example: fundcast init my-city && fundcast budget my-city/scenario.yaml")

    @Argument(help: "Folder to create or use.")
    var directory: String

    @Flag(help: "Overwrite an existing scenario.yaml.")
    var force = false

    func run() throws {
        guard !directory.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CommandFailure.message("init: expected a folder, e.g. fundcast init my-city, found an empty name")
        }
        let folder = URL(fileURLWithPath: directory)
        let file = folder.appendingPathComponent("scenario.yaml")
        if FileManager.default.fileExists(atPath: file.path), !force {
            throw CommandFailure.message("\(file.path): expected no existing file, found one (use --force to overwrite)")
        }
        do throws(FolderError) {
            _ = try Folders.make(folder.path)
        } catch {
            throw CommandFailure.message("\(directory): expected a folder that can be made, found \(error)")
        }
        // The embedded text ends without the file's last newline (a raw string literal's close): restore it.
        let text = EmbeddedScenario.exampleCity.hasSuffix("\n") ? EmbeddedScenario.exampleCity : EmbeddedScenario.exampleCity + "\n"
        try OutputWriter.replaceFile(Data(text.utf8), at: file.path)
        try OutputWriter.writeStandardOutput(Data("wrote \(file.path)\n".utf8))
    }
}
