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

@Suite("Collector runs over the API")
struct CollectorRunAPITests {
    /// A run as a collector would hand it over: two checks, one failing, one the source refused.
    static func result(account: String = "123456789012") -> CollectionResult {
        let checks = AWSChecks.descriptors
        let mfa = try! #require(checks.first { $0.id == "iam_user_mfa_enabled_console_access" })
        let guardDuty = try! #require(checks.first { $0.id == "guardduty_is_enabled" })
        let started = Date(timeIntervalSince1970: 1_795_000_000)
        return CollectionResult(
            connector: "aws", connectorVersion: AWSCollector.version, account: account, regions: ["us-east-1"], startedAt: started,
            finishedAt: started.addingTimeInterval(2.5), calls: [APICallCount(action: "iam:ListUsers", count: 2, retries: 1)],
            outcomes: [
                CheckOutcome(
                    check: mfa,
                    resources: [
                        ResourceFinding(
                            id: "alice", arn: "arn:aws:iam::\(account):user/alice", region: "global", status: .fail,
                            detail: "Console password without MFA."),
                        ResourceFinding(
                            id: "bob", arn: "arn:aws:iam::\(account):user/bob", region: "global", status: .pass, detail: "No console password."),
                    ]),
                CheckOutcome(check: guardDuty, error: "guardduty:ListDetectors was refused (AccessDeniedException)"),
            ],
            listings: [
                Listing(
                    name: "iam-users", title: "IAM users of account \(account)", columns: ["user"], rows: [["alice"], ["bob"]],
                    query: "iam:ListUsers",
                    sourceCount: 2, sourceCountQuery: "iam:GetAccountSummary")
            ])
    }

    @Test(arguments: TestDatabase.available)
    func runsAreListedAndReadAndAnotherOrganisationSeesNone(_ database: TestDatabase) async throws {
        try await WebHarness.run(database) { web in
            let (_, owner) = try await web.fixtures.organization("acme")
            let token = try await web.fixtures.token(for: owner)
            let workflows = Workflows(intake: web.evidence)
            let scope = try await web.fixtures.scope("acme", as: owner)
            let run = try await workflows.collectors.record(Self.result(), permit: try workflows.collectors.permit(scope))

            let list = try await web.api(.get, "/api/v1/orgs/acme/collector-runs", token: token)
            #expect(list.status == .ok)
            let runs = list.json["runs"] as? [[String: Any]] ?? []
            #expect(runs.count == 1 && (runs.first?["id"] as? String)?.lowercased() == run.id.uuidString.lowercased())
            let one = try await web.api(.get, "/api/v1/orgs/acme/collector-runs/\(run.id.uuidString.lowercased())", token: token)
            #expect(one.status == .ok)
            let body = one.json["run"] as? [String: Any] ?? [:]
            #expect(body["api_calls"] as? Int == 2)
            let checks = body["checks"] as? [[String: Any]] ?? []
            #expect(checks.map { $0["status"] as? String } == ["fail", "error"])
            #expect((checks.last?["reason"] as? String)?.contains("AccessDeniedException") == true)
            #expect(
                (body["listings"] as? [[String: Any]])?.contains { $0["name"] as? String == "iam-users" && $0["source_count"] as? Int == 2 } == true)

            // The findings are evidence, in the locker and its log.
            let evidence = try await web.api(.get, "/api/v1/orgs/acme/evidence", token: token)
            let items = evidence.json["items"] as? [[String: Any]] ?? evidence.json["evidence"] as? [[String: Any]] ?? []
            #expect(items.count == 4, "\(evidence.text.prefix(300))")

            let (_, stranger) = try await web.fixtures.organization("globex")
            let strangerToken = try await web.fixtures.token(for: stranger)
            let foreign = try await web.api(.get, "/api/v1/orgs/acme/collector-runs/\(run.id.uuidString.lowercased())", token: strangerToken)
            #expect(foreign.status == .notFound)
            let own = try await web.api(.get, "/api/v1/orgs/globex/collector-runs/\(run.id.uuidString.lowercased())", token: strangerToken)
            #expect(own.status == .notFound)
            #expect(try await web.api(.get, "/api/v1/orgs/acme/collector-runs/not-a-uuid", token: token).status.code / 100 == 4)
        }
    }
}
