import Collectors
import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing
import UseCases

@Suite("A collector's listing frozen as a population")
struct ListingPopulationTests {
    @Test(arguments: TestDatabase.available)
    func theAuditorFreezesAListingWithItsCompletenessAndAnIncompleteOneIsRefused(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let world = try await FieldworkAPITests.world(web)
            let workflows = Workflows(intake: web.evidence)
            let acme = try await web.store.organizations.operatorScope(slug: "acme")
            let complete = try await workflows.collectors.record(CollectorRunAPITests.result(), permit: try workflows.collectors.permit(acme))
            #expect(
                try await web.api(
                    .post, "\(world.base)/independence", token: world.alex, json: #"{"statement":"I am independent of Acme and its management."}"#
                ).status == .created)
            let body = #"{"run_id": "\#(complete.id.uuidString.lowercased())", "listing": "iam-users", "controls": ["CHG-01"]}"#
            #expect(try await web.api(.post, "\(world.base)/populations/from-listing", token: world.owner, json: body).status == .forbidden)
            #expect(try await web.api(.post, "\(world.base)/populations/from-listing", token: world.bob, json: body).status == .notFound)
            let frozen = try await web.api(.post, "\(world.base)/populations/from-listing", token: world.alex, json: body)
            #expect(frozen.status == .created, "\(frozen.text)")
            let population = try #require(frozen.json["population"] as? [String: Any])
            #expect((population["scan"] as? [String: Any])?["rows"] as? Int == 2)
            #expect((population["completeness_procedure"] as? String)?.contains("equal to the source's own count (2)") == true)
            #expect((population["source_system"] as? String)?.hasPrefix("AWS 123456789012") == true)
            #expect((population["extraction_query"] as? String)?.contains("iam:ListUsers") == true)

            // A listing one row short of the source's count cannot be sampled from.
            let short = CollectorRunAPITests.result()
            let partial = CollectionResult(
                connector: short.connector, connectorVersion: short.connectorVersion, account: short.account, regions: short.regions,
                startedAt: short.startedAt.addingTimeInterval(60), finishedAt: short.finishedAt.addingTimeInterval(60), calls: short.calls,
                outcomes: short.outcomes,
                listings: [
                    Listing(
                        name: "iam-users", title: "IAM users", columns: ["user"], rows: [["alice"]], query: "iam:ListUsers", sourceCount: 2,
                        sourceCountQuery: "iam:GetAccountSummary")
                ])
            let incomplete = try await workflows.collectors.record(partial, permit: try workflows.collectors.permit(acme))
            let refused = try await web.api(
                .post, "\(world.base)/populations/from-listing", token: world.alex,
                json: #"{"run_id": "\#(incomplete.id.uuidString.lowercased())", "listing": "iam-users"}"#)
            #expect(refused.status == .unprocessableContent && refused.text.contains("incomplete"), "\(refused.text)")
            let missing = try await web.api(
                .post, "\(world.base)/populations/from-listing", token: world.alex,
                json: #"{"run_id": "\#(complete.id.uuidString.lowercased())", "listing": "github-members"}"#)
            #expect(missing.status == .notFound)
            let unknownRun = try await web.api(
                .post, "\(world.base)/populations/from-listing", token: world.alex,
                json: #"{"run_id": "\#(UUID().uuidString)", "listing": "iam-users"}"#)
            #expect(unknownRun.status == .notFound)
        }
    }
}
