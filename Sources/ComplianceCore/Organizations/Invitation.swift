import Foundation

/// An organisation's offer of a role to an email address. Nobody is added to an organisation
/// without saying yes: an admin invites, the person accepts or declines. The invitation is made the
/// same way whether or not the address has an account, so inviting reveals nothing about other
/// organisations' people.
public struct Invitation: Codable, Sendable, Hashable, Identifiable {
    public enum Status: String, Codable, Sendable, CaseIterable {
        case pending, accepted, declined
    }

    public let id: UUID
    public let organizationID: UUID
    public let organizationName: String
    public let email: String
    public var role: Role
    public let invitedBy: String
    public var invitedAt: Date
    public var expiresAt: Date
    public var status: Status
    public var answeredAt: Date?

    /// How long an invitation stays open.
    public static let lifetime: TimeInterval = 14 * 86_400

    public init(
        id: UUID, organizationID: UUID, organizationName: String, email: String, role: Role, invitedBy: String, invitedAt: Date, expiresAt: Date,
        status: Status = .pending, answeredAt: Date? = nil
    ) {
        self.id = id
        self.organizationID = organizationID
        self.organizationName = organizationName
        self.email = email
        self.role = role
        self.invitedBy = invitedBy
        self.invitedAt = invitedAt
        self.expiresAt = expiresAt
        self.status = status
        self.answeredAt = answeredAt
    }

    public func isOpen(at now: Date) -> Bool { status == .pending && now < expiresAt }
}

/// What adding someone by email did: changed the role of a member, or sent an invitation.
public enum MembershipChange: Sendable {
    case changed(Member)
    case invited(Invitation)
}
