import ComplianceCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing
import Web

@Suite("Pages, sessions and CSRF")
struct PageTests {
    @Test(arguments: TestDatabase.available)
    func signInWalkTheShellAndSignOut(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            var browser = try await web.signIn(owner.email.rawValue)
            let dashboard = try await browser.get("/orgs/acme")
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("<h1>Acme</h1>"))
            #expect(dashboard.text.contains("<svg"))
            for path in [
                "/criteria", "/criteria?category=privacy&q=breach", "/orgs/acme/members", "/orgs/acme/events", "/settings/tokens",
                "/settings/security",
            ] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.text.contains("<main id=\"content\""), "\(path)")
            }
            #expect(try await browser.get("/criteria?q=breach").text.contains("P6.3"))
            #expect(try await browser.post("/logout", form: [:]).status == .seeOther)
            let after = try await browser.get("/orgs/acme")
            #expect(after.status == .seeOther)
            #expect(after.headers[.location] == "/login")
        }
    }

    @Test(arguments: TestDatabase.available)
    func unsafeRequestsNeedTheCSRFToken(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            _ = try await web.store.users.create(email: try EmailAddress("new@acme.example"), name: "New", password: Fixtures.password)

            var stranger = Browser(client: web.client)
            _ = try await stranger.get("/login")
            let noToken = try await stranger.post("/login", form: ["email": owner.email.rawValue, "password": Fixtures.password], csrf: "")
            #expect(noToken.status == .forbidden)
            let forged = try await stranger.post("/login", form: ["email": owner.email.rawValue, "password": Fixtures.password], csrf: "forged")
            #expect(forged.status == .forbidden)

            var browser = try await web.signIn(owner.email.rawValue)
            _ = try await browser.get("/orgs/acme/members")
            let missing = try await browser.post("/orgs/acme/members", form: ["email": "new@acme.example", "role": "viewer"], csrf: "")
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("security token"))
            let wrong = try await browser.post("/orgs/acme/members", form: ["email": "new@acme.example", "role": "viewer"], csrf: "0123456789abcdef")
            #expect(wrong.status == .forbidden)
            // Issue 11, finding 6: someone not yet a member is invited, never added without consent.
            let good = try await browser.submit("/orgs/acme/members", form: ["email": "new@acme.example", "role": "viewer"])
            #expect(good.status == .ok)
            #expect(good.text.contains("new@acme.example is invited as viewer"))
            let again = try await browser.get("/orgs/acme/members")
            #expect(!again.text.contains("is invited as viewer"), "a reload neither repeats nor re-says it")
            #expect(!again.text.contains(">New<"), "not a member until they accept")
            // A session cookie on the JSON API needs the header too.
            let apiWithCookie = try await web.client.execute(
                uri: "/api/v1/tokens", method: .post,
                headers: [.cookie: "attest_session=\(browser.cookies["attest_session"]!)", .contentType: "application/json"],
                body: .init(string: #"{"name":"x"}"#))
            #expect(apiWithCookie.status == .forbidden)
        }
    }

    @Test(arguments: TestDatabase.available)
    func formsRerenderWithTheMessage(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            var browser = try await web.signIn(owner.email.rawValue)
            _ = try await browser.get("/orgs/acme/members")
            let invalid = try await browser.post("/orgs/acme/members", form: ["email": "not an email", "role": "viewer"])
            #expect(invalid.status == .badRequest)
            #expect(invalid.text.contains("is not a valid email address"))
            #expect(invalid.text.contains("value=\"not an email\""))
            // An address with no account gets the same answer as one with an account: nothing is revealed.
            let unknown = try await browser.submit("/orgs/acme/members", form: ["email": "ghost@acme.example", "role": "viewer"])
            #expect(unknown.status == .ok && unknown.text.contains("ghost@acme.example is invited as viewer"))
            _ = try await browser.get("/settings/tokens")
            let created = try await browser.post("/settings/tokens", form: ["name": "laptop", "expires": ""])
            #expect(created.status == .created)
            #expect(created.text.contains("atk_"))
            let badDate = try await browser.post("/settings/tokens", form: ["name": "laptop", "expires": "31/12/2030"])
            #expect(badDate.status == .badRequest)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aCookieFromAnotherDataDirectoryOpensNothing(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            try await web.fixtures.organization("acme")
            let response = try await web.client.execute(
                uri: "/orgs/acme", method: .get, headers: [.cookie: "attest_session=ZnJvbS1hbm90aGVyLWRhdGEtZGly"])
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/login")
            let api = try await web.client.execute(
                uri: "/api/v1/orgs", method: .get, headers: [.cookie: "attest_session=ZnJvbS1hbm90aGVyLWRhdGEtZGly"])
            #expect(api.status == .unauthorized)
        }
    }

    @Test(arguments: TestDatabase.available)
    func repeatedFailuresAreThrottled(_ database: TestDatabase) async throws {
        try await WebHarness.run(database, throttle: LoginThrottle(limits: .init(perAccount: 3, perAddress: 10, window: 60))) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            var browser = Browser(client: web.client)
            _ = try await browser.get("/login")
            for _ in 0..<3 {
                let failed = try await browser.post("/login", form: ["email": owner.email.rawValue, "password": "wrong-password-xyz"])
                #expect(failed.status == .unauthorized)
                #expect(failed.text.contains("The email or password is not right."))
            }
            let blocked = try await browser.post("/login", form: ["email": owner.email.rawValue, "password": Fixtures.password])
            #expect(blocked.status == .tooManyRequests)
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 > 0)
            // Another account from the same address is still allowed until the address limit.
            let (_, other) = try await web.fixtures.organization("globex")
            _ = try await web.signIn(other.email.rawValue)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aSecondFactorIsAskedForWhenEnabled(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let totp = try await web.store.secondFactors.beginEnrolment(userID: owner.id)
            let recovery = try await web.store.secondFactors.confirmEnrolment(userID: owner.id, code: totp.code(at: Date()))

            var browser = Browser(client: web.client)
            _ = try await browser.get("/login")
            let step = try await browser.post("/login", form: ["email": owner.email.rawValue, "password": Fixtures.password])
            #expect(step.status == .ok)
            #expect(step.text.contains("Authentication code"))
            #expect(try await browser.get("/orgs/acme").status == .seeOther)
            let wrong = try await browser.post("/login/code", form: ["code": "000000"])
            #expect(wrong.status == .unauthorized)
            // The enrolment spent the current step's code (issue 11, finding 6): sign in with the next one.
            let right = try await browser.post("/login/code", form: ["code": totp.code(at: Date().addingTimeInterval(30))])
            #expect(right.status == .seeOther)
            #expect(try await browser.get("/orgs/acme").status == .ok)

            var second = Browser(client: web.client)
            _ = try await second.get("/login")
            _ = try await second.post("/login", form: ["email": owner.email.rawValue, "password": Fixtures.password])
            #expect(try await second.post("/login/code", form: ["code": recovery[3]]).status == .seeOther)
        }
    }

    @Test(arguments: TestDatabase.available)
    func hostileTextIsShownLiterally(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let name = "<script>alert('x')</script> Robert'); DROP TABLE users;--"
            _ = try await web.store.organizations.create(slug: try Slug("evil"), name: name, kind: .serviceOrganization, actor: .cli("t"))
            let owner = try await web.fixtures.user("owner@evil.example", in: "evil", role: .owner)
            var browser = try await web.signIn(owner.email.rawValue)
            let page = try await browser.get("/orgs/evil")
            #expect(!page.text.contains("<script>"))
            #expect(page.text.contains("&lt;script&gt;"))
            #expect(try await web.store.organizations.find(slug: "evil")?.name == name)
        }
    }

    @Test func quotesCannotBreakOutOfAttributes() async throws {
        try await WebHarness.run(.sqlite) { web in
            _ = try await web.store.organizations.create(
                slug: try Slug("quote"), name: #"Q" onmouseover="alert(1)"#, kind: .serviceOrganization, actor: .cli("t"))
            let owner = try await web.fixtures.user(#"o"onfocus="x@quote.example"#, in: "quote", role: .owner)
            var browser = try await web.signIn(owner.email.rawValue)
            let page = try await browser.get("/orgs/quote/members")
            // In attributes the quotes are escaped; in text they are harmless and shown as they are.
            #expect(!page.text.contains(#"title="o"onfocus"#))
            #expect(!page.text.contains(#"value="o"onfocus"#))
            #expect(page.text.contains(#"value="o&quot;onfocus=&quot;x@quote.example""#))
            #expect(page.text.contains(#"<h1>Members of Q" onmouseover="alert(1)</h1>"#))
            let form = try await browser.post("/orgs/quote/members", form: ["email": #""><script>alert(1)</script>"#, "role": "viewer"])
            #expect(form.status == .badRequest)
            #expect(!form.text.contains("<script>alert(1)"))
        }
    }

    @Test func unknownPagesAre404Pages() async throws {
        try await WebHarness.run(.sqlite) { web in
            let response = try await web.client.execute(uri: "/no/such/page", method: .get)
            #expect(response.status == .notFound)
            #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
            let api = try await web.client.execute(uri: "/api/v1/nothing", method: .get)
            #expect(api.status == .notFound)
            #expect(api.errorCode == "not_found")
        }
    }
}
