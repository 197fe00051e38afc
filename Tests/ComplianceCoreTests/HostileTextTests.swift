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

    /// Issue 11, finding 2: two 20,000-line versions took 8 s and 3.2 GB for one GET by a viewer.
    @Test func aPolicyDiffIsBoundedWhateverTheVersions() {
        let old = (0..<20_000).map { "old line \($0)" }.joined(separator: "\n")
        let new = (0..<20_000).map { "new line \($0)" }.joined(separator: "\n")
        let replaced = LineDiff.diff(old, new)
        #expect(replaced.count == 40_000)
        #expect(replaced.first == .removed("old line 0") && replaced.last == .added("new line 19999"))

        var edited = old.split(separator: "\n").map(String.init)
        edited[10_000] = "an edited line"
        let small = LineDiff.diff(old, edited.joined(separator: "\n"))
        #expect(small.filter { if case .same = $0 { false } else { true } } == [.removed("old line 10000"), .added("an edited line")])
        #expect(small.count == 20_001)
    }

    @Test func aSmallDiffStillReadsAsALongestCommonSubsequence() {
        #expect(LineDiff.diff("a\nb\nc\nd", "a\nc\nb\nd") == [.same("a"), .removed("b"), .same("c"), .added("b"), .same("d")])
    }
}

@Suite("Hostile files given to the report checker")
struct HostileSealTests {
    /// Issue 11, finding 2: the seal is looked for in the last 64 KiB only, so a file of nothing but
    /// newlines is answered at once, and a seal buried before 64 KiB of padding is not one.
    @Test func aFileOfNewlinesIsNotAReportAndCostsLittle() {
        let newlines = [UInt8](repeating: 0x0A, count: 64 << 20)
        let verdict = ReportSeal.verify(newlines) { _ in nil }
        #expect(!verdict.genuine && verdict.reason.contains("not an Attest report"))
        #expect(ReportSeal.peekIssuer(newlines) == nil)
    }
}

@Suite("Hostile population files")
struct HostilePopulationTests {
    func scan(_ text: String, key: String? = nil) -> PopulationScan {
        var scanner = PopulationScanner(keyColumn: key)
        Array(text.utf8).withUnsafeBytes { scanner.consume($0) }
        return scanner.finish()
    }

    /// Issue 11, finding 2: a 300 MB single-line CSV was accepted, its "column name" stored whole.
    @Test func aHugeHeaderCellIsRefusedAndNotKept() {
        let result = scan(String(repeating: "x", count: 2 << 20) + "\n1\n")
        #expect(!result.isValid)
        #expect(result.problems.contains { $0.message.contains("header cell is longer than 1024 bytes") })
        #expect(result.columns.allSatisfy { $0.utf8.count <= 1025 })
    }

    @Test func tooManyColumnsAndHugeKeysAreRefused() {
        let wide = scan((0..<600).map { "c\($0)" }.joined(separator: ",") + "\n")
        #expect(wide.problems.contains { $0.message.contains("more than 512 columns") } && wide.columns.count == 512)
        let keyed = scan("id,name\n" + String(repeating: "k", count: 5000) + ",x\n", key: "id")
        #expect(keyed.problems.contains { $0.message.contains("id value is longer than 1024 bytes") })
    }
}
