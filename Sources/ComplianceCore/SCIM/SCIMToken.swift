import Foundation

/// A bearer token an identity provider uses to push the roster over SCIM, for one organisation.
/// Only its SHA-256 is stored; the secret is shown once, when made.
public struct SCIMToken: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let digest: String
    public let createdBy: String
    public let createdAt: Date
    public var revokedAt: Date?

    public init(id: UUID = UUID(), digest: String, createdBy: String, createdAt: Date) {
        self.id = id
        self.digest = digest
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// A group pushed over SCIM (a department, a team): its members are people on the roster.
public struct SCIMGroup: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public var displayName: String
    public var externalID: String?
    /// Ids of people on the roster.
    public var members: [UUID]
    public let createdAt: Date
    public var updatedAt: Date

    public init(id: UUID = UUID(), displayName: String, externalID: String?, members: [UUID], at: Date) {
        self.id = id
        self.displayName = displayName
        self.externalID = externalID
        self.members = members
        createdAt = at
        updatedAt = at
    }
}
