import ComplianceCore
import Foundation
import Persistence
import TestSupport
import Testing
import UseCases

@Suite("The change log")
struct ChangeLogTests {
    @Test(arguments: TestDatabase.available)
    func everyChangeAppendsAChainedEvent(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (org, owner) = try await fixtures.organization("acme")
            try await fixtures.user("erin@acme.example", in: "acme", role: .member)
            _ = try await store.tokens.create(for: owner, name: "ci", actor: .user(owner.id))
            let scope = try await fixtures.scope("acme", as: owner)
            let events = try await EventLogWorkflow(storage: store.events).events(in: scope)
            #expect(events.map(\.action) == ["created", "added", "added", "created"].reversed())
            #expect(events.map(\.entityType) == ["api_token", "membership", "membership", "organization"])
            #expect(events.map(\.sequence) == [4, 3, 2, 1])
            #expect(events.last?.previousHash == ChangeEvent.genesisHash)
            #expect(events[0].previousHash == events[1].hash)
            #expect(events[0].actor == .user(owner.id))
            #expect(events.allSatisfy { $0.organizationID == org.id && $0.stateDigest.count == 64 })
            #expect(try await store.events.verifyChain(of: org.id).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func aRowChangedBehindAttestsBackBreaksTheChain(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (org, _) = try await fixtures.organization("acme")
            try await fixtures.user("erin@acme.example", in: "acme", role: .member)
            try await store.database.execute("UPDATE events SET action = 'removed' WHERE sequence = 2")
            let problems = try await store.events.verifyChain(of: org.id)
            #expect(problems.contains { $0.contains("event 2") && $0.contains("hash") })
        }
    }

    @Test(arguments: TestDatabase.available)
    func aFailedChangeLeavesNoEvent(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (_, owner) = try await fixtures.organization("acme")
            let scope = try await fixtures.scope("acme", as: owner)
            let before = try await EventLogWorkflow(storage: store.events).events(in: scope).count
            await #expect(throws: DomainError.self) {
                try await MembershipWorkflow(storage: store.memberships).setRole(.admin, for: owner.email, in: scope)
            }
            #expect(try await EventLogWorkflow(storage: store.events).events(in: scope).count == before)
        }
    }

    @Test(arguments: TestDatabase.available)
    func concurrentWritersNeverForkTheLog(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            let (org, owner) = try await fixtures.organization("acme")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<12 {
                    group.addTask { _ = try await store.tokens.create(for: owner, name: "t\(index)", actor: .user(owner.id)) }
                }
                try await group.waitForAll()
            }
            let events = try await EventLogWorkflow(storage: store.events).events(in: try await fixtures.scope("acme", as: owner), limit: 100)
            #expect(events.count == 14)
            #expect(Set(events.map(\.sequence)) == Set(1...14))
            #expect(try await store.events.verifyChain(of: org.id).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available)
    func membersWithoutTheRightCannotReadTheLog(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let fixtures = Fixtures(store: store)
            try await fixtures.organization("acme")
            let member = try await fixtures.user("erin@acme.example", in: "acme", role: .member)
            let error = await #expect(throws: DomainError.self) {
                try await EventLogWorkflow(storage: store.events).events(in: try await fixtures.scope("acme", as: member))
            }
            #expect(error?.kind == .forbidden)
        }
    }
}
