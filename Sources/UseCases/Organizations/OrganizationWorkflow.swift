import ComplianceCore
import Foundation
import Persistence

/// Organisations and how a caller reaches them.
public struct OrganizationWorkflow: Sendable {
    let storage: OrganizationRepository

    public func find(slug: String) async throws -> Organization? {
        try await storage.find(slug: slug)
    }

    public func find(id: UUID) async throws -> Organization? {
        try await storage.find(id: id)
    }

    /// The organisations a user can reach, with how: memberships, then active engagement grants.
    public func reachable(by userID: UUID, now: Date = Date()) async throws -> [(Organization, Standing)] {
        try await storage.reachable(by: userID, now: now)
    }

    /// Resolves a user's access to an organisation by slug. Unknown organisations and ones the user
    /// cannot reach are the same `not_found`, so nobody learns which slugs exist.
    public func scope(slug: String, userID: UUID, now: Date = Date()) async throws -> TenantScope {
        try await storage.scope(slug: slug, userID: userID, now: now)
    }
}

extension OrganizationWorkflow {
    /// The operator at the machine (the CLI), who holds the database anyway, acting in one organisation.
    public func operatorScope(slug: String, operatorName: String = NSUserName()) async throws -> TenantScope {
        try await storage.operatorScope(slug: slug, operatorName: operatorName)
    }
}
