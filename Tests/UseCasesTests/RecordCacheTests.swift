import ComplianceCore
import Foundation
import Logging
import Persistence
import TestSupport
import Testing
import UseCases

/// Record lists are cached by the organisation's log position (`RecordCache`). A second server on
/// the same database writes without telling the first; the first must still answer with the change,
/// because the write moved the log.
@Suite("The record cache")
struct RecordCacheTests {
    @Test(arguments: TestDatabase.available)
    func anotherServersWriteIsSeenAtOnce(_ database: TestDatabase) async throws {
        guard case .postgres = database else {
            // The in-memory SQLite of the other tests cannot be opened twice; a file can.
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("record-cache-\(UUID()).sqlite").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let database = try await AttestDatabase.open(.sqliteFile(path: path), logger: Logger(label: "first-server"))
            do {
                try await database.migrate()
                try await Self.check(Store(database: database, bcryptCost: 4))
            } catch {
                await database.shutdown()
                throw error
            }
            await database.shutdown()
            return
        }
        try await database.withStore { try await Self.check($0) }
    }

    private static func check(_ first: Store) async throws {
        let fixtures = Fixtures(store: first)
        let (_, owner) = try await fixtures.organization("acme")
        let scope = try await fixtures.scope("acme", as: owner)
        try await first.programme.controls.adopt(["ACC-01", "CHG-01"], in: scope)
        let before = try await first.programme.controls.list(in: scope)
        #expect(try await first.programme.controls.list(in: scope) == before, "read twice at one position, answered the same")

        let other = try await AttestDatabase.open(first.database.location, logger: .init(label: "second-server"))
        let second = Store(database: other, bcryptCost: 4)
        do {
            _ = try await second.programme.controls.update("ACC-01", action: "status_changed", in: scope) { $0.status = .operating }
        } catch {
            await other.shutdown()
            throw error
        }
        await other.shutdown()
        let after = try await first.programme.controls.list(in: scope)
        #expect(after.first { $0.key == "ACC-01" }?.status == .operating, "the first server sees the second's change")
        #expect(after != before)
    }
}
