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

/// Issue 16: firms publish their keys, logs serve C2SP checkpoints, rotation keeps old documents
/// verifiable, and the PDF carries the seal.
@Suite("Published keys, checkpoints and the sealed PDF")
struct PublishedKeyTests {
    func keyList(_ web: WebHarness, _ slug: String) async throws -> PublishedKeyList {
        let response = try await web.api(.get, "/.well-known/attest/keys/\(slug)")
        #expect(response.status == .ok, "\(response.text.prefix(200))")
        #expect(response.headers[.cacheControl] == "public, max-age=300")
        return try CanonicalJSON.decoder.decode(PublishedKeyList.self, from: Data(response.text.utf8))
    }

    @Test func outsidersGetTheKeysAndCheckTheReportWithThem() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let olivia = try await demo.token("olivia@acme.example")
            let firm = try await keyList(web, "example-assurance")
            #expect(firm.format == "attest-keys-v1" && firm.keys.count == 1 && firm.keys[0].validUntil == nil)
            #expect(try await web.api(.get, "/.well-known/attest/keys/no-such-org").errorCode == "not_found")

            let report = "\(demo.org)/engagements/\(demo.reported)/report"
            let html = Array(try await web.api(.get, "\(report)?format=html", token: olivia).text.utf8)
            let service = ReportService(store: web.store, log: web.evidence.log)
            let checked = try await service.verify(html, trusting: firm)
            #expect(checked.genuine && checked.payload?.documentName == "SOC 2 Type 2 report", "\(checked.reason)")
            // A list holding a key that signed nothing does not vouch for the report.
            let stranger = PublishedKeyList(
                organization: "example-assurance", organizationID: try #require(UUID(uuidString: firm.organizationID)), name: firm.name,
                keys: [
                    PublishedKey(
                        publicKey: Array(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation), organizationID: UUID(),
                        validFrom: .distantPast)
                ])
            #expect(try await service.verify(html, trusting: stranger).reason.contains("not among its published keys"))

            // The report page names the key it was signed with.
            var browser = try await web.signIn("olivia@acme.example", password: DemoSeed.password)
            let page = try await browser.get("/orgs/acme-cloud/report?engagement=\(demo.reported)")
            #expect(page.text.contains(firm.keys[0].fingerprint), "the report page shows the firm's key fingerprint")

            // Rotation: the old key stays listed, closed; the change is in the firm's log; old reports still verify.
            let workflows = Workflows(intake: web.evidence)
            let scope = try await workflows.organizations.operatorScope(slug: "example-assurance", operatorName: "test")
            let rotated = try await workflows.keys.rotate(in: scope)
            let after = try await keyList(web, "example-assurance")
            #expect(after.keys.count == 2 && after.keys[0].validUntil != nil && after.keys[1] == rotated)
            #expect(try await service.verify(html, trusting: after).genuine, "a report signed before the rotation still verifies")
            let firmOrg = try #require(try await web.store.organizations.find(slug: "example-assurance"))
            let events = try await web.store.log.storedRows(of: firmOrg.id).map(\.event).filter { $0.entityType == "signing_key" }
            #expect(events.map(\.action) == ["published", "retired", "published"])
            let verified = try await LogVerifier(store: web.store, blobs: web.evidence.blobs, keys: web.evidence.log.keys).verify(firmOrg)
            #expect(verified.passed, "\(verified.problems)")

            // The PDF carries the seal (when this machine has Chromium to print it).
            guard (try? PDFRenderer.locate()) != nil else { return }
            let pdf = try await web.client.execute(uri: "\(report)?format=pdf", method: .get, headers: [.authorization: "Bearer \(olivia)"])
            let bytes = Array(pdf.body.readableBytesView)
            #expect(pdf.headers[.contentType] == "application/pdf" && bytes.starts(with: Array("%PDF-".utf8)))
            let genuinePDF = try await service.verify(bytes, trusting: after)
            #expect(genuinePDF.genuine && genuinePDF.payload?.documentName == "SOC 2 Type 2 report", "\(genuinePDF.reason)")
            var altered = bytes
            altered[altered.count / 2] ^= 0x01
            #expect(try await service.verify(altered, trusting: after).reason.contains("altered"))
            let publicCheck = try await web.client.execute(
                uri: "/api/v1/reports/verify", method: .post, headers: [.contentType: "application/pdf"], body: ByteBuffer(bytes: bytes))
            #expect(String(buffer: publicCheck.body).contains("\"genuine\":true"), "\(String(buffer: publicCheck.body).prefix(300))")
        }
    }

    @Test func theCheckpointIsAStandardSignedNoteForThoseWhoMayReadTheLog() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let olivia = try await demo.token("olivia@acme.example")
            let response = try await web.api(.get, "\(demo.org)/log/checkpoint", token: olivia)
            #expect(response.status == .ok && response.headers[.contentType] == "text/plain; charset=utf-8")
            let keys = try await keyList(web, "acme-cloud")
            let checkpoint = try Checkpoint.open(response.text, publicKey: keys.keys[0].keyBytes)
            let org = try #require(try await web.store.organizations.find(slug: "acme-cloud"))
            #expect(checkpoint.origin == "attest/\(org.id.uuidString.lowercased())" && checkpoint.origin == keys.origin)
            #expect(checkpoint.treeSize == (try await web.store.log.size(of: org.id)))
            #expect(response.text.contains("\n\n\u{2014} \(keys.origin) "))
            // Another organisation's user, and an anonymous caller, learn nothing.
            let (_, outsider) = try await web.fixtures.organization("globex")
            #expect(try await web.api(.get, "\(demo.org)/log/checkpoint", token: try await web.fixtures.token(for: outsider)).status == .notFound)
            #expect(try await web.api(.get, "\(demo.org)/log/checkpoint").status == .unauthorized)
        }
    }
}
