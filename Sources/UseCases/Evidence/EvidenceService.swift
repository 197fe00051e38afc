import ComplianceCore
import EvidenceStore
import Foundation
import Persistence

/// Takes evidence in: a spooled blob is made durable in the blob store first, then recorded
/// (item, version, log event) in one transaction. A failure before the record leaves at most an
/// unreferenced blob, never a record without its bytes.
public struct EvidenceService: Sendable {
    public let store: Store
    public let blobs: any BlobStore
    public let log: TransparencyLog
    /// Largest accepted file, in bytes.
    public let sizeLimit: Int64

    public init(store: Store, blobs: any BlobStore, log: TransparencyLog, sizeLimit: Int64) {
        self.store = store
        self.blobs = blobs
        self.log = log
        self.sizeLimit = sizeLimit
    }

    /// Where the details of an upload come from besides its bytes.
    public struct Upload: Sendable {
        public var fileName: String
        public var period: EvidencePeriod?
        public var source: EvidenceSource
        public var rowCount: Int?
        /// Nil for a new item, else the item this is a new version of.
        public var itemID: UUID?
        public var details: NewEvidence?

        public init(
            fileName: String, period: EvidencePeriod?, source: EvidenceSource, rowCount: Int? = nil, itemID: UUID? = nil, details: NewEvidence? = nil
        ) {
            self.fileName = fileName
            self.period = period
            self.source = source
            self.rowCount = rowCount
            self.itemID = itemID
            self.details = details
        }
    }

    /// Proof that the caller may upload here, decided once and before a byte of the file is read.
    public struct Permit: Sendable {
        public let scope: TenantScope
    }

    /// Decides the right to upload: the client's members upload and version evidence; the audit
    /// firm only adds populations it pulled itself (`auditorPull`), labelled as its own.
    public func permit(_ scope: TenantScope, auditorPull: Bool = false) throws(DomainError) -> Permit {
        let permission: Permission = auditorPull ? .performFieldwork : .uploadEvidence
        try scope.require(permission)
        return Permit(scope: scope)
    }

    /// Ingests a spooled file. The caller keeps the spool file and discards it when done; after a
    /// commit it has moved into the blob store.
    public func ingest(_ spooled: SpooledBlob, _ upload: Upload, in scope: TenantScope, now: Date = Date()) async throws -> EvidenceItem {
        try await ingest(spooled, upload, permit: try permit(scope, auditorPull: upload.source.kind == .auditor && upload.itemID == nil), now: now)
    }

    public func ingest(_ spooled: SpooledBlob, _ upload: Upload, permit: Permit, now: Date = Date()) async throws -> EvidenceItem {
        let scope = permit.scope
        // Details are checked before anything is stored.
        var newItem: EvidenceItem?
        if upload.itemID == nil {
            guard let details = upload.details else { throw DomainError.unprocessable("title", "a new evidence item needs a title.") }
            newItem = try EvidenceItem.new(details, organizationID: scope.organizationID, now: now)
        }
        do { try await blobs.commit(spooled) } catch { throw error.domainError }
        let contentType = ContentSniffer.sniff(spooled.prefix)
        let rows = upload.rowCount ?? (contentType == "text/csv" ? max(0, spooled.lineFeeds - 1) : nil)
        let blob = AttachedBlob(
            sha256: spooled.sha256, size: spooled.size, contentType: contentType,
            fileName: FileName.sanitize(upload.fileName), period: upload.period, source: upload.source, rowCount: rows)
        if let newItem {
            return try await store.evidence.insert(newItem, firstVersion: blob, in: scope, now: now)
        }
        return try await store.evidence.appendVersion(blob, to: upload.itemID!, in: scope, now: now)
    }

    /// Spools and ingests a local file (the CLI's path).
    public func ingest(contentsOf url: URL, _ upload: Upload, in scope: TenantScope) async throws -> EvidenceItem {
        let spooled: SpooledBlob
        do { spooled = try BlobSpool.spool(contentsOf: url, into: blobs.spoolDirectory, limit: sizeLimit) } catch { throw error.domainError }
        defer { spooled.discard() }
        return try await ingest(spooled, upload, in: scope)
    }

    /// The leaf index (0-based) of the log entry that recorded a version, and a proof of it.
    public func proof(of version: EvidenceVersion, in scope: TenantScope) async throws -> EvidenceProof {
        try scope.require(.viewEvidence)
        guard
            let event = try await store.log.firstEvent(
                of: scope.organizationID, entityType: "evidence_version", entityID: version.id.uuidString.lowercased())
        else {
            throw DomainError.notFound("The log entry of version \(version.number)")
        }
        let head = try await log.head(of: scope.organizationID)
        let index = Int(event.sequence) - 1
        let path = try await log.inclusionProof(of: scope.organizationID, index: index, treeSize: head.head.treeSize)
        return EvidenceProof(leafIndex: index, leaf: event.leafBytes, head: head, auditPath: path)
    }
}

/// What a third party needs to check that a version is in the log: the leaf, its index, the
/// audit path and the signed head it leads to.
public struct EvidenceProof: Sendable {
    public let leafIndex: Int
    public let leaf: [UInt8]
    public let head: StoredTreeHead
    public let auditPath: [[UInt8]]

    public var verifies: Bool {
        MerkleVerifier.verifyInclusion(
            leafHash: MerkleTree.leafHash(leaf), index: leafIndex, treeSize: head.head.treeSize,
            proof: auditPath, root: head.head.rootHash)
    }
}
