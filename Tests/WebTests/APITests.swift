import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

@Suite("The JSON API")
struct APITests {
    @Test(arguments: TestDatabase.available)
    func healthAndMetricsNeedNoToken(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let health = try await web.api(.get, "/healthz")
            #expect(health.status == .ok)
            #expect(health.text == #"{"status":"ok"}"#)
            // Issue 11, finding 8: metrics are for the operator's scraper, with its own token.
            #expect(try await web.api(.get, "/metrics").status == .unauthorized)
            #expect(try await web.api(.get, "/metrics", token: "atk_not-the-metrics-token").status == .unauthorized)
            #expect(try await web.api(.get, "/metrics", token: WebHarness.metricsToken).status == .ok)
            #expect(health.headers[.init("X-Request-Id")!] != nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func criteriaWithAToken(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let all = try await web.api(.get, "/api/v1/criteria", token: token)
            #expect(all.status == .ok)
            let criteria = try #require(all.json["criteria"] as? [[String: Any]])
            #expect(criteria.count == 61)
            var counts: [String: Int] = [:]
            for criterion in criteria { counts[criterion["category"] as? String ?? "", default: 0] += 1 }
            #expect(counts == ["security": 33, "availability": 3, "processing_integrity": 5, "confidentiality": 2, "privacy": 18])
            #expect(criteria.first?["points_of_focus"] is [String])

            let privacy = try await web.api(.get, "/api/v1/criteria?category=privacy", token: token)
            #expect(privacy.json["count"] as? Int == 18)
            let one = try await web.api(.get, "/api/v1/criteria/CC6.1", token: token)
            #expect((one.json["criterion"] as? [String: Any])?["id"] as? String == "CC6.1")

            let badCategory = try await web.api(.get, "/api/v1/criteria?category=securty", token: token)
            #expect(badCategory.status == .badRequest)
            #expect(badCategory.errorCode == "invalid_category")
            let missing = try await web.api(.get, "/api/v1/criteria/CC99.1", token: token)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
    }

