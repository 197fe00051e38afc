import ComplianceCore
import FluentKit
import Foundation

/// Invitations to join an organisation: made by its admins, answered by the person invited.
public struct InvitationRepository: Sendable {
    let database: AttestDatabase
    let memberships: MembershipRepository
    var records: Records { Records(database: database) }

    /// Changes a member's role, or invites someone who is not a member yet (refreshing an open
    /// invitation). The answer is the same whether or not the address has an account anywhere.
    /// `ownerRefusal` as for `MembershipRepository.setRole`.
    public func invite(_ email: EmailAddress, as role: Role, in scope: TenantScope, ownerRefusal: DomainError?, now: Date = Date()) async throws
        -> MembershipChange
    {
        if let user = try await UserModel.query(on: database.db).filter(\.$email == email.rawValue).first(),
            try await MembershipModel.query(on: database.db).filter(\.$organizationID == scope.organizationID)
                .filter(\.$userID == user.requireID()).first() != nil
        {
            return .changed(try await memberships.setRole(role, for: email, in: scope, ownerRefusal: ownerRefusal, now: now))
        }
        let by = try await database.label(scope.actor)
        return try await database.write { db in
            let existing = try await records.find(.invitation, organization: scope.organizationID, key: email.rawValue, on: db)
            let invitation = Invitation(
                id: existing?.id ?? UUID(), organizationID: scope.organizationID, organizationName: scope.organization.name, email: email.rawValue,
                role: role, invitedBy: by, invitedAt: now.roundedToMilliseconds,
                expiresAt: now.addingTimeInterval(Invitation.lifetime).roundedToMilliseconds)
            try await records.save(
                .invitation, invitation, id: invitation.id, organization: scope.organizationID, parent: nil, key: email.rawValue,
                action: existing == nil ? "invited" : "invitation_renewed", actor: scope.actor, now: now, on: db)
            return .invited(invitation)
        }
    }

    /// The organisation's open invitations, for its members page.
    public func open(in scope: TenantScope, now: Date = Date()) async throws -> [Invitation] {
        return try await records.all(.invitation, organization: scope.organizationID).filter { $0.isOpen(at: now) }
    }

    /// The open invitations addressed to this person, in any organisation.
    public func addressed(to user: User, now: Date = Date()) async throws -> [Invitation] {
        try await records.all(.invitation, key: user.email.rawValue).filter { $0.isOpen(at: now) }
    }

    /// The invitee says yes (a membership with the offered role) or no. Anyone else, or an
    /// invitation that is closed or expired, is not found.
    public func answer(_ id: UUID, accept: Bool, by user: User, now: Date = Date()) async throws -> Invitation {
        guard var invitation = try await records.find(.invitation, id: id), invitation.email == user.email.rawValue, invitation.isOpen(at: now) else {
            throw DomainError.notFound("Invitation \(id.uuidString.lowercased())")
        }
        invitation.status = accept ? .accepted : .declined
        invitation.answeredAt = now.roundedToMilliseconds
        let answered = invitation
        try await database.write { db in
            try await records.save(
                .invitation, answered, id: answered.id, organization: answered.organizationID, parent: nil, key: answered.email,
                action: accept ? "invitation_accepted" : "invitation_declined", actor: .user(user.id), now: now, on: db)
            guard accept else { return }
            let already = try await MembershipModel.query(on: db).filter(\.$organizationID == answered.organizationID).filter(\.$userID == user.id)
                .first()
            guard already == nil else { return }
            try await MembershipModel(organizationID: answered.organizationID, userID: user.id, role: answered.role, createdAt: now).create(on: db)
            try await ChangeLog.append(
                on: db, organizationID: answered.organizationID, actor: .user(user.id), entityType: "membership",
                entityID: user.id.uuidString.lowercased(), action: "added",
                state: Member(user: user, role: answered.role, since: now.roundedToMilliseconds), at: now)
        }
        return answered
    }
}
