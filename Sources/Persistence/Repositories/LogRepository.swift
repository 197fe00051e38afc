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

    /// Each stored row with the hash it was stored with, for `attest verify` to compare.
    public func storedRows(of organizationID: UUID) async throws -> [(event: ChangeEvent, storedHash: String, state: String?)] {
        try await EventModel.query(on: database.db).filter(\.$organizationID == organizationID).sort(\.$sequence).all()
            .map { ($0.domain(), $0.hash, $0.state) }
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
}
