import Foundation

/// Bounds on every input fundcast reads, so a hostile or mistaken file gives a clear error within
/// a second instead of exhausting memory or time. Defaults are far above any real scenario
/// (the shipped ones are under 10 KB, 500 YAML nodes and 200 CSV rows); each can be raised with
/// an environment variable named in the message that refuses a file.
public struct InputLimits: Sendable, Equatable {
    /// Largest scenario YAML file or `--set` value, in bytes.
    public var yamlBytes: Int
    /// Largest YAML tree after aliases (`*name`) are expanded, in nodes (scalars, lists, mappings).
    public var yamlNodes: Int
    /// Largest CSV file (history, year-to-date actuals, age-sex tables), in bytes.
    public var csvBytes: Int
    /// Most data rows in one CSV file.
    public var csvRows: Int

    public init(yamlBytes: Int, yamlNodes: Int, csvBytes: Int, csvRows: Int) {
        self.yamlBytes = yamlBytes
        self.yamlNodes = yamlNodes
        self.csvBytes = csvBytes
        self.csvRows = csvRows
    }

    /// 「fundcast 默认」: 4 MB of YAML, 100,000 nodes after aliases, 16 MB and 200,000 rows of CSV
    /// (a century of monthly figures for every scheme and metric is under 50,000 rows).
    public static let defaults = InputLimits(yamlBytes: 4 << 20, yamlNodes: 100_000, csvBytes: 16 << 20, csvRows: 200_000)

    /// The environment variables that raise each limit (whole numbers; bytes for the byte limits).
    public static let environmentNames = (yamlBytes: "FUNDCAST_MAX_YAML_BYTES", yamlNodes: "FUNDCAST_MAX_YAML_NODES",
                                          csvBytes: "FUNDCAST_MAX_CSV_BYTES", csvRows: "FUNDCAST_MAX_CSV_ROWS")

    /// The defaults, each raised (or lowered) by its environment variable when set to a positive whole number.
    public static let current: InputLimits = {
        let environment = ProcessInfo.processInfo.environment
        func value(_ name: String, _ fallback: Int) -> Int {
            guard let text = environment[name], let v = Int(text), v > 0 else { return fallback }
            return v
        }
        let d = defaults, n = environmentNames
        return InputLimits(yamlBytes: value(n.yamlBytes, d.yamlBytes), yamlNodes: value(n.yamlNodes, d.yamlNodes),
                           csvBytes: value(n.csvBytes, d.csvBytes), csvRows: value(n.csvRows, d.csvRows))
    }()
}

/// A byte count for messages: `550 MB`, `4 MB`, `812 bytes`.
func byteCount(_ n: Int) -> String {
    if n >= 1 << 20 { return "\(wholeNumber(Double(n) / Double(1 << 20))) MB" }
    if n >= 1 << 10 { return "\(wholeNumber(Double(n) / Double(1 << 10))) KB" }
    return "\(n) bytes"
}

/// Every file fundcast read as input in this process (canonical paths, symlinks resolved), so that
/// an output can refuse to overwrite one of them.
public final class InputFileLog: @unchecked Sendable {
    public static let shared = InputFileLog()
    private let lock = NSLock()
    private var paths: Set<String> = []

    public func record(_ path: String) {
        let canonical = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        lock.lock()
        paths.insert(canonical)
        lock.unlock()
    }

    /// Canonical paths of the files read so far.
    public var files: Set<String> {
        lock.lock()
        defer { lock.unlock() }
        return paths
    }
}

/// What kind of file system object a path names, for messages ("a folder", "a named pipe (FIFO)").
public enum FileKind: Equatable, Sendable {
    case missing, regular, directory, fifo, socket, characterDevice, blockDevice, other

    /// The kind of `path`, following symlinks.
    public init(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            self = .missing
            return
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFIFO: self = .fifo
        case S_IFSOCK: self = .socket
        case S_IFCHR: self = .characterDevice
        case S_IFBLK: self = .blockDevice
        default: self = .other
        }
    }

    public var description: String {
        switch self {
        case .missing: return "nothing (no such file)"
        case .regular: return "a file"
        case .directory: return "a folder"
        case .fifo: return "a named pipe (FIFO)"
        case .socket: return "a socket"
        case .characterDevice: return "a character device"
        case .blockDevice: return "a block device"
        case .other: return "a special file"
        }
    }
}

