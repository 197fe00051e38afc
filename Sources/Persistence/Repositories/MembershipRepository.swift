import ComplianceCore
import FluentKit
import Foundation

/// Members and roles of an organisation, and the engagement grants it gives to auditors.
public struct MembershipRepository: Sendable {
    let database: AttestDatabase

    /// Whether `email` names a member of the scope's organisation (people fields must).
    public func isMember(_ email: EmailAddress, in scope: TenantScope) async throws -> Bool {
        guard let user = try await UserModel.query(on: database.db).filter(\.$email == email.rawValue).first(), let userID = user.id else {
            return false
        }
        return try await MembershipModel.query(on: database.db).filter(\.$organizationID == scope.organizationID).filter(\.$userID == userID)
            .first() != nil
    }

    public func members(in scope: TenantScope) async throws -> [Member] {
        let db = database.db
        let memberships = try await MembershipModel.query(on: db).filter(\.$organizationID == scope.organizationID).all()
        var out: [Member] = []
        for membership in memberships {
            guard let user = try await UserModel.find(membership.userID, on: db) else { continue }
            let domain = try membership.domain()
            out.append(Member(user: try user.domain(), role: domain.role, since: domain.createdAt))
        }
        return out.sorted { ($0.role, $1.user.email.rawValue) > ($1.role, $0.user.email.rawValue) }
    }

    /// Adds an existing user to the organisation, or changes their role if they are a member already.
    /// Whether the caller may change an owner is the use case's decision: `ownerRefusal` is what to
    /// answer if the member turns out to be an owner (nil when they may), read in the same transaction.
    public func setRole(_ role: Role, for email: EmailAddress, in scope: TenantScope, ownerRefusal: DomainError?, now: Date = Date())
        async throws -> Member
    {
        return try await database.write { db in
            guard let user = try await UserModel.query(on: db).filter(\.$email == email.rawValue).first() else {
                throw DomainError.notFound("User '\(email)'")
            }
            let userID = try user.requireID()
            let existing = try await MembershipModel.query(on: db)
                .filter(\.$organizationID == scope.organizationID).filter(\.$userID == userID).first()
            if let existing {
                let current = try existing.domain().role
                if current == .owner, role != .owner { try await Self.requireAnotherOwner(scope, except: userID, on: db) }
                if current == .owner, let ownerRefusal { throw ownerRefusal }
                existing.role = role.rawValue
                try await existing.update(on: db)
            } else {
                try await MembershipModel(organizationID: scope.organizationID, userID: userID, role: role, createdAt: now).create(on: db)
            }
            let member = Member(
                user: try user.domain(), role: role, since: existing.map { $0.createdAt.roundedToMilliseconds } ?? now.roundedToMilliseconds)
            try await ChangeLog.append(
                on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "membership",
                entityID: userID.uuidString.lowercased(), action: existing == nil ? "added" : "role_changed",
                state: member, at: now)
            return member
        }
    }

    /// Removes a member; `ownerRefusal` as for `setRole`.
    public func remove(_ email: EmailAddress, from scope: TenantScope, ownerRefusal: DomainError?, now: Date = Date()) async throws {
        try await database.write { db in
            guard let user = try await UserModel.query(on: db).filter(\.$email == email.rawValue).first(),
                let membership = try await MembershipModel.query(on: db)
                    .filter(\.$organizationID == scope.organizationID).filter(\.$userID == user.requireID()).first()
            else { throw DomainError.notFound("Member '\(email)'") }
            if try membership.domain().role == .owner {
                if let ownerRefusal { throw ownerRefusal }
                try await Self.requireAnotherOwner(scope, except: try user.requireID(), on: db)
            }
            try await membership.delete(on: db)
            try await ChangeLog.append(
                on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "membership",
                entityID: try user.requireID().uuidString.lowercased(), action: "removed", state: ["email": email.rawValue], at: now)
        }
    }

    /// Gives an auditor of `firm` access to the scope's organisation until `expiresAt`.
    public func grant(auditor email: EmailAddress, of firm: Slug, until expiresAt: Date, in scope: TenantScope, now: Date = Date()) async throws
        -> EngagementGrant
    {
        guard expiresAt > now else { throw DomainError.unprocessable("expires_at", "must be in the future.") }
        return try await database.write { db in
            guard let firmModel = try await OrganizationModel.query(on: db).filter(\.$slug == firm.rawValue).first(),
                try firmModel.domain().kind == .auditFirm
            else { throw DomainError.notFound("Audit firm '\(firm)'") }
            guard let user = try await UserModel.query(on: db).filter(\.$email == email.rawValue).first(),
                try await MembershipModel.query(on: db)
                    .filter(\.$organizationID == firmModel.requireID()).filter(\.$userID == user.requireID()).first() != nil
            else { throw DomainError.notFound("Auditor '\(email)' at \(firm)") }
            let grant = EngagementGrant(
                id: UUID(), clientOrganizationID: scope.organizationID, auditFirmID: try firmModel.requireID(),
                auditorUserID: try user.requireID(), expiresAt: expiresAt, revokedAt: nil, createdAt: now)
            try await EngagementGrantModel(grant).create(on: db)
            try await ChangeLog.append(
                on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "engagement_grant",
                entityID: grant.id.uuidString.lowercased(), action: "granted", state: grant, at: now)
            return grant
        }
    }

    /// The owner extends a grant to a new date, or revokes it; both are in the log. A revoked grant
    /// stays revoked (grant again for new access).
    public func changeGrant(_ id: UUID, until expiresAt: Date?, revoke: Bool, in scope: TenantScope, now: Date = Date()) async throws
        -> EngagementGrant
    {
        return try await database.write { db in
            guard let model = try await EngagementGrantModel.find(id, on: db), model.clientOrganizationID == scope.organizationID else {
                throw DomainError.notFound("Grant \(id.uuidString.lowercased())")
            }
            guard model.revokedAt == nil else { throw DomainError.conflict("grant_revoked", "This grant was revoked; grant access again instead.") }
            if revoke {
                model.revokedAt = now
            } else if let expiresAt {
                guard expiresAt > now else { throw DomainError.unprocessable("expires_at", "must be in the future.") }
                model.expiresAt = expiresAt
            }
            try await model.update(on: db)
            let grant = try model.domain()
            try await ChangeLog.append(
                on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "engagement_grant",
                entityID: id.uuidString.lowercased(), action: revoke ? "revoked" : "extended", state: grant, at: now)
            return grant
        }
    }

    public func grants(in scope: TenantScope) async throws -> [EngagementGrant] {
        return try await EngagementGrantModel.query(on: database.db)
            .filter(\.$clientOrganizationID == scope.organizationID).sort(\.$createdAt).all().map { try $0.domain() }
    }

    /// An organisation never loses its last owner.
    private static func requireAnotherOwner(_ scope: TenantScope, except userID: UUID, on db: any Database) async throws {
        let owners = try await MembershipModel.query(on: db)
            .filter(\.$organizationID == scope.organizationID).filter(\.$role == Role.owner.rawValue).all()
        guard owners.contains(where: { $0.userID != userID }) else {
            throw DomainError.conflict("last_owner", "An organisation must keep at least one owner.")
        }
    }
}
