import ComplianceCore
import Foundation
import Testing

/// The results grid and the pasted spreadsheet rows: what they record, and what they refuse.
@Suite("The results grid")
struct ResultGridTests {
    static func test() throws -> ControlTest {
        try ControlTest(
            id: UUID(), engagementID: UUID(), control: "ACC-04", sampleID: UUID(), items: [3, 9, 14], procedures: [.inspection],
            attributes: ["approved", "on time"], preparedBy: "alex@assure.example")
    }

    @Test func cellsAndPastedRowsBecomeEntriesOnce() throws {
        var test = try Self.test()
        let cells = [
            ResultGrid.Cell(item: 3, attribute: 0, value: "pass"), ResultGrid.Cell(item: 3, attribute: 1, value: "fail"),
            ResultGrid.Cell(item: 9, attribute: 0, value: ""),
        ]
        let paste = "9\t✓\tyes\n14,pass,n,Approved a day late\n"
        let entries = try ResultGrid.entries(cells: cells, notes: [3: "Ticket closed without approval"], paste: paste, for: test)
        #expect(
            entries.map { "\($0.item)/\($0.attribute)/\($0.passed)" } == [
                "3/approved/true", "3/on time/false", "9/approved/true", "9/on time/true", "14/approved/true", "14/on time/false",
            ])
        #expect(entries.first { $0.item == 14 && !$0.passed }?.note == "Approved a day late", "the note goes with the failure")
        #expect(entries.first { $0.item == 14 && $0.passed }?.note == "", "a passing cell carries no note")
        for entry in entries {
            try test.record(
                item: entry.item, attribute: entry.attribute, passed: entry.passed, note: entry.note, evidenceIDs: [], by: "alex", at: Date())
        }
        // Saving the same grid again records nothing: only changed cells become entries.
        #expect(try ResultGrid.entries(cells: cells, notes: [3: "Ticket closed without approval"], paste: paste, for: test).isEmpty)
        #expect(test.conclusion == .incomplete, "two failures and no exception yet")
    }

    @Test func aBadCellOrLineIsRefusedWhereItIs() throws {
        let test = try Self.test()
        func refusal(_ cells: [ResultGrid.Cell] = [], paste: String = "") -> String? {
            do {
                _ = try ResultGrid.entries(cells: cells, notes: [:], paste: paste, for: test)
                return nil
            } catch { return error.message }
        }
        #expect(refusal([.init(item: 4, attribute: 0, value: "pass")])?.contains("row 4, column 1") == true)
        #expect(refusal([.init(item: 3, attribute: 0, value: "maybe")])?.contains("'maybe' is not pass or fail") == true)
        #expect(refusal(paste: "3\tpass\n99\tpass\tpass")?.contains("line 1") == true, "too few columns on line 1")
        #expect(refusal(paste: "99\tpass\tpass")?.contains("line 1: '99' is not a row") == true)
        #expect(refusal(paste: "3\tpass\tsure")?.contains("line 1, column 3") == true)
        #expect(refusal(paste: String(repeating: "3\tpass\tpass\n", count: ResultGrid.maxLines + 1))?.contains("at most") == true)
    }
}