/// Reads a UTF-8 text file of at most `limit` bytes, or reports it as missing, not a regular file,
/// too large, unreadable or not UTF-8 (with the GBK hint Chinese Windows files need). A UTF-8 byte
/// order mark is dropped. The file is recorded in ``InputFileLog``.
/// - Parameters:
///   - display: how the path was written, for the message.
///   - location: where the path was named (a scenario key), if anywhere.
///   - key: the key that named it.
///   - expected: what the file should be, for the message.
///   - limit: the largest size accepted, in bytes, and the environment variable that raises it.
func readInput(_ path: String, display: String, location: SourceLocation? = nil, key: String = "",
               expected: String = "a readable file", limit: (bytes: Int, variable: String)) throws(ScenarioError) -> String {
    let at = location ?? SourceLocation(file: display)
    func fail(_ expected: String, _ found: String) -> ScenarioError {
        ScenarioError([ScenarioIssue(location: at, key: key, expected: expected, found: found)])
    }
    let kind = FileKind(path: path)
    guard kind == .regular else {
        throw fail(expected, kind == .missing ? "no file '\(display)'" : "'\(display)', which is \(kind.description), not a regular file")
    }
    InputFileLog.shared.record(path)
    guard let handle = FileHandle(forReadingAtPath: path) else {
        throw fail(expected, "'\(display)' cannot be read (permission denied?)")
    }
    defer { try? handle.close() }
    let data: Data
    do {
        // Read one byte past the limit: a file growing while read is still caught.
        data = try handle.read(upToCount: limit.bytes + 1) ?? Data()
    } catch {
        throw fail(expected, "'\(display)' cannot be read (\(Folders.reason(error)))")
    }
    guard data.count <= limit.bytes else {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? data.count
        throw fail("a file of at most \(byteCount(limit.bytes)) (fundcast's input limit; raise it with \(limit.variable)=BYTES)",
                   "'\(display)' of \(byteCount(size))")
    }
    guard var text = String(data: data, encoding: .utf8) else {
        let offset = firstInvalidUTF8(data)
        // The advice names the file's own kind: a CSV from Excel, a scenario from Notepad.
        let ext = (display as NSString).pathExtension.lowercased()
        let isCSV = ext == "csv"
        let converted = "converted" + (ext.isEmpty ? "" : ".\(ext)")
        throw fail("UTF-8 text", "bytes that are not UTF-8 in '\(display)' (first at byte \(offset)). A file saved by Excel or Notepad on Chinese Windows is usually GBK (GB18030): convert it with `iconv -f GB18030 -t UTF-8 '\(display)' > \(converted)`, or save it as \(isCSV ? "\"CSV UTF-8\"" : "UTF-8 (Notepad: 另存为, 编码 UTF-8)")")
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return text
}

/// The offset of the first byte that does not continue a valid UTF-8 sequence.
private func firstInvalidUTF8(_ data: Data) -> Int {
    var offset = 0
    var iterator = data.makeIterator()
    var decoder = UTF8()
    loop: while true {
        switch decoder.decode(&iterator) {
        case .scalarValue(let s): offset += String(s).utf8.count
        case .emptyInput: break loop
        case .error: break loop
        }
    }
    return offset
}

/// `text` with control characters (ANSI/OSC escapes, NUL, DEL, C1 controls, bidi overrides)
/// written out as `\u{1B}`, so that echoing user text can never drive the terminal.
/// Tabs become `\t`; newlines `\n` unless `keepingNewlines` (multi-line messages).
public func escapingControlCharacters(_ text: String, keepingNewlines: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: { isUnsafeScalar($0) && !(keepingNewlines && $0 == "\n") }) else { return text }
    var out = ""
    for scalar in text.unicodeScalars {
        if keepingNewlines, scalar == "\n" { out += "\n" } else if scalar == "\t" { out += "\\t" } else if scalar == "\n" { out += "\\n" } else if isUnsafeScalar(scalar) {
            out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        } else {
            out.unicodeScalars.append(scalar)
        }
    }
    return out
}

/// `text` without control characters (for names printed as titles); tabs and newlines, which
/// cannot drive a terminal, stay as the user wrote them.
public func strippingControlCharacters(_ text: String) -> String {
    let kept: (Unicode.Scalar) -> Bool = { $0 == "\n" || $0 == "\t" }
    guard text.unicodeScalars.contains(where: { isUnsafeScalar($0) && !kept($0) }) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars where kept(scalar) || !isUnsafeScalar(scalar) { out.append(scalar) }
    return String(out)
}

/// C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder displayed text.
func isUnsafeScalar(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
}
