import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Persistence
import TestSupport
import Testing

@testable import App
@testable import Web

/// Issue 11's findings 3 to 7, each reproduced as the attacker or the careless user would (finding 3,
/// the report drafts, is in ReportAPITests).
@Suite("Hardening: what a tenant could do that it should not")
struct HardeningFindingsTests {
    /// Finding 4: uploading a new version to an approved item kept it approved and counting toward readiness.
    @Test(arguments: TestDatabase.available)
    func aNewVersionResetsTheReview(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            var form = Multipart()
            form.field("title", "Quarterly access review")
            form.fileBytes = Array("reviewed,by\nall,olivia\n".utf8)
            let created = try await web.upload(form, token: token)
            let id = try #require((created.json["evidence"] as? [String: Any])?["id"] as? String)
            let approved = try await web.api(
                .post, "/api/v1/orgs/acme/evidence/\(id)/review", token: token, json: #"{"status":"approved","comment":"complete"}"#)
            #expect((approved.json["evidence"] as? [String: Any])?["status"] as? String == "approved")

            var swap = Multipart()
            swap.field("item_id", id)
            swap.fileBytes = Array("reviewed,by\nnobody,nobody\n".utf8)
            let versioned = try await web.upload(swap, token: token)
            let item = try #require(versioned.json["evidence"] as? [String: Any])
            #expect(item["status"] as? String == "ready", "new content waits for a new review")
            #expect(item["reviewer"] == nil || item["reviewer"] is NSNull)
            let events = try await web.api(.get, "/api/v1/orgs/acme/events", token: token).text
            #expect(events.contains("review_reset"), "the reset is in the log")
        }
    }

    /// Finding 5: the per-account limit was keyed on the raw email, so variants got fresh tries;
    /// behind a proxy every client shared the proxy's address.
    @Test func theThrottleCountsOneAccountWhateverItsSpelling() async throws {
        let throttle = LoginThrottle()
        for variant in [" sam@acme.example", "SAM@acme.example", "sam@acme.example\t", "Sam@Acme.Example ", "sam@acme.example"] {
            await throttle.recordFailure(account: variant, address: "198.51.100.\(variant.count)")
        }
        #expect(await throttle.refusal(account: "sam@acme.example\t", address: "203.0.113.9") != nil)
        #expect(await throttle.refusal(account: "erin@acme.example", address: "203.0.113.9") == nil)
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() {
        let addresses = ClientAddress(trustedProxies: ["10.0.0.2", "10.0.0.3"])
        #expect(addresses.resolve(peer: "203.0.113.7", forwardedFor: "1.2.3.4") == "203.0.113.7", "anyone can write the header")
        #expect(
            addresses.resolve(peer: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.4") == "198.51.100.4",
            "the proxy's own entry, not the client's claim")
        #expect(addresses.resolve(peer: "10.0.0.2", forwardedFor: "198.51.100.4, 10.0.0.3") == "198.51.100.4", "chained trusted proxies are skipped")
        #expect(addresses.resolve(peer: "10.0.0.2", forwardedFor: nil) == "10.0.0.2")
    }

    @Test(arguments: TestDatabase.available)
    func aSpelledDifferentlyPasswordDoesNotSignInWhileLocked(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            var browser = Browser(client: web.client)
            _ = try await browser.get("/login")
            let email = owner.email.rawValue
            for variant in [" \(email)", "\(email)\t", email.uppercased(), " \(email) ", email] {
                _ = try await browser.post("/login", form: ["email": variant, "password": "wrong-password-xyz"])
            }
            let locked = try await browser.post("/login", form: ["email": "\(email)\t", "password": Fixtures.password])
            #expect(locked.status == .tooManyRequests, "the variant is the same locked account")
        }
    }

