import ComplianceCore
import Foundation
import Persistence

/// The change log as people read it.
public struct EventLogWorkflow: Sendable {
    let storage: EventRepository
    let users: UserRepository?

    public init(storage: EventRepository, users: UserRepository? = nil) {
        self.storage = storage
        self.users = users
    }

    /// The people behind the events' actors, by the stored form (`user:<uuid>` → "Olivia Owner"),
    /// so a page shows names where the log keeps ids. The command line and the system say so.
    public func names(of events: [ChangeEvent]) async throws -> [String: String] {
        try await names(of: events.map(\.actor))
    }

    /// The same for any actors, such as those who uploaded evidence versions.
    public func names(of actors: [Actor]) async throws -> [String: String] {
        var names: [String: String] = [:]
        for actor in Set(actors) {
            switch actor {
            case .user(let id):
                if let user = try await users?.find(id: id) { names[actor.description] = user.name.isEmpty ? user.email.rawValue : user.name }
            case .cli(let name): names[actor.description] = "\(name) (command line)"
            case .system: names[actor.description] = "Attest (system)"
            }
        }
        return names
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
