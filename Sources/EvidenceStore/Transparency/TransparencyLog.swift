import ComplianceCore
import Crypto
import Foundation

/// The organisation's append-only Merkle log over its change events (every evidence version is
/// one), with signed tree heads and proofs. Trees are cached in memory and extended from the
/// database as events arrive, so proofs never rehash the whole log.
public actor TransparencyLog {
    let storage: any LogStorage
    public nonisolated let keys: SigningKeys
    private var trees: [UUID: MerkleTree] = [:]

    public init(storage: any LogStorage, keys: SigningKeys) {
        self.storage = storage
        self.keys = keys
    }

    /// The tree with every event stored so far.
    public func tree(of organizationID: UUID) async throws -> MerkleTree {
        var tree = trees[organizationID] ?? MerkleTree()
        while true {
            let batch = try await storage.events(of: organizationID, from: Int64(tree.size + 1), limit: 10_000)
            for event in batch { tree.append(leaf: event.leafBytes) }
            if batch.count < 10_000 { break }
        }
        trees[organizationID] = tree
        return tree
    }

    /// The latest signed head, signing a new one when the tree has grown since.
    public func head(of organizationID: UUID, now: Date = Date()) async throws -> StoredTreeHead {
        let tree = try await tree(of: organizationID)
        if let latest = try await storage.latestHead(of: organizationID), latest.head.treeSize == tree.size {
            return latest
        }
        let key = try keys.key(for: organizationID)
        let head = try TreeHead.sign(organizationID: organizationID, treeSize: tree.size, rootHash: tree.root(), at: now, with: key)
        let publicKey = Array(key.publicKey.rawRepresentation)
        try await storage.save(head, publicKey: publicKey)
        return StoredTreeHead(head: head, publicKey: publicKey)
    }

    public func publicKey(of organizationID: UUID) throws -> [UInt8] {
        Array(try keys.key(for: organizationID).publicKey.rawRepresentation)
    }

    public func inclusionProof(of organizationID: UUID, index: Int, treeSize: Int) async throws -> [[UInt8]] {
        do { return try await tree(of: organizationID).inclusionProof(index: index, treeSize: treeSize) } catch let error as MerkleError {
            throw DomainError.invalid("index", error.description)
        }
    }

    public func consistencyProof(of organizationID: UUID, first: Int, second: Int) async throws -> [[UInt8]] {
        do { return try await tree(of: organizationID).consistencyProof(first: first, second: second) } catch let error as MerkleError {
            throw DomainError.invalid("tree_size", error.description)
        }
    }

    /// Leaf bytes for leaves `start..<end` (0-based), at most 1,000 at a time.
    public func leaves(of organizationID: UUID, start: Int, end: Int) async throws -> [[UInt8]] {
        let size = try await tree(of: organizationID).size
        guard start >= 0, end > start, end <= size else {
            throw DomainError.invalid("start", "the range \(start)..<\(end) is not within the log's \(size) leaves.")
        }
        let events = try await storage.events(of: organizationID, from: Int64(start + 1), limit: min(end - start, 1000))
        return events.map(\.leafBytes)
    }

    /// Signs a head for every organisation whose log grew: what the periodic signer calls.
    public func signGrownHeads(now: Date = Date()) async throws -> Int {
        var signed = 0
        for organizationID in try await storage.organizationIDs() {
            let before = try await storage.latestHead(of: organizationID)?.head.treeSize
            let head = try await head(of: organizationID, now: now)
            if head.head.treeSize != before { signed += 1 }
        }
        return signed
    }

    /// Forgets cached trees (after `attest verify` or in tests that change rows behind its back).
    public func reset() {
        trees = [:]
    }
}
