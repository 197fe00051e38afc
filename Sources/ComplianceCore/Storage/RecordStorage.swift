import Foundation

/// A kind of programme record and the domain type its rows hold. The name is part of the stored
/// format and of every change event (`entity_type`), so it never changes once shipped.
public struct RecordKind<Value: Codable & Sendable>: Sendable {
    public let name: String

    public init(name: String) {
        self.name = name
    }
}

/// What the use cases read: an organisation's programme records, and the few facts about people
/// and organisations that their rules need. Persistence implements it; the rules never see a database.
///
/// Every read takes the organisation, so a use case cannot reach another tenant's rows by mistake.
public protocol RecordReading: Sendable {
    /// Every record of a kind in the organisation (under `parent` when given), in creation order.
    func all<V>(_ kind: RecordKind<V>, organization: UUID, parent: UUID?) async throws -> [V]
    func find<V>(_ kind: RecordKind<V>, organization: UUID, id: UUID) async throws -> V?
    func find<V>(_ kind: RecordKind<V>, organization: UUID, key: String) async throws -> (id: UUID, value: V)?
    /// The stored key of a record, for writing it back under the same key.
    func key<V>(of kind: RecordKind<V>, id: UUID, organization: UUID) async throws -> String?

    /// An organisation on this server, by slug.
    func organization(slug: String) async throws -> Organization?
    func organization(_ id: UUID) async throws -> Organization?
    /// The grant an auditor holds, whichever client it is for.
    func grant(_ id: UUID) async throws -> EngagementGrant?
    /// Every grant a client organisation has given.
    func grants(ofClient organization: UUID) async throws -> [EngagementGrant]
    /// The organisation's members with their accounts.
    func members(of organization: UUID) async throws -> [(membership: Membership, user: User)]
    func user(_ id: UUID) async throws -> User?
    /// The creation time of an evidence item's newest version: nil when the item does not exist in
    /// the organisation, `.some(nil)` when it has no version yet.
    func newestVersionTime(ofEvidence id: UUID, organization: UUID) async throws -> Date??
    /// The person behind an actor, as records name them (an email for users).
    func label(_ actor: Actor) async throws -> String
}

extension RecordReading {
    public func all<V>(_ kind: RecordKind<V>, organization: UUID) async throws -> [V] {
        try await all(kind, organization: organization, parent: nil)
    }

    /// The record, or not-found naming it (`what`, e.g. "Connection"): another organisation's
    /// record is not found either, as it must be.
    public func existing<V>(_ kind: RecordKind<V>, id: UUID, organization: UUID, what: String) async throws -> V {
        guard let value = try await find(kind, organization: organization, id: id) else {
            throw DomainError.notFound("\(what) \(id.uuidString.lowercased())")
        }
        return value
    }
}

/// Reads and writes inside one transaction: every save appends its change event, so the change and
/// its event commit or roll back together.
public protocol RecordTransaction: RecordReading {
    /// Inserts or replaces the record with this id, and logs `action` with the new state.
    func save<V>(_ kind: RecordKind<V>, _ value: V, id: UUID, organization: UUID, parent: UUID?, key: String, action: String, actor: Actor, now: Date)
        async throws
    /// Removes the record and logs its deletion.
    func delete<V>(_ kind: RecordKind<V>, id: UUID, organization: UUID, actor: Actor, now: Date) async throws
}

/// One entry of a record's history, as the change log holds it.
public struct RecordEvent: Sendable {
    public let at: Date
    public let actor: String
    public let action: String
    /// The record's canonical JSON after the change (nil for events that carry none).
    public let state: String?

    public init(at: Date, actor: String, action: String, state: String?) {
        self.at = at
        self.actor = actor
        self.action = action
        self.state = state
    }
}

/// The programme's storage: reads outside a transaction (served from a cache while the
/// organisation's log has not moved), and writes through `write`, retried when a concurrent writer
/// won a race, so the body must be safe to repeat.
public protocol RecordStorage: RecordReading {
    func write<T: Sendable>(_ body: @escaping @Sendable (any RecordTransaction) async throws -> T) async throws -> T
    /// The organisation's last log sequence: it moves with every change.
    func lastSequence(of organization: UUID) async throws -> Int64
    /// One record's changes, oldest first.
    func history<V>(of kind: RecordKind<V>, id: UUID, organization: UUID) async throws -> [RecordEvent]
}
