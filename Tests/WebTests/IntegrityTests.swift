import ComplianceCore
import EvidenceStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Persistence
import TestSupport
import Testing
import UseCases

/// Issue 16: every edit or deletion made directly in the database is caught by `verify` and named
/// with its kind and id, in SQLite and in PostgreSQL; verify never signs; a log whose tail is cut
/// off together with its heads is caught by a checkpoint kept outside.
@Suite("Integrity: verify against edits made behind Attest's back")
struct IntegrityTests {
    static let acme = "(SELECT id FROM organizations WHERE slug = 'acme-cloud')"

    /// The demo, with a second version on one evidence item, under a signed head.
    static func world(_ web: WebHarness) async throws -> (Organization, LogVerifier, String) {
        let demo = try await DemoWorld.seed(web)
        let olivia = try await demo.token("olivia@acme.example")
        let item = try #require(
            try await web.store.database.strings("SELECT id FROM evidence_items WHERE organization_id = \(acme) ORDER BY title LIMIT 1").first)
        var form = Multipart()
        form.field("item_id", item)
        form.fileBytes = Array("user,role\nerin,admin\nsam,member\n".utf8)
        form.fileName = "review-v2.csv"
        #expect(try await web.upload(form, token: olivia, org: "acme-cloud").status == .created)
        let org = try #require(try await web.store.organizations.find(slug: "acme-cloud"))
        _ = try await web.evidence.log.head(of: org.id)
        return (org, LogVerifier(store: web.store, blobs: web.evidence.blobs, keys: web.evidence.log.keys), item)
    }

    @Test(arguments: TestDatabase.available)
    func everyEditIsCaughtAndNamed(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (org, verifier, _) = try await Self.world(web)
            let clean = try await verifier.verify(org)
            #expect(clean.passed, "\(clean.problems)")
            #expect(clean.recordsChecked > 100)
            let db = web.store.database
            func one(_ query: String) async throws -> String { try #require(try await db.strings(query).first, "\(query)") }

            // Rows are picked by subquery, never by an id literal: SQLite and PostgreSQL store UUIDs differently.
            let acme = Self.acme
            let title = try await one("SELECT title FROM evidence_items WHERE id = (SELECT item_id FROM evidence_versions WHERE number = 2 LIMIT 1)")
            let goneItem = "(SELECT id FROM evidence_items WHERE organization_id = \(acme) AND title <> '\(title)' ORDER BY title DESC LIMIT 1)"
            let latestVersion =
                "(SELECT id FROM evidence_versions WHERE item_id = (SELECT id FROM evidence_items WHERE organization_id = \(acme) AND title = '\(title)') ORDER BY number DESC LIMIT 1)"
            let failedTest =
                "(SELECT id FROM programme_records WHERE organization_id = \(acme) AND kind = 'control_test' AND document LIKE '%\"passed\":false%' ORDER BY id LIMIT 1)"
            let population = "(SELECT id FROM programme_records WHERE organization_id = \(acme) AND kind = 'population' ORDER BY id LIMIT 1)"
            let finalReport = "(SELECT id FROM programme_records WHERE organization_id = \(acme) AND kind = 'report_version' ORDER BY id LIMIT 1)"
            let gone = try await one(String(goneItem.dropFirst().dropLast()))
            let latest = try await one(String(latestVersion.dropFirst().dropLast()))
            let test = try await one(String(failedTest.dropFirst().dropLast()))
            let populationID = try await one(String(population.dropFirst().dropLast()))
            let report = try await one(String(finalReport.dropFirst().dropLast()))

            // 1. An evidence item's rows are deleted, versions and all.
            try await db.execute("DELETE FROM evidence_versions WHERE item_id = \(goneItem)")
            try await db.execute("DELETE FROM evidence_items WHERE id = \(goneItem)")
            // 2. An item's latest version is deleted (it would silently revert to version 1).
            try await db.execute("DELETE FROM evidence_versions WHERE id = \(latestVersion)")
            // 3. A failed test result becomes a pass.
            try await db.execute(
                "UPDATE programme_records SET document = REPLACE(document, '\"passed\":false', '\"passed\":true') WHERE id = \(failedTest)")
            // 4. A frozen population is deleted.
            try await db.execute("DELETE FROM programme_records WHERE id = \(population)")
            // 5. The stored final report is edited, and a copy of it planted with no event (after the edit:
            // the planted row's random id may sort first).
            try await db.execute("UPDATE programme_records SET document = REPLACE(document, 'e', 'E') WHERE id = \(finalReport)")
            let newID = web.store.database.location.isPostgres ? "gen_random_uuid()" : "'\(UUID().uuidString)'"
            try await db.execute(
                "INSERT INTO programme_records (id, organization_id, kind, key, document, created_at, updated_at) SELECT \(newID), organization_id, kind, 'planted', document, created_at, updated_at FROM programme_records WHERE id = \(finalReport)"
            )
            // 6. A viewer's membership is raised to owner.
            try await db.execute(
                "UPDATE memberships SET role = 'owner' WHERE organization_id = \(acme) AND user_id = (SELECT id FROM users WHERE email = 'vera@acme.example')"
            )

            let headsBefore = try await web.store.log.heads(of: org.id).count
            let found = try await verifier.verify(org)
            #expect(try await web.store.log.heads(of: org.id).count == headsBefore, "verify never signs")
            #expect(!found.passed)
            let problems = found.problems.joined(separator: "\n")
            #expect(problems.contains("evidence item \(gone) was removed outside Attest"), "\(problems)")
            #expect(problems.contains("evidence version \(latest) was removed outside Attest"), "\(problems)")
            #expect(problems.contains("control test \(test) differs from what the log recorded"), "\(problems)")
            #expect(problems.contains("population \(populationID) was removed outside Attest"), "\(problems)")
            #expect(problems.contains("report version \(report) differs from what the log recorded"), "\(problems)")
            #expect(problems.contains("membership ") && problems.contains("differs"), "\(problems)")
            #expect(problems.contains("has no event in the log") && problems.contains("report version"), "\(problems)")
        }
    }

    @Test(arguments: TestDatabase.available)
    func aTruncatedLogIsCaughtByItsHeadsOrAnOutsideCheckpoint(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (org, verifier, _) = try await Self.world(web)
            let log = web.evidence.log
            let note = try await log.checkpoint(of: org.id)
            let size = try await web.store.log.size(of: org.id)
            let outside = OutsideCheckpoint(source: "the firm's copy", note: note)
            #expect(try await verifier.verify(org, checkpoints: [outside]).passed)

            // A checkpoint with a bad signature is refused by name.
            let forgedNote = note.replacingOccurrences(of: "\n\(size)\n", with: "\n\(size + 5)\n")
            let forged = try await verifier.verify(org, checkpoints: [OutsideCheckpoint(source: "a witness", note: forgedNote)])
            #expect(forged.problems.contains { $0.contains("checkpoint from a witness does not verify") }, "\(forged.problems)")

            // The tail is cut off: first with the heads left in place, then with them removed too.
            let db = web.store.database
            try await db.execute("DELETE FROM events WHERE organization_id = \(Self.acme) AND sequence > \(size - 3)")
            let cut = try await verifier.verify(org)
            #expect(
                cut.problems.contains { $0.contains("the log is truncated: it holds \(size - 3) entries") && $0.contains("covers \(size)") },
                "\(cut.problems)")
            try await db.execute("DELETE FROM tree_heads WHERE organization_id = \(Self.acme) AND tree_size > \(size - 3)")
            let quiet = try await verifier.verify(org)
            #expect(
                !quiet.problems.contains { $0.contains("truncated") }, "without an outside checkpoint the cut cannot be seen from the database alone")
            let caught = try await verifier.verify(org, checkpoints: [outside])
            #expect(
                caught.problems.contains {
                    $0.contains("the log is truncated: the checkpoint from the firm's copy covers \(size) entries, the log holds \(size - 3)")
                }, "\(caught.problems)")
        }
    }
}