    @Test(arguments: TestDatabase.available)
    func tokensThatDoNotWorkAreRefused(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            #expect(try await web.api(.get, "/api/v1/criteria").status == .unauthorized)
            let garbage = try await web.api(.get, "/api/v1/criteria", token: "atk_not-a-real-token")
            #expect(garbage.status == .unauthorized)
            #expect(garbage.errorCode == "invalid_token")
            let basic = try await web.client.execute(uri: "/api/v1/orgs", method: .get, headers: [.authorization: "Basic YTpi"])
            #expect(basic.status == .unauthorized)

            let revoked = try await web.store.tokens.create(for: owner, name: "old", actor: .cli("t"))
            try await web.store.tokens.revoke(revoked.token.id, of: owner.id, actor: .cli("t"))
            #expect(try await web.api(.get, "/api/v1/orgs", token: revoked.secret).status == .unauthorized)

            // Made an hour ago, expired a minute ago.
            let expired = try await web.store.tokens.create(
                for: owner, name: "short", expiresAt: Date().addingTimeInterval(-60), actor: .cli("t"), now: Date().addingTimeInterval(-3600))
            #expect(try await web.api(.get, "/api/v1/orgs", token: expired.secret).status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func organisationsMembersAndEvents(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            try await web.fixtures.organization("globex")
            try await web.fixtures.user("erin@acme.example", in: "acme", role: .member)
            let token = try await web.fixtures.token(for: owner)

            let orgs = try await web.api(.get, "/api/v1/orgs", token: token)
            let list = try #require(orgs.json["organizations"] as? [[String: Any]])
            #expect(list.map { $0["slug"] as? String } == ["acme"])
            #expect(list.first?["access"] as? String == "owner")

            let members = try await web.api(.get, "/api/v1/orgs/acme/members", token: token)
            #expect((members.json["members"] as? [[String: Any]])?.count == 2)

            let changed = try await web.api(.post, "/api/v1/orgs/acme/members", token: token, json: #"{"email":"erin@acme.example","role":"admin"}"#)
            #expect(changed.status == .ok)
            #expect((changed.json["member"] as? [String: Any])?["role"] as? String == "admin")

            let removed = try await web.api(.delete, "/api/v1/orgs/acme/members/erin@acme.example", token: token)
            #expect(removed.status == .noContent)

            let events = try await web.api(.get, "/api/v1/orgs/acme/events?limit=2", token: token)
            let page = try #require(events.json["events"] as? [[String: Any]])
            #expect(page.count == 2)
            #expect(page.first?["action"] as? String == "removed")
            #expect((page.first?["hash"] as? String)?.count == 64)
            #expect(events.json["next_before"] as? Int != nil)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/events?limit=0", token: token).status == .badRequest)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/events?before=x", token: token).status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.available)
    func badBodiesGetClearErrors(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let path = "/api/v1/orgs/acme/members"
            let cases: [(String, String, Int, String)] = [
                (#"{"email": "erin@acme.example", "role": "admin""#, "application/json", 400, "invalid_json"),
                (#"[1, 2]"#, "application/json", 400, "invalid_json"),
                (#"{"email":"erin@acme.example","role":"admin"}"#, "text/plain", 415, "unsupported_media_type"),
                (#"{"email":"erin@acme.example","role":"admin","admin":true}"#, "application/json", 400, "unknown_field"),
                (#"{"email":"erin@acme.example","role":7}"#, "application/json", 400, "invalid_field"),
                (#"{"email":"erin@acme.example","role":"emperor"}"#, "application/json", 400, "invalid_field"),
                (#"{"email":"not an email","role":"admin"}"#, "application/json", 400, "invalid_email"),
                (#"{"role":"admin"}"#, "application/json", 400, "invalid_field"),
                (
                    #"{"email":"x@y.example","role":"admin","pad":"\#(String(repeating: "x", count: 1_100_000))"}"#, "application/json", 413,
                    "body_too_large"
                ),
            ]
            for (body, type, status, code) in cases {
                let response = try await web.api(.post, path, token: token, json: body, contentType: type)
                #expect(Int(response.status.code) == status, "\(body.prefix(60)) → \(response.text.prefix(200))")
                #expect(response.errorCode == code, "\(body.prefix(60)) → \(response.text.prefix(200))")
                #expect((response.json["error"] as? [String: Any])?["message"] is String)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func tokensOverTheAPI(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let created = try await web.api(.post, "/api/v1/tokens", token: token, json: #"{"name":"deploy","expires_at":"2099-01-01"}"#)
            #expect(created.status == .created)
            let secret = try #require(created.json["secret"] as? String)
            #expect(try await web.api(.get, "/api/v1/orgs", token: secret).status == .ok)
            let id = try #require((created.json["token"] as? [String: Any])?["id"] as? String)
            let list = try await web.api(.get, "/api/v1/tokens", token: token)
            #expect((list.json["tokens"] as? [[String: Any]])?.count == 2)
            #expect(!list.text.contains(secret))
            #expect(try await web.api(.delete, "/api/v1/tokens/\(id)", token: token).status == .noContent)
            #expect(try await web.api(.get, "/api/v1/orgs", token: secret).status == .unauthorized)
            #expect(try await web.api(.delete, "/api/v1/tokens/\(UUID())", token: token).status == .notFound)
            #expect(
                try await web.api(.post, "/api/v1/tokens", token: token, json: #"{"name":"x","expires_at":"soon"}"#).errorCode == "invalid_expires_at"
            )
            #expect(try await web.api(.post, "/api/v1/tokens", token: token, json: #"{"name":""}"#).status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.available)
    func auditorsUseTheirGrantAndLoseItWhenItExpires(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            try await web.fixtures.organization("assure", kind: .auditFirm)
            let auditor = try await web.fixtures.user("alex@assure.example", in: "assure", role: .member)
            let former = try await web.fixtures.user("fred@assure.example", in: "assure", role: .member)
            let scope = try await web.fixtures.scope("acme", as: owner)
            _ = try await web.store.memberships.grant(
                auditor: auditor.email, of: try Slug("assure"), until: Date().addingTimeInterval(3600), in: scope)
            // Fred's grant ran for a day and ended a minute ago.
            _ = try await web.store.memberships.grant(
                auditor: former.email, of: try Slug("assure"), until: Date().addingTimeInterval(-60), in: scope,
                now: Date().addingTimeInterval(-86_400))
            let token = try await web.fixtures.token(for: auditor)
            let events = try await web.api(.get, "/api/v1/orgs/acme/events", token: token)
            #expect(events.status == .ok)
            let write = try await web.api(.post, "/api/v1/orgs/acme/members", token: token, json: #"{"email":"alex@assure.example","role":"admin"}"#)
            #expect(write.status == .forbidden)
            let after = try await web.api(.get, "/api/v1/orgs/acme/events", token: try await web.fixtures.token(for: former))
            #expect(after.status == .notFound)
        }
    }
}
