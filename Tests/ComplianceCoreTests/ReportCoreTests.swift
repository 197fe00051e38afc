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
            one.kind == .qualified && one.basis == ["CC7.2 was not met: control OPS-03 did not operate effectively (Alerts were muted for 3 weeks.)."]
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
        let known = Array(key.publicKey.rawRepresentation)
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
