import ComplianceCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Persistence
import TestSupport
import Testing
import UseCases

@testable import App

/// Issue 10: a use case loads and authorises once. Issuing the report used to load and re-authorise
/// the engagement eleven times; an upload checked the right to upload three times.
@Suite("Use cases decide once")
struct UseCaseDecisionTests {
    @Test(arguments: TestDatabase.available)
    func issuingTheReportLoadsAndAuthorisesTheEngagementOnce(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await FieldworkAPITests.world(web)
            let scopes = try await ReportAPITests.scopes(world)
            let id = try #require(UUID(uuidString: world.engagement))
            for token in [world.alex, scopes.rita] {
                _ = try await web.api(
                    .post, "\(world.base)/independence", token: token, json: #"{"statement":"I am independent of Acme and its management."}"#)
            }
            _ = try await web.api(.post, "\(world.base)/report/drafts", token: world.alex, json: "{}")
            try await FieldworkCompletion(
                store: web.store, evidence: web.evidence, client: scopes.client, preparer: scopes.preparer, reviewer: scopes.reviewer
            )
            .complete(id)
            _ = try await web.api(.post, "\(world.base)/assertion", token: world.owner, json: #"{"signatory":"Olivia Owner","position":"CEO"}"#)
            _ = try await web.api(
                .put, "\(world.base)/description", token: world.owner,
                json:
                    #"{"commitments":["99.9% monthly uptime"],"user_entity_controls":["Customers manage their own users."],"adopted":["DC1","DC3","DC4","DC5","DC7","DC8","DC9"]}"#
            )
            _ = try await web.api(.post, "\(world.base)/report/review", token: world.alex)

            let trace = AccessTrace()
            let version = try await AccessTrace.$current.withValue(trace) {
                try await ReportService(store: web.store, log: web.evidence.log).issue(id, in: scopes.reviewer)
            }
            #expect(version.status == .final)
            #expect(trace.decisions == [.issueReport])
            #expect(trace.loads == ["engagement"])
        }
    }

    @Test(arguments: TestDatabase.available)
    func anUploadDecidesTheRightOnceAndChecksTheTitleOnce(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let scope = try await web.fixtures.scope("acme", as: owner)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("attest-upload-\(UUID().uuidString).txt")
            try Data("access review, Q3".utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let service = web.evidence
            let trace = AccessTrace()
            let item = try await AccessTrace.$current.withValue(trace) {
                try await service.ingest(
                    contentsOf: file,
                    .init(
                        fileName: "review.txt", period: nil, source: .init(kind: .upload, actor: "user:x"),
                        details: NewEvidence(title: "Quarterly access review")), in: scope)
            }
            #expect(item.title == "Quarterly access review")
            #expect(trace.decisions == [.uploadEvidence])

            // A refused title is refused before the bytes are kept, and says which field.
            let refused = await #expect(throws: DomainError.self) {
                try await service.ingest(
                    contentsOf: file,
                    .init(
                        fileName: "x.txt", period: nil, source: .init(kind: .upload, actor: "user:x"),
                        details: NewEvidence(title: "  ")), in: scope)
            }
            #expect(refused?.code == "invalid_title", "\(refused?.code ?? "")")
        }
    }
}
