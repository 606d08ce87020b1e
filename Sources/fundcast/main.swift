import ArgumentParser
import Foundation
import LinearAlgebra
import Scenario
import Reports

// Exit codes (README): 0 success; 1 bad input or failed run; 2 usage error;
// 3 a warning at or above `--fail-on`. ArgumentParser's own usage errors exit 64, so they are mapped here.
// A reader that goes away (`fundcast run | head`) makes write(2) return EPIPE instead of killing
// the process, so OutputWriter can end quietly.
signal(SIGPIPE, SIG_IGN)
// OpenBLAS single-threaded, before any product: fundcast's products are small (202-row Leslie steps
// over at most a few hundred columns) and its parallel work (sweep chunks, Monte Carlo paths) runs
// on its own workers, on which OpenBLAS's threads would only spin waiting for cores; and OpenBLAS
// splits a product differently on more threads (other last bits), so a figure would depend on the
// machine's core count. `bench` sets its own count for the plain dgemm it measures.
BLAS.setThreads(1)
do {
    var command = try Fundcast.parseAsRoot()
    try command.run()
} catch let failure as CommandFailure {
    OutputWriter.writeStandardError(failure.message)
    exit(failure.code)
} catch let error as BudgetError {
    // The core names no option; the budget year is chosen with --year.
    OutputWriter.writeStandardError("error: --year: \(error)\n")
    exit(1)
} catch {
    let code = Fundcast.exitCode(for: error)
    if code == .success {
        print(Fundcast.fullMessage(for: error))
        exit(0)
    }
    OutputWriter.writeStandardError(escapingControlCharacters(Fundcast.fullMessage(for: error), keepingNewlines: true) + "\n")
    exit(code == .validationFailure || code.rawValue == 64 ? 2 : code.rawValue)
}
