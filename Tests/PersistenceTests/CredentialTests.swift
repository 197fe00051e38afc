import ComplianceCore
import Foundation
import Persistence
import TestSupport
import Testing

@Suite("Tokens, sessions and second factors")
struct CredentialTests {
    @Test(arguments: TestDatabase.available)
    func tokensAuthenticateUntilRevokedOrExpired(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let now = Date()
            let created = try await store.tokens.create(
                for: owner, name: "ci", expiresAt: now.addingTimeInterval(3600), actor: .user(owner.id), now: now)
            #expect(created.secret.hasPrefix("atk_") && created.secret.count > 40)
            #expect(created.token.prefix == String(created.secret.prefix(10)))
            let (user, token) = try #require(try await store.tokens.authenticate(created.secret, now: now))
            #expect(user == owner)
            #expect(token.lastUsedAt != nil)
            #expect(try await store.tokens.authenticate(created.secret, now: now.addingTimeInterval(7200)) == nil)
            #expect(try await store.tokens.authenticate("atk_guessed", now: now) == nil)
            #expect(try await store.tokens.authenticate("not-a-token", now: now) == nil)

            try await store.tokens.revoke(created.token.id, of: owner.id, actor: .user(owner.id))
            #expect(try await store.tokens.authenticate(created.secret, now: now) == nil)
            #expect(try await store.tokens.tokens(of: owner.id).first?.revokedAt != nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func nobodyRevokesSomeoneElsesToken(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let (_, other) = try await fixtures.organization("globex")
            let created = try await store.tokens.create(for: owner, name: "ci", actor: .user(owner.id))
            let error = await #expect(throws: DomainError.self) {
                try await store.tokens.revoke(created.token.id, of: other.id, actor: .user(other.id))
            }
            #expect(error?.kind == .notFound)
            await #expect(throws: DomainError.self) {
                try await store.tokens.create(for: owner, name: "past", expiresAt: Date().addingTimeInterval(-1), actor: .user(owner.id))
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func sessionsAreFoundBySecretUntilTheyEnd(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let started = try await store.sessions.start(userID: owner.id, authenticated: true)
            #expect(try await store.sessions.find(secret: started.secret)?.userID == owner.id)
            #expect(try await store.sessions.find(secret: started.secret, now: Date().addingTimeInterval(SessionRepository.lifetime + 1)) == nil)
            try await store.sessions.end(started.session.id)
            #expect(try await store.sessions.find(secret: started.secret) == nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func totpEnrolmentAndRecoveryCodes(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let totp = try await store.secondFactors.beginEnrolment(userID: owner.id)
            await #expect(throws: DomainError.self) { try await store.secondFactors.confirmEnrolment(userID: owner.id, code: "000000x") }
            let now = Date()
            let codes = try await store.secondFactors.confirmEnrolment(userID: owner.id, code: totp.code(at: now), now: now)
            #expect(codes.count == 10 && Set(codes).count == 10)
            #expect(try await store.users.find(id: owner.id)?.totpEnabled == true)
            // The enrolment's code is spent (issue 11, finding 6); the next step's code signs in.
            #expect(try await store.secondFactors.verify(userID: owner.id, code: totp.code(at: now), now: now) == false)
            #expect(try await store.secondFactors.verify(userID: owner.id, code: totp.code(at: now + 30), now: now + 30))
            #expect(try await store.secondFactors.verify(userID: owner.id, code: "123456", now: Date(timeIntervalSince1970: 0)) == false)
            #expect(try await store.secondFactors.verify(userID: owner.id, code: codes[0].uppercased()))
            #expect(try await store.secondFactors.verify(userID: owner.id, code: codes[0]) == false)
            #expect(try await store.secondFactors.remainingRecoveryCodes(userID: owner.id) == 9)
            await #expect(throws: DomainError.self) { try await store.secondFactors.beginEnrolment(userID: owner.id) }
        }
    }
}
