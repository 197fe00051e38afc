import ComplianceCore
import Foundation
import Persistence

/// TOTP second factors and recovery codes.
public struct SecondFactorWorkflow: Sendable {
    let storage: SecondFactorRepository

    /// Starts enrolment: stores a new secret (not yet required) and returns it to show once.
    public func beginEnrolment(userID: UUID) async throws -> TOTP {
        try await storage.beginEnrolment(userID: userID)
    }

    /// Turns TOTP on once the user proves their app has the secret. Returns ten recovery codes,
    /// shown once; only their hashes are kept.
    public func confirmEnrolment(userID: UUID, code: String, now: Date = Date()) async throws -> [String] {
        try await storage.confirmEnrolment(userID: userID, code: code, now: now)
    }

    /// How many recovery codes are left.
    public func remainingRecoveryCodes(userID: UUID) async throws -> Int {
        try await storage.remainingRecoveryCodes(userID: userID)
    }

    /// Checks a TOTP code or, failing that, a recovery code (which is then used up).
    public func verify(userID: UUID, code: String, now: Date = Date()) async throws -> Bool {
        try await storage.verify(userID: userID, code: code, now: now)
    }
}
