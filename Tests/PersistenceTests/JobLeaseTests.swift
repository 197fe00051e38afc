import Foundation
import Persistence
import TestSupport
import Testing

/// Background jobs are claimed once: of several servers racing for a job, one holds it; it keeps
/// it while it renews; another takes over when the lease runs out or is released.
@Suite("Job leases")
struct JobLeaseTests {
    @Test(arguments: TestDatabase.available)
    func oneServerHoldsAJobAtATime(_ database: TestDatabase) async throws {
        try await database.withStore { store in
            let leases = store.leases
            let now = Date()
            let winners = try await withThrowingTaskGroup(of: (String, Bool).self) { group in
                for server in ["a", "b", "c"] {
                    group.addTask { (server, try await leases.claim("tree-heads", holder: server, for: 30, now: now)) }
                }
                return try await group.reduce(into: [String]()) { if $1.1 { $0.append($1.0) } }
            }
            #expect(winners.count == 1, "\(winners)")
            let holder = try #require(winners.first)
            let other = holder == "a" ? "b" : "a"
            #expect(try await leases.claim("tree-heads", holder: holder, for: 30, now: now.addingTimeInterval(10)), "the holder renews")
            #expect(try await !leases.claim("tree-heads", holder: other, for: 30, now: now.addingTimeInterval(20)), "no one else while it does")
            #expect(try await leases.claim("tree-heads", holder: other, for: 30, now: now.addingTimeInterval(41)), "taken over once it lapses")
            #expect(try await leases.holders()["tree-heads"] == other)
            try await leases.release("tree-heads", holder: other)
            #expect(try await leases.claim("tree-heads", holder: holder, for: 30, now: now.addingTimeInterval(42)), "free at once after a release")
            #expect(try await leases.claim("mail", holder: other, for: 30, now: now), "each job has its own lease")
        }
    }
}
