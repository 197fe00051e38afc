import ComplianceCore
import FluentKit
import Foundation

/// TOTP enrolment, checking and recovery codes for one user.
public struct SecondFactorRepository: Sendable {
    let database: AttestDatabase

    /// Starts enrolment: stores a new secret (not yet required) and returns it to show once.
    public func beginEnrolment(userID: UUID) async throws -> TOTP {
        let totp = TOTP.generate()
        try await database.write { db in
            let user = try await Self.user(userID, on: db)
            guard !user.totpEnabled else { throw DomainError.conflict("totp_enabled", "Two-factor authentication is already on.") }
            user.totpSecret = totp.base32
            try await user.update(on: db)
        }
        return totp
    }

    /// Turns TOTP on once the user proves their app has the secret. Returns ten recovery codes,
    /// shown once; only their hashes are kept.
    public func confirmEnrolment(userID: UUID, code: String, now: Date = Date()) async throws -> [String] {
        let codes = (0..<10).map { _ in Self.recoveryCode() }
        try await database.write { db in
            let user = try await Self.user(userID, on: db)
            guard !user.totpEnabled, let secret = user.totpSecret, let totp = TOTP(base32: secret) else {
                throw DomainError.conflict("totp_not_enrolling", "Start two-factor set-up first.")
            }
            guard let step = totp.step(of: code, at: now) else {
                throw DomainError.invalid("code", "does not match; check the time on your device and try again.")
            }
            user.totpEnabled = true
            user.totpLastStep = step
            user.recoveryCodeHashes = codes.map { Digest.sha256Hex(Array($0.utf8)) }.joined(separator: ",")
            try await user.update(on: db)
            for membership in try await MembershipModel.query(on: db).filter(\.$userID == userID).all() {
                try await ChangeLog.append(
                    on: db, organizationID: membership.organizationID, actor: .user(userID), entityType: "user",
                    entityID: userID.uuidString.lowercased(), action: "totp_enabled", state: try user.domain(), at: now)
            }
        }
        return codes
    }

    /// Checks a TOTP code or, failing that, a recovery code (which is then used up).
    public func verify(userID: UUID, code: String, now: Date = Date()) async throws -> Bool {
        try await database.write { db in
            let user = try await Self.user(userID, on: db)
            guard user.totpEnabled, let secret = user.totpSecret, let totp = TOTP(base32: secret) else { return false }
            if let step = totp.step(of: code, at: now) {
                // A code seen before (or an older one) is a replay: refuse it.
                guard step > (user.totpLastStep ?? -1) else { return false }
                user.totpLastStep = step
                try await user.update(on: db)
                return true
            }
            let digest = Digest.sha256Hex(Array(code.trimmingCharacters(in: .whitespaces).lowercased().utf8))
            var hashes = user.recoveryCodeHashes.split(separator: ",").map(String.init)
            guard let index = hashes.firstIndex(where: { constantTimeEquals($0, digest) }) else { return false }
            hashes.remove(at: index)
            user.recoveryCodeHashes = hashes.joined(separator: ",")
            try await user.update(on: db)
            return true
        }
    }

    /// How many recovery codes are left.
    public func remainingRecoveryCodes(userID: UUID) async throws -> Int {
        let user = try await Self.user(userID, on: database.db)
        return user.recoveryCodeHashes.split(separator: ",").count
    }

    private static func user(_ id: UUID, on db: any Database) async throws -> UserModel {
        guard let user = try await UserModel.find(id, on: db) else { throw DomainError.notFound("User") }
        return user
    }

    /// Ten lowercase letters and digits in two groups, e.g. `k3f9q-2m8xa`.
    private static func recoveryCode() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let characters = SecureRandom.bytes(10).map { alphabet[Int($0) % alphabet.count] }
        return String(characters[0..<5]) + "-" + String(characters[5..<10])
    }
}
