import ComplianceCore
import FluentKit
import Foundation
import HummingbirdBcrypt

/// People and their passwords.
public struct UserRepository: Sendable {
    let database: AttestDatabase
    /// bcrypt cost; tests lower it to stay fast, production keeps the default.
    let bcryptCost: UInt8

    /// Creates a user after checking the password policy. The hash is bcrypt; the password is never stored.
    public func create(email: EmailAddress, name: String, password: String, now: Date = Date()) async throws -> User {
        let name = try Organization.validName(name)
        try PasswordPolicy.standard.check(password, email: email)
        let hash = try await Self.hash(password, cost: bcryptCost)
        return try await database.write { db in
            if try await UserModel.query(on: db).filter(\.$email == email.rawValue).first() != nil {
                throw DomainError.conflict("email_taken", "A user with the email '\(email)' already exists.")
            }
            let model = UserModel(id: UUID(), email: email.rawValue, name: name, passwordHash: hash, createdAt: now)
            try await model.create(on: db)
            return try model.domain()
        }
    }

    public func find(email: EmailAddress) async throws -> User? {
        try await UserModel.query(on: database.db).filter(\.$email == email.rawValue).first()?.domain()
    }

    public func find(id: UUID) async throws -> User? {
        try await UserModel.find(id, on: database.db)?.domain()
    }

    /// The user when the password matches; nil otherwise. Takes as long for an unknown email as for
    /// a wrong password, so response times do not reveal which emails exist.
    public func verify(email: EmailAddress, password: String) async throws -> User? {
        let model = try await UserModel.query(on: database.db).filter(\.$email == email.rawValue).first()
        let hash = model?.passwordHash ?? Self.decoyHash
        let matches = await Self.verify(password, hash: hash)
        guard matches, let model else { return nil }
        return try model.domain()
    }

    static func hash(_ password: String, cost: UInt8) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.hash(password, cost: cost)) }
        }
    }

    static func verify(_ password: String, hash: String) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Bcrypt.verify(password, hash: hash)) }
        }
    }

    private static let decoyHash = Bcrypt.hash("attest-decoy-password-never-matches", cost: 12)
}
