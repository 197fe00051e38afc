import ComplianceCore
import Foundation
import Hummingbird
import UseCases

struct HealthResponse: ResponseEncodable { let status: String }

struct CatalogInfo: Codable { let id, version, name: String }

struct CriteriaResponse: ResponseEncodable {
    let catalog: CatalogInfo
    let count: Int
    let criteria: [Criterion]
}

struct CriterionResponse: ResponseEncodable {
    let catalog: CatalogInfo
    let criterion: Criterion
}

struct OrganizationSummary: Codable {
    let id: UUID
    let slug: Slug
    let name: String
    let kind: OrganizationKind
    /// How the caller reaches it: owner, admin, member, viewer or auditor.
    let access: String

    init(_ organization: Organization, standing: Standing) {
        id = organization.id
        slug = organization.slug
        name = organization.name
        kind = organization.kind
        access = standing.label
    }
}

struct OrganizationsResponse: ResponseEncodable { let organizations: [OrganizationSummary] }
struct OrganizationResponse: ResponseEncodable { let organization: OrganizationSummary }

struct MemberBody: Codable {
    let email: EmailAddress
    let name: String
    let role: Role
    let since: Date

    init(_ member: Member) {
        email = member.user.email
        name = member.user.name
        role = member.role
        since = member.since
    }
}

struct MembersResponse: ResponseEncodable { let members: [MemberBody] }

struct InvitationBody: Codable {
    let id: UUID
    let organization: String
    let email: String
    let role: Role
    let invitedBy: String
    let invitedAt: Date
    let expiresAt: Date
    let status: Invitation.Status

    init(_ invitation: Invitation) {
        id = invitation.id
        organization = invitation.organizationName
        email = invitation.email
        role = invitation.role
        invitedBy = invitation.invitedBy
        invitedAt = invitation.invitedAt
        expiresAt = invitation.expiresAt
        status = invitation.status
    }
}

/// A member whose role changed (200), or an invitation sent (202).
struct MemberChangeResponse: ResponseEncodable {
    let member: MemberBody?
    let invitation: InvitationBody?
}

struct InvitationsResponse: ResponseEncodable { let invitations: [InvitationBody] }
struct InvitationResponse: ResponseEncodable { let invitation: InvitationBody }

struct SetMemberRequest: StrictBody {
    static let fields: Set<String> = ["email", "role"]
    let email: EmailAddress
    let role: Role
}

struct EventBody: Codable {
    let sequence: Int64
    let actor: String
    let entityType: String
    let entityId: String
    let action: String
    let stateSha256: String
    let occurredAt: Date
    let previousHash: String
    let hash: String

    init(_ event: ChangeEvent) {
        sequence = event.sequence
        actor = event.actor.description
        entityType = event.entityType
        entityId = event.entityID
        action = event.action
        stateSha256 = event.stateDigest
        occurredAt = event.occurredAt
        previousHash = event.previousHash
        hash = event.hash
    }
}

struct EventsResponse: ResponseEncodable {
    let events: [EventBody]
    /// Pass as `before` to read the next (older) page; absent at the start of the log.
    let nextBefore: Int64?
}

struct TokensResponse: ResponseEncodable { let tokens: [APIToken] }

struct CreatedTokenResponse: ResponseEncodable {
    let token: APIToken
    /// Shown only in this response.
    let secret: String
}

struct CreateTokenRequest: StrictBody {
    static let fields: Set<String> = ["name", "expires_at"]
    let name: String
    let expiresAt: String?

    enum CodingKeys: String, CodingKey {
        case name
        case expiresAt = "expires_at"
    }

    /// `expires_at` as a date (`YYYY-MM-DD`) or an RFC 3339 time.
    func expiry() throws(DomainError) -> Date? {
        guard let expiresAt else { return nil }
        if let day = Timestamp.date(expiresAt) { return day }
        if let time = Timestamp.time(expiresAt) { return time }
        throw .invalid("expires_at", "'\(expiresAt.prefix(40))' is not a date (YYYY-MM-DD) or an RFC 3339 time.")
    }
}
