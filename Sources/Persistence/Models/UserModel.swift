import ComplianceCore
import FluentKit
import Foundation

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "password_hash") var passwordHash: String
    /// Base32 TOTP secret; set while enrolling, active once `totp_enabled` is true.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    @Field(key: "totp_enabled") var totpEnabled: Bool
    /// The time step of the last code accepted; a code of that step or earlier is refused.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    /// SHA-256 hashes of unused recovery codes, comma-separated.
    @Field(key: "recovery_code_hashes") var recoveryCodeHashes: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID, email: String, name: String, passwordHash: String, createdAt: Date) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.totpSecret = nil
        self.totpEnabled = false
        self.recoveryCodeHashes = ""
        self.createdAt = createdAt
    }

    func domain() throws -> User {
        User(id: try requireID(), email: try EmailAddress(email), name: name, totpEnabled: totpEnabled, createdAt: createdAt.roundedToMilliseconds)
    }
}
