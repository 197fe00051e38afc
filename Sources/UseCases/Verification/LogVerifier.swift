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
    static let page = 2_000

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
        // The roots to recompute: at every head's size and every outside checkpoint's.
        let opened = open(checkpoints, trusted: trustedKeys.isEmpty ? published : trustedKeys, organization: organization, into: &report)
        var wanted = Set(heads.map(\.head.treeSize) + opened.map(\.checkpoint.treeSize))
        var roots: [Int: [UInt8]] = [:]
        if wanted.contains(0) { roots[0] = MerkleTree.emptyRoot }
        progress("checking \(size) log entries")
        var replay = LogReplay()
        var range = CompactRange()
        var previous = ChangeEvent.genesisHash
        var next: Int64 = 1
        while true {
            let rows = try await store.log.storedRows(of: organization.id, from: next, limit: Self.page)
            for row in rows {
                // The leaf's bytes are built once: they give both the event hash and the tree's leaf.
                let leaf = row.event.leafBytes
                check(row, hash: Digest.sha256Hex(leaf), expected: Int64(range.size + 1), previous: previous, into: &report)
                replay.apply(row.event, state: row.state)
                previous = row.storedHash
                range.append(leaf: leaf)
                if wanted.remove(range.size) != nil { roots[range.size] = range.root }
            }
            report.leaves = range.size
            guard let last = rows.last, rows.count == Self.page else { break }
            next = last.event.sequence + 1
            if range.size % 100_000 < Self.page { progress("… \(range.size) entries") }
        }
        checkHeads(heads, published: published, organization: organization, size: range.size, roots: roots, into: &report)
        compare(opened, size: range.size, roots: roots, into: &report)
        progress("comparing the rows the log speaks for")
        report.recordsChecked = try await replay.compare(with: census, organization: organization.id, problems: &report.problems)
        try await checkBlobs(organization, into: &report, progress: progress)
        return report
    }

    private func check(
        _ row: (event: ChangeEvent, storedHash: String, state: String?), hash: String, expected: Int64, previous: String,
        into report: inout VerificationReport
    ) {
        let event = row.event
        if event.sequence != expected {
            report.problems.append(
                "log entry \(expected) is missing or out of order: found sequence \(event.sequence) in its place (a leaf was removed or reordered)")
        }
        if hash != row.storedHash {
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
        _ heads: [StoredTreeHead], published: [PublishedKey], organization: Organization, size: Int, roots: [Int: [UInt8]],
        into report: inout VerificationReport
    ) {
        var problems: [String] = []
        HeadChecks.check(heads.map { ($0.head, $0.publicKey) }, size: size, root: { roots[$0] }, published: published, problems: &problems)
        if let current = try? keys?.existingPublicKey(for: organization.id), !published.isEmpty,
            !published.contains(where: { $0.keyBytes == current })
        {
            problems.append("the organisation's signing key on disk (\(PublishedKey.fingerprint(current))) is not among the keys its log published")
        }
        report.problems += problems
        report.headsChecked = heads.count
        report.unsignedEntries = max(0, size - (heads.map(\.head.treeSize).max() ?? 0))
    }

    /// Opens the checkpoints kept outside the database with the trusted keys, naming each that
    /// does not verify or is of another log.
    private func open(
        _ checkpoints: [OutsideCheckpoint], trusted: [PublishedKey], organization: Organization, into report: inout VerificationReport
    ) -> [(source: String, checkpoint: Checkpoint)] {
        let origin = Checkpoint.origin(of: organization.id)
        var opened: [(source: String, checkpoint: Checkpoint)] = []
        for outside in checkpoints {
            report.checkpointsChecked += 1
            var found: Checkpoint?
            var refusal = "no published key of \(organization.slug) signed it"
            for key in trusted {
                do {
                    found = try Checkpoint.open(outside.note, publicKey: key.keyBytes)
                    break
                } catch { refusal = error.message }
            }
            guard let checkpoint = found else {
                report.problems.append("the checkpoint from \(outside.source) does not verify: \(refusal)")
                continue
            }
            guard checkpoint.origin == origin else {
                report.problems.append("the checkpoint from \(outside.source) is of another log (\(checkpoint.origin), not \(origin))")
                continue
            }
            opened.append((outside.source, checkpoint))
        }
        return opened
    }

    /// A checkpoint larger than the log means its tail was removed (with the heads that covered
    /// it); a different root at its size means a fork.
    private func compare(
        _ opened: [(source: String, checkpoint: Checkpoint)], size: Int, roots: [Int: [UInt8]], into report: inout VerificationReport
    ) {
        for (source, checkpoint) in opened {
            guard checkpoint.treeSize <= size, let root = roots[checkpoint.treeSize] else {
                report.problems.append(
                    "the log is truncated: the checkpoint from \(source) covers \(checkpoint.treeSize) entries, the log holds \(size)")
                continue
            }
            if root != checkpoint.rootHash {
                report.problems.append(
                    "the log has forked: its first \(checkpoint.treeSize) entries do not match the checkpoint from \(source) (root \(checkpoint.rootHash.hex.prefix(16))…, recomputed \(root.hex.prefix(16))…)"
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
