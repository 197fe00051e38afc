import ComplianceCore
import FluentKit
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Appends events to an organisation's change log, inside the caller's transaction.
///
/// Every repository method that changes state calls `append` on the same `db` it wrote with, so
/// the change and its event commit or roll back together.
enum ChangeLog {
    static func append(
        on db: any Database, organizationID: UUID, actor: Actor, entityType: String, entityID: String,
        action: String, state: some Encodable, at now: Date = Date()
    ) async throws {
        let last = try await EventModel.query(on: db)
            .filter(\.$organizationID == organizationID)
            .sort(\.$sequence, .descending)
            .first()
        let canonical = try CanonicalJSON.encode(state)
        let event = ChangeEvent(
            organizationID: organizationID, sequence: (last?.sequence ?? 0) + 1, actor: actor,
            entityType: entityType, entityID: entityID, action: action,
            stateDigest: Digest.sha256Hex(Array(canonical)), occurredAt: now,
            previousHash: last?.hash ?? ChangeEvent.genesisHash
        )
        try await EventModel(event, state: String(decoding: canonical, as: UTF8.self)).create(on: db)
    }
}

extension AttestDatabase {
    /// Runs `work` in a transaction, retrying when a concurrent writer won a race (a unique
    /// violation on the log's sequence, or SQLite's busy error). `work` must be safe to repeat.
    func write<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        if location.isPostgres { return try await transaction(work) }
        await writeGate.enter()
        do {
            let result = try await transaction(work)
            await writeGate.leave()
            return result
        } catch {
            await writeGate.leave()
            throw error
        }
    }

    private func transaction<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await db.transaction { tx in
                    if self.location.isPostgres, let sql = tx as? any SQLDatabase {
                        // Serialise writers per database so that log sequences never race.
                        _ = try await sql.raw("SELECT pg_advisory_xact_lock(7412)").all()
                    }
                    return try await work(tx)
                }
            } catch let error where attempt < 8 && Self.isRetryable(error) {
                attempt += 1
                try await Task.sleep(for: .milliseconds(10 * attempt * attempt))
            } catch {
                throw Self.unavailable(error) ?? error
            }
        }
    }

    /// A database that stays locked by another process after the retries (about two seconds), or
    /// whose disk is full, is the server's trouble, not the request's: 503 with Retry-After, in
    /// seconds, instead of a 500 (issue 11, finding 8).
    static func unavailable(_ error: any Error) -> DomainError? {
        guard let sqlite = error as? SQLiteError else { return nil }
        switch sqlite.reason {
        case .busy, .locked, .busyTimeout, .busyInRecovery, .busyInSnapshot, .lockedBySharedCache:
            return DomainError(
                .busy(retryAfterSeconds: 5), code: "database_busy",
                "The database is locked by another process; nothing was written. Try again in a few seconds.")
        case .full:
            return DomainError(
                .busy(retryAfterSeconds: 60), code: "storage_full",
                "The database's disk is full; nothing was written. The operator needs to free space.")
        default:
            return nil
        }
    }

    /// Busy and locked clear once the other writer commits. A stale snapshot (our transaction read,
    /// then another connection committed before our first write) never clears by waiting, and
    /// SQLite does not call the busy handler for it; only a new transaction on a fresh snapshot
    /// can write, which is what a retry is.
    private static func isRetryable(_ error: any Error) -> Bool {
        guard let sqlite = error as? SQLiteError else { return false }
        return [.busy, .locked, .busyInSnapshot].contains(sqlite.reason)
    }
}
