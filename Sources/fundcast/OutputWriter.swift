import Foundation
import Scenario
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where fundcast's output goes, safely:
///
/// - Standard output is written with `write(2)` and never traps: a reader that went away (EPIPE,
///   `fundcast … | head`) ends the run quietly with exit 0; a full device (ENOSPC, `> /dev/full`)
///   or a closed descriptor (`>&-`) is a clear error, exit 1.
/// - A file (`--output FILE`) is written atomically: a temporary file in the same folder, fsynced,
///   given the existing file's permissions (or 0666 less the umask for a new one), renamed over
///   the target, and the folder fsynced. The temporary file is removed on any error and on
///   SIGINT, SIGTERM and SIGHUP. A symlink is followed (the link stays, its target is replaced).
/// - Refused: a folder, a device node, FIFO or socket (stream into those with `--output -` and a
///   shell redirect), and any file this run read as input (the scenario, what it extends, its CSVs).
enum OutputWriter {
    /// Writes `data` to standard output, or ends the process as described above.
    static func writeStandardOutput(_ data: Data) throws(CommandFailure) {
        let failure = writeAll(1, data)
        switch failure {
        case nil: return
        case EPIPE?: exit(0) // the reader is gone: nothing left to say to anyone
        case ENOSPC?: throw CommandFailure.message("standard output: no space left on the device; the output is incomplete")
        case EBADF?: throw CommandFailure.message("standard output is closed; nothing was written (use --output FILE)")
        case let code?: throw CommandFailure.message("standard output: \(String(cString: strerror(code))); the output is incomplete")
        }
    }

    /// Best effort for messages on standard error: never traps, never fails.
    static func writeStandardError(_ text: String) {
        _ = writeAll(2, Data(text.utf8))
    }

