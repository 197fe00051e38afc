import ComplianceCore
import FluentKit
import Foundation

/// Organisations, and how a user reaches them.
public struct OrganizationRepository: Sendable {
    let database: AttestDatabase

    /// Creates an organisation. The creating operator or user is logged as the actor.
    public func create(slug: Slug, name: String, kind: OrganizationKind, actor: Actor, now: Date = Date()) async throws -> Organization {
        let name = try Organization.validName(name)
        return try await database.write { db in
            if try await OrganizationModel.query(on: db).filter(\.$slug == slug.rawValue).first() != nil {
                throw DomainError.conflict("slug_taken", "The slug '\(slug)' is already taken.")
            }
            let model = OrganizationModel(id: UUID(), slug: slug.rawValue, name: name, kind: kind.rawValue, createdAt: now)
            try await model.create(on: db)
            let organization = try model.domain()
            try await ChangeLog.append(
                on: db, organizationID: organization.id, actor: actor, entityType: "organization",
                entityID: organization.id.uuidString.lowercased(), action: "created", state: organization, at: now)
            return organization
        }
    }

    public func find(slug: String) async throws -> Organization? {
        try await OrganizationModel.query(on: database.db).filter(\.$slug == slug).first()?.domain()
    }

    public func find(id: UUID) async throws -> Organization? {
        try await OrganizationModel.find(id, on: database.db)?.domain()
    }

    /// Every organisation, for the operator.
    public func all() async throws -> [Organization] {
        try await OrganizationModel.query(on: database.db).sort(\.$slug).all().map { try $0.domain() }
    }

    /// The organisations a user can reach, with how: memberships, then active engagement grants.
    public func reachable(by userID: UUID, now: Date = Date()) async throws -> [(Organization, Standing)] {
        let db = database.db
        var out: [(Organization, Standing)] = []
        for membership in try await MembershipModel.query(on: db).filter(\.$userID == userID).all() {
            if let org = try await OrganizationModel.find(membership.organizationID, on: db) {
                out.append((try org.domain(), .member(try membership.domain().role)))
            }
        }
        let grants = try await EngagementGrantModel.query(on: db).filter(\.$auditorUserID == userID).all()
        for grant in try grants.map({ try $0.domain() }) where grant.isActive(at: now) {
            if !out.contains(where: { $0.0.id == grant.clientOrganizationID }),
                let org = try await OrganizationModel.find(grant.clientOrganizationID, on: db)
            {
                out.append((try org.domain(), .auditor(grantID: grant.id)))
            }
        }
        return out.sorted { $0.0.slug < $1.0.slug }
    }

    /// Resolves a user's access to an organisation by slug. Unknown organisations and ones the user
    /// cannot reach are the same `not_found`, so nobody learns which slugs exist.
    public func scope(slug: String, userID: UUID, now: Date = Date()) async throws -> TenantScope {
        guard let organization = try await find(slug: slug),
            let standing = try await standing(of: userID, in: organization.id, now: now)
        else { throw DomainError.notFound("Organisation '\(slug.prefix(80))'") }
        return TenantScope(organization: organization, standing: standing, actor: .user(userID))
    }

    /// The operator's scope (the CLI): full rights, logged as `cli:<name>`.
    public func operatorScope(slug: String, operatorName: String = "operator") async throws -> TenantScope {
        guard let organization = try await find(slug: slug) else { throw DomainError.notFound("Organisation '\(slug.prefix(80))'") }
        return TenantScope(organization: organization, standing: .operator, actor: .cli(operatorName))
    }

    func standing(of userID: UUID, in organizationID: UUID, now: Date) async throws -> Standing? {
        let db = database.db
        if let membership = try await MembershipModel.query(on: db)
            .filter(\.$organizationID == organizationID).filter(\.$userID == userID).first()
        {
            return .member(try membership.domain().role)
        }
        let grants = try await EngagementGrantModel.query(on: db)
            .filter(\.$clientOrganizationID == organizationID).filter(\.$auditorUserID == userID).all()
        guard let active = try grants.map({ try $0.domain() }).first(where: { $0.isActive(at: now) }) else { return nil }
        // The auditor must still belong to the firm that holds the grant.
        let stillAtFirm =
            try await MembershipModel.query(on: db)
            .filter(\.$organizationID == active.auditFirmID).filter(\.$userID == userID).first() != nil
        return stillAtFirm ? .auditor(grantID: active.id) : nil
    }
}
