import ComplianceCore
import Crypto
import Foundation

/// Checks signed heads against a recomputed tree; shared by `verify` and the offline bundle check.
enum HeadChecks {
    /// - Parameter published: the organisation's published keys; when not empty, every head must be
    ///   signed by one of them, no later than the key was retired.
    static func check(_ heads: [(TreeHead, [UInt8])], tree: MerkleTree, published: [PublishedKey], problems: inout [String]) {
        var previous: TreeHead?
        for (head, publicKeyBytes) in heads {
            let name = "tree head of size \(head.treeSize) signed \(Timestamp.rfc3339(head.date))"
            if !published.isEmpty {
                if let key = published.first(where: { $0.keyBytes == publicKeyBytes }) {
                    if !key.covers(head.date) {
                        problems.append("\(name) was signed by \(key.fingerprint) after that key was retired")
                    }
                } else {
                    problems.append("\(name) was signed by a key the organisation never published (\(PublishedKey.fingerprint(publicKeyBytes)))")
                }
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
