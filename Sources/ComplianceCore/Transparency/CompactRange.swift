import Crypto

/// The root of a growing log in O(log n) memory: only the hashes of its complete subtrees, largest
/// first (RFC 9162's tree over n leaves is exactly these, folded from the right). What `attest
/// verify` uses to recompute roots at the sizes heads and checkpoints name while it streams a
/// million leaves, where `MerkleTree` (which keeps every level, for proofs) would hold 64 MB.
public struct CompactRange: Sendable {
    private var subtrees: [(height: Int, hash: [UInt8])] = []
    public private(set) var size = 0

    public init() {}

    public mutating func append(leaf: some Sequence<UInt8>) {
        var node = (height: 0, hash: MerkleTree.leafHash(leaf))
        while let last = subtrees.last, last.height == node.height {
            subtrees.removeLast()
            node = (node.height + 1, MerkleTree.nodeHash(last.hash, node.hash))
        }
        subtrees.append(node)
        size += 1
    }

    /// The root of the leaves appended so far.
    public var root: [UInt8] {
        guard var hash = subtrees.last?.hash else { return MerkleTree.emptyRoot }
        for subtree in subtrees.dropLast().reversed() { hash = MerkleTree.nodeHash(subtree.hash, hash) }
        return hash
    }
}
