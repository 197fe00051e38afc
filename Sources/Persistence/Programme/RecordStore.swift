import ComplianceCore
import FluentKit
import Foundation

/// The programme's storage as the use cases see it (`RecordStorage`): `programme_records` and the
/// lookups their rules need, over one open database. It decides nothing.
public struct RecordStore: RecordStorage {
    let database: AttestDatabase
    var records: Records { Records(database: database) }

    public init(database: AttestDatabase) {
        self.database = database
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any RecordTransaction) async throws -> T) async throws -> T {
        try await database.write { db in try await body(Transaction(database: database, db: db)) }
    }

    public func lastSequence(of organization: UUID) async throws -> Int64 {
        try await EventModel.lastSequence(of: organization, on: database.db)
    }

    public func history<V>(of kind: RecordKind<V>, id: UUID, organization: UUID) async throws -> [RecordEvent] {
        try await EventModel.query(on: database.db)
            .filter(\.$organizationID == organization).filter(\.$entityType == kind.name)
            .filter(\.$entityID == id.uuidString.lowercased()).sort(\.$sequence).all()
            .map { RecordEvent(at: $0.occurredAt, actor: $0.actor, action: $0.action, state: $0.state) }
    }

    public func all<V>(_ kind: RecordKind<V>, organization: UUID, parent: UUID?) async throws -> [V] {
        try await records.all(kind, organization: organization, parent: parent)
    }

    public func find<V>(_ kind: RecordKind<V>, organization: UUID, id: UUID) async throws -> V? {
        try await records.find(kind, organization: organization, id: id)
    }

    public func find<V>(_ kind: RecordKind<V>, organization: UUID, key: String) async throws -> (id: UUID, value: V)? {
        try await records.find(kind, organization: organization, key: key)
    }

    public func key<V>(of kind: RecordKind<V>, id: UUID, organization: UUID) async throws -> String? {
        try await lookups.key(of: kind, id: id, organization: organization)
    }

    public func organization(slug: String) async throws -> Organization? { try await lookups.organization(slug: slug) }
    public func organization(_ id: UUID) async throws -> Organization? { try await lookups.organization(id) }
    public func grant(_ id: UUID) async throws -> EngagementGrant? { try await lookups.grant(id) }
    public func grants(ofClient organization: UUID) async throws -> [EngagementGrant] { try await lookups.grants(ofClient: organization) }
    public func members(of organization: UUID) async throws -> [(membership: Membership, user: User)] { try await lookups.members(of: organization) }
    public func user(_ id: UUID) async throws -> User? { try await lookups.user(id) }
    public func newestVersionTime(ofEvidence id: UUID, organization: UUID) async throws -> Date?? {
        try await lookups.newestVersionTime(ofEvidence: id, organization: organization)
    }
    public func label(_ actor: Actor) async throws -> String { try await database.label(actor) }

    private var lookups: Lookups { Lookups(database: database, db: database.db) }

    /// The same reads and the writes, on one transaction's connection.
    struct Transaction: RecordTransaction {
        let database: AttestDatabase
        let db: any Database
        var records: Records { Records(database: database) }
        private var lookups: Lookups { Lookups(database: database, db: db) }

        func save<V>(
            _ kind: RecordKind<V>, _ value: V, id: UUID, organization: UUID, parent: UUID?, key: String, action: String, actor: Actor, now: Date
        ) async throws {
            try await records.save(
                kind, value, id: id, organization: organization, parent: parent, key: key, action: action, actor: actor, now: now, on: db)
        }

        func delete<V>(_ kind: RecordKind<V>, id: UUID, organization: UUID, actor: Actor, now: Date) async throws {
            try await records.delete(kind, id: id, organization: organization, actor: actor, now: now, on: db)
        }

        func all<V>(_ kind: RecordKind<V>, organization: UUID, parent: UUID?) async throws -> [V] {
            try await records.all(kind, organization: organization, parent: parent, on: db)
        }

        func find<V>(_ kind: RecordKind<V>, organization: UUID, id: UUID) async throws -> V? {
            try await records.find(kind, organization: organization, id: id, on: db)
        }

        func find<V>(_ kind: RecordKind<V>, organization: UUID, key: String) async throws -> (id: UUID, value: V)? {
            try await records.find(kind, organization: organization, key: key, on: db)
        }

        func key<V>(of kind: RecordKind<V>, id: UUID, organization: UUID) async throws -> String? {
            try await lookups.key(of: kind, id: id, organization: organization)
        }

        func organization(slug: String) async throws -> Organization? { try await lookups.organization(slug: slug) }
        func organization(_ id: UUID) async throws -> Organization? { try await lookups.organization(id) }
        func grant(_ id: UUID) async throws -> EngagementGrant? { try await lookups.grant(id) }
        func grants(ofClient organization: UUID) async throws -> [EngagementGrant] { try await lookups.grants(ofClient: organization) }
        func members(of organization: UUID) async throws -> [(membership: Membership, user: User)] { try await lookups.members(of: organization) }
        func user(_ id: UUID) async throws -> User? { try await lookups.user(id) }
        func newestVersionTime(ofEvidence id: UUID, organization: UUID) async throws -> Date?? {
            try await lookups.newestVersionTime(ofEvidence: id, organization: organization)
        }
        func label(_ actor: Actor) async throws -> String { try await database.label(actor) }
    }
}

/// The directory reads behind `RecordReading`, on a connection or a transaction.
private struct Lookups {
    let database: AttestDatabase
    let db: any Database

    func key<V>(of kind: RecordKind<V>, id: UUID, organization: UUID) async throws -> String? {
        try await RecordModel.query(on: db).filter(\.$id == id).filter(\.$organizationID == organization).filter(\.$kind == kind.name).first()?.key
    }

    func organization(slug: String) async throws -> Organization? {
        try await OrganizationModel.query(on: db).filter(\.$slug == slug).first()?.domain()
    }

    func organization(_ id: UUID) async throws -> Organization? {
        try await OrganizationModel.find(id, on: db)?.domain()
    }

    func grant(_ id: UUID) async throws -> EngagementGrant? {
        try await EngagementGrantModel.find(id, on: db)?.domain()
    }

    func grants(ofClient organization: UUID) async throws -> [EngagementGrant] {
        try await EngagementGrantModel.query(on: db).filter(\.$clientOrganizationID == organization).all().map { try $0.domain() }
    }

    func members(of organization: UUID) async throws -> [(membership: Membership, user: User)] {
        var out: [(membership: Membership, user: User)] = []
        for model in try await MembershipModel.query(on: db).filter(\.$organizationID == organization).all() {
            guard let user = try await UserModel.find(model.userID, on: db) else { continue }
            out.append((try model.domain(), try user.domain()))
        }
        return out
    }

    func user(_ id: UUID) async throws -> User? {
        try await UserModel.find(id, on: db)?.domain()
    }

    func newestVersionTime(ofEvidence id: UUID, organization: UUID) async throws -> Date?? {
        guard let item = try await EvidenceItemModel.query(on: db).filter(\.$id == id).filter(\.$organizationID == organization).first() else {
            return nil
        }
        let latest = try await EvidenceVersionModel.query(on: db).filter(\.$itemID == item.requireID()).sort(\.$number, .descending).first()
        return .some(latest?.createdAt)
    }
}

extension AttestDatabase {
    /// The person behind an actor, as records name them (an email for users).
    func label(_ actor: Actor) async throws -> String {
        switch actor {
        case .user(let id): try await UserModel.find(id, on: db).map { try $0.domain().email.rawValue } ?? actor.description
        case .cli(let name): "\(name) (command line)"
        case .system: "system"
        }
    }
}
