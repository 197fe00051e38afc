import ComplianceCore
import Foundation
import Persistence

/// Personal API tokens.
public struct TokenWorkflow: Sendable {
    let storage: TokenRepository

    /// The user a bearer secret belongs to, when the token is known, unexpired and unrevoked.
    /// Records the time of use.
    public func authenticate(_ secret: String, now: Date = Date()) async throws -> (User, APIToken)? {
        try await storage.authenticate(secret, now: now)
    }

    /// Creates a token and returns its secret, which nobody can see again.
    public func create(for user: User, name: String, expiresAt: Date? = nil, actor: Actor, now: Date = Date()) async throws -> (
        token: APIToken, secret: String
    ) {
        try await storage.create(for: user, name: name, expiresAt: expiresAt, actor: actor, now: now)
    }

    /// Revokes one of the user's own tokens. Another user's token is `not_found`.
    public func revoke(_ id: UUID, of userID: UUID, actor: Actor, now: Date = Date()) async throws {
        try await storage.revoke(id, of: userID, actor: actor, now: now)
    }

    public func tokens(of userID: UUID) async throws -> [APIToken] {
        try await storage.tokens(of: userID)
    }
}
