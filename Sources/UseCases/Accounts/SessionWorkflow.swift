import ComplianceCore
import Foundation
import Persistence

/// Browser sessions.
public struct SessionWorkflow: Sendable {
    let storage: SessionRepository

    public func end(_ id: UUID) async throws {
        try await storage.end(id)
    }

    public func find(secret: String, now: Date = Date()) async throws -> WebSession? {
        try await storage.find(secret: secret, now: now)
    }

    /// Starts a session; a fresh id at every login, so a planted cookie can never be promoted.
    public func start(userID: UUID, authenticated: Bool, now: Date = Date()) async throws -> (session: WebSession, secret: String) {
        try await storage.start(userID: userID, authenticated: authenticated, now: now)
    }
}

extension SessionWorkflow {
    /// How long a signed-in session lasts.
    public static var lifetime: TimeInterval { SessionRepository.lifetime }
}
