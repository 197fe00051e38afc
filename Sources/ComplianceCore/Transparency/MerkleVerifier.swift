/// Checks Merkle proofs with nothing but hashes: what an independent verifier does (RFC 9162 §2.1.3.2, §2.1.4.2).
public enum MerkleVerifier {
    /// True when `proof` shows that `leafHash` is leaf `index` of the tree with `root` and `treeSize`.
    public static func verifyInclusion(leafHash: [UInt8], index: Int, treeSize: Int, proof: [[UInt8]], root: [UInt8]) -> Bool {
        guard index >= 0, index < treeSize else { return false }
        var fn = index
        var sn = treeSize - 1
        var r = leafHash
        for p in proof {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                r = MerkleTree.nodeHash(p, r)
                if fn & 1 == 0 { shiftToSetBit(&fn, &sn) }
            } else {
                r = MerkleTree.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        return sn == 0 && r == root
    }

    /// Right-shifts both until `fn`'s lowest bit is set or it reaches 0 (the RFC's inner step).
    private static func shiftToSetBit(_ fn: inout Int, _ sn: inout Int) {
        repeat {
            fn >>= 1
            sn >>= 1
        } while fn & 1 == 0 && fn != 0
    }

    /// True when `proof` shows that the tree (`first`, `firstRoot`) is a prefix of (`second`, `secondRoot`).
    public static func verifyConsistency(first: Int, second: Int, firstRoot: [UInt8], secondRoot: [UInt8], proof: [[UInt8]]) -> Bool {
        guard first >= 1, first <= second else { return false }
        if first == second { return proof.isEmpty && firstRoot == secondRoot }
        var path = proof
        if first & (first - 1) == 0 { path.insert(firstRoot, at: 0) }
        guard !path.isEmpty else { return false }
        var fn = first - 1
        var sn = second - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = path[0]
        var sr = path[0]
        for c in path.dropFirst() {
            if sn == 0 { return false }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleTree.nodeHash(c, fr)
                sr = MerkleTree.nodeHash(c, sr)
                if fn & 1 == 0 { shiftToSetBit(&fn, &sn) }
            } else {
                sr = MerkleTree.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        return fr == firstRoot && sr == secondRoot && sn == 0
    }
}
