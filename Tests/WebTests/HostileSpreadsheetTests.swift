import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Reports
import TestSupport
import Testing
import ZIPFoundation

/// Issue 11, finding 1: one XLSX with `<row r="0">` stopped the whole server, and the file was read
/// before anyone checked who sent it. These run in the test process itself, so a trap fails them all.
@Suite("Hostile spreadsheets")
struct HostileSpreadsheetTests {
    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// A real workbook from our writer with its sheet part replaced by `sheetData` rows.
    static func workbook(sheetData: String) throws -> [UInt8] {
        try workbook(
            sheetPart:
                #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
                + sheetData + "</sheetData></worksheet>")
    }

    /// A real workbook from our writer with its whole sheet part replaced by `sheetPart`.
    static func workbook(sheetPart: String) throws -> [UInt8] {
        let original = try Archive(data: try XLSXWriter.workbook(sheet: "x", rows: [RequestListFile.columns]), accessMode: .read)
        let out = try Archive(accessMode: .create)
        for entry in original {
            var bytes = Data()
            _ = try original.extract(entry) { bytes.append($0) }
            if entry.path == "xl/worksheets/sheet1.xml" { bytes = Data(sheetPart.utf8) }
            let data = bytes
            try out.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return Array(out.data ?? Data())
    }

    static let hostileSheets: [(sheet: String, says: String)] = [
        (#"<row r="0"><c r="A0" t="inlineStr"><is><t>x</t></is></c></row>"#, "row numbers run from 1"),
        (#"<row r="-9223372036854775808"><c t="inlineStr"><is><t>x</t></is></c></row>"#, "row numbers run from 1"),
        (#"<row r="9223372036854775807"><c t="inlineStr"><is><t>x</t></is></c></row>"#, "row numbers run from 1"),
        (#"<row r="1"><c r="AAAAAAAAAAAAAAAAAAAAAAAAA1" t="inlineStr"><is><t>x</t></is></c></row>"#, "not a cell reference"),
        (#"<row r="1"><c r="XFE1" t="inlineStr"><is><t>x</t></is></c></row>"#, "not a cell reference"),
        (#"<row r="1"><c r="1A" t="inlineStr"><is><t>x</t></is></c></row>"#, "not a cell reference"),
        (#"<row r="1"><c r="GS1"><v>1</v></c></row>"#, "more than 200 columns"),
        (#"<row r="100001"><c r="A100001"><v>1</v></c></row>"#, "more than 100,000 rows"),
        (#"<c r="A1"><v>1</v></c>"#, "outside any row"),
        (#"<row r="1"><c r="A1" t="s"><v>-1</v></c></row>"#, "missing shared string"),
    ]

    @Test(arguments: hostileSheets.indices)
    func aHostileReferenceIsRefusedByName(_ index: Int) throws {
        let (sheet, says) = Self.hostileSheets[index]
        let error = #expect(throws: DomainError.self) { try XLSXReader.rows(Data(try Self.workbook(sheetData: sheet))) }
        #expect(error?.message.contains(says) == true, "\(error?.message ?? "no error")")
    }

    @Test func rowsWithoutNumbersFollowOneAnotherAndAbsoluteReferencesRead() throws {
        let sheet =
            #"<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row>"#
            + #"<row><c r="$B$2" t="inlineStr"><is><t>c</t></is></c></row>"#
        #expect(try XLSXReader.rows(Data(try Self.workbook(sheetData: sheet))) == [["a", "b"], ["", "c"]])
    }

    @Test func aDocumentTypeIsRefusedBeforeParsing() throws {
        // The classic entity-expansion bomb: refused because it declares a DTD at all.
        var entities = #"<!ENTITY a0 "xxxxxxxxxx">"#
        for level in 1...9 { entities += "<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">" }
        let bomb = try Self.workbook(
            sheetPart: #"<?xml version="1.0"?><!DOCTYPE worksheet ["# + entities
                + #"]><worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>"#)
        let error = #expect(throws: DomainError.self) { try XLSXReader.rows(Data(bomb)) }
        #expect(error?.message.contains("document type") == true)
    }

    @Test(arguments: TestDatabase.available)
    func theImportRefusesTheFileAndTheServerStaysUp(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let created = try await web.api(.post, "/api/v1/orgs/acme/engagements", token: token, json: ProgrammeAPITests.engagementJSON)
            let id = try #require((created.json["engagement"] as? [String: Any])?["id"] as? String)
            let path = "/api/v1/orgs/acme/engagements/\(id)/requests/import"
            for (sheet, says) in Self.hostileSheets {
                let response = try await web.raw(.post, path, token: token, body: try Self.workbook(sheetData: sheet), contentType: Self.xlsxType)
                #expect(response.status == .badRequest && response.text.contains(says), "\(response.status) \(response.text)")
            }
            #expect(try await web.api(.get, "/healthz").status == .ok)
            let requests = try await web.api(.get, "/api/v1/orgs/acme/engagements/\(id)/requests", token: token)
            #expect(requests.status == .ok, "nothing was half written")
        }
    }

    @Test(arguments: TestDatabase.available)
    func theFileIsNotReadBeforeTheCallerIsAllowed(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let ownerToken = try await web.fixtures.token(for: owner)
            let created = try await web.api(.post, "/api/v1/orgs/acme/engagements", token: ownerToken, json: ProgrammeAPITests.engagementJSON)
            let id = try #require((created.json["engagement"] as? [String: Any])?["id"] as? String)
            let viewer = try await web.fixtures.token(for: try await web.fixtures.user("vera@acme.example", in: "acme", role: .viewer))
            let (_, outsider) = try await web.fixtures.organization("globex")
            let other = try await web.fixtures.token(for: outsider)
            // Garbage that the reader would answer with 400: a refusal of the caller must come first.
            let garbage = Array("PK\u{3}\u{4}not a spreadsheet".utf8)

            let byViewer = try await web.raw(
                .post, "/api/v1/orgs/acme/engagements/\(id)/requests/import", token: viewer, body: garbage, contentType: Self.xlsxType)
            #expect(byViewer.status == .forbidden)
            let madeUp = UUID().uuidString.lowercased()
            let unknown = try await web.raw(
                .post, "/api/v1/orgs/acme/engagements/\(madeUp)/requests/import", token: ownerToken, body: garbage, contentType: Self.xlsxType)
            #expect(unknown.status == .notFound)
            let fromOutside = try await web.raw(
                .post, "/api/v1/orgs/acme/engagements/\(id)/requests/import", token: other, body: garbage, contentType: Self.xlsxType)
            #expect(fromOutside.status == .notFound)
            let ownOrgOtherEngagement = try await web.raw(
                .post, "/api/v1/orgs/globex/engagements/\(id)/requests/import", token: other, body: garbage, contentType: Self.xlsxType)
            #expect(ownOrgOtherEngagement.status == .notFound)
        }
    }
}
