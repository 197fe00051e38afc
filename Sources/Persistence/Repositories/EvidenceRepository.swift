import ComplianceCore
import FluentKit
import Foundation
import SQLKit

/// Evidence items and their versions. Versions are append-only; every change is in the log, and
/// a version's event state carries its blob's SHA-256, so the Merkle tree commits to the bytes.
public struct EvidenceRepository: Sendable {
    let database: AttestDatabase
    /// The evidence of a few organisations, each list with the log position it was read at; a
    /// stale one is brought forward by replaying the events after it.
    let cache: LogPositionCache<UUID, [EvidenceItem]>

    /// Stores a new item (already checked by the use case) with its first version, in one transaction.
    public func insert(_ item: EvidenceItem, firstVersion blob: AttachedBlob, in scope: TenantScope, now: Date = Date()) async throws -> EvidenceItem
    {
        try await database.write { db in
            try await EvidenceItemModel(item).create(on: db)
            try await ChangeLog.append(
                on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "evidence_item",
                entityID: item.id.uuidString.lowercased(), action: "created", state: item, at: now)
            var created = item
            created.latest = try await Self.appendVersion(blob, to: item.id, number: 1, scope: scope, on: db, now: now)
            return created
        }
    }

    /// Stores a new version of an item of the scope's organisation (the use case has decided the right).
    public func appendVersion(_ blob: AttachedBlob, to itemID: UUID, in scope: TenantScope, now: Date = Date()) async throws -> EvidenceItem {
        try await database.write { db in
            guard let model = try await Self.item(itemID, scope, on: db) else {
                throw DomainError.notFound("Evidence \(itemID.uuidString.lowercased())")
            }
            let last = try await EvidenceVersionModel.query(on: db).filter(\.$itemID == itemID).sort(\.$number, .descending).first()
            var item = try model.domain(latest: nil)
            if item.resetReviewForNewVersion() {
                model.apply(item)
                try await model.update(on: db)
                try await ChangeLog.append(
                    on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "evidence_item",
                    entityID: itemID.uuidString.lowercased(), action: "review_reset", state: item, at: now)
            }
            let version = try await Self.appendVersion(blob, to: itemID, number: (last?.number ?? 0) + 1, scope: scope, on: db, now: now)
            return try model.domain(latest: version)
        }
    }

    private static func appendVersion(_ blob: AttachedBlob, to itemID: UUID, number: Int, scope: TenantScope, on db: any Database, now: Date)
        async throws -> EvidenceVersion
    {
        let version = EvidenceVersion(
            id: UUID(), itemID: itemID, number: number, sha256: blob.sha256, size: blob.size, contentType: blob.contentType,
            fileName: blob.fileName, period: blob.period, source: blob.source, rowCount: blob.rowCount, createdAt: now.roundedToMilliseconds)
        try await EvidenceVersionModel(version, organizationID: scope.organizationID).create(on: db)
        try await ChangeLog.append(
            on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "evidence_version",
            entityID: version.id.uuidString.lowercased(), action: "added", state: version, at: now)
        return version
    }

    /// Records a review: status and comment, by the reviewer.
    public func review(_ itemID: UUID, status: EvidenceStatus, comment: String?, in scope: TenantScope, now: Date = Date()) async throws
        -> EvidenceItem
    {
        return try await database.write { db in
            guard let model = try await Self.item(itemID, scope, on: db) else {
                throw DomainError.notFound("Evidence \(itemID.uuidString.lowercased())")
            }
            var item = try model.domain(latest: nil)
            item.status = status
            item.reviewer = scope.actor.description
            item.reviewComment = comment.map { String($0.prefix(5_000)) }
            model.apply(item)
            try await model.update(on: db)
            try await ChangeLog.append(
                on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "evidence_item",
                entityID: itemID.uuidString.lowercased(), action: "reviewed", state: item, at: now)
            item.latest = try await EvidenceVersionModel.query(on: db).filter(\.$itemID == itemID).sort(\.$number, .descending).first()?.domain()
            return item
        }
    }

