import ComplianceCore
import FluentKit
import Foundation

/// Reads an organisation's change log.
public struct EventRepository: Sendable {
    let database: AttestDatabase

    /// Newest first. `before` pages backwards by sequence.
    public func events(in scope: TenantScope, limit: Int = 100, before: Int64? = nil) async throws -> [ChangeEvent] {
        var query = EventModel.query(on: database.db).filter(\.$organizationID == scope.organizationID)
        if let before { query = query.filter(\.$sequence < before) }
        return try await query.sort(\.$sequence, .descending).limit(max(1, min(limit, 1000))).all().map { $0.domain() }
    }

    /// Checks the hash chain of an organisation's whole log. Returns the problems found, empty when intact.
    public func verifyChain(of organizationID: UUID) async throws -> [String] {
        let rows = try await EventModel.query(on: database.db)
            .filter(\.$organizationID == organizationID).sort(\.$sequence).all()
        var problems: [String] = []
        var previous = ChangeEvent.genesisHash
        for (index, row) in rows.enumerated() {
            let event = row.domain()
            if event.sequence != Int64(index + 1) { problems.append("event \(index + 1): sequence is \(event.sequence)") }
            if event.previousHash != previous { problems.append("event \(event.sequence): does not follow the event before it") }
            if event.hash != row.hash { problems.append("event \(event.sequence): stored fields do not match its hash") }
            previous = row.hash
        }
        return problems
    }
}
