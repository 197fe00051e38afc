import ComplianceCore
import Crypto
import Foundation
import Testing

@Suite("Report core: the opinion, templates and the seal")
struct ReportCoreTests {
    func conclusion(_ id: String, _ result: CriterionConclusion.Result, failing: String? = nil) -> CriterionConclusion {
        CriterionConclusion(criterion: id, result: result, controls: failing.map { [.init(control: $0, conclusion: .notEffective)] } ?? [])
    }

    @Test func theOpinionFollowsTheConclusions() {
        let met = (1...12).map { conclusion("CC\($0).1", .met) }
        #expect(Opinion.derive(conclusions: met, exceptions: [:], scopeLimitation: nil).kind == .unmodified)
        let withExceptions = met + [conclusion("CC8.1", .metWithExceptions)]
        #expect(
            Opinion.derive(conclusions: withExceptions, exceptions: [:], scopeLimitation: nil).kind == .unmodified,
            "exceptions are disclosed, not modifying")
        let one = Opinion.derive(
            conclusions: met + [conclusion("CC7.2", .notMet, failing: "OPS-03")], exceptions: ["OPS-03": ["Alerts were muted for 3 weeks."]],
            scopeLimitation: nil)
        #expect(
            one.kind == .qualified && one.basis == ["CC7.2 was not met: control OPS-03 did not operate effectively (Alerts were muted for 3 weeks)."]
        )
        let many = Opinion.derive(conclusions: met + (1...5).map { conclusion("A1.\($0)", .notMet) }, exceptions: [:], scopeLimitation: nil)
        #expect(many.kind == .adverse && many.basis.count == 5)
        #expect(Opinion.derive(conclusions: met, exceptions: [:], scopeLimitation: "Production logs for March were deleted.").kind == .disclaimer)
    }

    @Test func templatesRefuseUnknownVariablesByLine() throws {
        #expect(try TemplateText.fill("Hello {{ name }}.", with: ["name": "Acme"]) == "Hello Acme.")
        let error = #expect(throws: DomainError.self) { try TemplateText.fill("a\nb {{nmae}}", with: ["name": "x"]) }
        #expect(error?.message.contains("line 2") == true && error?.message.contains("nmae") == true)
        #expect(throws: DomainError.self) { try TemplateText.fill("open {{ never closed", with: [:]) }
        #expect(throws: DomainError.self) { try ReportTemplates.validate(name: "section9", text: "x") }
        for name in ReportTemplates.names {
            try ReportTemplates.validate(name: name, text: ReportTemplates.defaults[name] ?? "")
        }
    }

    func sealed(_ key: Curve25519.Signing.PrivateKey) throws -> [UInt8] {
        let subject = ReportSeal.Subject(
            kind: "soc2", organization: "acme", organizationName: "Acme", engagementID: UUID(), reportType: "type2",
            period: "2026-01-01 to 2026-06-30", coverageEnd: Day("2026-06-30"), version: 3)
        return try ReportSeal.seal(
            Array("<html>report</html>".utf8), subject: subject, issuer: ("assure", "Assure LLP"), issuedAt: Date(), key: key, head: nil, headKey: nil
        )
    }

    @Test func theSealCatchesEveryKindOfChange() throws {
        let key = Curve25519.Signing.PrivateKey()
        let known = [PublishedKey(publicKey: Array(key.publicKey.rawRepresentation), organizationID: UUID(), validFrom: .distantPast)]
        let file = try sealed(key)
        #expect(ReportSeal.verify(file) { $0 == "assure" ? known : nil }.genuine)
        var content = file
        content[3] ^= 0x20
        #expect(ReportSeal.verify(content) { _ in known }.reason.contains("altered"))
        #expect(ReportSeal.verify(Array(file.dropLast(3))) { _ in known }.reason.contains("damaged"))
        #expect(ReportSeal.verify(Array("<html>no seal</html>".utf8)) { _ in known }.reason.contains("not an Attest report"))
        #expect(ReportSeal.verify(file) { _ in nil }.reason.contains("does not know"))
        let impostor = try sealed(Curve25519.Signing.PrivateKey())
        #expect(ReportSeal.verify(impostor) { _ in known }.reason.contains("not Assure LLP's"), "a valid signature by someone else's key")
        var retired = known
        retired[0].validUntil = Date(timeIntervalSinceNow: -86_400)
        #expect(ReportSeal.verify(file) { _ in retired }.reason.contains("after Assure LLP retired the key"))
    }

    /// A PDF as a printer writes one: objects, a classic cross-reference table and trailer.
    static func printedPDF(_ text: String) -> [UInt8] {
        let body = "%PDF-1.4\n1 0 obj\n<< /Title (\(text)) >>\nendobj\n2 0 obj\n<< /Type /Catalog >>\nendobj\n"
        let xref = body.utf8.count
        return Array(
            (body
                + "xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000049 00000 n \ntrailer\n<</Size 3\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n\(xref)\n%%EOF")
                .utf8)
    }

    @Test func aPDFCarriesTheSealAndOneChangedByteAnywhereFails() throws {
        let key = Curve25519.Signing.PrivateKey()
        let known = [PublishedKey(publicKey: Array(key.publicKey.rawRepresentation), organizationID: UUID(), validFrom: .distantPast)]
        let html = try sealed(key)
        let pdf = try PDFSeal.seal(Self.printedPDF("Report"), from: html, key: key)
        let text = String(decoding: pdf, as: UTF8.self)
        #expect(text.hasSuffix("startxref\n\(Self.printedPDF("Report").count + 1 + 16)\n%%EOF\n"), "the update's xref is where startxref says")
        #expect(text.contains("/Size 3 /Root 2 0 R /Info 1 0 R /Prev "))
        let genuine = ReportSeal.verify(pdf) { _ in known }
        #expect(genuine.genuine, "\(genuine.reason)")
        #expect(genuine.payload?.contentSHA256 == Digest.sha256Hex(Self.printedPDF("Report") + [0x0A]))
        // Every single byte, flipped in turn, fails (content, the update, the seal).
        for index in stride(from: 0, to: pdf.count, by: 7) {
            var changed = pdf
            changed[index] ^= 0x01
            #expect(!ReportSeal.verify(changed) { _ in known }.genuine, "byte \(index) changed")
        }
        // A seal copied from another report onto this one's bytes.
        let other = try PDFSeal.seal(Self.printedPDF("Other"), from: html, key: key)
        let markerAt = try #require(text.range(of: "%attest-seal-v1\n")).lowerBound.utf16Offset(in: text)
        let otherText = String(decoding: other, as: UTF8.self)
        let otherMarker = try #require(otherText.range(of: "%attest-seal-v1\n")).lowerBound.utf16Offset(in: otherText)
        let grafted = Array(pdf[..<markerAt]) + Array(other[otherMarker...])
        #expect(ReportSeal.verify(grafted) { _ in known }.reason.contains("altered"))
        // Re-saved by another tool: rewritten whole, or with an update of its own appended.
        let rewritten = Array(text.replacingOccurrences(of: "%attest-seal-v1\n", with: "").utf8)
        #expect(ReportSeal.verify(rewritten) { _ in known }.reason.contains("another tool re-wrote it"))
        let appended = pdf + Array("1 0 obj\n<< /Title (Edited) >>\nendobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 3 >>\n%%EOF\n".utf8)
        #expect(ReportSeal.verify(appended) { _ in known }.reason.contains("altered"))
        #expect(!ReportSeal.verify(Array(pdf.prefix(200))) { _ in known }.genuine)
        #expect(ReportSeal.verify(Self.printedPDF("Unsealed")) { _ in known }.reason.contains("carries no attest-seal"))
    }

    @Test func aReportNearItsExpiryIsAReminder() throws {
        let engagement = Engagement(
            id: UUID(), organizationID: UUID(), name: "FY2026", status: .reporting, auditFirm: "assure",
            scope: EngagementScope(
                reportType: .type2, periodStart: Day("2026-01-01"), periodEnd: Day("2026-06-30"), categories: [.security],
                systemName: "S", clouds: [.aws], locations: [], headcount: .upTo50),
            exclusions: [], createdAt: Date(), updatedAt: Date())
        let today = try #require(Day("2027-05-15"))
        func reminders(_ until: String) throws -> [Reminder] {
            Reminder.due(
                policies: [], remediation: [], requests: [], reports: [.init(engagement: engagement, validUntil: try #require(Day(until)))],
                today: today)
        }
        #expect(try reminders("2027-06-30").map(\.kind) == [.reportExpiry])
        #expect(try reminders("2027-05-01").first?.overdue == true)
        #expect(try reminders("2027-09-30").isEmpty, "more than 60 days away")
    }
}
