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
    public var problems: [String] = []

    public var passed: Bool { problems.isEmpty }
}

/// Re-checks an organisation's whole record from the ground up: every blob re-hashed, every event
/// row rebuilt from its fields, the chain, the stored states against their digests, the Merkle
/// tree recomputed, and every signed head's signature, root and consistency with the one before.
public struct LogVerifier: Sendable {
    let store: Store
    let blobs: any BlobStore
    let keys: SigningKeys?

    public init(store: Store, blobs: any BlobStore, keys: SigningKeys?) {
        self.store = store
        self.blobs = blobs
        self.keys = keys
    }

    public func verify(_ organization: Organization, progress: @Sendable (String) -> Void = { _ in }) async throws -> VerificationReport {
        var report = VerificationReport(organization: organization.slug.rawValue)
        let rows = try await store.log.storedRows(of: organization.id)
        report.leaves = rows.count
        progress("checking \(rows.count) log entries")
        var tree = MerkleTree()
        var previous = ChangeEvent.genesisHash
        var latestState: [String: String] = [:]
        for (offset, row) in rows.enumerated() {
            let event = row.event
            let expected = Int64(offset + 1)
            if event.sequence != expected {
                report.problems.append(
                    "log entry \(expected) is missing or out of order: found sequence \(event.sequence) in its place (a leaf was removed or reordered)"
                )
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
            if let state = row.state { latestState["\(event.entityType):\(event.entityID)"] = state }
            previous = row.storedHash
            tree.append(leaf: event.leafBytes)
        }
        try await checkEvidenceRows(organization, latestState: latestState, into: &report)
        try await checkBlobs(organization, into: &report, progress: progress)
        try await checkHeads(organization, tree: tree, into: &report)
        return report
    }

    /// Current evidence rows must equal the state the log last recorded for them.
    private func checkEvidenceRows(_ organization: Organization, latestState: [String: String], into report: inout VerificationReport) async throws {
        let scope = TenantScope(organization: organization, standing: .operator, actor: .system)
        for item in try await store.evidence.list(in: scope) {
            let (current, versions) = try await store.evidence.get(item.id, in: scope)
            var bare = current
            bare.latest = nil
            if latestState["evidence_item:\(item.id.uuidString.lowercased())"] != String(decoding: try CanonicalJSON.encode(bare), as: UTF8.self) {
                report.problems.append(
                    "evidence item \(item.id.uuidString.lowercased()) (\(item.title)) differs from what the log recorded: the row was changed outside Attest"
                )
            }
            for version in versions
            where latestState["evidence_version:\(version.id.uuidString.lowercased())"]
                != String(decoding: try CanonicalJSON.encode(version), as: UTF8.self)
            {
                report.problems.append(
                    "evidence version \(version.number) of \(item.id.uuidString.lowercased()) differs from what the log recorded (sha256 now \(version.sha256.prefix(12))…): the row was changed outside Attest"
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

    private func checkHeads(_ organization: Organization, tree: MerkleTree, into report: inout VerificationReport) async throws {
        let heads = try await store.log.heads(of: organization.id)
        let expectedKey = try keys.map { Array(try $0.key(for: organization.id).publicKey.rawRepresentation) }
        var problems: [String] = []
        HeadChecks.check(heads.map { ($0.head, $0.publicKey) }, tree: tree, expectedKey: expectedKey, problems: &problems)
        report.problems += problems
        report.headsChecked = heads.count
    }
}

/// Checks signed heads against a recomputed tree; shared by `verify` and the offline bundle check.
enum HeadChecks {
    static func check(_ heads: [(TreeHead, [UInt8])], tree: MerkleTree, expectedKey: [UInt8]?, problems: inout [String]) {
        var previous: TreeHead?
        for (head, publicKeyBytes) in heads {
            let name = "tree head of size \(head.treeSize) signed \(Timestamp.rfc3339(head.date))"
            if let expectedKey, publicKeyBytes != expectedKey {
                problems.append("\(name) was signed by a key that is not the organisation's")
            }
            if let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes), head.verifySignature(with: key) {
            } else {
                problems.append("\(name) has a bad signature")
            }
            guard head.treeSize <= tree.size else {
                problems.append("\(name) covers more entries than the log has (\(tree.size)): entries were removed")
                continue
            }
            if tree.root(size: head.treeSize) != head.rootHash {
                problems.append(
                    "\(name) does not match the log: its root \(head.rootHash.hex.prefix(16))… differs from the recomputed \(tree.root(size: head.treeSize).hex.prefix(16))…"
                )
            }
            if let previous, previous.treeSize <= head.treeSize, previous.treeSize > 0,
                let proof = try? tree.consistencyProof(first: previous.treeSize, second: head.treeSize),
                !MerkleVerifier.verifyConsistency(
                    first: previous.treeSize, second: head.treeSize, firstRoot: previous.rootHash, secondRoot: head.rootHash, proof: proof)
            {
                problems.append("\(name) is not consistent with the head before it (size \(previous.treeSize)): the log was rewritten between them")
            }
            previous = head
        }
    }
}
