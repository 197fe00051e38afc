import ComplianceCore
import FluentKit
import Foundation

/// One kind of programme record in one organisation (under one parent): a record cache key.
struct RecordListKey: Hashable, Sendable {
    let organization: UUID
    let kind: String
    let parent: UUID?
}

/// Reads and writes `programme_records`; every write appends its event in the same transaction.
struct Records: Sendable {
    let database: AttestDatabase

    /// Outside a transaction the list comes from the database's record cache while the log has not moved.
    func all<V>(_ kind: RecordKind<V>, organization: UUID, parent: UUID? = nil, on db: (any Database)? = nil) async throws -> [V] {
        guard db == nil else { return try await read(kind, organization: organization, parent: parent, on: db) }
        let key = RecordListKey(organization: organization, kind: kind.name, parent: parent)
        // The position first, then the rows: a cached list is never older than its position.
        let position = try await EventModel.lastSequence(of: organization, on: database.db)
        if let cached = await database.recordCache.value(key, at: position) as? [V] { return cached }
        let values = try await read(kind, organization: organization, parent: parent, on: nil)
        await database.recordCache.store(values, key, at: position)
        return values
    }

    private func read<V>(_ kind: RecordKind<V>, organization: UUID, parent: UUID?, on db: (any Database)?) async throws -> [V] {
        var query = RecordModel.query(on: db ?? database.db)
            .filter(\.$organizationID == organization).filter(\.$kind == kind.name)
        if let parent { query = query.filter(\.$parentID == parent) }
        return try await query.sort(\.$createdAt).sort(\.$key).all().map { try decode(kind, $0) }
    }

    /// Every record of a kind with this key, in any organisation (an invitee's invitations).
    func all<V>(_ kind: RecordKind<V>, key: String, on db: (any Database)? = nil) async throws -> [V] {
        try await RecordModel.query(on: db ?? database.db).filter(\.$kind == kind.name).filter(\.$key == key).sort(\.$createdAt).all()
            .map { try decode(kind, $0) }
    }

    func find<V>(_ kind: RecordKind<V>, id: UUID, on db: (any Database)? = nil) async throws -> V? {
        try await RecordModel.query(on: db ?? database.db).filter(\.$kind == kind.name).filter(\.$id == id).first().map { try decode(kind, $0) }
    }

    func find<V>(_ kind: RecordKind<V>, organization: UUID, id: UUID, on db: (any Database)? = nil) async throws -> V? {
        try await RecordModel.query(on: db ?? database.db)
            .filter(\.$organizationID == organization).filter(\.$kind == kind.name).filter(\.$id == id)
            .first().map { try decode(kind, $0) }
    }

    func find<V>(_ kind: RecordKind<V>, organization: UUID, key: String, on db: (any Database)? = nil) async throws -> (id: UUID, value: V)? {
        guard
            let model = try await RecordModel.query(on: db ?? database.db)
                .filter(\.$organizationID == organization).filter(\.$kind == kind.name).filter(\.$key == key).first()
        else { return nil }
        return (try model.requireID(), try decode(kind, model))
    }

    /// Inserts or replaces the record with this id, and logs `action` with the new state.
    func save<V>(
        _ kind: RecordKind<V>, _ value: V, id: UUID, organization: UUID, parent: UUID?, key: String,
        action: String, actor: Actor, now: Date, on db: any Database
    ) async throws {
        let document = String(decoding: try CanonicalJSON.encode(value), as: UTF8.self)
        if let model = try await RecordModel.query(on: db).filter(\.$id == id).filter(\.$organizationID == organization).first() {
            model.document = document
            model.key = key
            model.updatedAt = now
            try await model.update(on: db)
        } else {
            let model = RecordModel()
            model.id = id
            model.organizationID = organization
            model.kind = kind.name
            model.parentID = parent
            model.key = key
            model.document = document
            model.createdAt = now
            model.updatedAt = now
            try await model.create(on: db)
        }
        try await ChangeLog.append(
            on: db, organizationID: organization, actor: actor, entityType: kind.name,
            entityID: id.uuidString.lowercased(), action: action, state: value, at: now)
    }

    func delete<V>(_ kind: RecordKind<V>, id: UUID, organization: UUID, actor: Actor, now: Date, on db: any Database) async throws {
        try await RecordModel.query(on: db).filter(\.$id == id).filter(\.$organizationID == organization)
            .filter(\.$kind == kind.name).delete()
        try await ChangeLog.append(
            on: db, organizationID: organization, actor: actor, entityType: kind.name,
            entityID: id.uuidString.lowercased(), action: "deleted", state: ["id": id.uuidString.lowercased()], at: now)
    }

    private func decode<V>(_ kind: RecordKind<V>, _ model: RecordModel) throws -> V {
        try CanonicalJSON.decoder.decode(V.self, from: Data(model.document.utf8))
    }
}
