import Crypto

/// An append-only Merkle tree in the design of RFC 9162 (Certificate Transparency 2.0).
///
/// Leaf hash = SHA-256(0x00 ‖ leaf bytes); node hash = SHA-256(0x01 ‖ left ‖ right); the tree over
/// `n` leaves splits at the largest power of two below `n`. The tree keeps the hash of every
/// complete (power-of-two) subtree, level by level in flat buffers, so any root, inclusion proof or
/// consistency proof needs O(log² n) hashing however large the tree is.
public struct MerkleTree: Sendable {
    /// `levels[h]` holds, 32 bytes each, the hashes of the complete subtrees of 2^h leaves.
    private var levels: [[UInt8]] = [[]]

    public init() {}

    public init(leafHashes: some Sequence<[UInt8]>) {
        for hash in leafHashes { append(leafHash: hash) }
    }

    /// Number of leaves.
    public var size: Int { levels[0].count / 32 }

    public static func leafHash(_ leaf: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x00])
        hasher.update(data: Array(leaf))
        return Array(hasher.finalize())
    }

    public static func nodeHash(_ left: [UInt8], _ right: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: [0x01])
        hasher.update(data: left)
        hasher.update(data: right)
        return Array(hasher.finalize())
    }

    /// The hash of the empty tree: SHA-256 of nothing.
    public static let emptyRoot: [UInt8] = Array(SHA256.hash(data: [UInt8]()))

    public mutating func append(leaf: some Sequence<UInt8>) {
        append(leafHash: Self.leafHash(leaf))
    }

    public mutating func append(leafHash: [UInt8]) {
        precondition(leafHash.count == 32, "a leaf hash has 32 bytes")
        levels[0].append(contentsOf: leafHash)
        var height = 0
        // Each time a level gains an even-numbered entry, a subtree one level up is complete.
        while (levels[height].count / 32) % 2 == 0 {
            let count = levels[height].count / 32
            let node = Self.nodeHash(hash(at: height, index: count - 2), hash(at: height, index: count - 1))
            if levels.count == height + 1 { levels.append([]) }
            levels[height + 1].append(contentsOf: node)
            height += 1
        }
    }

    /// The leaf hash at `index`.
    public func leafHash(at index: Int) -> [UInt8] {
        hash(at: 0, index: index)
    }

    private func hash(at height: Int, index: Int) -> [UInt8] {
        Array(levels[height][index * 32..<index * 32 + 32])
    }

    /// The root of the first `treeSize` leaves (MTH of D[0:treeSize]).
    public func root(size treeSize: Int? = nil) -> [UInt8] {
        let n = treeSize ?? size
        precondition(n >= 0 && n <= size, "tree size \(n) is beyond the tree (\(size))")
        return n == 0 ? Self.emptyRoot : subtreeHash(start: 0, end: n)
    }

    /// MTH of leaves [start, end), where `start` is a multiple of the largest power of two below
    /// `end - start` (true of every range the RFC's recursion visits).
    private func subtreeHash(start: Int, end: Int) -> [UInt8] {
        let count = end - start
        if count & (count - 1) == 0 {
            let height = count.trailingZeroBitCount
            return hash(at: height, index: start >> height)
        }
        let split = Self.largestPowerOfTwo(below: count)
        return Self.nodeHash(subtreeHash(start: start, end: start + split), subtreeHash(start: start + split, end: end))
    }

    /// The audit path for leaf `index` in the tree of `treeSize` leaves (RFC 9162 §2.1.3.1).
    public func inclusionProof(index: Int, treeSize: Int) throws(MerkleError) -> [[UInt8]] {
        guard treeSize >= 1, treeSize <= size else { throw .badTreeSize(treeSize, size) }
        guard index >= 0, index < treeSize else { throw .badIndex(index, treeSize) }
        var proof: [[UInt8]] = []
        path(index: index, start: 0, end: treeSize, into: &proof)
        return proof
    }

    private func path(index: Int, start: Int, end: Int, into proof: inout [[UInt8]]) {
        let count = end - start
        guard count > 1 else { return }
        let split = Self.largestPowerOfTwo(below: count)
        if index < split {
            path(index: index, start: start, end: start + split, into: &proof)
            proof.append(subtreeHash(start: start + split, end: end))
        } else {
            path(index: index - split, start: start + split, end: end, into: &proof)
            proof.append(subtreeHash(start: start, end: start + split))
        }
    }

    /// The proof that the tree of `first` leaves is a prefix of the tree of `second` (RFC 9162 §2.1.4.1).
    public func consistencyProof(first: Int, second: Int) throws(MerkleError) -> [[UInt8]] {
        guard second >= 1, second <= size else { throw .badTreeSize(second, size) }
        guard first >= 1, first <= second else { throw .badTreeSize(first, second) }
        var proof: [[UInt8]] = []
        subproof(first: first, start: 0, end: second, complete: true, into: &proof)
        return proof
    }

    private func subproof(first: Int, start: Int, end: Int, complete: Bool, into proof: inout [[UInt8]]) {
        let count = end - start
        if first == count {
            if !complete { proof.append(subtreeHash(start: start, end: end)) }
            return
        }
        let split = Self.largestPowerOfTwo(below: count)
        if first <= split {
            subproof(first: first, start: start, end: start + split, complete: complete, into: &proof)
            proof.append(subtreeHash(start: start + split, end: end))
        } else {
            subproof(first: first - split, start: start + split, end: end, complete: false, into: &proof)
            proof.append(subtreeHash(start: start, end: start + split))
        }
    }

    static func largestPowerOfTwo(below n: Int) -> Int {
        precondition(n > 1)
        return 1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }
}

public enum MerkleError: Error, Equatable, CustomStringConvertible {
    case badTreeSize(Int, Int)
    case badIndex(Int, Int)

    public var description: String {
        switch self {
        case .badTreeSize(let asked, let limit): "tree size \(asked) is out of range (1 to \(limit))"
        case .badIndex(let index, let size): "leaf index \(index) is out of range for a tree of \(size)"
        }
    }
}
