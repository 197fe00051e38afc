import ComplianceCore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Persistence
import TestSupport
import Testing
import UseCases

@Suite("Access review campaigns")
struct AccessReviewAPITests {
    static let roster = """
        email,name,start_date,end_date,manager,department,title,type
        owner@acme.example,Olive Owner,2020-01-01,,,Exec,CEO,employee
        admin@acme.example,Ada Admin,2021-01-01,,owner@acme.example,Security,Security Officer,employee
        dev@acme.example,Dev Person,2022-01-01,,admin@acme.example,Eng,Engineer,employee
        """
    static let header = "account,email,created_at,disabled_at,privileged\n"

    @Test(arguments: TestDatabase.available)
    func aRevocationKeepsTheCampaignOpenUntilAListingShowsItDone(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme", owner: "owner@acme.example")
            let admin = try await web.fixtures.user("admin@acme.example", in: "acme", role: .admin)
            let (ownerToken, adminToken) = (try await web.fixtures.token(for: owner), try await web.fixtures.token(for: admin))
            let scope = try await web.fixtures.scope("acme", as: owner)
            let people = Workflows(intake: web.evidence).people
            _ = try await people.importRoster(Array(Self.roster.utf8), file: "roster.csv", in: scope)
            let first = Self.header + "ada,admin@acme.example,2021-01-02,,true\ndev,dev@acme.example,2022-01-02,,false\nold,,2019-01-01,,false\n"
            _ = try await people.importAccounts(Array(first.utf8), system: "salesforce", file: "sf.csv", in: scope)
            let base = "/api/v1/orgs/acme/access/reviews"

            let started = try await web.api(
                .post, base, token: ownerToken, json: #"{"system":"salesforce","period_start":"2026-07-01","period_end":"2026-09-30"}"#)
            #expect(started.status == .created, "\(started.text.prefix(300))")
            let review = started.json["review"] as? [String: Any] ?? [:]
            let id = try #require(review["id"] as? String)
            #expect((review["items"] as? [[String: Any]])?.count == 3 && review["source_count"] as? Int == 3)

            // Ada may not decide on her own account; the owner does.
            let own = try await web.api(.post, "\(base)/\(id)/decisions", token: adminToken, json: #"{"account":"ada","decision":"keep"}"#)
            #expect(own.status == .forbidden && own.text.contains("own access"), "\(own.text.prefix(200))")
            let noReason = try await web.api(.post, "\(base)/\(id)/decisions", token: adminToken, json: #"{"account":"old","decision":"revoke"}"#)
            #expect(noReason.status == .unprocessableContent)
            let unknown = try await web.api(.post, "\(base)/\(id)/decisions", token: adminToken, json: #"{"account":"ghost","decision":"keep"}"#)
            #expect(unknown.status == .unprocessableContent)
            for (token, body) in [
                (ownerToken, #"{"account":"ada","decision":"keep"}"#), (adminToken, #"{"account":"dev","decision":"keep","reason":null}"#),
                (adminToken, #"{"account":"old","decision":"revoke","reason":"No owner; created by a departed admin."}"#),
            ] {
                let decided = try await web.api(.post, "\(base)/\(id)/decisions", token: token, json: body)
                #expect(decided.status == .ok, "\(decided.text.prefix(200))")
            }

            // Not closed while no later listing shows the revocation done.
            var closing = try await web.api(.post, "\(base)/\(id)/close", token: ownerToken, json: "{}")
            #expect(closing.status == .conflict && closing.text.contains("old"), "\(closing.text.prefix(300))")
            let later =
                Self.header
                + "ada,admin@acme.example,2021-01-02,,true\ndev,dev@acme.example,2022-01-02,,false\nold,,2019-01-01,2026-10-02T10:00:00Z,false\n"
            try await Task.sleep(for: .milliseconds(5))
            let proof = try await people.importAccounts(Array(later.utf8), system: "salesforce", file: "sf2.csv", in: scope)
            closing = try await web.api(.post, "\(base)/\(id)/close", token: ownerToken, json: "{}")
            #expect(closing.status == .ok, "\(closing.text.prefix(300))")
            let closed = closing.json["review"] as? [String: Any] ?? [:]
            #expect(closed["status"] as? String == "closed")
            let old = (closed["items"] as? [[String: Any]])?.first { $0["account"] as? String == "old" }
            #expect(((old?["proof"] as? [String: Any])?["listing_id"] as? String)?.lowercased() == proof.id.uuidString.lowercased())
            let evidence = try #require(closed["evidence_id"] as? String)
            let item = try await web.api(.get, "/api/v1/orgs/acme/evidence/\(evidence)", token: ownerToken)
            #expect(item.status == .ok && item.text.contains("CC6.2"), "\(item.text.prefix(300))")
            #expect(
                try await web.api(.post, "\(base)/\(id)/decisions", token: ownerToken, json: #"{"account":"dev","decision":"keep"}"#).status
                    == .conflict)

            // The next campaign shows what changed.
            let next = try await web.api(
                .post, base, token: ownerToken, json: #"{"system":"salesforce","period_start":"2026-10-01","period_end":"2026-12-31"}"#)
            let changes = (next.json["review"] as? [String: Any])?["changes"] as? [String: Any]
            #expect(changes?["removed"] as? [String] == ["old"], "\(next.text.prefix(300))")

            // Bad input and the other tenant.
            #expect(
                try await web.api(.post, base, token: ownerToken, json: #"{"system":"jira","period_start":"2026-07-01","period_end":"2026-09-30"}"#)
                    .status == .unprocessableContent)
            #expect(
                try await web.api(
                    .post, base, token: ownerToken, json: #"{"system":"salesforce","period_start":"2026-09-30","period_end":"2026-07-01"}"#
                ).status == .unprocessableContent)
            let (_, stranger) = try await web.fixtures.organization("rival")
            let rival = try await web.fixtures.token(for: stranger)
            #expect(try await web.api(.get, "\(base)/\(id)", token: rival).status == .notFound)
            #expect(
                try await web.api(.post, "\(base)/\(id)/decisions", token: rival, json: #"{"account":"dev","decision":"keep"}"#).status == .notFound)
        }
    }

    @Test func theDemoHasAFinishedQuarterlyCampaignWithAProvenRevocation() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let alex = try await demo.token("alex@example-assurance.example")
            let reviews = try await web.api(.get, "\(demo.org)/access/reviews", token: alex).json["reviews"] as? [[String: Any]] ?? []
            let review = try #require(reviews.first)
            #expect(review["status"] as? String == "closed" && review["system"] as? String == "github" && review["revoked"] as? Int == 1)
            let fran = (review["items"] as? [[String: Any]])?.first { $0["account"] as? String == "fran-f" }
            #expect((fran?["proof"] as? [String: Any])?["listing_id"] != nil, "proven by this week's listing")
            // The auditor inspects; deciding is the client's.
            let id = try #require(review["id"] as? String)
            let refused = try await web.api(
                .post, "\(demo.org)/access/reviews/\(id)/decisions", token: alex, json: #"{"account":"dana-d","decision":"keep"}"#)
            #expect(refused.status == .forbidden)
        }
    }
}
