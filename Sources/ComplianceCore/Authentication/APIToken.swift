import Foundation

/// An API token as its owner sees it; the secret itself is shown once, at creation.
public struct APIToken: Codable, Sendable, Hashable, Identifiable {
    public let id: UUID
    public let name: String
    public let prefix: String
    public let createdAt: Date
    public let expiresAt: Date?
    public let lastUsedAt: Date?
    public let revokedAt: Date?

    public init(id: UUID, name: String, prefix: String, createdAt: Date, expiresAt: Date?, lastUsedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, name, prefix
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case lastUsedAt = "last_used_at"
        case revokedAt = "revoked_at"
    }

    public func isUsable(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }
}

extension APIToken {
    /// The expiry of a token made while signed in with `parent`: it never outlives the token that
    /// made it, and without a date of its own it ends when that one does. (Tokens carry their
    /// owner's rights and no narrower scope, so outliving is the only way one could outrank another.)
    public static func expiry(requested: Date?, madeWith parent: APIToken?) throws(DomainError) -> Date? {
        guard let parent, let limit = parent.expiresAt else { return requested }
        guard let requested else { return limit }
        guard requested <= limit else {
            throw .invalid("expires_at", "a token made with another token cannot outlive it; that one expires \(Timestamp.rfc3339(limit)).")
        }
        return requested
    }
}
