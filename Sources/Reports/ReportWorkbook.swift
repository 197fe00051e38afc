import ComplianceCore
import Foundation

/// Section IV's test table as a spreadsheet: one row per control, exceptions spelt out.
public enum ReportWorkbook {
    public static let header = [
        "control", "title", "criteria", "frequency", "tests_performed", "items_tested", "result", "exceptions", "management_responses",
    ]

    public static func rows(_ document: ReportDocument) -> [[String]] {
        [header]
            + document.controls.map { row in
                [
                    row.key, row.title, row.criteria.joined(separator: ", "), row.frequency, row.procedures.joined(separator: "\n"),
                    row.tested.map(String.init) ?? "", row.result ?? "",
                    row.exceptions.map { "\($0.description) Cause: \($0.cause) (\($0.count) of \($0.of); \($0.evaluation.rawValue))" }.joined(
                        separator: "\n"),
                    row.exceptions.compactMap(\.managementResponse).joined(separator: "\n"),
                ]
            }
    }

    public static func xlsx(_ document: ReportDocument) throws -> Data {
        try XLSXWriter.workbook(sheet: "Section IV", rows: rows(document))
    }
}
