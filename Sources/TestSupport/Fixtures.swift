import ComplianceCore
import Foundation
import Persistence

/// People and organisations for tests, made through the real repositories.
public struct Fixtures: Sendable {
    public let store: Store
    public static let password = "a-long-test-password-42"

    public init(store: Store) {
        self.store = store
    }

    /// An organisation with an owner; returns both.
    @discardableResult
    public func organization(_ slug: String, kind: OrganizationKind = .serviceOrganization, owner: String? = nil) async throws -> (Organization, User)
    {
        let organization = try await store.organizations.create(slug: try Slug(slug), name: slug.capitalized, kind: kind, actor: .cli("test"))
        let owner = try await user(owner ?? "owner@\(slug).example", in: slug, role: .owner)
        return (organization, owner)
    }

    /// A user with `role` in the organisation `slug` (created if new).
    @discardableResult
    public func user(_ email: String, in slug: String, role: Role) async throws -> User {
        let address = try EmailAddress(email)
        let user: User
        if let existing = try await store.users.find(email: address) {
            user = existing
        } else {
            user = try await store.users.create(email: address, name: email.split(separator: "@")[0].capitalized, password: Self.password)
        }
        _ = try await store.memberships.setRole(role, for: address, in: try await store.organizations.operatorScope(slug: slug), ownerRefusal: nil)
        return user
    }

    /// A usable API token for `user`.
    public func token(for user: User) async throws -> String {
        try await store.tokens.create(for: user, name: "test", actor: .cli("test")).secret
    }

    /// The scope `user` has in `slug`.
    public func scope(_ slug: String, as user: User, now: Date = Date()) async throws -> TenantScope {
        try await store.organizations.scope(slug: slug, userID: user.id, now: now)
    }
}
