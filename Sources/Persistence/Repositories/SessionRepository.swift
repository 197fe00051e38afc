import ComplianceCore
import FluentKit
import Foundation

/// Web sessions, kept in the database so that a cookie from another data directory (or a stolen,
/// logged-out one) opens nothing. The cookie holds a random secret; the table holds its SHA-256.
public struct SessionRepository: Sendable {
    let database: AttestDatabase
    public static let lifetime: TimeInterval = 12 * 3600

    /// Starts a session; a fresh id at every login, so a planted cookie can never be promoted.
    public func start(userID: UUID, authenticated: Bool, now: Date = Date()) async throws -> (session: WebSession, secret: String) {
        let secret = SecureRandom.token(bytes: 32)
        let model = SessionModel()
        model.id = UUID()
        model.secretHash = Digest.sha256Hex(Array(secret.utf8))
        model.userID = userID
        model.csrfToken = SecureRandom.token(bytes: 24)
        model.authenticated = authenticated
        model.createdAt = now
        model.expiresAt = now.addingTimeInterval(authenticated ? Self.lifetime : 300)
        try await model.create(on: database.db)
        return (model.domain(), secret)
    }

    public func find(secret: String, now: Date = Date()) async throws -> WebSession? {
        guard secret.count < 200 else { return nil }
        guard
            let model = try await SessionModel.query(on: database.db)
                .filter(\.$secretHash == Digest.sha256Hex(Array(secret.utf8))).first(),
            model.expiresAt > now
        else { return nil }
        return model.domain()
    }

    public func end(_ id: UUID) async throws {
        try await SessionModel.query(on: database.db).filter(\.$id == id).delete()
    }

    /// Ends every session of a user (deprovisioned by the identity provider); returns how many.
    @discardableResult
    public func endAll(of userID: UUID) async throws -> Int {
        let count = try await SessionModel.query(on: database.db).filter(\.$userID == userID).count()
        try await SessionModel.query(on: database.db).filter(\.$userID == userID).delete()
        return count
    }

    /// Removes expired sessions.
    public func purge(now: Date = Date()) async throws {
        try await SessionModel.query(on: database.db).filter(\.$expiresAt < now).delete()
    }
}

extension SessionModel {
    func domain() -> WebSession {
        WebSession(id: id!, userID: userID, csrfToken: csrfToken, authenticated: authenticated, expiresAt: expiresAt)
    }
}
