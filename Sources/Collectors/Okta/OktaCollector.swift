import ComplianceCore
import Foundation
import NIOHTTP1

/// Runs the directory checks against an Okta org over its Management API: an API token in
/// `Authorization: SSWS …`, users 200 a page followed through the `Link` header, the rate limit
/// honoured by waiting until `X-Rate-Limit-Reset`, each active user's enrolled factors, and the
/// users holding administrator roles.
public struct OktaCollector: Sendable {
    public static let version = "1.0.0"
    let rest: RESTClient
    let progress: Progress

    /// `base` is the org's URL, `https://acme.okta.com`.
    public init(http: CollectorHTTP, token: String, base: URL, progress: Progress = .silent) {
        let dialect = RESTClient.Dialect(
            headers: [("Authorization", "SSWS \(token)")], resetHeader: "x-rate-limit-reset",
            message: { body in body["errorSummary"].string.map { summary in body["errorCode"].string.map { "\($0): \(summary)" } ?? summary } })
        rest = RESTClient(http: http, base: base, dialect: dialect)
        self.progress = progress
    }

    var tenant: String { rest.base.host ?? rest.base.absoluteString }

    public func run(checks: [Check<DirectoryFacts>] = DirectoryChecks.all("okta")) async throws(CollectorError) -> CollectionResult {
        let startedAt = Date()
        let rest = rest
        progress.note("okta: \(tenant): users")
        // Okta's listing leaves out deprovisioned users unless asked for them by status.
        let users = await Result { () async throws(CollectorError) in
            let current = try await rest.linkedList("okta:GET /api/v1/users", "api/v1/users", query: [("limit", "200")])
            let removed = try await rest.linkedList(
                "okta:GET /api/v1/users", "api/v1/users", query: [("filter", #"status eq "DEPROVISIONED""#), ("limit", "200")])
            return (current + removed).compactMap(Self.user)
        }
        // A rejected token stops the run before anything is stored.
        if case .failure(let error) = users, case .badCredentials = error { throw error }
        async let admins = Result { () async throws(CollectorError) in
            Set(
                try await rest.pages("okta:GET /api/v1/iam/assignees/users", first: rest.url("api/v1/iam/assignees/users", query: [("limit", "100")]))
                {
                    _, body in (body["value"].array, body["_links"]["next"]["href"].string)
                }.compactMap { $0["id"].string })
        }
        let enrolled = await Result { () async throws(CollectorError) in
            let active = try users.get().filter { $0.status == .active }
            progress.note("okta: \(tenant): factors of \(active.count) active users")
            let answers = await concurrently(active, limit: 8) { user in
                await Result { () async throws(CollectorError) in
                    let factors = try await rest.object("okta:GET /api/v1/users/{id}/factors", "api/v1/users/\(user.id)/factors")?.array ?? []
                    return (user.id, factors.contains { $0["status"].string == "ACTIVE" })
                }
            }
            var ids: Set<String> = []
            for answer in answers {
                let (id, has) = try answer.get()
                if has { ids.insert(id) }
            }
            return ids
        }
        let facts = DirectoryFacts(connector: "okta", tenant: tenant, users: users, enrolled: enrolled, admins: await admins, observedAt: startedAt)
        let listing = facts.listing(
            query:
                #"GET /api/v1/users?limit=200 and ?filter=status eq "DEPROVISIONED" (all pages); GET /api/v1/iam/assignees/users; GET /api/v1/users/{id}/factors per active user"#
        )
        return CollectionResult(
            connector: "okta", connectorVersion: Self.version, account: tenant, regions: [], startedAt: startedAt, finishedAt: Date(),
            calls: await rest.http.ledger.calls, outcomes: checks.map { $0.run(on: facts) }, listings: listing.map { [$0] } ?? [])
    }

    /// Okta's statuses in the directory's terms: a user in recovery or with an expired password can
    /// still get in, so counts as active.
    static func user(_ item: JSONTree) -> DirectoryUser? {
        guard let id = item["id"].string else { return nil }
        let status: DirectoryUser.Status =
            switch item["status"].string ?? "" {
            case "ACTIVE", "PASSWORD_EXPIRED", "RECOVERY": .active
            case "STAGED", "PROVISIONED": .pending
            case "SUSPENDED", "LOCKED_OUT": .suspended
            default: .deprovisioned
            }
        let profile = item["profile"]
        let name = [profile["firstName"].string, profile["lastName"].string].compactMap { $0 }.joined(separator: " ")
        return DirectoryUser(
            id: id, email: (profile["email"].string ?? profile["login"].string ?? id).lowercased(), name: name, status: status,
            createdAt: item["created"].string.flatMap(Timestamp.time), statusChangedAt: item["statusChanged"].string.flatMap(Timestamp.time),
            lastSignInAt: item["lastLogin"].string.flatMap(Timestamp.time))
    }
}
