import Collectors
import ComplianceCore
import Foundation
import TestSupport
import Testing

@Suite("GitHub collector against a local GitHub")
struct GitHubCollectorTests {
    /// A deadline far above any answer of the local server: under the whole suite on two cores a
    /// 10-second one expired once (CI of 196bf90), and a check that timed out is `error`, not a verdict.
    static func collector(_ url: URL, token: String = "ghp_testtoken") -> GitHubCollector {
        GitHubCollector(client: GitHubClient(http: CollectorHTTP(timeout: .seconds(90), retry: .fast), token: token, base: url), organization: "acme")
    }

    @Test func verdictsFollowEveryPageAndNameTheFailingResources() async throws {
        try await FakeGitHub(rateLimitOnce: true).run { url in
            let result = try await Self.collector(url).run()
            #expect(result.connector == "github" && result.account == "acme")
            #expect(result.errors.isEmpty, "\(result.errors)")
            let unanswered = result.outcomes.flatMap { $0.resources.filter { $0.status == .error }.map(\.detail) }
            #expect(unanswered.isEmpty, "every part answered: \(unanswered)")
            #expect(result.outcome("github_org_members_2fa_enabled")?.resources.count == 250, "all three pages")
            #expect(result.failing("github_org_members_2fa_enabled") == ["dev-007", "dev-123"])
            #expect(result.outcome("github_org_owners_limited")?.status == .pass)
            #expect(result.failing("github_default_branch_protected") == ["docs"], "the archived repository is left out")
            #expect(result.failing("github_default_branch_requires_review") == ["docs", "web"])
            #expect(result.failing("github_default_branch_no_force_push") == ["docs", "web"])
            #expect(result.failing("github_dependabot_no_open_critical_alerts") == ["web"])
            #expect(result.outcome("github_org_outside_collaborators_listed")?.resources.map(\.id) == ["contractor-jo"])
            let members = try #require(result.listings.first { $0.name == "github-members" })
            #expect(
                members.rows.count == 250 && members.rows.contains(["dev-007", "member", "off"]) && members.rows.contains(["dev-000", "admin", "on"]))
            let memberCalls = result.calls.first { $0.action == "github:GET /orgs/{org}/members" }
            #expect(memberCalls.map { $0.retries >= 1 } == true, "the rate-limited call was retried after the reset")
        }
    }

    @Test func aRefusedFeatureIsAnErrorAndTheRestStillRuns() async throws {
        try await FakeGitHub(dependabotRefused: true).run { url in
            let result = try await Self.collector(url).run()
            let dependabot = try #require(result.outcome("github_dependabot_no_open_critical_alerts"))
            #expect(dependabot.status == .error && dependabot.reason?.contains("Resource not accessible") == true, "never a pass")
            #expect(result.outcome("github_default_branch_protected")?.status == .fail)
        }
    }

    @Test func aWrongTokenStopsTheRunAndIsNeverShown() async throws {
        try await FakeGitHub().run { url in
            let error = await #expect(throws: CollectorError.self) { try await Self.collector(url, token: "ghp_wrong-secret-value").run() }
            #expect(String(describing: error).contains("Bad credentials"))
            #expect(!String(describing: error).contains("ghp_wrong-secret-value"))
        }
    }

    @Test func aLoopingOrForeignNextPageIsAnErrorNotAPartialList() async throws {
        try await FakeGitHub(loopingPages: true).run { url in
            let result = try await Self.collector(url).run()
            #expect(result.outcome("github_org_members_2fa_enabled")?.status == .error)
            #expect(result.outcome("github_org_members_2fa_enabled")?.reason?.contains("page") == true)
        }
        try await FakeGitHub(foreignNextPage: true).run { url in
            let result = try await Self.collector(url).run()
            let members = try #require(result.outcome("github_org_members_2fa_enabled"))
            #expect(members.status == .error && members.reason?.contains("another host") == true, "the token is not sent elsewhere")
        }
    }
}
