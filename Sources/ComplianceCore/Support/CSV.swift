import Foundation

/// RFC 4180 CSV: reading with line numbers for error messages, writing with quoting.
public enum CSV {
    /// One record and the line it starts on (1-based).
    public struct Record: Sendable, Hashable {
        public let line: Int
        public let fields: [String]
    }

    /// Parses the whole text. Quoted fields may hold commas, quotes ("") and line breaks.
    /// Fails with the line and column of an unterminated quote or a stray character after one.
    public static func parse(_ text: String, file: String = "CSV") throws(DomainError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var column = 0
        var recordLine = 1
        var inQuotes = false
        var afterQuote = false
        var quoteLine = 0
        var quoteColumn = 0
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }
        while let scalar = pending ?? iterator.next() {
            pending = nil
            column += 1
            if inQuotes {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" {
                        field.unicodeScalars.append("\"")
                        column += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                        pending = next
                    }
                } else {
                    if scalar == "\n" {
                        line += 1
                        column = 0
                    }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                afterQuote = false
            case "\r":
                let next = iterator.next()
                if next != "\n" { pending = next }
                endRecord()
                afterQuote = false
                line += 1
                column = 0
                recordLine = line
            case "\n":
                endRecord()
                afterQuote = false
                line += 1
                column = 0
                recordLine = line
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
                quoteLine = line
                quoteColumn = column
            default:
                if afterQuote {
                    throw .invalid("csv", "\(file) line \(line), column \(column): unexpected character after a closing quote.")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        if inQuotes { throw .invalid("csv", "\(file) line \(quoteLine), column \(quoteColumn): a quoted field is never closed.") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }

    /// Parses text whose first record is a header that must name exactly `columns` (in any order).
    /// Returns each later record as a dictionary, with its line number.
    public static func table(_ text: String, columns: [String], file: String = "CSV") throws(DomainError) -> [(line: Int, values: [String: String])] {
        let records = try parse(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, file: file)
        guard let header = records.first else { throw .invalid("csv", "\(file) is empty; expected a header: \(columns.joined(separator: ","))") }
        let names = header.fields.map { $0.trimmed.lowercased() }
        let missing = columns.filter { !names.contains($0) }
        let extra = names.filter { !columns.contains($0) }
        guard missing.isEmpty, extra.isEmpty, Set(names).count == names.count else {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing column(s) \(missing.joined(separator: ", "))") }
            if !extra.isEmpty { parts.append("unknown column(s) \(extra.map { String($0.prefix(30)) }.joined(separator: ", "))") }
            if parts.isEmpty { parts.append("a column is named twice") }
            throw .invalid("csv", "\(file) line 1: \(parts.joined(separator: "; ")) (expected: \(columns.joined(separator: ","))).")
        }
        var out: [(line: Int, values: [String: String])] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw .invalid(
                    "csv", "\(file) line \(record.line): \(record.fields.count) fields, expected \(names.count) (\(columns.joined(separator: ","))).")
            }
            var values: [String: String] = [:]
            for (name, value) in zip(names, record.fields) { values[name] = unguard(value) }
            out.append((record.line, values))
        }
        return out
    }

    /// The refusal of a file checked whole: how many problems, the first `shown` of them, and that
    /// nothing was imported.
    public static func rejection(_ problems: [String], field: String, file: String, shown: Int = 20) -> DomainError {
        let listed = problems.prefix(shown).joined(separator: "; ")
        let more = problems.count > shown ? "; and \(problems.count - shown) more" : ""
        return .invalid(field, "\(file): nothing was imported; \(problems.count) problem(s): \(listed)\(more).")
    }

    /// One CSV line (ending in CRLF, as RFC 4180 asks). Cells that a spreadsheet would run as a
    /// formula get a leading apostrophe, which `table` removes again on import.
    public static func line(_ fields: [String]) -> String {
        fields.map { field in
            let safe = guarded(field)
            // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n", and once went out unquoted.
            if safe.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
                return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return safe
        }.joined(separator: ",") + "\r\n"
    }

    /// What a spreadsheet may read as the start of a formula: `= + - @`, and a tab or carriage
    /// return in front of one (checked by scalar, since "\r\n" is one Character).
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    static func guarded(_ field: String) -> String {
        guard let first = field.unicodeScalars.first, formulaStarts.contains(first) else { return field }
        return "'" + field
    }

    static func unguard(_ field: String) -> String {
        let scalars = field.unicodeScalars
        guard scalars.first == "'", let second = scalars.dropFirst().first, formulaStarts.contains(second) else { return field }
        return String(field.dropFirst())
    }
}
