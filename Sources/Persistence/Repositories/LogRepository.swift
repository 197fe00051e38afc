import ComplianceCore
import FluentKit
import Foundation

/// The rows behind the transparency log: events in order (the leaves) and signed tree heads.
public struct LogRepository: LogStorage {
    let database: AttestDatabase

    /// Events with sequence in `from...`, ascending, at most `limit`.
    public func events(of organizationID: UUID, from sequence: Int64, limit: Int = 10_000) async throws -> [ChangeEvent] {
        try await EventModel.query(on: database.db)
            .filter(\.$organizationID == organizationID).filter(\.$sequence >= sequence)
            .sort(\.$sequence).limit(limit).all().map { $0.domain() }
    }

    /// Each stored row with the hash it was stored with, for `attest verify` to compare: rows with
    /// sequence `from...` in order, at most `limit` (all of them when nil).
    public func storedRows(of organizationID: UUID, from sequence: Int64 = 1, limit: Int? = nil) async throws -> [(
        event: ChangeEvent, storedHash: String, state: String?
    )] {
        let query = EventModel.query(on: database.db).filter(\.$organizationID == organizationID).filter(\.$sequence >= sequence)
            .sort(\.$sequence)
        if let limit { query.limit(limit) }
        return try await query.all().map { ($0.domain(), $0.hash, $0.state) }
    }

    /// How many entries the log holds, read without loading them.
    public func size(of organizationID: UUID) async throws -> Int {
        try await EventModel.query(on: database.db).filter(\.$organizationID == organizationID).count()
    }

    /// The first event about one entity (for a version: the one that recorded it).
    public func firstEvent(of organizationID: UUID, entityType: String, entityID: String) async throws -> ChangeEvent? {
        try await EventModel.query(on: database.db).filter(\.$organizationID == organizationID)
            .filter(\.$entityType == entityType).filter(\.$entityID == entityID).sort(\.$sequence).first()?.domain()
    }

    public func organizationIDs() async throws -> [UUID] {
        try await OrganizationModel.query(on: database.db).all().compactMap(\.id)
    }

    public func save(_ head: TreeHead, publicKey: [UInt8]) async throws {
        let model = TreeHeadModel()
        model.id = UUID()
        model.organizationID = head.organizationID
        model.treeSize = Int64(head.treeSize)
        model.rootHash = head.rootHash.hex
        model.timestamp = head.timestamp
        model.signature = Data(head.signature).base64EncodedString()
        model.publicKey = Data(publicKey).base64EncodedString()
        try await model.create(on: database.db)
    }

    public func latestHead(of organizationID: UUID) async throws -> StoredTreeHead? {
        try await TreeHeadModel.query(on: database.db).filter(\.$organizationID == organizationID)
            .sort(\.$treeSize, .descending).sort(\.$timestamp, .descending).first().map(Self.domain)
    }

    /// Every signed head, oldest first.
    public func heads(of organizationID: UUID) async throws -> [StoredTreeHead] {
        try await TreeHeadModel.query(on: database.db).filter(\.$organizationID == organizationID)
            .sort(\.$timestamp).sort(\.$treeSize).all().map(Self.domain)
    }

    private static func domain(_ model: TreeHeadModel) -> StoredTreeHead {
        StoredTreeHead(
            head: TreeHead(
                organizationID: model.organizationID, treeSize: Int(model.treeSize), rootHash: [UInt8](hex: model.rootHash) ?? [],
                timestamp: model.timestamp, signature: Array(Data(base64Encoded: model.signature) ?? Data())),
            publicKey: Array(Data(base64Encoded: model.publicKey) ?? Data()))
    }

    public func publishedKeys(of organizationID: UUID) async throws -> [PublishedKey] {
        // Read from the rows every time (never the record cache): verify trusts nothing it did not read.
        try await Records(database: database).all(.signingKey, organization: organizationID, on: database.db).sorted { $0.validFrom < $1.validFrom }
    }

    /// Publishes a key, closing the open ones, in one transaction; publishing a key that is already
    /// listed does nothing (two processes may race to publish the same new key).
    public func publish(_ key: PublishedKey, organizationID: UUID, actor: Actor) async throws {
        let records = Records(database: database)
        try await database.write { db in
            let listed = try await records.all(.signingKey, organization: organizationID, on: db)
            if listed.contains(where: { $0.fingerprint == key.fingerprint }) { return }
            for var open in listed where open.validUntil == nil {
                open.validUntil = key.validFrom
                guard let id = try await records.find(.signingKey, organization: organizationID, key: open.fingerprint, on: db)?.id else { continue }
                try await records.save(
                    .signingKey, open, id: id, organization: organizationID, parent: nil, key: open.fingerprint,
                    action: "retired", actor: actor, now: key.validFrom, on: db)
            }
            try await records.save(
                .signingKey, key, id: UUID(), organization: organizationID, parent: nil, key: key.fingerprint,
                action: "published", actor: actor, now: key.validFrom, on: db)
        }
    }
}
