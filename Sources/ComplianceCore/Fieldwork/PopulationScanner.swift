import Crypto
import Foundation

/// What one pass over a population file found: its digest, its shape and its problems.
public struct PopulationScan: Codable, Sendable, Hashable {
    public struct Problem: Codable, Sendable, Hashable {
        public let line: Int
        public let message: String
    }

    public let sha256: String
    public let bytes: Int64
    /// Data rows, not counting the header.
    public let rows: Int
    public let columns: [String]
    public let byteOrderMark: Bool
    public let lineEnding: String
    /// The first problems found, each with its line; `problemCount` counts them all.
    public let problems: [Problem]
    public let problemCount: Int

    public var isValid: Bool { problemCount == 0 }
}

/// Reads a population CSV in one pass, chunk by chunk, with constant memory: hashes every byte,
/// counts records (quoted fields may hold commas, quotes and line breaks), takes the header's
/// column names, and reports each bad row by its line: a row with the wrong number of fields, a
/// quote that is never closed, a stray quote, an empty file, and (when a key column is named)
/// a key seen before. A leading byte order mark is allowed and skipped; LF and CRLF are both fine.
extension PopulationScan {
    /// Why a population with problems is refused: the count and the first ten, each with its line.
    public static func refusal(_ scan: PopulationScan, fileName: String) -> DomainError {
        let lines = scan.problems.prefix(10).map { "line \($0.line): \($0.message)" }.joined(separator: "; ")
        return DomainError.unprocessable(
            "population",
            "\(scan.problemCount) problem\(scan.problemCount == 1 ? "" : "s") in \(fileName): \(lines)\(scan.problemCount > 10 ? "; …" : "")")
    }
}

public struct PopulationScanner {
    private var hasher = SHA256()
    private var byteCount: Int64 = 0
    private let keyColumn: String?
    private let maxProblems: Int

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
    private var state = State.fieldStart
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    private var fields = 0
    private var recordBytes = 0
    private var pendingCR = false
    private var sawCRLF = false, sawLF = false
    private var atStart = true
    private var bomBytes: [UInt8] = []
    private var hadBOM = false

    private var header: [String]?
    private var headerFields: [[UInt8]] = []
    private var current: [UInt8] = []
    private var keyIndex: Int?
    private var keys = Set<[UInt8]>()
    private var firstLineOfKey: [[UInt8]: Int] = [:]
    private var rows = 0
    private var problems: [PopulationScan.Problem] = []
    private var problemCount = 0
    /// Data rows (1-based) whose first field is wanted, and what was found for them.
    private let pick: Set<Int>
    /// Whether the record being read is one of `pick` (decided once per record: `capturing` is
    /// asked for every byte, and a set lookup there would slow every scan).
    private var pickThisRecord: Bool
    private var pickedField: [UInt8]?
    public private(set) var picked: [Int: String] = [:]

    /// - Parameters:
    ///   - keyColumn: a column whose values must be unique (its values are kept in memory).
    ///   - pick: data rows whose first field to keep (a sample's rows: bounded by the sample size).
    public init(keyColumn: String? = nil, maxProblems: Int = 100, pick: Set<Int> = []) {
        self.keyColumn = keyColumn
        self.maxProblems = maxProblems
        self.pick = pick
        pickThisRecord = false
    }

