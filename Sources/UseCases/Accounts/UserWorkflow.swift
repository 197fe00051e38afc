import ComplianceCore
import Foundation
import Persistence

/// People who sign in: lookup and password checks.
public struct UserWorkflow: Sendable {
    let storage: UserRepository

    public func find(email: EmailAddress) async throws -> User? {
        try await storage.find(email: email)
    }

    public func find(id: UUID) async throws -> User? {
        try await storage.find(id: id)
    }

    /// The user when the password matches; nil otherwise. Takes as long for an unknown email as for
    /// a wrong password, so response times do not reveal which emails exist.
    public func verify(email: EmailAddress, password: String) async throws -> User? {
        try await storage.verify(email: email, password: password)
    }
}
