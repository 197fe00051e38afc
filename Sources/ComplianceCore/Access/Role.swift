import Foundation

/// A member's role inside their own organisation.
public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    /// Runs the organisation: everything an admin can, plus making owners and inviting audit firms.
    case owner
    /// Manages people, tokens and the programme.
    case admin
    /// An employee: reads and acknowledges policies, does assigned work.
    case member
    /// Reads everything, changes nothing.
    case viewer

    private var rank: Int {
        switch self {
        case .owner: 3
        case .admin: 2
        case .member: 1
        case .viewer: 0
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    public var displayName: String { rawValue.capitalized }
}

/// A person's place in one organisation.
public struct Membership: Codable, Sendable, Hashable {
    public let organizationID: UUID
    public let userID: UUID
    public let role: Role
    public let createdAt: Date

    public init(organizationID: UUID, userID: UUID, role: Role, createdAt: Date) {
        self.organizationID = organizationID
        self.userID = userID
        self.role = role
        self.createdAt = createdAt
    }
}

/// Access that a client organisation gives one auditor of an audit firm, until it expires.
///
/// Auditors never become members of their clients: the grant is the only way in, and it ends by itself.
public struct EngagementGrant: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let clientOrganizationID: UUID
    public let auditFirmID: UUID
    public let auditorUserID: UUID
    public let expiresAt: Date
    public let revokedAt: Date?
    public let createdAt: Date

    public init(
        id: UUID, clientOrganizationID: UUID, auditFirmID: UUID, auditorUserID: UUID,
        expiresAt: Date, revokedAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.clientOrganizationID = clientOrganizationID
        self.auditFirmID = auditFirmID
        self.auditorUserID = auditorUserID
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.createdAt = createdAt
    }

    public func isActive(at now: Date) -> Bool {
        revokedAt == nil && now < expiresAt
    }
}