    public mutating func consume(_ buffer: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: buffer)
        byteCount += Int64(buffer.count)
        var start = 0
        if atStart {
            // The byte order mark may straddle chunks; gather up to three bytes before deciding.
            while start < buffer.count && bomBytes.count < 3 {
                bomBytes.append(buffer[start])
                start += 1
                if bomBytes != Array([0xEF, 0xBB, 0xBF].prefix(bomBytes.count)) { break }
            }
            guard bomBytes.count == 3 || bomBytes != Array([0xEF, 0xBB, 0xBF].prefix(bomBytes.count)) else { return }
            atStart = false
            if bomBytes == [0xEF, 0xBB, 0xBF] {
                hadBOM = true
            } else {
                let pending = bomBytes
                pending.withUnsafeBytes { scan($0) }
            }
        }
        if start < buffer.count { scan(UnsafeRawBufferPointer(rebasing: buffer[start...])) }
    }

    private var picking: Bool { pickThisRecord && fields == 0 }
    private var capturing: Bool { header == nil || keyIndex == fields || picking }

    private mutating func scan(_ buffer: UnsafeRawBufferPointer) {
        for byte in buffer {
            if pendingCR {
                pendingCR = false
                line += 1
                finishRecord()
                if byte == 0x0A {
                    sawCRLF = true
                    continue
                }
            }
            switch state {
            case .fieldStart, .unquoted:
                switch byte {
                case 0x2C:  // ,
                    endField()
                case 0x0A:  // \n
                    sawLF = true
                    line += 1
                    endField()
                    finishRecord()
                case 0x0D:  // \r
                    endField()
                    pendingCR = true
                case 0x22:  // "
                    if state == .fieldStart {
                        state = .quoted
                        quoteLine = line
                    } else {
                        problem(line, "a quote inside an unquoted field (quote the whole field and double the quote).")
                    }
                    recordBytes += 1
                default:
                    state = .unquoted
                    recordBytes += 1
                    if capturing { capture(byte) }
                }
            case .quoted:
                recordBytes += 1
                if byte == 0x22 {
                    state = .quoteInQuoted
                } else {
                    if byte == 0x0A { line += 1 }
                    if capturing { capture(byte) }
                }
            case .quoteInQuoted:
                switch byte {
                case 0x22:
                    state = .quoted
                    if capturing { capture(0x22) }
                case 0x2C:
                    endField()
                case 0x0A:
                    sawLF = true
                    line += 1
                    endField()
                    finishRecord()
                case 0x0D:
                    endField()
                    pendingCR = true
                default:
                    problem(line, "unexpected character after a closing quote.")
                    state = .unquoted
                }
            }
        }
    }

    /// Header cells and key values are kept in memory, so each is bounded (a single-line 300 MB
    /// file once became a 300 MB column name, stored in the record and the log).
    public static let maxCapturedBytes = 1024
    /// A population's header names at most this many columns.
    public static let maxColumns = 512

    private mutating func capture(_ byte: UInt8) {
        guard current.count < Self.maxCapturedBytes else {
            if current.count == Self.maxCapturedBytes {
                problem(
                    recordLine,
                    header == nil
                        ? "a header cell is longer than \(Self.maxCapturedBytes) bytes."
                        : "a \(keyColumn ?? "key") value is longer than \(Self.maxCapturedBytes) bytes.")
                current.append(0)  // marks the cell as reported, so the problem is said once
            }
            return
        }
        current.append(byte)
    }

    private mutating func endField() {
        if picking { pickedField = current }
        if header == nil {
            if headerFields.count == Self.maxColumns { problem(recordLine, "the header has more than \(Self.maxColumns) columns.") }
            if headerFields.count < Self.maxColumns { headerFields.append(current) }
        } else if keyIndex == fields, !current.isEmpty {
            let key = current
            if keys.contains(key) {
                problem(
                    recordLine,
                    "duplicate \(keyColumn ?? "key") '\(String(decoding: key.prefix(60), as: UTF8.self))' (first on line \(firstLineOfKey[key] ?? 0))."
                )
            } else {
                keys.insert(key)
                firstLineOfKey[key] = recordLine
            }
        }
        current.removeAll(keepingCapacity: true)
        fields += 1
        state = .fieldStart
    }

    private mutating func finishRecord() {
        defer {
            fields = 0
            recordBytes = 0
            recordLine = line
            state = .fieldStart
        }
        // A blank line is no record.
        if recordBytes == 0 && fields <= 1 {
            headerFields.removeAll()
            return
        }
        if header == nil {
            header = headerFields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
            if let keyColumn {
                keyIndex = header!.firstIndex(of: keyColumn)
                if keyIndex == nil { problem(recordLine, "no column named '\(keyColumn)' in the header.") }
            }
            headerFields.removeAll()
            pickThisRecord = pick.contains(1)
            return
        }
        rows += 1
        if let field = pickedField {
            picked[rows] = String(decoding: field.prefix(Self.maxCapturedBytes), as: UTF8.self).trimmingCharacters(in: .whitespaces)
            pickedField = nil
        }
        pickThisRecord = pick.contains(rows + 1)
        if fields != header!.count {
            problem(recordLine, "\(fields) field\(fields == 1 ? "" : "s"), but the header has \(header!.count).")
        }
    }

    private mutating func problem(_ line: Int, _ message: String) {
        problemCount += 1
        if problems.count < maxProblems { problems.append(.init(line: line, message: message)) }
    }

    public mutating func finish() -> PopulationScan {
        if atStart && !bomBytes.isEmpty {
            atStart = false
            if bomBytes == [0xEF, 0xBB, 0xBF] {
                hadBOM = true
            } else {
                let pending = bomBytes
                pending.withUnsafeBytes { scan($0) }
            }
        }
        if pendingCR {
            pendingCR = false
            line += 1
            finishRecord()
        }
        if state == .quoted {
            problem(quoteLine, "a quoted field opened on this line is never closed.")
        } else if recordBytes > 0 || fields > 0 {
            endField()
            finishRecord()
        }
        if header == nil { problem(1, byteCount == 0 || (hadBOM && byteCount == 3) ? "the file is empty." : "the file has no header row.") }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        return PopulationScan(
            sha256: digest, bytes: byteCount, rows: rows, columns: header ?? [], byteOrderMark: hadBOM,
            lineEnding: sawCRLF ? (sawLF ? "mixed" : "crlf") : "lf", problems: problems, problemCount: problemCount)
    }
}
