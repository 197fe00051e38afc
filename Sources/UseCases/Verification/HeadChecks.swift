import ComplianceCore
import Crypto
import Foundation

/// Checks signed heads against roots recomputed from the leaves; shared by `verify` and the
/// offline bundle check. A head that matches the root recomputed at its size is consistent with
/// every other such head (they are roots of prefixes of one sequence of leaves), so no consistency
/// proof is needed when the leaves themselves are at hand.
enum HeadChecks {
    /// - Parameters:
    ///   - size: the number of leaves the log holds.
    ///   - root: the recomputed root at a size no larger than `size`.
    ///   - published: the organisation's published keys; when not empty, every head must be signed
    ///     by one of them, no later than the key was retired.
    static func check(
        _ heads: [(TreeHead, [UInt8])], size: Int, root: (Int) -> [UInt8]?, published: [PublishedKey], problems: inout [String]
    ) {
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
            guard head.treeSize <= size, let recomputed = root(head.treeSize) else {
                problems.append("\(name) covers more entries than the log has (\(size)): entries were removed")
                continue
            }
            if recomputed != head.rootHash {
                problems.append(
                    "\(name) does not match the log: its root \(head.rootHash.hex.prefix(16))… differs from the recomputed \(recomputed.hex.prefix(16))… (the log was rewritten)"
                )
            }
        }
    }
}
