import Collectors
import ComplianceCore
import Foundation
import TestSupport
import Testing

@Suite("Okta collector against a local Okta")
struct OktaCollectorTests {
    static func collector(_ url: URL, token: String = "00okta-test-token") -> OktaCollector {
        OktaCollector(http: CollectorHTTP(timeout: .seconds(90), retry: .fast), token: token, base: url)
    }

    @Test func verdictsCoverEveryPageAndNameTheFailingUsers() async throws {
        try await FakeOkta(rateLimitOnce: true).run { url in
            let result = try await Self.collector(url).run()
            #expect(result.connector == "okta" && result.account == "127.0.0.1")
            #expect(result.errors.isEmpty, "\(result.errors)")
            let mfa = try #require(result.outcome("okta_active_users_mfa_enrolled"))
            // 450 users less nine suspended and one staged; an expired password can still get in.
            #expect(mfa.resources.count == 440, "all three pages, active users only")
            #expect(result.failing("okta_active_users_mfa_enrolled") == Set([1, 10, 11, 20].map(FakeOkta.email)), "a pending factor is not enrolled")
            #expect(result.failing("okta_admins_mfa_enrolled") == [FakeOkta.email(1)])
            #expect(result.outcome("okta_admins_mfa_enrolled")?.resources.count == 3, "both pages of role assignments")
            #expect(result.outcome("okta_admins_limited")?.status == .pass)
            #expect(result.failing("okta_active_users_signed_in_recently") == Set([3, 4, 8].map(FakeOkta.email)), "old and never signed in")
            #expect(
                result.outcome("okta_active_users_signed_in_recently")?.resources.contains { $0.id == FakeOkta.email(445) } == false,
                "a user made ten days ago is not dormant")
            let users = try #require(result.listings.first { $0.name == "okta-users" })
            #expect(users.rows.count == 455, "deprovisioned users are listed too, for the leavers' reconciliation")
            let leaver = try #require(users.rows.first { $0[1] == "leaver2@acme.test" })
            #expect(leaver[3] == "deprovisioned" && leaver[7] == "2026-06-03T17:30:00.000Z", "when access ended")
            #expect(users.rows.first { $0[1] == FakeOkta.email(0) }?[4] == "admin")
            #expect(result.calls.first { $0.action == "okta:GET /api/v1/users" }.map { $0.retries >= 1 } == true, "429 waited out")
        }
    }

    @Test func aRefusedFactorIsAnErrorNeverAPass() async throws {
        try await FakeOkta(factorsRefused: true).run { url in
            let result = try await Self.collector(url).run()
            let mfa = try #require(result.outcome("okta_active_users_mfa_enrolled"))
            #expect(mfa.status == .error && mfa.reason?.contains("E0000006") == true, "\(mfa.reason ?? "")")
            #expect(result.outcome("okta_active_users_signed_in_recently")?.status == .fail, "the checks that need no factors still judge")
        }
    }

    @Test func aWrongTokenStopsTheRunAndIsNeverShown() async throws {
        try await FakeOkta().run { url in
            let error = await #expect(throws: CollectorError.self) { try await Self.collector(url, token: "00wrong-secret-token").run() }
            #expect(String(describing: error).contains("E0000011"))
            #expect(!String(describing: error).contains("00wrong-secret-token"))
        }
    }

    @Test func aLoopingCursorIsAnErrorNotAPartialList() async throws {
        try await FakeOkta(loopingPages: true).run { url in
            let result = try await Self.collector(url).run()
            #expect(result.outcome("okta_active_users_mfa_enrolled")?.status == .error)
            #expect(result.listings.isEmpty, "no listing passed off as complete")
        }
    }
}
