import ComplianceCore
import Foundation

/// What a GitHub organisation run gathers, once for every check. Each part that GitHub did not
/// answer is kept as its error, so the checks that need it say `error` and the others still judge.
public struct GitHubFacts: Sendable {
    public struct Member: Sendable, Hashable {
        public let login: String
        public let admin: Bool
    }

    public struct Repository: Sendable {
        public let name: String
        public let defaultBranch: String
        public let url: String
        /// nil: the default branch has no protection (GitHub answers 404).
        public let protection: Result<JSONTree?, CollectorError>
        /// Open critical and high Dependabot alerts.
        public let alerts: Result<Int, CollectorError>
    }

    public let organization: String
    public let members: Result<[Member], CollectorError>
    /// Members without two-factor authentication (GitHub tells only the organisation's owners).
    public let withoutTwoFactor: Result<Set<String>, CollectorError>
    public let outsideCollaborators: Result<[String], CollectorError>
    public let repositories: Result<[Repository], CollectorError>
}

/// Runs the GitHub checks against one organisation.
public struct GitHubCollector: Sendable {
    public static let version = "1.0.0"
    let client: GitHubClient
    let organization: String
    let progress: Progress

    public init(client: GitHubClient, organization: String, progress: Progress = .silent) {
        self.client = client
        self.organization = organization
        self.progress = progress
    }

    public func run(checks: [Check<GitHubFacts>] = GitHubChecks.all) async throws(CollectorError) -> CollectionResult {
        let startedAt = Date()
        let org = "orgs/\(organization)"
        // The organisation itself first: a bad token or a wrong name stops the run before anything is stored.
        guard try await client.object("github:GET /orgs/{org}", org) != nil else {
            throw .refused(action: "github:GET /orgs/{org}", code: "404", message: "no organisation \(organization) is visible to this token")
        }
        progress.note("github: \(organization): members, collaborators and repositories")
        let client = client
        async let members = Result { () async throws(CollectorError) in
            let admins = Set(
                try await client.list("github:GET /orgs/{org}/members", "\(org)/members", query: [("role", "admin")]).compactMap {
                    $0["login"].string
                })
            return try await client.list("github:GET /orgs/{org}/members", "\(org)/members").compactMap { $0["login"].string }.map {
                GitHubFacts.Member(login: $0, admin: admins.contains($0))
            }
        }
        async let noTwoFactor = Result { () async throws(CollectorError) in
            Set(
                try await client.list("github:GET /orgs/{org}/members", "\(org)/members", query: [("filter", "2fa_disabled")]).compactMap {
                    $0["login"].string
                })
        }
        async let outside = Result { () async throws(CollectorError) in
            try await client.list("github:GET /orgs/{org}/outside_collaborators", "\(org)/outside_collaborators").compactMap { $0["login"].string }
        }
        let repositories = await Result { () async throws(CollectorError) in
            let listed = try await client.list("github:GET /orgs/{org}/repos", "\(org)/repos", query: [("type", "all")])
                .filter { $0["archived"].bool != true }
            progress.note("github: \(organization): branch protection and alerts of \(listed.count) repositories")
            return await concurrently(listed, limit: 8) { repo in
                let name = repo["name"].string ?? "?"
                let branch = repo["default_branch"].string ?? "main"
                let path = "repos/\(self.organization)/\(name)"
                let protection = await Result { () async throws(CollectorError) in
                    try await client.object("github:GET /repos/{owner}/{repo}/branches/{branch}/protection", "\(path)/branches/\(branch)/protection")
                }
                let alerts = await Result { () async throws(CollectorError) in
                    try await client.list(
                        "github:GET /repos/{owner}/{repo}/dependabot/alerts", "\(path)/dependabot/alerts",
                        query: [("state", "open"), ("severity", "critical,high")]
                    ).count
                }
                return GitHubFacts.Repository(
                    name: name, defaultBranch: branch, url: repo["html_url"].string ?? "https://github.com/\(self.organization)/\(name)",
                    protection: protection, alerts: alerts)
            }
        }
        let facts = GitHubFacts(
            organization: organization, members: await members, withoutTwoFactor: await noTwoFactor, outsideCollaborators: await outside,
            repositories: repositories)
        let outcomes = checks.map { $0.run(on: facts) }
        var listings: [Listing] = []
        if case .success(let people) = facts.members {
            listings.append(
                Listing(
                    name: "github-members", title: "GitHub members of \(organization)", columns: ["login", "role", "two_factor"],
                    rows: people.map { member in
                        [
                            member.login, member.admin ? "admin" : "member",
                            (try? facts.withoutTwoFactor.get()).map { $0.contains(member.login) ? "off" : "on" } ?? "unknown",
                        ]
                    },
                    query: "GET /orgs/\(organization)/members (all pages), with role=admin and filter=2fa_disabled", sourceCount: nil,
                    sourceCountQuery: nil,
                    // GitHub shows members' emails only to themselves: logins are matched through the roster's aliases.
                    accounts: people.map { SystemAccount(account: $0.login, email: nil, createdAt: nil, disabledAt: nil, privileged: $0.admin) }))
        }
        return CollectionResult(
            connector: "github", connectorVersion: Self.version, account: organization, regions: [], startedAt: startedAt, finishedAt: Date(),
            calls: await client.http.ledger.calls, outcomes: outcomes, listings: listings)
    }
}
