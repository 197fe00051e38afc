import ComplianceCore
import FluentKit
import Foundation

/// What a new evidence item says about itself.
public struct NewEvidence: Sendable {
    public var title: String
    public var description: String = ""
    public var controls: [String] = []
    public var criteria: [String] = []
    public var requests: [String] = []
    public var frequency: Frequency?

    public init(title: String, description: String = "", controls: [String] = [], criteria: [String] = [], requests: [String] = [], frequency: Frequency? = nil) {
        self.title = title
        self.description = description
        self.controls = controls
        self.criteria = criteria
        self.requests = requests
        self.frequency = frequency
    }
}

/// A stored blob to attach as a version: already durable in the blob store.
public struct AttachedBlob: Sendable {
    public let sha256: String
    public let size: Int64
    public let contentType: String
    public let fileName: String
    public let period: EvidencePeriod?
    public let source: EvidenceSource
    public let rowCount: Int?

    public init(sha256: String, size: Int64, contentType: String, fileName: String, period: EvidencePeriod?, source: EvidenceSource, rowCount: Int?) {
        self.sha256 = sha256
        self.size = size
        self.contentType = contentType
        self.fileName = fileName
        self.period = period
        self.source = source
        self.rowCount = rowCount
    }
}

/// Filters for the evidence list.
public struct EvidenceFilter: Sendable {
    public var control: String?
    public var criterion: String?
    public var status: EvidenceStatus?
    /// true: only expired; false: only fresh; nil: both.
    public var expired: Bool?

    public init(control: String? = nil, criterion: String? = nil, status: EvidenceStatus? = nil, expired: Bool? = nil) {
        self.control = control
        self.criterion = criterion
        self.status = status
        self.expired = expired
    }

    func matches(_ item: EvidenceItem, now: Date) -> Bool {
        if let control, !item.controls.contains(control) { return false }
        if let criterion, !item.criteria.contains(criterion) { return false }
        if let status, item.status != status { return false }
        if let expired, item.isExpired(at: now) != expired { return false }
        return true
    }
}

/// Evidence items and their versions. Versions are append-only; every change is in the log, and
/// a version's event state carries its blob's SHA-256, so the Merkle tree commits to the bytes.
public struct EvidenceRepository: Sendable {
    let database: AttestDatabase

    /// Creates an item with its first version, in one transaction.
    public func create(_ new: NewEvidence, blob: AttachedBlob, in scope: TenantScope, now: Date = Date()) async throws -> EvidenceItem {
        try scope.require(.uploadEvidence)
        let title = try Organization.validName(new.title, field: "title")
        let item = EvidenceItem(
            id: UUID(), organizationID: scope.organizationID, title: title, description: String(new.description.prefix(10_000)),
            controls: new.controls, criteria: new.criteria, requests: new.requests, frequency: new.frequency,
            status: .notReady, reviewer: nil, reviewComment: nil, createdAt: now.roundedToMilliseconds, latest: nil)
        return try await database.write { db in
            try await EvidenceItemModel(item).create(on: db)
            try await ChangeLog.append(on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "evidence_item",
                                       entityID: item.id.uuidString.lowercased(), action: "created", state: item, at: now)
            var created = item
            created.latest = try await Self.appendVersion(blob, to: item.id, number: 1, scope: scope, on: db, now: now)
            return created
        }
    }

    /// Adds a new version to an existing item; the old versions stay.
    public func addVersion(_ blob: AttachedBlob, to itemID: UUID, in scope: TenantScope, now: Date = Date()) async throws -> EvidenceItem {
        try scope.require(.uploadEvidence)
        return try await database.write { db in
            guard let model = try await Self.item(itemID, scope, on: db) else { throw DomainError.notFound("Evidence \(itemID.uuidString.lowercased())") }
            let last = try await EvidenceVersionModel.query(on: db).filter(\.$itemID == itemID).sort(\.$number, .descending).first()
            let version = try await Self.appendVersion(blob, to: itemID, number: (last?.number ?? 0) + 1, scope: scope, on: db, now: now)
            return try model.domain(latest: version)
        }
    }

    private static func appendVersion(_ blob: AttachedBlob, to itemID: UUID, number: Int, scope: TenantScope, on db: any Database, now: Date) async throws -> EvidenceVersion {
        let version = EvidenceVersion(
            id: UUID(), itemID: itemID, number: number, sha256: blob.sha256, size: blob.size, contentType: blob.contentType,
            fileName: blob.fileName, period: blob.period, source: blob.source, rowCount: blob.rowCount, createdAt: now.roundedToMilliseconds)
        try await EvidenceVersionModel(version, organizationID: scope.organizationID).create(on: db)
        try await ChangeLog.append(on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "evidence_version",
                                   entityID: version.id.uuidString.lowercased(), action: "added", state: version, at: now)
        return version
    }