    /// Finding 6: a token that expires tomorrow minted one that never expired.
    @Test(arguments: TestDatabase.available)
    func aTokenMadeWithATokenNeverOutlivesIt(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let tomorrow = Date().addingTimeInterval(86_400).roundedToMilliseconds
            let parent = try await web.store.tokens.create(for: owner, name: "short", expiresAt: tomorrow, actor: .user(owner.id))
            let child = try await web.api(.post, "/api/v1/tokens", token: parent.secret, json: #"{"name":"child"}"#)
            #expect(child.status == .created)
            #expect((child.json["token"] as? [String: Any])?["expires_at"] as? String == Timestamp.rfc3339(tomorrow), "it ends with its parent")
            let longer = try await web.api(.post, "/api/v1/tokens", token: parent.secret, json: #"{"name":"forever","expires_at":"2099-01-01"}"#)
            #expect(longer.status == .badRequest && longer.text.contains("cannot outlive"))
            let session = try await web.fixtures.token(for: owner)
            #expect(try await web.api(.post, "/api/v1/tokens", token: session, json: #"{"name":"free"}"#).status == .created)
        }
    }

    /// Finding 6: a TOTP code was accepted twice within its window.
    @Test(arguments: TestDatabase.available)
    func aSecondFactorCodeWorksOnce(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let totp = try await web.store.secondFactors.beginEnrolment(userID: owner.id)
            let now = Date()
            _ = try await web.store.secondFactors.confirmEnrolment(userID: owner.id, code: totp.code(at: now), now: now)
            #expect(
                try await web.store.secondFactors.verify(userID: owner.id, code: totp.code(at: now), now: now) == false, "the enrolment code is spent"
            )
            let next = now.addingTimeInterval(30)
            #expect(try await web.store.secondFactors.verify(userID: owner.id, code: totp.code(at: next), now: next))
            #expect(try await web.store.secondFactors.verify(userID: owner.id, code: totp.code(at: next), now: next) == false, "a replay")
            #expect(try await web.store.secondFactors.verify(userID: owner.id, code: totp.code(at: now), now: next) == false, "an older code")
        }
    }

    /// Finding 7: a reported engagement's scope could still change, and viewers could write.
    @Test func aReportedEngagementIsFrozenAndViewersOnlyRead() async throws {
        try await WebHarness.run(.sqlite) { web in
            let demo = try await DemoWorld.seed(web)
            let olivia = try await demo.token("olivia@acme.example")
            let vera = try await demo.token("vera@acme.example")
            let (org, live, reported) = (demo.org, demo.live, demo.reported)
            let rescoped = try await web.api(.put, "\(org)/engagements/\(reported)", token: olivia, json: ProgrammeAPITests.engagementJSON)
            #expect(rescoped.status == .conflict && rescoped.errorCode == "engagement_reported")
            let excluded = try await web.api(
                .post, "\(org)/engagements/\(reported)/applicability", token: olivia, json: #"{"criterion":"CC6.4","not_applicable_reason":"later"}"#)
            #expect(excluded.errorCode == "engagement_reported")

            let requests = try await web.api(.get, "\(org)/engagements/\(live)/requests", token: vera).json["requests"] as? [[String: Any]] ?? []
            let number = try #require(requests.first?["number"] as? String)
            let comment = try await web.api(
                .post, "\(org)/engagements/\(live)/requests/\(number)/actions", token: vera, json: #"{"action":"comment","text":"hello"}"#)
            #expect(comment.status == .forbidden, "a viewer reads the request list, and says nothing in it")
            let acknowledged = try await web.api(.post, "\(org)/policies/information-security/acknowledge", token: vera)
            #expect(acknowledged.status == .forbidden)
            #expect(try await web.api(.get, "\(org)/policies/information-security", token: vera).status == .ok)
        }
    }

    /// Finding 8: security headers on every response, refusals and errors included; API answers not
    /// cached; a refusal counted in the metrics as itself, not as a 500.
    @Test(arguments: TestDatabase.available)
    func everyResponseCarriesItsHeadersAndMetricsCountRefusalsAsThemselves(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let responses = [
                try await web.api(.get, "/api/v1/orgs/acme/engagements", token: token),
                try await web.api(.get, "/api/v1/orgs/nowhere/engagements", token: token),
                try await web.api(.get, "/api/v1/orgs/acme/engagements"),
                try await web.client.execute(uri: "/no/such/page", method: .get),
            ]
            for response in responses {
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(response.status)")
                #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(response.status)")
                #expect(response.headers[.init("Referrer-Policy")!] == "same-origin", "\(response.status)")
            }
            #expect(responses[0].headers[.cacheControl] == "no-store" && responses[1].headers[.cacheControl] == "no-store")
        }
    }

    /// Issue 11, finding 1: multipart fields are held in memory, so their number is bounded too.
    @Test(arguments: TestDatabase.available)
    func anUploadWithTooManyFieldsIsRefused(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            var form = Multipart()
            for index in 0..<40 { form.field("extra\(index)", "x") }
            form.fileBytes = Array("a,b\n".utf8)
            let refused = try await web.upload(form, token: try await web.fixtures.token(for: owner))
            #expect(refused.status == .badRequest && refused.text.contains("more than 32 fields"))
        }
    }
}

