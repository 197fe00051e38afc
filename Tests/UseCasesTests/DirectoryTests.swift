import ComplianceCore
import Foundation
import Persistence
import TestSupport
import Testing
import UseCases

@Suite("Organisations, users and memberships")
struct DirectoryTests {
    @Test(arguments: TestDatabase.available)
    func createsOrganisationsAndRefusesDuplicateSlugs(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let acme = try await store.organizations.create(slug: try Slug("acme"), name: "Acme", kind: .serviceOrganization, actor: .cli("t"))
            #expect(try await store.organizations.find(slug: "acme") == acme)
            let error = await #expect(throws: DomainError.self) {
                try await store.organizations.create(slug: try Slug("acme"), name: "Other", kind: .auditFirm, actor: .cli("t"))
            }
            #expect(error?.code == "slug_taken")
            #expect(try await store.organizations.all().count == 1)
        }
    }

    @Test(arguments: TestDatabase.available)
    func usersHaveUniqueEmailsAndCheckedPasswords(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let email = try EmailAddress("erin@acme.example")
            let user = try await store.users.create(email: email, name: "Erin", password: "a-very-long-password")
            let duplicate = await #expect(throws: DomainError.self) {
                try await store.users.create(email: try EmailAddress("ERIN@acme.example"), name: "Erin 2", password: "a-very-long-password")
            }
            #expect(duplicate?.code == "email_taken")
            await #expect(throws: DomainError.self) {
                try await store.users.create(email: try EmailAddress("x@acme.example"), name: "X", password: "password1234")
            }
            #expect(try await store.users.verify(email: email, password: "a-very-long-password") == user)
            #expect(try await store.users.verify(email: email, password: "wrong-password-here") == nil)
            #expect(try await store.users.verify(email: try EmailAddress("nobody@acme.example"), password: "whatever-password") == nil)
        }
    }

    @Test(arguments: TestDatabase.available)
    func rolesDecideWhoManagesMembers(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let admin = try await fixtures.user("admin@acme.example", in: "acme", role: .admin)
            let member = try await fixtures.user("member@acme.example", in: "acme", role: .member)
            _ = try await store.users.create(email: try EmailAddress("new@acme.example"), name: "New", password: Fixtures.password)

            let adminScope = try await fixtures.scope("acme", as: admin)
            _ = try await MembershipWorkflow(storage: store.memberships).setRole(.viewer, for: try EmailAddress("new@acme.example"), in: adminScope)
            let forbidden = await #expect(throws: DomainError.self) {
                try await MembershipWorkflow(storage: store.memberships).setRole(.owner, for: try EmailAddress("new@acme.example"), in: adminScope)
            }
            #expect(forbidden?.kind == .forbidden)
            await #expect(throws: DomainError.self) {
                try await MembershipWorkflow(storage: store.memberships).setRole(
                    .admin, for: try EmailAddress("new@acme.example"), in: try await fixtures.scope("acme", as: member))
            }
            let ownerScope = try await fixtures.scope("acme", as: owner)
            let lastOwner = await #expect(throws: DomainError.self) {
                try await MembershipWorkflow(storage: store.memberships).setRole(.admin, for: owner.email, in: ownerScope)
            }
            #expect(lastOwner?.code == "last_owner")
            #expect(
                try await MembershipWorkflow(storage: store.memberships).members(in: ownerScope).map(\.role) == [.owner, .admin, .member, .viewer])
        }
    }

    @Test(arguments: TestDatabase.available)
    func anotherOrganisationIsNotFound(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            try await fixtures.organization("acme")
            let (_, outsider) = try await fixtures.organization("globex")
            let error = await #expect(throws: DomainError.self) { try await fixtures.scope("acme", as: outsider) }
            #expect(error?.kind == .notFound)
            let unknown = await #expect(throws: DomainError.self) { try await fixtures.scope("no-such-org", as: outsider) }
            #expect(unknown?.message == error?.message.replacingOccurrences(of: "acme", with: "no-such-org"))
        }
    }

    @Test(arguments: TestDatabase.available)
    func auditorsReachClientsOnlyWhileTheirGrantLasts(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            try await fixtures.organization("assure", kind: .auditFirm)
            let auditor = try await fixtures.user("alex@assure.example", in: "assure", role: .member)
            let now = Date()
            _ = try await store.memberships.grant(
                auditor: auditor.email, of: try Slug("assure"), until: now.addingTimeInterval(3600),
                in: try await fixtures.scope("acme", as: owner), now: now)
            let scope = try await fixtures.scope("acme", as: auditor, now: now)
            guard case .auditor = scope.standing else {
                Issue.record("expected auditor standing")
                return
            }
            #expect(try await store.organizations.reachable(by: auditor.id, now: now).map(\.0.slug.rawValue) == ["acme", "assure"])
            await #expect(throws: DomainError.self) {
                try await MembershipWorkflow(storage: store.memberships).setRole(.viewer, for: auditor.email, in: scope)
            }
            // After expiry the client is simply not there.
            let expired = await #expect(throws: DomainError.self) { try await fixtures.scope("acme", as: auditor, now: now.addingTimeInterval(7200)) }
            #expect(expired?.kind == .notFound)
            // Leaving the firm ends access too.
            try await MembershipWorkflow(storage: store.memberships).remove(
                auditor.email, from: try await store.organizations.operatorScope(slug: "assure"))
            await #expect(throws: DomainError.self) { try await fixtures.scope("acme", as: auditor, now: now) }
        }
    }

    @Test(arguments: TestDatabase.available)
    func grantsNeedAnAuditFirmAndAFutureExpiry(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let (_, other) = try await fixtures.organization("globex")
            let scope = try await fixtures.scope("acme", as: owner)
            await #expect(throws: DomainError.self) {
                try await store.memberships.grant(auditor: other.email, of: try Slug("globex"), until: Date().addingTimeInterval(60), in: scope)
            }
            await #expect(throws: DomainError.self) {
                try await store.memberships.grant(auditor: other.email, of: try Slug("globex"), until: Date().addingTimeInterval(-60), in: scope)
            }
        }
    }

    @Test(arguments: TestDatabase.available)
    func sqlLookingTextIsStoredLiterally(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let name = "Robert'); DROP TABLE organizations;--"
            let org = try await store.organizations.create(slug: try Slug("bobby"), name: name, kind: .serviceOrganization, actor: .cli("t"))
            #expect(try await store.organizations.find(id: org.id)?.name == name)
            #expect(try await store.organizations.all().count == 1)
        }
    }
}
