import ComplianceCore
import FluentKit
import Foundation

final class MembershipModel: Model, @unchecked Sendable {
    static let schema = "memberships"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "role") var role: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(organizationID: UUID, userID: UUID, role: Role, createdAt: Date) {
        self.id = UUID()
        self.organizationID = organizationID
        self.userID = userID
        self.role = role.rawValue
        self.createdAt = createdAt
    }

    func domain() throws -> Membership {
        guard let role = Role(rawValue: role) else { throw StoredDataError("memberships.role", role) }
        return Membership(organizationID: organizationID, userID: userID, role: role, createdAt: createdAt.roundedToMilliseconds)
    }
}

final class EngagementGrantModel: Model, @unchecked Sendable {
    static let schema = "engagement_grants"

    @ID(key: .id) var id: UUID?
    @Field(key: "client_organization_id") var clientOrganizationID: UUID
    @Field(key: "audit_firm_id") var auditFirmID: UUID
    @Field(key: "auditor_user_id") var auditorUserID: UUID
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(_ grant: EngagementGrant) {
        self.id = grant.id
        self.clientOrganizationID = grant.clientOrganizationID
        self.auditFirmID = grant.auditFirmID
        self.auditorUserID = grant.auditorUserID
        self.expiresAt = grant.expiresAt
        self.revokedAt = grant.revokedAt
        self.createdAt = grant.createdAt
    }

    func domain() throws -> EngagementGrant {
        EngagementGrant(
            id: try requireID(), clientOrganizationID: clientOrganizationID, auditFirmID: auditFirmID,
            auditorUserID: auditorUserID, expiresAt: expiresAt.roundedToMilliseconds,
            revokedAt: revokedAt?.roundedToMilliseconds, createdAt: createdAt.roundedToMilliseconds
        )
    }
}
