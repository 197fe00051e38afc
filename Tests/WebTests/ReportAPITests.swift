import ComplianceCore
import Crypto
import EvidenceStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Reports
import TestSupport
import Testing
import UseCases

@testable import App
@testable import Web

@Suite("The report: lifecycle, refusals, outputs, seal and bridge letter")
struct ReportAPITests {
    struct Scopes {
        let client: TenantScope
        let preparer: TenantScope
        let reviewer: TenantScope
        let rita: String
    }

    /// Adds a second auditor (the reviewer) to `assure`, and gives the scopes the completion helper needs.
    static func scopes(_ world: FieldworkAPITests.World) async throws -> Scopes {
        let web = world.web
        let rita = try await web.fixtures.user("rita@assure.example", in: "assure", role: .member)
        let acme = try await web.store.organizations.operatorScope(slug: "acme")
        _ = try await web.store.memberships.grant(
            auditor: try EmailAddress("rita@assure.example"), of: try Slug("assure"), until: Date().addingTimeInterval(86_400 * 90), in: acme)
        let grants = try await web.store.memberships.grants(in: acme)
        let alex = try #require(try await web.store.users.find(email: try EmailAddress("alex@assure.example")))
        let owner = try #require(try await web.store.users.find(email: try EmailAddress("owner@acme.example")))
        func auditor(_ user: User) throws -> TenantScope {
            TenantScope(
                organization: acme.organization, standing: .auditor(grantID: try #require(grants.first { $0.auditorUserID == user.id }).id),
                actor: .user(user.id))
        }
        return Scopes(
            client: try await web.fixtures.scope("acme", as: owner), preparer: try auditor(alex), reviewer: try auditor(rita),
            rita: try await web.fixtures.token(for: rita))
    }

    @Test(arguments: TestDatabase.available)
    func fromDraftToASealedFinalReport(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await FieldworkAPITests.world(web)
            let scopes = try await Self.scopes(world)
            let report = "\(world.base)/report"
            for token in [world.alex, scopes.rita] {
                _ = try await web.api(
                    .post, "\(world.base)/independence", token: token, json: #"{"statement":"I am independent of Acme and its management."}"#)
            }
            #expect(
                try await web.api(.post, "\(report)/drafts", token: world.owner, json: "{}").status == .forbidden,
                "the client does not write the report")
            #expect(try await web.api(.post, "\(report)/drafts", token: world.bob, json: "{}").status == .notFound)
            #expect(try await web.api(.get, report, token: world.owner).status == .notFound, "no report before a draft")

            // Section III: bad entries name the field; good ones land in the draft.
            #expect(try await web.api(.put, "\(world.base)/description", token: world.owner, json: #"{"texts":{"DC10":"x"}}"#).text.contains("DC10"))
            #expect(
                try await web.api(
                    .put, "\(world.base)/description", token: world.owner,
                    json: #"{"subservice_controls":[{"subservice":"Nobody Inc","control":"x"}]}"#
                ).text.contains("subservice_controls[0].subservice"))
            #expect(try await web.api(.put, "\(world.base)/description", token: world.alex, json: #"{"commitments":["x"]}"#).status == .forbidden)
            let described = try await web.api(
                .put, "\(world.base)/description", token: world.owner,
                json: #"{"commitments":["99.9% monthly uptime"],"user_entity_controls":["Customers manage their own users."]}"#)
            #expect(described.status == .ok, "\(described.text)")

            // The firm's own wording replaces ours; a template with an unknown variable is refused with its line.
            let firmOwner = try #require(try await web.store.users.find(email: try EmailAddress("owner@assure.example")))
            let firmToken = try await web.fixtures.token(for: firmOwner)
            let badTemplate = try await web.api(
                .put, "/api/v1/orgs/assure/report-templates/section1.limitations", token: firmToken, json: #"{"text":"Fine.\n\nBut {{colour}}."}"#)
            #expect(badTemplate.status == .unprocessableContent && badTemplate.text.contains("line 3") && badTemplate.text.contains("colour"))
            #expect(
                try await web.api(.put, "/api/v1/orgs/assure/report-templates/section1.limitations", token: world.alex, json: #"{"text":"x"}"#).status
                    == .forbidden)
            #expect(
                try await web.api(
                    .put, "/api/v1/orgs/assure/report-templates/section1.limitations", token: firmToken,
                    json: #"{"text":"Controls at {{service_organization}} have limits, as all controls do."}"#
                ).status == .ok)

            let draft = try await web.api(.post, "\(report)/drafts", token: world.alex, json: "{}")
            #expect(draft.status == .created, "\(draft.text)")
            // Issue 11, finding 3: a draft stays with the firm (it holds unreleased results) until it is sent for review.
            let draftHTML = try await web.api(.get, "\(report)?format=html", token: world.alex)
            #expect(draftHTML.text.contains("class=\"watermark\"") && draftHTML.text.contains("99.9% monthly uptime"))
            #expect(draftHTML.text.contains("Controls at Acme have limits, as all controls do."))
            #expect(draftHTML.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            #expect(try await web.api(.get, "\(report)?format=html", token: world.owner).status == .notFound)
            let hidden = try await web.api(.get, "\(report)/versions", token: world.owner)
            #expect((hidden.json["versions"] as? [Any])?.isEmpty == true, "the client lists no draft")
            #expect(
                try await web.api(.post, "\(report)/versions/1/comments", token: world.owner, json: #"{"text":"too early"}"#).status == .notFound)

            // Issuing is refused with every reason at once, and never by the client.
            #expect(try await web.api(.post, "\(report)/final", token: world.owner).status == .forbidden)
            let early = try await web.api(.post, "\(report)/final", token: world.alex)
            #expect(early.status == .conflict && early.errorCode == "not_ready_to_issue")
            #expect(
                early.text.contains("not fully tested") && early.text.contains("assertion") && early.text.contains("management review"),
                "\(early.text)")

            try await FieldworkCompletion(
                store: web.store, evidence: web.evidence, client: scopes.client, preparer: scopes.preparer, reviewer: scopes.reviewer
            )
            .complete(
                try #require(UUID(uuidString: world.engagement)),
                deviation: .init(
                    control: "CHG-01", note: "merged by its author",
                    description: "One change was merged without a second approval.", cause: "Branch protection was off for an hour.",
                    response: "Branch protection is now enforced as code."))
            // An unreviewed workpaper blocks the report too.
            let tests = try await web.store.programme.fieldwork.tests(try #require(UUID(uuidString: world.engagement)), in: scopes.preparer)
            _ = try await web.store.programme.fieldwork.sign(
                .test, tests[0].id, of: tests[0].engagementID, role: .reviewer, unsign: true, in: scopes.reviewer)
            #expect(try await web.api(.post, "\(report)/final", token: world.alex).text.contains("no reviewer sign-off"))
            _ = try await web.store.programme.fieldwork.sign(.test, tests[0].id, of: tests[0].engagementID, role: .reviewer, in: scopes.reviewer)

            #expect(
                try await web.api(.post, "\(world.base)/assertion", token: world.alex, json: #"{"signatory":"Alex","position":"Auditor"}"#).status
                    == .forbidden)
            #expect(
                try await web.api(.post, "\(world.base)/assertion", token: world.owner, json: #"{"signatory":"","position":"CEO"}"#).status
                    == .badRequest)
            #expect(
                try await web.api(.post, "\(world.base)/assertion", token: world.owner, json: #"{"signatory":"Olivia Owner","position":"CEO"}"#)
                    .status == .created)
            #expect(try await web.api(.post, "\(report)/review", token: world.owner).status == .forbidden)
            // Section III goes to management only when management has written every section.
            let unwritten = try await web.api(.post, "\(report)/review", token: world.alex)
            #expect(unwritten.status == .conflict && unwritten.errorCode == "description_incomplete", "\(unwritten.text)")
            #expect(unwritten.text.contains("DC3") && unwritten.text.contains("DC4") && !unwritten.text.contains("DC2"), "\(unwritten.text)")
            let adoptingDC2 = try await web.api(.put, "\(world.base)/description", token: world.owner, json: #"{"adopted":["DC2"]}"#)
            #expect(adoptingDC2.status == .badRequest && adoptingDC2.text.contains("adopted"), "\(adoptingDC2.text)")
            let written = try await web.api(
                .put, "\(world.base)/description", token: world.owner,
                json:
                    #"{"commitments":["99.9% monthly uptime"],"user_entity_controls":["Customers manage their own users."],"adopted":["DC1","DC3","DC4","DC5","DC7","DC8","DC9"]}"#
            )
            #expect(written.status == .ok, "\(written.text)")
            #expect((written.json["description"] as? [String: Any])?["missing"] as? [String] == [], "\(written.text)")
            #expect(try await web.api(.post, "\(report)/review", token: world.alex).status == .ok)
            #expect(
                try await web.api(.get, "\(report)?format=html", token: world.owner).text.contains("class=\"watermark\""),
                "sent for review: management reads it")
            #expect(
                try await web.api(.post, "\(report)/versions/1/comments", token: world.owner, json: #"{"text":"Please spell out the uptime SLA."}"#)
                    .status == .ok)
            let final = try await web.api(.post, "\(report)/final", token: scopes.rita)
            #expect(final.status == .created, "\(final.text)")
            #expect(((final.json["version"] as? [String: Any])?["opinion"] as? [String: Any])?["kind"] as? String == "unmodified")
            #expect((final.json["version"] as? [String: Any])?["valid_until"] as? String == "2027-06-30")

            // The final report: immutable, sealed, verifiable; one changed byte is caught.
            #expect(try await web.api(.post, "\(report)/drafts", token: world.alex, json: "{}").errorCode == "report_final")
            #expect(
                try await web.api(.post, "\(report)/versions/2/comments", token: world.owner, json: #"{"text":"late"}"#).errorCode == "report_final")
            let html = try await web.api(.get, "\(report)?format=html", token: world.owner)
            #expect(!html.text.contains("class=\"watermark\"") && html.text.contains("One change was merged without a second approval."))
            #expect(html.text.contains("Branch protection is now enforced as code."), "management's response in Section V")
            let service = ReportService(store: web.store, log: web.evidence.log)
            let genuine = try await service.verify(Array(html.text.utf8))
            #expect(genuine.genuine && genuine.payload?.issuer == "assure" && genuine.reason.contains("Genuine and unaltered"), "\(genuine.reason)")
            var bytes = Array(html.text.utf8)
            bytes[bytes.count / 3] ^= 0x01
            let altered = try await service.verify(bytes)
            #expect(!altered.genuine && altered.reason.contains("altered"))
            let publicCheck = try web.checked(
                .post, "/api/v1/reports/verify",
                try await web.client.execute(
                    uri: "/api/v1/reports/verify", method: .post, headers: [.contentType: "application/octet-stream"],
                    body: ByteBuffer(string: html.text)))
            #expect(
                publicCheck.status == .ok && String(buffer: publicCheck.body).contains("\"genuine\":true"), "anyone may verify, without signing in")
            let notReport = try await web.client.execute(
                uri: "/api/v1/reports/verify", method: .post, headers: [:], body: ByteBuffer(string: "<html>hello</html>"))
            #expect(String(buffer: notReport.body).contains("not an Attest report"))
            #expect(
                try await web.api(.get, "\(report)?format=html&version=1", token: world.owner).text.contains("Please spell out the uptime SLA."),
                "drafts stay readable")

            // Other outputs of the same version.
            let workbook = try await web.api(.get, "\(report)?format=xlsx", token: world.owner)
            let rows = try XLSXReader.rows(Data(workbook.body.readableBytesView))
            #expect(rows.first == ReportWorkbook.header && rows.count == 3, "CHG-01 and GOV-01")
            for model in OSCALExport.Model.allCases {
                let oscal = try await web.api(.get, "\(report)?format=oscal&model=\(model.rawValue)", token: world.owner)
                let json = try JSONSerialization.jsonObject(with: Data(oscal.body.readableBytesView)) as? [String: Any]
                #expect(json?[model.rawValue] != nil, "\(model.rawValue)")
            }
            #expect(try await web.api(.get, "\(report)?format=docx", token: world.owner).status == .badRequest)
            #expect(try await web.api(.get, "\(report)?version=0", token: world.owner).status == .badRequest)
            let soc3 = try await web.api(.get, "\(world.base)/soc3?format=html", token: world.owner)
            #expect(
                soc3.status == .ok && !soc3.text.contains("Section IV") && !soc3.text.contains("One change was merged"), "a SOC 3 has no test details"
            )
            #expect(try await ReportService(store: web.store, log: web.evidence.log).verify(Array(soc3.text.utf8)).genuine)

            // Management's bridge letter: after the period, not in the future, theirs alone, signed with their key.
            let letters = "\(world.base)/bridge-letters"
            let body = { (day: String) in #"{"through":"\#(day)","changes":["New region"],"signatory":"Olivia Owner","position":"CEO"}"# }
            #expect(try await web.api(.post, letters, token: world.owner, json: body("2026-06-01")).text.contains("after the report's period"))
            #expect(try await web.api(.post, letters, token: world.owner, json: body("2099-01-01")).text.contains("after today"))
            #expect(try await web.api(.post, letters, token: world.alex, json: body("2026-09-30")).status == .forbidden)
            let letter = try await web.api(.post, letters, token: world.owner, json: body("2026-09-30"))
            #expect(letter.status == .created, "\(letter.text)")
            let letterID = try #require((letter.json["letter"] as? [String: Any])?["id"] as? String)
            let letterHTML = try await web.api(.get, "\(letters)/\(letterID)?format=html", token: world.alex)
            let checked = try await service.verify(Array(letterHTML.text.utf8))
            #expect(checked.genuine && checked.payload?.issuer == "acme" && letterHTML.text.contains("2026-09-30"), "\(checked.reason)")

            // Next year starts from this one.
            let next = try await web.api(.post, "\(world.base)/next", token: world.owner)
            #expect(((next.json["engagement"] as? [String: Any])?["scope"] as? [String: Any])?["period_start"] as? String == "2027-01-01")
            #expect((next.json["engagement"] as? [String: Any])?["audit_firm"] as? String == "assure")
            // An admin may start it too, but inviting a firm is the owner's: it waits, whole, without one.
            let admin = try await web.fixtures.token(for: try await web.fixtures.user("ada@acme.example", in: "acme", role: .admin))
            let byAdmin = try await web.api(.post, "\(world.base)/next", token: admin)
            #expect(byAdmin.status == .created && (byAdmin.json["engagement"] as? [String: Any])?["audit_firm"] == nil)
            #expect(
                try await web.api(.post, "\(world.base)/next", token: world.alex).status == .forbidden,
                "the auditor does not start the client's engagements")
        }
    }

    /// With no Chromium to be found, a PDF is refused with the package to install.
    @Test func pdfWithoutChromiumNamesThePackage() {
        let error = #expect(throws: DomainError.self) { try PDFRenderer.locate(environment: ["PATH": "/nonexistent"]) }
        #expect(error?.message.contains("apt-get install chromium") == true)
    }
}
