import ComplianceCore
import Foundation
import Testing

/// Issue 11, finding 8: text from outside that a reader's software would act on.
@Suite("Hostile text in file names and spreadsheets")
struct HostileTextTests {
    @Test func fileNamesLoseDirectionControlsAndSemicolons() {
        #expect(FileName.sanitize("invoice\u{202E}fdp.exe") == "invoicefdp.exe", "no right-to-left override to disguise an .exe")
        #expect(FileName.sanitize("a\u{2066}b\u{2069}c\u{200F}.txt") == "abc.txt")
        #expect(FileName.sanitize("report.pdf; filename=evil.html") == "report.pdf filename=evil.html", "no header parameters smuggled in")
    }

    @Test(arguments: ["=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd", "\r=cmd", "\r\n=cmd"])
    func aFormulaStartIsDefusedOnExportAndRestoredOnImport(_ cell: String) throws {
        let line = CSV.line(["x", cell])
        #expect(line.contains("'"), "written with a leading apostrophe: \(line.debugDescription)")
        let table = try CSV.table("a,b\r\n" + line, columns: ["a", "b"])
        #expect(table.first?.values["b"] == cell, "read back as it was")
    }

    @Test func ordinaryCellsAreUntouched() throws {
        #expect(CSV.line(["plain", "it's", "a=b"]) == "plain,it's,a=b\r\n")
    }
}
