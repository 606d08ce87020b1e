import Foundation

/// Folders made for outputs, with the system's reason when one cannot be: `mkdir` per missing
/// component, so a message can say which folder and why in the system's own words (`Permission
/// denied`), not a desktop dialogue's sentence.
public enum Folders {
    /// Makes `path` and its missing parents. Returns the folders made (parents first), or throws the
    /// component that failed and why. An existing file in the way is named as such.
    public static func make(_ path: String) throws(FolderError) -> [String] {
        let (missing, file) = walk(path)
        if let file { throw FolderError(path: file, reason: "a file, not a folder") }
        var made: [String] = []
        for folder in missing {
            if mkdir(folder, 0o777) != 0, errno != EEXIST {
                let reason = String(cString: strerror(errno))
                remove(made)
                throw FolderError(path: folder, reason: reason)
            }
            made.append(folder)
        }
        return made
    }

    /// The folders of `path` that do not exist yet (parents first), and the nearest existing ancestor
    /// when it is a file instead of a folder.
    private static func walk(_ path: String) -> (missing: [String], file: String?) {
        var probe = URL(fileURLWithPath: path.isEmpty ? "." : path).standardizedFileURL
        var missing: [String] = []
        while true {
            let kind = FileKind(path: probe.path)
            if kind != .missing { return (missing, kind == .directory ? nil : probe.path) }
            missing.insert(probe.path, at: 0)
            let parent = probe.deletingLastPathComponent()
            if parent.path == probe.path { return (missing, nil) }
            probe = parent
        }
    }

    /// Removes folders ``make(_:)`` made, deepest first, each only if it is still empty.
    public static func remove(_ made: [String]) {
        for folder in made.reversed() { _ = rmdir(folder) }
    }

    /// Whether ``make(_:)`` could make `path`: nil when it exists as a folder or its nearest existing
    /// ancestor is a folder; else the reason (a file in the way).
    public static func problem(_ path: String) -> FolderError? {
        walk(path).file.map { FolderError(path: $0, reason: "a file, not a folder") }
    }

    /// The system's reason for a failed file operation (`Permission denied`), from the error's POSIX
    /// code where it has one; else its description.
    public static func reason(_ error: any Error) -> String {
        let e = error as NSError
        if e.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(e.code))) }
        if let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if e.domain == NSCocoaErrorDomain {
            switch e.code {
            case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return String(cString: strerror(EACCES))
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return String(cString: strerror(ENOENT))
            case NSFileWriteOutOfSpaceError: return String(cString: strerror(ENOSPC))
            case NSFileWriteVolumeReadOnlyError: return String(cString: strerror(EROFS))
            default: break
            }
        }
        return e.localizedDescription
    }
}

/// A folder that could not be made: which, and the system's reason.
public struct FolderError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "'\(path)': \(reason)" }
}