/// Issue 11, finding 6: adding a member by email revealed whether the address had an account and
/// added them without consent.
@Suite("Invitations")
struct InvitationTests {
    @Test(arguments: TestDatabase.available)
    func peopleJoinOnlyByAcceptingAndInvitingRevealsNothing(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let (_, other) = try await web.fixtures.organization("globex")
            let erin = try await web.fixtures.user("erin@globex.example", in: "globex", role: .member)
            let ownerToken = try await web.fixtures.token(for: owner)
            let path = "/api/v1/orgs/acme/members"
            let existing = try await web.api(.post, path, token: ownerToken, json: #"{"email":"erin@globex.example","role":"member"}"#)
            let nobody = try await web.api(.post, path, token: ownerToken, json: #"{"email":"nobody@nowhere.example","role":"member"}"#)
            #expect(existing.status == .accepted && nobody.status == .accepted, "the same answer, account or not")
            #expect(Set(existing.json.keys) == Set(nobody.json.keys))
            let members = try await web.api(.get, path, token: ownerToken).json["members"] as? [[String: Any]] ?? []
            #expect(!members.contains { $0["email"] as? String == "erin@globex.example" }, "not a member before accepting")

            let erinToken = try await web.fixtures.token(for: erin)
            #expect(try await web.api(.get, "/api/v1/orgs/acme", token: erinToken).status == .notFound)
            let open = try await web.api(.get, "/api/v1/invitations", token: erinToken).json["invitations"] as? [[String: Any]] ?? []
            let id = try #require(open.first?["id"] as? String)
            #expect(open.first?["organization"] as? String == "Acme" && open.first?["role"] as? String == "member")
            // Only the invitee answers: the owner who sent it, or anyone else, gets not found.
            #expect(try await web.api(.post, "/api/v1/invitations/\(id)/accept", token: ownerToken).status == .notFound)
            #expect(try await web.api(.post, "/api/v1/invitations/\(id)/accept", token: try await web.fixtures.token(for: other)).status == .notFound)
            let accepted = try await web.api(.post, "/api/v1/invitations/\(id)/accept", token: erinToken)
            #expect(accepted.status == .ok && (accepted.json["invitation"] as? [String: Any])?["status"] as? String == "accepted")
            #expect(try await web.api(.get, "/api/v1/orgs/acme", token: erinToken).status == .ok, "a member now")
            #expect(try await web.api(.post, "/api/v1/invitations/\(id)/accept", token: erinToken).status == .notFound, "answered once")
            let events = try await web.api(.get, "/api/v1/orgs/acme/events", token: ownerToken).text
            #expect(events.contains("invited") && events.contains("invitation_accepted"), "both steps are in the log")

            _ = try await web.api(.post, path, token: ownerToken, json: #"{"email":"erin@globex.example","role":"admin"}"#)
            let changed = try await web.api(.post, path, token: ownerToken, json: #"{"email":"erin@globex.example","role":"viewer"}"#)
            #expect(changed.status == .ok, "a member's role changes at once")

            let declinedInvite = try await web.api(.post, path, token: ownerToken, json: #"{"email":"owner@globex.example","role":"viewer"}"#)
            #expect(declinedInvite.status == .accepted)
            let otherToken = try await web.fixtures.token(for: other)
            let theirs = try await web.api(.get, "/api/v1/invitations", token: otherToken).json["invitations"] as? [[String: Any]] ?? []
            let declined = try await web.api(.post, "/api/v1/invitations/\(try #require(theirs.first?["id"] as? String))/decline", token: otherToken)
            #expect((declined.json["invitation"] as? [String: Any])?["status"] as? String == "declined")
            #expect(try await web.api(.get, "/api/v1/orgs/acme", token: otherToken).status == .notFound)
        }
    }
}

/// Issue 11, finding 8: auditor grants are the client owner's to give, extend and revoke, in the
/// API and the browser, and each change is in the log.
@Suite("Auditor grants")
struct GrantTests {
    @Test(arguments: TestDatabase.available)
    func theOwnerGrantsExtendsAndRevokesAuditorAccess(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            try await web.fixtures.organization("assure", kind: .auditFirm)
            let alex = try await web.fixtures.user("alex@assure.example", in: "assure", role: .member)
            let admin = try await web.fixtures.user("ada@acme.example", in: "acme", role: .admin)
            let (_, outsider) = try await web.fixtures.organization("globex")
            let ownerToken = try await web.fixtures.token(for: owner)
            let alexToken = try await web.fixtures.token(for: alex)
            let path = "/api/v1/orgs/acme/grants"
            let body = #"{"auditor":"alex@assure.example","audit_firm":"assure","expires_at":"2099-01-31"}"#
            #expect(try await web.api(.post, path, token: try await web.fixtures.token(for: admin), json: body).status == .forbidden)
            #expect(try await web.api(.post, path, token: try await web.fixtures.token(for: outsider), json: body).status == .notFound)
            #expect(try await web.api(.get, "/api/v1/orgs/acme", token: alexToken).status == .notFound)
            let made = try await web.api(.post, path, token: ownerToken, json: body)
            #expect(made.status == .created, "\(made.text)")
            let id = try #require((made.json["grant"] as? [String: Any])?["id"] as? String)
            #expect(try await web.api(.get, "/api/v1/orgs/acme", token: alexToken).status == .ok, "the auditor reaches the client")
            let listed = try await web.api(.get, path, token: ownerToken).json["grants"] as? [[String: Any]] ?? []
            #expect(listed.first?["auditor"] as? String == "alex@assure.example" && listed.first?["active"] as? Bool == true)
            let extended = try await web.api(.patch, "\(path)/\(id)", token: ownerToken, json: #"{"expires_at":"2099-06-30"}"#)
            #expect((extended.json["grant"] as? [String: Any])?["expires_at"] as? String == "2099-06-30T23:59:59.999Z")
            #expect(
                try await web.api(.patch, "\(path)/\(id)", token: ownerToken, json: #"{"expires_at":"2001-01-01"}"#).status == .unprocessableContent)
            #expect(try await web.api(.delete, "\(path)/\(id)", token: ownerToken).status == .noContent)
            #expect(try await web.api(.get, "/api/v1/orgs/acme", token: alexToken).status == .notFound, "revoked: gone at once")
            #expect(try await web.api(.delete, "\(path)/\(id)", token: ownerToken).status == .conflict)
            let events = try await web.api(.get, "/api/v1/orgs/acme/events", token: ownerToken).text
            #expect(events.contains("granted") && events.contains("extended") && events.contains("revoked"))

            var browser = try await web.signIn(owner.email.rawValue)
            let page = try await browser.get("/orgs/acme/members")
            #expect(page.text.contains("(revoked)") && page.text.contains("Grant access"))
            let again = try await browser.submit(
                "/orgs/acme/grants", form: ["auditor": "alex@assure.example", "audit_firm": "assure", "expires_at": "2099-03-31"])
            #expect(again.status == .ok && again.text.contains("Access granted until 2099-03-31"))
        }
    }
}
