import ComplianceCore
import Foundation
import Persistence

/// Joining an organisation by invitation: an admin invites by email, the person accepts or declines.
public struct InvitationWorkflow: Sendable {
    let storage: InvitationRepository

    public init(storage: InvitationRepository) {
        self.storage = storage
    }

    /// Changes a member's role, or invites someone who is not a member yet.
    public func invite(_ email: EmailAddress, as role: Role, in scope: TenantScope, now: Date = Date()) async throws -> MembershipChange {
        try scope.require(.manageMembers)
        if role == .owner { try scope.require(.grantOwnership) }
        return try await storage.invite(email, as: role, in: scope, ownerRefusal: scope.refusal(.grantOwnership), now: now)
    }

    public func open(in scope: TenantScope) async throws -> [Invitation] {
        try scope.require(.viewMembers)
        return try await storage.open(in: scope)
    }

    /// The invitations addressed to the signed-in person: theirs alone, so no right is asked.
    public func addressed(to user: User) async throws -> [Invitation] {
        try await storage.addressed(to: user)
    }

    public func answer(_ id: UUID, accept: Bool, by user: User) async throws -> Invitation {
        try await storage.answer(id, accept: accept, by: user)
    }
}
