import ComplianceCore
import Crypto
import EvidenceStore
import Foundation
import Persistence

/// What `attest verify` found: each problem in a sentence that says what and where.
public struct VerificationReport: Sendable {
    public var organization: String
    public var leaves = 0
    public var blobsChecked = 0
    public var headsChecked = 0
    public var recordsChecked = 0
    public var checkpointsChecked = 0
    public var unsignedEntries = 0
    public var problems: [String] = []

    public var passed: Bool { problems.isEmpty }
}

/// A checkpoint kept outside the database (the firm's copy, a witness, a bundle, a report), with
/// where it came from so that a problem can name it.
public struct OutsideCheckpoint: Sendable {
    public let source: String
    public let note: String

    public init(source: String, note: String) {
        self.source = source
        self.note = note
    }
}

/// Re-checks an organisation's whole record from the ground up, and never writes while it does:
/// the signed heads and published keys first (what the log must at least hold), then every log
/// entry rebuilt from its fields, the chain and the stored states, the Merkle tree against every
/// head and against checkpoints kept outside, every row the log speaks for replayed and compared
/// in both directions, and every blob re-hashed.
public struct LogVerifier: Sendable {
    let store: Store
    let blobs: any BlobStore
    let keys: SigningKeys?
    let census: any RecordCensus

    public init(store: Store, blobs: any BlobStore, keys: SigningKeys?) {
        self.store = store
        self.blobs = blobs
        self.keys = keys
        census = StoredRecordCensus(database: store.database)
    }

    /// Entries read per page: bounds memory whatever the log's length.
    static let page = 10_000

