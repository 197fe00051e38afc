import ComplianceCore
import Foundation
import NIOHTTP1

/// Runs the directory checks against a Google Workspace customer over the Admin SDK Directory
/// API: an OAuth access token, users 500 a page followed through `nextPageToken`, and Google's
/// rate limits (429, or 403 with reason `rateLimitExceeded` / `userRateLimitExceeded`) retried
/// with backoff. One listing carries everything the checks need: status, super administrator,
/// 2-Step Verification enrolment and enforcement, creation and last sign-in.
public struct GoogleCollector: Sendable {
    public static let version = "1.0.0"
    let rest: RESTClient
    /// `my_customer` (the token's own account) or a customer id.
    let customer: String
    /// The name results are shown under: the primary domain.
    let domain: String
    let progress: Progress

    public init(
        http: CollectorHTTP, accessToken: String, customer: String = "my_customer", domain: String,
        base: URL = URL(string: "https://admin.googleapis.com")!, progress: Progress = .silent
    ) {
        let dialect = RESTClient.Dialect(
            headers: [("Authorization", "Bearer \(accessToken)")], isRateLimited: Self.isRateLimited, message: { $0["error"]["message"].string })
        rest = RESTClient(http: http, base: base, dialect: dialect)
        self.customer = customer
        self.domain = domain
        self.progress = progress
    }

    static func isRateLimited(_ reply: InboundReply) -> Bool {
        guard reply.status == 403, let body = try? JSONTree.parse(reply.body) else { return false }
        return body["error"]["errors"].array.contains { ["rateLimitExceeded", "userRateLimitExceeded"].contains($0["reason"].string ?? "") }
    }

    public func run(checks: [Check<DirectoryFacts>] = DirectoryChecks.all("google")) async throws(CollectorError) -> CollectionResult {
        let startedAt = Date()
        let rest = rest
        let action = "google:GET /admin/directory/v1/users"
        progress.note("google: \(domain): users")
        let first = rest.url(
            "admin/directory/v1/users", query: [("customer", customer), ("maxResults", "500"), ("projection", "basic"), ("orderBy", "email")])
        let listed = await Result { () async throws(CollectorError) in
            try await rest.pages(action, first: first) { _, body in
                let next = body["nextPageToken"].string.map {
                    first + "&pageToken=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
                }
                return (body["users"].array, next)
            }
        }
        // A rejected token stops the run before anything is stored.
        if case .failure(let error) = listed, case .badCredentials = error { throw error }
        let users = listed.map { $0.compactMap(Self.user) }
        func ids(_ flag: String) -> Result<Set<String>, CollectorError> {
            listed.map { Set($0.filter { $0[flag].bool == true }.compactMap { $0["id"].string }) }
        }
        let facts = DirectoryFacts(
            connector: "google", tenant: domain, users: users, enrolled: ids("isEnrolledIn2Sv"), admins: ids("isAdmin"),
            enforced: ids("isEnforcedIn2Sv"), observedAt: startedAt)
        let listing = facts.listing(query: "GET /admin/directory/v1/users?customer=\(customer)&maxResults=500&projection=basic (all pages)")
        return CollectionResult(
            connector: "google", connectorVersion: Self.version, account: domain, regions: [], startedAt: startedAt, finishedAt: Date(),
            calls: await rest.http.ledger.calls, outcomes: checks.map { $0.run(on: facts) }, listings: listing.map { [$0] } ?? [])
    }

    /// Google writes the epoch itself as the last sign-in of an account never used.
    static func user(_ item: JSONTree) -> DirectoryUser? {
        guard let id = item["id"].string, let email = item["primaryEmail"].string else { return nil }
        let status: DirectoryUser.Status =
            item["archived"].bool == true ? .deprovisioned : item["suspended"].bool == true ? .suspended : .active
        let lastSignIn = item["lastLoginTime"].string.flatMap(Timestamp.time).flatMap { $0.timeIntervalSince1970 > 0 ? $0 : nil }
        return DirectoryUser(
            id: id, email: email.lowercased(), name: item["name"]["fullName"].string ?? "", status: status,
            createdAt: item["creationTime"].string.flatMap(Timestamp.time), statusChangedAt: nil, lastSignInAt: lastSignIn)
    }
}
