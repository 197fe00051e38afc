import ComplianceCore
import FluentKit
import Foundation

/// The rows `attest verify` holds up against the log: programme records, evidence items and
/// versions, memberships and engagement grants, each reduced to the fingerprint its last event
/// implies (RecordFingerprint). Read in pages of `pageSize`, so a large organisation is never in
/// memory at once.
public struct StoredRecordCensus: RecordCensus {
    let database: AttestDatabase
    let pageSize: Int

    public init(database: AttestDatabase, pageSize: Int = 5_000) {
        self.database = database
        self.pageSize = pageSize
    }

    /// Every kind of programme record; a kind whose rows were all deleted must still be compared.
    static let recordKinds = RecordKindNames.all

    public var coveredTypes: Set<String> {
        Self.recordKinds.union(["evidence_item", "evidence_version", "membership", "engagement_grant"])
    }

    public func rows(of organizationID: UUID, batch: @Sendable ([RecordFingerprint]) async throws -> Void) async throws {
        let db = database.db
        try await paged(RecordModel.query(on: db).filter(\.$organizationID == organizationID), batch: batch) { model in
            RecordFingerprint(entityType: model.kind, entityID: try model.requireID().uuidString.lowercased(), canonicalState: model.document.utf8)
        }
        try await paged(EvidenceItemModel.query(on: db).filter(\.$organizationID == organizationID), batch: batch) { model in
            RecordFingerprint(
                entityType: "evidence_item", entityID: try model.requireID().uuidString.lowercased(),
                canonicalState: try CanonicalJSON.encode(try model.domain(latest: nil)))
        }
        try await paged(EvidenceVersionModel.query(on: db).filter(\.$organizationID == organizationID), batch: batch) { model in
            RecordFingerprint(
                entityType: "evidence_version", entityID: try model.requireID().uuidString.lowercased(),
                canonicalState: try CanonicalJSON.encode(try model.domain()))
        }
        try await paged(MembershipModel.query(on: db).filter(\.$organizationID == organizationID), batch: batch) { model in
            .membership(userID: model.userID.uuidString.lowercased(), role: model.role)
        }
        try await paged(EngagementGrantModel.query(on: db).filter(\.$clientOrganizationID == organizationID), batch: batch) { model in
            RecordFingerprint(
                entityType: "engagement_grant", entityID: try model.requireID().uuidString.lowercased(),
                canonicalState: try CanonicalJSON.encode(try model.domain()))
        }
    }

    private func paged<M: Model>(
        _ query: QueryBuilder<M>, batch: @Sendable ([RecordFingerprint]) async throws -> Void,
        fingerprint: (M) throws -> RecordFingerprint
    ) async throws where M.IDValue == UUID {
        try await query.forEachPage(of: pageSize) { models in try await batch(try models.map(fingerprint)) }
    }
}
