import ArgumentParser
import Foundation

// Exit codes (INTERFACE.md): 0 success; 1 bad input or failed run; 2 usage error;
// 3 a warning at or above `--fail-on`. ArgumentParser's own usage errors exit 64, so they are mapped here.
do {
    var command = try Fundcast.parseAsRoot()
    try command.run()
} catch let failure as CommandFailure {
    FileHandle.standardError.write(Data(failure.message.utf8))
    exit(failure.code)
} catch {
    let code = Fundcast.exitCode(for: error)
    if code == .success {
        print(Fundcast.fullMessage(for: error))
        exit(0)
    }
    FileHandle.standardError.write(Data((Fundcast.fullMessage(for: error) + "\n").utf8))
    exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
}