    public func verify(
        _ organization: Organization, checkpoints: [OutsideCheckpoint] = [], trustedKeys: [PublishedKey] = [],
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> VerificationReport {
        var report = VerificationReport(organization: organization.slug.rawValue)
        // What the log must at least contain, read before the log itself.
        let heads = try await store.log.heads(of: organization.id)
        let published = try await store.log.publishedKeys(of: organization.id)
        let size = try await store.log.size(of: organization.id)
        if let largest = heads.max(by: { $0.head.treeSize < $1.head.treeSize }), largest.head.treeSize > size {
            report.problems.append(
                "the log is truncated: it holds \(size) entries, but its signed head of \(Timestamp.rfc3339(largest.head.date)) covers \(largest.head.treeSize)"
            )
        }
        progress("checking \(size) log entries")
        var replay = LogReplay()
        var tree = MerkleTree()
        var previous = ChangeEvent.genesisHash
        var next: Int64 = 1
        while true {
            let rows = try await store.log.storedRows(of: organization.id, from: next, limit: Self.page)
            for row in rows {
                check(row, expected: Int64(tree.size + 1), previous: previous, into: &report)
                replay.apply(row.event, state: row.state)
                previous = row.storedHash
                tree.append(leaf: row.event.leafBytes)
            }
            report.leaves = tree.size
            guard let last = rows.last, rows.count == Self.page else { break }
            next = last.event.sequence + 1
            progress("… \(tree.size) entries")
        }
        checkHeads(heads, published: published, organization: organization, tree: tree, into: &report)
        checkOutside(checkpoints, trusted: trustedKeys.isEmpty ? published : trustedKeys, organization: organization, tree: tree, into: &report)
        progress("comparing the rows the log speaks for")
        report.recordsChecked = try await replay.compare(with: census, organization: organization.id, problems: &report.problems)
        try await checkBlobs(organization, into: &report, progress: progress)
        return report
    }

    private func check(
        _ row: (event: ChangeEvent, storedHash: String, state: String?), expected: Int64, previous: String, into report: inout VerificationReport
    ) {
        let event = row.event
        if event.sequence != expected {
            report.problems.append(
                "log entry \(expected) is missing or out of order: found sequence \(event.sequence) in its place (a leaf was removed or reordered)")
        }
        if event.hash != row.storedHash {
            report.problems.append(
                "log entry \(event.sequence) (\(event.entityType) \(event.action)) was changed after it was written: its fields no longer hash to its stored hash"
            )
        }
        if event.previousHash != previous {
            report.problems.append("log entry \(event.sequence) does not follow the entry before it (previous hash mismatch)")
        }
        if let state = row.state, Digest.sha256Hex(Array(state.utf8)) != event.stateDigest {
            report.problems.append("log entry \(event.sequence): the stored state no longer matches its SHA-256")
        }
    }

    /// Every stored head against the recomputed tree and the keys the log published; the current
    /// key on disk must be one of them.
    private func checkHeads(
        _ heads: [StoredTreeHead], published: [PublishedKey], organization: Organization, tree: MerkleTree, into report: inout VerificationReport
    ) {
        var problems: [String] = []
        HeadChecks.check(heads.map { ($0.head, $0.publicKey) }, tree: tree, published: published, problems: &problems)
        if let current = try? keys?.existingPublicKey(for: organization.id), !published.isEmpty,
            !published.contains(where: { $0.keyBytes == current })
        {
            problems.append("the organisation's signing key on disk (\(PublishedKey.fingerprint(current))) is not among the keys its log published")
        }
        report.problems += problems
        report.headsChecked = heads.count
        report.unsignedEntries = tree.size - (heads.map(\.head.treeSize).max() ?? 0)
    }

    /// Checkpoints from outside the database: a checkpoint larger than the log means its tail was
    /// removed (with the heads that covered it); a different root at its size means a fork.
    private func checkOutside(
        _ checkpoints: [OutsideCheckpoint], trusted: [PublishedKey], organization: Organization, tree: MerkleTree,
        into report: inout VerificationReport
    ) {
        let origin = Checkpoint.origin(of: organization.id)
        for outside in checkpoints {
            report.checkpointsChecked += 1
            var opened: Checkpoint?
            var refusal = "no published key of \(organization.slug) signed it"
            for key in trusted {
                do {
                    opened = try Checkpoint.open(outside.note, publicKey: key.keyBytes)
                    break
                } catch { refusal = error.message }
            }
            guard let checkpoint = opened else {
                report.problems.append("the checkpoint from \(outside.source) does not verify: \(refusal)")
                continue
            }
            guard checkpoint.origin == origin else {
                report.problems.append("the checkpoint from \(outside.source) is of another log (\(checkpoint.origin), not \(origin))")
                continue
            }
            if checkpoint.treeSize > tree.size {
                report.problems.append(
                    "the log is truncated: the checkpoint from \(outside.source) covers \(checkpoint.treeSize) entries, the log holds \(tree.size)")
            } else if tree.root(size: checkpoint.treeSize) != checkpoint.rootHash {
                report.problems.append(
                    "the log has forked: its first \(checkpoint.treeSize) entries do not match the checkpoint from \(outside.source) (root \(checkpoint.rootHash.hex.prefix(16))…, recomputed \(tree.root(size: checkpoint.treeSize).hex.prefix(16))…)"
                )
            }
        }
    }

    private func checkBlobs(_ organization: Organization, into report: inout VerificationReport, progress: @Sendable (String) -> Void) async throws {
        let digests = try await store.evidence.blobDigests(of: organization.id)
        progress("re-hashing \(Set(digests.map(\.sha256)).count) blobs in \(blobs.label)")
        var seen: [String: BlobCheck] = [:]
        for (version, sha256) in digests {
            let check: BlobCheck
            if let known = seen[sha256] {
                check = known
            } else {
                do { check = try await blobs.check(sha256) } catch {
                    report.problems.append("blob \(sha256) of version \(version.uuidString.lowercased()) could not be read: \(error)")
                    continue
                }
                seen[sha256] = check
                report.blobsChecked += 1
            }
            switch check {
            case .intact: break
            case .missing: report.problems.append("blob \(sha256) (version \(version.uuidString.lowercased())) is missing from \(blobs.label)")
            case .changed(let actual):
                report.problems.append("blob \(sha256) (version \(version.uuidString.lowercased())) has changed: its bytes now hash to \(actual)")
            }
        }
    }
}
