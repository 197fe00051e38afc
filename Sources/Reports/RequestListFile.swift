import ComplianceCore
import Foundation

/// The request list as a table, for CSV and XLSX export and for importing the edited file back.
public enum RequestListFile {
    public static let columns = ["number", "area", "title", "provide", "kind", "criteria", "due_date", "owner", "status"]

    public static func rows(_ items: [RequestItem]) -> [[String]] {
        [columns]
            + items.map { item in
                [
                    item.number, item.area, item.title, item.provide, item.kind.rawValue, item.criteria.joined(separator: " "),
                    item.dueDate?.description ?? "", item.owner ?? "", item.status.rawValue,
                ]
            }
    }

    public static func csv(_ items: [RequestItem]) -> String {
        rows(items).map(CSV.line).joined()
    }

    /// The sheet a compliance lead edits: sized columns, real dates, and drop-downs for the kind
    /// and the status (the values the import accepts).
    public static func sheet(_ items: [RequestItem]) -> XLSXSheet {
        XLSXSheet(
            name: "Request list",
            columns: [
                .init("number", width: 10), .init("area", width: 18), .init("title", width: 34, kind: .wrapped),
                .init("provide", width: 60, kind: .wrapped), .init("kind", width: 14, choices: RequestKind.allCases.map(\.rawValue)),
                .init("criteria", width: 18, kind: .wrapped), .init("due_date", width: 12, kind: .date), .init("owner", width: 26),
                .init("status", width: 11, choices: RequestStatus.allCases.map(\.rawValue)),
            ], rows: Array(rows(items).dropFirst()))
    }

    public static func xlsx(_ items: [RequestItem]) throws -> Data {
        try XLSXWriter.workbook(sheet(items))
    }

    /// Reads an edited file: CSV text or XLSX bytes, told apart by their first bytes.
    public static func read(_ data: Data, fileName: String) throws(DomainError) -> [RequestRow] {
        if data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || fileName.lowercased().hasSuffix(".xlsx") {
            let table = try XLSXReader.rows(data)
            guard let header = table.first else { throw .invalid("file", "\(fileName): the sheet is empty.") }
            let text = table.map(CSV.line).joined()
            _ = header
            return try parse(text, file: fileName)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalid("file", "\(fileName) is neither UTF-8 CSV text nor an XLSX spreadsheet.")
        }
        return try parse(text, file: fileName)
    }

    /// Checks every row's types and names the row and column of the first problem.
    public static func parse(_ text: String, file: String) throws(DomainError) -> [RequestRow] {
        var out: [RequestRow] = []
        for (line, values) in try CSV.table(text, columns: columns, file: file) {
            func fail(_ column: String, _ message: String) -> DomainError {
                .invalid("requests", "\(file) row \(line), column \(column): \(message)")
            }
            let value = { (name: String) in values[name]!.trimmingCharacters(in: .whitespaces) }
            if values.values.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            guard let kind = RequestKind(rawValue: value("kind")) else {
                throw fail("kind", "'\(value("kind").prefix(20))' is not one of \(RequestKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            guard let status = RequestStatus(rawValue: value("status")) else {
                throw fail(
                    "status", "'\(value("status").prefix(20))' is not one of \(RequestStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            var due: Day?
            if !value("due_date").isEmpty {
                // Spreadsheets may turn a date into a serial number (days since 1899-12-30).
                if let serial = Int(value("due_date")), (20_000...80_000).contains(serial) {
                    due = Day(daysSinceEpoch: Int64(serial - 25_569))
                } else if let day = Day(String(value("due_date").prefix(10))) {
                    due = day
                } else {
                    throw fail("due_date", "'\(value("due_date").prefix(20))' is not a date (YYYY-MM-DD).")
                }
            }
            let criteria = value("criteria").split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)
            if value("number").isEmpty && value("title").isEmpty { throw fail("title", "a new request needs a title.") }
            out.append(
                RequestRow(
                    line: line, number: value("number"), area: value("area"), title: value("title"), provide: values["provide"]!,
                    kind: kind, criteria: criteria, due: due, owner: value("owner").isEmpty ? nil : value("owner"), status: status))
        }
        return out
    }
}