    /// Writes every byte, retrying interrupted and partial writes; the errno of a failure, or nil.
    private static func writeAll(_ fd: Int32, _ data: Data) -> Int32? {
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Int32? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, base + offset, buffer.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0, errno == EINTR {
                    continue
                } else {
                    return n < 0 ? errno : EIO
                }
            }
            return nil
        }
    }

    /// Writes `data` to the file `output` atomically (see the type's documentation).
    static func replaceFile(_ data: Data, at output: String, option: String = "--output",
                            beforeRename: (() throws(CommandFailure) -> Void)? = nil) throws(CommandFailure) {
        try replaceFiles([(data, output, option)], beforeRename: beforeRename)
    }

    /// Writes several files as one: every file is written to its temporary file first, and only when
    /// all of them are written are they renamed over their targets. A failure before the renames
    /// leaves every target as it was (a report's XLSX is not replaced when its HTML cannot be written).
    /// `beforeRename` runs once every file is written to its temporary file (a run saved to the history
    /// only when its output can be written); its failure leaves every target as it was.
    static func replaceFiles(_ files: [(data: Data, path: String, option: String)],
                             beforeRename: (() throws(CommandFailure) -> Void)? = nil) throws(CommandFailure) {
        var prepared: [PreparedFile] = []
        defer { for p in prepared { TemporaryFileGuard.end(p.temporary, removing: true) } }
        for f in files { prepared.append(try prepare(f.data, at: f.path, option: f.option)) }
        try beforeRename?()
        if let delay = ProcessInfo.processInfo.environment["FUNDCAST_TEST_PAUSE_BEFORE_RENAME_MS"].flatMap(UInt32.init) {
            usleep(delay * 1000) // tests interrupt a write here
        }
        while !prepared.isEmpty {
            let p = prepared.removeFirst()
            guard rename(p.temporary, p.target) == 0 else {
                let code = errno
                TemporaryFileGuard.end(p.temporary, removing: true)
                throw p.failure("a file that cannot be replaced (\(String(cString: strerror(code)))); '\(p.output)' is unchanged")
            }
            TemporaryFileGuard.end(p.temporary, removing: false)
            let dir = open(p.folder, O_RDONLY)
            if dir >= 0 {
                _ = fsync(dir)
                close(dir)
            }
        }
    }

    /// A file written to its temporary file beside the target, not yet renamed over it.
    private struct PreparedFile {
        var output: String, option: String, target: String, folder: String, temporary: String
        func failure(_ found: String) -> CommandFailure { OutputWriter.failure(option, output, found) }
    }

    /// The error for a target `output` of `option` that cannot be written: what was found there instead.
    private static func failure(_ option: String, _ output: String, _ found: String) -> CommandFailure {
        CommandFailure.message("\(option) \(output): expected a file path (or - for standard output), found \(found)")
    }

    /// Checks the target and writes `data` to a temporary file in its folder, fsynced, with the
    /// existing file's permissions (or 0666 less the umask); the temporary file is guarded from here on.
    private static func prepare(_ data: Data, at output: String, option: String) throws(CommandFailure) -> PreparedFile {
        func fail(_ found: String) -> CommandFailure { failure(option, output, found) }
        guard !output.isEmpty else { throw fail("an empty path") }
        let target = URL(fileURLWithPath: output).resolvingSymlinksInPath()
        let kind = FileKind(path: target.path)
        switch kind {
        case .regular, .missing: break
        case .directory: throw fail("a folder")
        default:
            throw fail("\(kind.description): fundcast replaces files atomically and will not replace it; to stream into it, write --output - and redirect (fundcast … > \(output))")
        }
        if InputFileLog.shared.files.contains(target.path) {
            throw fail("an input of this run (the scenario or a file it reads): writing there would destroy it; choose another file")
        }
        let folder = target.deletingLastPathComponent().path
        guard FileKind(path: folder) == .directory else { throw fail("no folder '\(folder)'") }

        var mode: mode_t
        var owner: (uid_t, gid_t)?
        var info = stat()
        if kind == .regular, stat(target.path, &info) == 0 {
            mode = info.st_mode & 0o7777
            owner = (info.st_uid, info.st_gid)
            // A write-protected file (a submitted report made read-only) is not replaced behind its protection:
            // the rename would ignore it.
            if mode & 0o222 == 0 {
                throw fail("a read-only file (no write permission): fundcast does not replace it; make it writable (chmod u+w) or choose another file")
            }
        } else {
            let mask = umask(0)
            umask(mask)
            mode = 0o666 & ~mask
        }
        var template = Array((folder + "/." + target.lastPathComponent + ".fundcast-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw fail("a folder where no temporary file can be created (\(String(cString: strerror(errno))))") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        TemporaryFileGuard.begin(temporary)
        var kept = false
        defer {
            close(fd)
            if !kept { TemporaryFileGuard.end(temporary, removing: true) }
        }
        if let code = writeAll(fd, data) {
            throw fail("a write error (\(String(cString: strerror(code)))); '\(output)' is unchanged")
        }
        _ = fchmod(fd, mode)
        if let owner, owner.0 != getuid() || owner.1 != getgid() { _ = fchown(fd, owner.0, owner.1) }
        guard fsync(fd) == 0 else { throw fail("a write error on sync (\(String(cString: strerror(errno)))); '\(output)' is unchanged") }
        kept = true
        return PreparedFile(output: output, option: option, target: target.path, folder: folder, temporary: temporary)
    }
}

/// The temporary files being written (at most ``TemporaryFileGuard/capacity`` at once), removed by the
/// signal handler if the run is interrupted: fixed C storage, so the handler only reads pointers.
nonisolated(unsafe) private var pendingTemporaries: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
    let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: temporaryCapacity)
    slots.initialize(repeating: nil, count: temporaryCapacity)
    return slots
}()
/// ``TemporaryFileGuard/capacity`` as a literal constant, for the signal handler.
private let temporaryCapacity = 512

enum TemporaryFileGuard {
    /// Files one run writes at once (an export of every format and its CSV tables is a few dozen).
    static let capacity = temporaryCapacity

    /// Records `path` as a file to remove if SIGINT, SIGTERM or SIGHUP arrives before ``end(_:removing:)``.
    static func begin(_ path: String) {
        if let slot = (0..<capacity).first(where: { pendingTemporaries[$0] == nil }) { pendingTemporaries[slot] = strdup(path) }
        // The handlers first, then unblock: a signal already pending (a parent may spawn us with these
        // signals blocked, as Foundation's Process does) is then delivered to the handler, not to the
        // default action that would leave the temporary file behind.
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { received in
                for i in 0..<temporaryCapacity { if let path = pendingTemporaries[i] { unlink(path) } }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Forgets the temporary file `path`, removing it first when `removing`.
    static func end(_ path: String, removing: Bool) {
        for i in 0..<capacity {
            guard let p = pendingTemporaries[i], String(cString: p) == path else { continue }
            pendingTemporaries[i] = nil
            if removing { unlink(p) }
            free(p)
            return
        }
    }
}
