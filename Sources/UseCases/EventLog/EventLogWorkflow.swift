import ComplianceCore
import Foundation
import Persistence

/// The change log as people read it.
public struct EventLogWorkflow: Sendable {
    let storage: EventRepository

    public init(storage: EventRepository) {
        self.storage = storage
    }

    /// Newest first. `before` pages backwards by sequence.
    public func events(in scope: TenantScope, limit: Int = 100, before: Int64? = nil) async throws -> [ChangeEvent] {
        try scope.require(.viewEvents)
        return try await storage.events(in: scope, limit: limit, before: before)
    }

    /// Checks the hash chain of an organisation's whole log. Returns the problems found, empty when intact.
    public func verifyChain(of organizationID: UUID) async throws -> [String] {
        try await storage.verifyChain(of: organizationID)
    }
}
