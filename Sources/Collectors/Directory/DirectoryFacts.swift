import ComplianceCore
import Foundation

/// One account of an identity provider's directory (Okta, Google Workspace), in the terms the
/// checks and the access reconciliation share.
public struct DirectoryUser: Sendable, Hashable {
    public enum Status: String, Sendable {
        /// Can sign in.
        case active
        /// Made but never activated (Okta's STAGED and PROVISIONED).
        case pending
        /// Cannot sign in for now (Okta's SUSPENDED and LOCKED_OUT, Google's suspended).
        case suspended
        /// Removed (Okta's DEPROVISIONED, Google's archived).
        case deprovisioned
    }

    public let id: String
    public let email: String
    public let name: String
    public let status: Status
    public let createdAt: Date?
    /// When the status last changed: for a suspended or removed account, when access ended.
    public let statusChangedAt: Date?
    public let lastSignInAt: Date?

    public init(
        id: String, email: String, name: String, status: Status, createdAt: Date?, statusChangedAt: Date?, lastSignInAt: Date?
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.status = status
        self.createdAt = createdAt
        self.statusChangedAt = statusChangedAt
        self.lastSignInAt = lastSignInAt
    }
}

/// What a directory run gathers once for every check. Each part the provider did not answer is
/// kept as its error, so the checks that need it say `error` and the rest still judge.
public struct DirectoryFacts: Sendable {
    /// `okta` or `google`.
    public let connector: String
    /// The Okta org's host or the Google Workspace customer's domain.
    public let tenant: String
    public let users: Result<[DirectoryUser], CollectorError>
    /// Ids of the users enrolled in a second factor.
    public let enrolled: Result<Set<String>, CollectorError>
    /// Ids of the users holding an administrator role.
    public let admins: Result<Set<String>, CollectorError>
    /// Ids of the users whose second factor the provider enforces (Google's 2-Step Verification
    /// enforcement); nil where the provider does not say per user.
    public let enforced: Result<Set<String>, CollectorError>?
    /// The moment the listing was taken: dormancy is measured from it.
    public let observedAt: Date

    public init(
        connector: String, tenant: String, users: Result<[DirectoryUser], CollectorError>, enrolled: Result<Set<String>, CollectorError>,
        admins: Result<Set<String>, CollectorError>, enforced: Result<Set<String>, CollectorError>? = nil, observedAt: Date
    ) {
        self.connector = connector
        self.tenant = tenant
        self.users = users
        self.enrolled = enrolled
        self.admins = admins
        self.enforced = enforced
        self.observedAt = observedAt
    }

    /// The directory as a listing the auditor can freeze as a population and the access
    /// reconciliation reads: every account, whatever its status.
    public func listing(query: String) -> Listing? {
        guard case .success(let users) = users else { return nil }
        let enrolled = try? enrolled.get()
        let admins = try? admins.get()
        func flag(_ set: Set<String>?, _ id: String, yes: String, no: String) -> String { set.map { $0.contains(id) ? yes : no } ?? "unknown" }
        return Listing(
            name: "\(connector)-users", title: "\(connector == "okta" ? "Okta" : "Google Workspace") users of \(tenant)",
            columns: ["id", "email", "name", "status", "admin", "mfa", "created_at", "status_changed_at", "last_sign_in_at"],
            rows: users.map { user in
                [
                    user.id, user.email, user.name, user.status.rawValue, flag(admins, user.id, yes: "admin", no: "user"),
                    flag(enrolled, user.id, yes: "enrolled", no: "none"), user.createdAt.map(Timestamp.rfc3339) ?? "",
                    user.statusChangedAt.map(Timestamp.rfc3339) ?? "", user.lastSignInAt.map(Timestamp.rfc3339) ?? "",
                ]
            }, query: query, sourceCount: nil, sourceCountQuery: nil,
            accounts: users.map { user in
                // A suspended or removed user's access ended when the status last changed.
                SystemAccount(
                    account: user.email, email: user.email, createdAt: user.createdAt,
                    disabledAt: user.status == .suspended || user.status == .deprovisioned ? (user.statusChangedAt ?? observedAt) : nil,
                    privileged: admins?.contains(user.id) ?? false, lastUsedAt: user.lastSignInAt)
            })
    }
}
