import ComplianceCore
import Foundation
import Persistence

/// Members, roles and the engagement grants an organisation gives to auditors.
public struct MembershipWorkflow: Sendable {
    let storage: MembershipRepository

    public func grants(in scope: TenantScope) async throws -> [EngagementGrant] {
        try await storage.grants(in: scope)
    }

    public func members(in scope: TenantScope) async throws -> [Member] {
        try await storage.members(in: scope)
    }

    public func remove(_ email: EmailAddress, from scope: TenantScope, now: Date = Date()) async throws {
        try await storage.remove(email, from: scope, now: now)
    }

    /// Adds an existing user to the organisation, or changes their role if they are a member already.
    public func setRole(_ role: Role, for email: EmailAddress, in scope: TenantScope, now: Date = Date()) async throws -> Member {
        try await storage.setRole(role, for: email, in: scope, now: now)
    }
}
