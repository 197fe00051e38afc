import ComplianceCore
import Foundation
import Persistence

/// Members, roles and the engagement grants an organisation gives to auditors.
public struct MembershipWorkflow: Sendable {
    let storage: MembershipRepository

    public init(storage: MembershipRepository) {
        self.storage = storage
    }

    public func grants(in scope: TenantScope) async throws -> [EngagementGrant] {
        try scope.require(.viewMembers)
        return try await storage.grants(in: scope)
    }

    public func members(in scope: TenantScope) async throws -> [Member] {
        try scope.require(.viewMembers)
        return try await storage.members(in: scope)
    }

    /// Removing an owner takes the right to grant ownership; the last owner is never removed.
    public func remove(_ email: EmailAddress, from scope: TenantScope, now: Date = Date()) async throws {
        try scope.require(.manageMembers)
        try await storage.remove(email, from: scope, ownerRefusal: scope.refusal(.grantOwnership), now: now)
    }

    /// Adds an existing user to the organisation, or changes their role if they are a member already.
    /// Making or unmaking an owner takes the right to grant ownership.
    public func setRole(_ role: Role, for email: EmailAddress, in scope: TenantScope, now: Date = Date()) async throws -> Member {
        try scope.require(.manageMembers)
        if role == .owner { try scope.require(.grantOwnership) }
        return try await storage.setRole(role, for: email, in: scope, ownerRefusal: scope.refusal(.grantOwnership), now: now)
    }
}

extension TenantScope {
    /// What `require(permission)` would throw, or nil when the permission is held: for a refusal
    /// that storage must give only if a fact it reads in its transaction calls for it.
    func refusal(_ permission: Permission) -> DomainError? {
        do {
            try require(permission)
            return nil
        } catch {
            return error
        }
    }
}