    /// The organisation's evidence with each item's latest version, filtered, newest first.
    public func list(in scope: TenantScope, filter: EvidenceFilter = EvidenceFilter(), now: Date = Date()) async throws -> [EvidenceItem] {
        try await snapshot(in: scope).items.filter { filter.matches($0, now: now) }
    }

    /// The log position (last sequence) of an organisation: any change to its evidence moves it.
    public func position(in scope: TenantScope) async throws -> Int64 {
        return try await EventModel.lastSequence(of: scope.organizationID, on: database.db)
    }

    /// Every item, unfiltered, with the log position it was read at.
    public func snapshot(in scope: TenantScope) async throws -> (items: [EvidenceItem], position: Int64) {
        let position = try await position(in: scope)
        if let cached = await cache.latest(scope.organizationID) {
            if cached.position == position { return (cached.value, position) }
            if cached.position < position, position - cached.position <= 5_000,
                let items = try await replay(scope.organizationID, onto: cached.value, after: cached.position, through: position)
            {
                await cache.store(items, scope.organizationID, at: position)
                return (items, position)
            }
        }
        let items = try await load(scope.organizationID)
        await cache.store(items, scope.organizationID, at: position)
        return (items, position)
    }

    /// Applies the evidence events in `(after, through]` to a list read earlier; nil when an event
    /// lacks its stored state (then the caller reads everything again).
    private func replay(_ organizationID: UUID, onto items: [EvidenceItem], after: Int64, through: Int64) async throws -> [EvidenceItem]? {
        let events = try await EventModel.query(on: database.db)
            .filter(\.$organizationID == organizationID).filter(\.$sequence > after).filter(\.$sequence <= through)
            .filter(\.$entityType ~~ ["evidence_item", "evidence_version"]).sort(\.$sequence).all()
        return try Self.fold(events, onto: items, skippingStateless: false)
    }

