import ComplianceCore
import FluentKit
import Foundation

/// Personal API tokens, sent as `Authorization: Bearer atk_…`. Stored as SHA-256, never in clear.
public struct TokenRepository: Sendable {
    let database: AttestDatabase
    static let marker = "atk_"

    /// Creates a token and returns its secret, which nobody can see again.
    public func create(for user: User, name: String, expiresAt: Date? = nil, actor: Actor, now: Date = Date()) async throws -> (
        token: APIToken, secret: String
    ) {
        let name = try Organization.validName(name, field: "name")
        if let expiresAt, expiresAt <= now { throw DomainError.unprocessable("expires_at", "must be in the future.") }
        let secret = Self.marker + SecureRandom.token(bytes: 32)
        let model = APITokenModel()
        model.id = UUID()
        model.userID = user.id
        model.name = name
        model.secretHash = Digest.sha256Hex(Array(secret.utf8))
        model.prefix = String(secret.prefix(10))
        model.createdAt = now
        model.expiresAt = expiresAt
        let token = try await database.write { db in
            try await model.create(on: db)
            let token = model.domain()
            try await Self.logInMemberOrganizations(user.id, actor: actor, action: "created", token: token, on: db, now: now)
            return token
        }
        return (token, secret)
    }

    public func tokens(of userID: UUID) async throws -> [APIToken] {
        try await APITokenModel.query(on: database.db).filter(\.$userID == userID).sort(\.$createdAt, .descending).all().map { $0.domain() }
    }

    /// Revokes one of the user's own tokens. Another user's token is `not_found`.
    public func revoke(_ id: UUID, of userID: UUID, actor: Actor, now: Date = Date()) async throws {
        try await database.write { db in
            guard let model = try await APITokenModel.query(on: db).filter(\.$id == id).filter(\.$userID == userID).first() else {
                throw DomainError.notFound("Token \(id.uuidString.lowercased())")
            }
            guard model.revokedAt == nil else { return }
            model.revokedAt = now
            try await model.update(on: db)
            try await Self.logInMemberOrganizations(userID, actor: actor, action: "revoked", token: model.domain(), on: db, now: now)
        }
    }

    /// The user a bearer secret belongs to, when the token is known, unexpired and unrevoked.
    /// Records the time of use.
    public func authenticate(_ secret: String, now: Date = Date()) async throws -> (User, APIToken)? {
        guard secret.hasPrefix(Self.marker), secret.count < 200 else { return nil }
        let db = database.db
        guard let model = try await APITokenModel.query(on: db).filter(\.$secretHash == Digest.sha256Hex(Array(secret.utf8))).first(),
            model.domain().isUsable(at: now),
            let user = try await UserModel.find(model.userID, on: db)
        else { return nil }
        // Last-used is informational; a minute's resolution saves a write per request.
        if model.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
            model.lastUsedAt = now
            try await model.update(on: db)
        }
        return (try user.domain(), model.domain())
    }

    /// Tokens are personal, but they open every organisation their owner belongs to, so each of
    /// those organisations' logs records them.
    private static func logInMemberOrganizations(_ userID: UUID, actor: Actor, action: String, token: APIToken, on db: any Database, now: Date)
        async throws
    {
        for membership in try await MembershipModel.query(on: db).filter(\.$userID == userID).all() {
            try await ChangeLog.append(
                on: db, organizationID: membership.organizationID, actor: actor, entityType: "api_token",
                entityID: token.id.uuidString.lowercased(), action: action, state: token, at: now)
        }
    }
}

extension APITokenModel {
    func domain() -> APIToken {
        APIToken(
            id: id!, name: name, prefix: prefix, createdAt: createdAt.roundedToMilliseconds, expiresAt: expiresAt?.roundedToMilliseconds,
            lastUsedAt: lastUsedAt?.roundedToMilliseconds, revokedAt: revokedAt?.roundedToMilliseconds)
    }
}
