import ComplianceCore
import Foundation
import Logging
import Persistence
import TestSupport
import Testing

/// Issue 11, finding 8: a SQLite file another process holds locked made writes hang or answer 500.
/// Now a write gives up after its retries (about two seconds) with a `busy` refusal (503 with
/// Retry-After at the edge), and nothing is half written.
@Suite("A locked database")
struct LockedDatabaseTests {
    @Test func aWriteAgainstALockedFileIsRefusedAsBusy() async throws {
        try await Self.twoProcesses { ours, theirs in
            let store = Store(database: ours, bcryptCost: 4)
            let fixtures = Fixtures(store: store)
            try await fixtures.organization("acme")
            // Another process takes the write lock and keeps it while we try to write.
            try await theirs.holding("BEGIN IMMEDIATE", until: "ROLLBACK") {
                let started = ContinuousClock.now
                let refusal = await #expect(throws: DomainError.self) {
                    try await store.organizations.create(slug: try Slug("globex"), name: "Globex", kind: .serviceOrganization, actor: .cli("test"))
                }
                #expect(refusal?.code == "database_busy")
                if case .busy(let seconds)? = refusal?.kind {
                    #expect(seconds > 0)
                } else {
                    Issue.record("not a busy refusal: \(String(describing: refusal))")
                }
                #expect(ContinuousClock.now - started < .seconds(30), "it gives up instead of hanging")
            }
            #expect(try await store.organizations.find(slug: "globex") == nil, "nothing half written")
            _ = try await store.organizations.create(slug: try Slug("globex"), name: "Globex", kind: .serviceOrganization, actor: .cli("test"))
        }
    }

    /// The contract run of 1ef960b: a write transaction had read (taking a WAL snapshot) when another
    /// connection committed, so SQLite refused its first write with SQLITE_BUSY_SNAPSHOT, which waiting
    /// cannot cure and which was answered 503. Starting the transaction again on a fresh snapshot does.
    @Test func aWriteWhoseSnapshotWentStaleIsRetried() async throws {
        try await Self.twoProcesses { ours, theirs in
            let store = Store(database: ours, bcryptCost: 4)
            let other = Store(database: theirs, bcryptCost: 4)
            let (organization, _) = try await Fixtures(store: store).organization("acme")
            let note = RecordKind<String>(name: "test_note")
            let attempts = Attempts()
            try await store.records.write { transaction in
                _ = try await transaction.all(note, organization: organization.id)
                if await attempts.next() == 1 {
                    // Another process commits after our snapshot was taken.
                    _ = try await other.organizations.create(
                        slug: try Slug("globex"), name: "Globex", kind: .serviceOrganization, actor: .cli("test"))
                }
                try await transaction.save(
                    note, "hello", id: UUID(), organization: organization.id, parent: nil, key: "n1", action: "created",
                    actor: .cli("test"), now: Date())
            }
            #expect(await attempts.count == 2, "the first attempt met the stale snapshot and the second wrote")
            #expect(try await store.records.all(note, organization: organization.id) == ["hello"])
        }
    }

    /// Two connection pools on one SQLite file, as two processes would hold it; both are shut down
    /// whatever happens, or their deinit traps.
    static func twoProcesses(_ body: (AttestDatabase, AttestDatabase) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attest-locked-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("attest.sqlite").path
        let logger = Logger(label: "test")
        let ours = try await AttestDatabase.open(.sqliteFile(path: path), logger: logger)
        try await ours.migrate()
        let theirs = try await AttestDatabase.open(.sqliteFile(path: path), logger: logger)
        var failure: (any Error)?
        do { try await body(ours, theirs) } catch { failure = error }
        await theirs.shutdown()
        await ours.shutdown()
        if let failure { throw failure }
    }
}

private actor Attempts {
    private(set) var count = 0

    func next() -> Int {
        count += 1
        return count
    }
}