    /// Applies evidence events, in log order, to a list (newest first): an item's event replaces its
    /// fields and keeps its latest version; a version's event becomes the latest when newer. Items
    /// new to the list go in front. Nil when an event lacks its state and `skippingStateless` is false.
    static func fold(_ events: [EventModel], onto items: [EvidenceItem], skippingStateless: Bool) throws -> [EvidenceItem]? {
        var list = items
        var index = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1.id, $0) })
        let decoder = CanonicalJSON.decoder
        for event in events {
            guard let state = event.state else {
                if skippingStateless { continue }
                return nil
            }
            if event.entityType == "evidence_item" {
                var item = try decoder.decode(EvidenceItem.self, from: Data(state.utf8))
                if let at = index[item.id] {
                    item.latest = list[at].latest
                    list[at] = item
                } else {
                    index[item.id] = list.count
                    list.append(item)
                }
            } else {
                let version = try decoder.decode(EvidenceVersion.self, from: Data(state.utf8))
                if let at = index[version.itemID], (list[at].latest?.number ?? 0) < version.number {
                    list[at].latest = version
                }
            }
        }
        return Array(list[items.count...].reversed()) + list[..<items.count]
    }

    /// Reads every item and its latest version with plain SQL: Fluent's models cost too much at 10,000 rows.
    private func load(_ organizationID: UUID) async throws -> [EvidenceItem] {
        let sql = database.sql
        let versionRows = try await sql.select().columns(
            "id", "item_id", "number", "sha256", "size", "content_type", "file_name",
            "period_start", "period_end", "source", "row_count", "created_at"
        )
        .from("evidence_versions").where("organization_id", .equal, organizationID).all()
        var latest: [UUID: EvidenceVersion] = [:]
        let decoder = JSONDecoder()
        for row in versionRows {
            let itemID = try row.decode(column: "item_id", as: UUID.self)
            let number = try row.decode(column: "number", as: Int.self)
            if let existing = latest[itemID], existing.number >= number { continue }
            let start = try row.decode(column: "period_start", as: Date?.self)
            let end = try row.decode(column: "period_end", as: Date?.self)
            let period = try start.flatMap { start in
                try end.map { try EvidencePeriod(start: start.roundedToMilliseconds, end: $0.roundedToMilliseconds) }
            }
            latest[itemID] = EvidenceVersion(
                id: try row.decode(column: "id", as: UUID.self), itemID: itemID, number: number,
                sha256: try row.decode(column: "sha256", as: String.self), size: try row.decode(column: "size", as: Int64.self),
                contentType: try row.decode(column: "content_type", as: String.self), fileName: try row.decode(column: "file_name", as: String.self),
                period: period, source: try decoder.decode(EvidenceSource.self, from: Data(try row.decode(column: "source", as: String.self).utf8)),
                rowCount: try row.decode(column: "row_count", as: Int?.self),
                createdAt: try row.decode(column: "created_at", as: Date.self).roundedToMilliseconds)
        }
        let itemRows = try await sql.select().columns(
            "id", "title", "description", "controls", "criteria", "requests", "frequency",
            "status", "reviewer", "review_comment", "created_at"
        )
        .from("evidence_items").where("organization_id", .equal, organizationID).orderBy("created_at", .descending).all()
        return try itemRows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            let rawStatus = try row.decode(column: "status", as: String.self)
            guard let status = EvidenceStatus(rawValue: rawStatus) else { throw StoredDataError("evidence_items.status", rawStatus) }
            return EvidenceItem(
                id: id, organizationID: organizationID, title: try row.decode(column: "title", as: String.self),
                description: try row.decode(column: "description", as: String.self),
                controls: JSONList.decode(try row.decode(column: "controls", as: String.self)),
                criteria: JSONList.decode(try row.decode(column: "criteria", as: String.self)),
                requests: JSONList.decode(try row.decode(column: "requests", as: String.self)),
                frequency: try row.decode(column: "frequency", as: String?.self).flatMap(Frequency.init(rawValue:)), status: status,
                reviewer: try row.decode(column: "reviewer", as: String?.self),
                reviewComment: try row.decode(column: "review_comment", as: String?.self),
                createdAt: try row.decode(column: "created_at", as: Date.self).roundedToMilliseconds, latest: latest[id])
        }
    }

    /// One item and all its versions, newest first.
    public func get(_ itemID: UUID, in scope: TenantScope) async throws -> (EvidenceItem, [EvidenceVersion]) {
        let db = database.db
        guard let model = try await Self.item(itemID, scope, on: db) else { throw DomainError.notFound("Evidence \(itemID.uuidString.lowercased())") }
        let versions = try await EvidenceVersionModel.query(on: db).filter(\.$itemID == itemID).sort(\.$number, .descending).all().map {
            try $0.domain()
        }
        return (try model.domain(latest: versions.first), versions)
    }

    /// Every blob digest the organisation's evidence refers to, for `attest verify`.
    /// Read 5,000 rows at a time and only the two columns: a full model per version would take
    /// hundreds of megabytes for an organisation with 100,000 versions.
    public func blobDigests(of organizationID: UUID) async throws -> [(version: UUID, sha256: String)] {
        var digests: [(version: UUID, sha256: String)] = []
        try await EvidenceVersionModel.query(on: database.db).filter(\.$organizationID == organizationID).field(\.$id).field(\.$sha256)
            .forEachPage(of: 5_000) { page in
                for model in page { digests.append((try model.requireID(), model.sha256)) }
            }
        return digests
    }

    /// Evidence as it stood at the end of `date`, replayed from the change log's stored states.
    public func asOf(_ date: Date, in scope: TenantScope, filter: EvidenceFilter = EvidenceFilter()) async throws -> [EvidenceItem] {
        let events = try await EventModel.query(on: database.db)
            .filter(\.$organizationID == scope.organizationID)
            .filter(\.$occurredAt <= date)
            .filter(\.$entityType ~~ ["evidence_item", "evidence_version"])
            .sort(\.$sequence).all()
        // Stateless events cannot be about evidence: its tables arrived with the state column.
        let items = try Self.fold(events, onto: [], skippingStateless: true) ?? []
        return items.filter { filter.matches($0, now: date) }.sorted { $0.createdAt > $1.createdAt }
    }

    private static func item(_ id: UUID, _ scope: TenantScope, on db: any Database) async throws -> EvidenceItemModel? {
        try await EvidenceItemModel.query(on: db).filter(\.$id == id).filter(\.$organizationID == scope.organizationID).first()
    }
}