    /// Records a review: status and comment, by the reviewer.
    public func review(_ itemID: UUID, status: EvidenceStatus, comment: String?, in scope: TenantScope, now: Date = Date()) async throws -> EvidenceItem {
        try scope.require(.reviewEvidence)
        return try await database.write { db in
            guard let model = try await Self.item(itemID, scope, on: db) else { throw DomainError.notFound("Evidence \(itemID.uuidString.lowercased())") }
            var item = try model.domain(latest: nil)
            item.status = status
            item.reviewer = scope.actor.description
            item.reviewComment = comment.map { String($0.prefix(5_000)) }
            model.apply(item)
            try await model.update(on: db)
            try await ChangeLog.append(on: db, organizationID: scope.organizationID, actor: scope.actor, entityType: "evidence_item",
                                       entityID: itemID.uuidString.lowercased(), action: "reviewed", state: item, at: now)
            item.latest = try await EvidenceVersionModel.query(on: db).filter(\.$itemID == itemID).sort(\.$number, .descending).first()?.domain()
            return item
        }
    }

    /// The organisation's evidence with each item's latest version, filtered.
    public func list(in scope: TenantScope, filter: EvidenceFilter = EvidenceFilter(), now: Date = Date()) async throws -> [EvidenceItem] {
        try scope.require(.viewEvidence)
        let db = database.db
        let items = try await EvidenceItemModel.query(on: db).filter(\.$organizationID == scope.organizationID).sort(\.$createdAt, .descending).all()
        var latest: [UUID: EvidenceVersionModel] = [:]
        for version in try await EvidenceVersionModel.query(on: db).filter(\.$organizationID == scope.organizationID).all()
            where (latest[version.itemID]?.number ?? 0) < version.number {
            latest[version.itemID] = version
        }
        return try items.map { try $0.domain(latest: try latest[$0.id!]?.domain()) }.filter { filter.matches($0, now: now) }
    }

    /// One item and all its versions, newest first.
    public func get(_ itemID: UUID, in scope: TenantScope) async throws -> (EvidenceItem, [EvidenceVersion]) {
        try scope.require(.viewEvidence)
        let db = database.db
        guard let model = try await Self.item(itemID, scope, on: db) else { throw DomainError.notFound("Evidence \(itemID.uuidString.lowercased())") }
        let versions = try await EvidenceVersionModel.query(on: db).filter(\.$itemID == itemID).sort(\.$number, .descending).all().map { try $0.domain() }
        return (try model.domain(latest: versions.first), versions)
    }

    /// Every blob digest the organisation's evidence refers to, for `attest verify`.
    public func blobDigests(of organizationID: UUID) async throws -> [(version: UUID, sha256: String)] {
        try await EvidenceVersionModel.query(on: database.db).filter(\.$organizationID == organizationID).sort(\.$createdAt).all()
            .map { (try $0.requireID(), $0.sha256) }
    }

    /// Evidence as it stood at the end of `date`, replayed from the change log's stored states.
    public func asOf(_ date: Date, in scope: TenantScope, filter: EvidenceFilter = EvidenceFilter()) async throws -> [EvidenceItem] {
        try scope.require(.viewEvidence)
        let events = try await EventModel.query(on: database.db)
            .filter(\.$organizationID == scope.organizationID)
            .filter(\.$occurredAt <= date)
            .filter(\.$entityType ~~ ["evidence_item", "evidence_version"])
            .sort(\.$sequence).all()
        var items: [UUID: EvidenceItem] = [:]
        var latest: [UUID: EvidenceVersion] = [:]
        let decoder = CanonicalJSON.decoder
        for event in events {
            guard let state = event.state else { continue }
            if event.entityType == "evidence_item" {
                let item = try decoder.decode(EvidenceItem.self, from: Data(state.utf8))
                items[item.id] = item
            } else {
                let version = try decoder.decode(EvidenceVersion.self, from: Data(state.utf8))
                if (latest[version.itemID]?.number ?? 0) < version.number { latest[version.itemID] = version }
            }
        }
        return items.values.map { item in
            var copy = item
            copy.latest = latest[item.id]
            return copy
        }.filter { filter.matches($0, now: date) }.sorted { $0.createdAt > $1.createdAt }
    }

    private static func item(_ id: UUID, _ scope: TenantScope, on db: any Database) async throws -> EvidenceItemModel? {
        try await EvidenceItemModel.query(on: db).filter(\.$id == id).filter(\.$organizationID == scope.organizationID).first()
    }
}
