import FluentKit
import Foundation

/// An API token. Only the SHA-256 of the secret is stored; the secret is shown once.
final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"

    @ID(key: .id) var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "name") var name: String
    @Field(key: "secret_hash") var secretHash: String
    /// The first characters of the token, so a person can tell tokens apart.
    @Field(key: "prefix") var prefix: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}
}

/// A web session. The cookie carries a random secret; the table keeps only its SHA-256.
final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "secret_hash") var secretHash: String
    @Field(key: "user_id") var userID: UUID
    @Field(key: "csrf_token") var csrfToken: String
    /// False between the password and the second factor.
    @Field(key: "authenticated") var authenticated: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date

    init() {}
}
