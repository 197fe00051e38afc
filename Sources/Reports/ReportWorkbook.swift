import ComplianceCore
import Foundation

/// Section IV's test table as a spreadsheet: one row per control, exceptions spelt out.
public enum ReportWorkbook {
    public static let header = [
        "control", "title", "criteria", "frequency", "tests_performed", "population_size", "items_tested", "ipe_procedures", "result",
        "deviations", "management_responses",
    ]

    public static func rows(_ document: ReportDocument) -> [[String]] {
        [header] + document.controls.map(row)
    }

    static func row(_ row: ReportDocument.ControlRow) -> [String] {
        let frequency = Frequency(rawValue: row.frequency)?.label ?? row.frequency
        let deviations = row.exceptions.map { "\($0.count) of \($0.of): \($0.description)" }
        let responses = row.exceptions.compactMap(\.managementResponse)
        let ipe = row.ipe ?? []
        let population = row.populationSize.map(String.init) ?? ""
        let tested = row.tested.map(String.init) ?? ""
        return [
            row.key, row.title, row.criteria.joined(separator: ", "), frequency, row.procedures.joined(separator: "\n"), population, tested,
            ipe.joined(separator: "\n"), row.result ?? "", deviations.joined(separator: "\n"), responses.joined(separator: "\n"),
        ]
    }

    public static func xlsx(_ document: ReportDocument) throws -> Data {
        try XLSXWriter.workbook(sheet: "Section IV", rows: rows(document))
    }
}
