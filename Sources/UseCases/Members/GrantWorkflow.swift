import ComplianceCore
import Foundation
import Persistence

/// The client's owner gives auditors of a firm access, extends it and revokes it.
public struct GrantWorkflow: Sendable {
    let memberships: MembershipRepository
    let users: UserRepository
    let organizations: OrganizationRepository

    /// A grant as people read it: who, from which firm, until when.
    public struct View: Sendable {
        public let grant: EngagementGrant
        public let auditorEmail: String
        public let firmSlug: String
        public let firmName: String
    }

    /// The names of the people whose email a record of this organisation may keep as its label:
    /// its members and the auditors it has granted access, so pages show "Pat Partner" where the
    /// record says `pat@example-assurance.example`. No right is asked: a page shows a name only
    /// where it already shows that person's email.
    public func names(in scope: TenantScope) async throws -> [String: String] {
        var names: [String: String] = [:]
        for member in try await memberships.members(in: scope) where !member.user.name.isEmpty {
            names[member.user.email.rawValue] = member.user.name
        }
        for grant in try await memberships.grants(in: scope) {
            if let user = try await users.find(id: grant.auditorUserID), !user.name.isEmpty { names[user.email.rawValue] = user.name }
        }
        return names
    }

    public func list(in scope: TenantScope) async throws -> [View] {
        try scope.require(.viewMembers)
        var views: [View] = []
        for grant in try await memberships.grants(in: scope) { views.append(try await view(of: grant)) }
        return views
    }

    /// One grant with the names people read it by.
    public func view(of grant: EngagementGrant) async throws -> View {
        let firm = try await organizations.find(id: grant.auditFirmID)
        return View(
            grant: grant, auditorEmail: try await users.find(id: grant.auditorUserID)?.email.rawValue ?? "?", firmSlug: firm?.slug.rawValue ?? "?",
            firmName: firm?.name ?? "?")
    }

    public func grant(auditor email: EmailAddress, of firm: Slug, until expiresAt: Date, in scope: TenantScope) async throws -> EngagementGrant {
        try scope.require(.manageEngagementGrants)
        return try await memberships.grant(auditor: email, of: firm, until: expiresAt, in: scope)
    }

    public func extend(_ id: UUID, until expiresAt: Date, in scope: TenantScope) async throws -> EngagementGrant {
        try scope.require(.manageEngagementGrants)
        return try await memberships.changeGrant(id, until: expiresAt, revoke: false, in: scope)
    }

    public func revoke(_ id: UUID, in scope: TenantScope) async throws -> EngagementGrant {
        try scope.require(.manageEngagementGrants)
        return try await memberships.changeGrant(id, until: nil, revoke: true, in: scope)
    }
}
