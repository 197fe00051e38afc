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
    /// The key each organisation's log last confirmed as published, so signing checks the list once.
    private var published: [UUID: [UInt8]] = [:]

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

    /// The latest signed head, signing a new one when the tree has grown since. A head is only ever
    /// signed with a key the log itself has published first.
    public func head(of organizationID: UUID, now: Date = Date()) async throws -> StoredTreeHead {
        // The common case, a log that has not grown since its last head, touches no key file.
        if let latest = try await storage.latestHead(of: organizationID), latest.head.treeSize == (try await tree(of: organizationID)).size {
            return latest
        }
        let key = try keys.key(for: organizationID)
        try await ensurePublished(key, of: organizationID, now: now)
        // Read again: publishing the key may have added an event, which this head covers too.
        let tree = try await tree(of: organizationID)
        let head = try TreeHead.sign(organizationID: organizationID, treeSize: tree.size, rootHash: tree.root(), at: now, with: key)
        let publicKey = Array(key.publicKey.rawRepresentation)
        try await storage.save(head, publicKey: publicKey)
        return StoredTreeHead(head: head, publicKey: publicKey)
    }

    /// Publishes the organisation's current key in its log unless the log already lists it open.
    private func ensurePublished(_ key: Curve25519.Signing.PrivateKey, of organizationID: UUID, now: Date, actor: Actor = .system) async throws {
        let bytes = Array(key.publicKey.rawRepresentation)
        if published[organizationID] == bytes { return }
        let listed = try await storage.publishedKeys(of: organizationID)
        if !listed.contains(where: { $0.keyBytes == bytes && $0.validUntil == nil }) {
            try await storage.publish(
                PublishedKey(publicKey: bytes, organizationID: organizationID, validFrom: now), organizationID: organizationID, actor: actor)
        }
        published[organizationID] = bytes
    }

    /// The organisation's current signing key, published in its log first if it is not yet: what
    /// seals reports and letters, so that every seal's key is one the world can look up.
    public nonisolated func signingKey(of organizationID: UUID, now: Date = Date()) async throws -> Curve25519.Signing.PrivateKey {
        try await publishCurrentKey(of: organizationID, now: now)
        return try keys.key(for: organizationID)
    }

    private func publishCurrentKey(of organizationID: UUID, now: Date) async throws {
        try await ensurePublished(try keys.key(for: organizationID), of: organizationID, now: now)
    }

    /// The keys the organisation's log lists, read only (for checkers).
    public func listedKeys(of organizationID: UUID) async throws -> [PublishedKey] {
        try await storage.publishedKeys(of: organizationID)
    }

    /// Every key the organisation has published (publishing the current one if none is yet).
    public func publishedKeys(of organizationID: UUID, now: Date = Date()) async throws -> [PublishedKey] {
        let listed = try await storage.publishedKeys(of: organizationID)
        if !listed.isEmpty { return listed }
        try await publishCurrentKey(of: organizationID, now: now)
        _ = try await head(of: organizationID, now: now)
        return try await storage.publishedKeys(of: organizationID)
    }

    /// Replaces the organisation's signing key: the old one is kept (listed with its end date, and
    /// on disk for the checkpoints it signed), the new one published in the log, and a head signed
    /// with it over the log that records the change.
    public func rotateKey(of organizationID: UUID, actor: Actor, now: Date = Date()) async throws -> PublishedKey {
        _ = try await head(of: organizationID, now: now)
        let key = try keys.rotate(for: organizationID)
        try await ensurePublished(key, of: organizationID, now: now, actor: actor)
        _ = try await head(of: organizationID, now: now)
        let bytes = Array(key.publicKey.rawRepresentation)
        guard let listed = try await storage.publishedKeys(of: organizationID).first(where: { $0.keyBytes == bytes }) else {
            throw DomainError(.invalid, code: "key_unpublished", "The new key was not published.")
        }
        return listed
    }

    /// The latest head as a C2SP checkpoint, signed by the key that signed the head.
    public func checkpoint(of organizationID: UUID, now: Date = Date()) async throws -> String {
        let head = try await head(of: organizationID, now: now)
        return try note(for: head)
    }

    /// The checkpoint of a stored head, signed by the key that signed it (Ed25519 is deterministic,
    /// so the same head always gives the same note).
    public func note(for head: StoredTreeHead) throws -> String {
        guard let key = try keys.privateKey(matching: head.publicKey) else {
            throw DomainError(.invalid, code: "key_missing", "The key that signed this head is not in the key directory.")
        }
        return try Checkpoint(head.head).note(signedWith: key)
    }

    public func publicKey(of organizationID: UUID) throws -> [UInt8] {
        Array(try keys.key(for: organizationID).publicKey.rawRepresentation)
    }

    public func inclusionProof(of organizationID: UUID, index: Int, treeSize: Int) async throws -> [[UInt8]] {
        do { return try await tree(of: organizationID).inclusionProof(index: index, treeSize: treeSize) } catch let error as MerkleError {
            throw DomainError.unprocessable("index", error.description)
        }
    }

    public func consistencyProof(of organizationID: UUID, first: Int, second: Int) async throws -> [[UInt8]] {
        do { return try await tree(of: organizationID).consistencyProof(first: first, second: second) } catch let error as MerkleError {
            throw DomainError.unprocessable("tree_size", error.description)
        }
    }

    /// Leaf bytes for leaves `start..<end` (0-based), at most 1,000 at a time.
    public func leaves(of organizationID: UUID, start: Int, end: Int) async throws -> [[UInt8]] {
        let size = try await tree(of: organizationID).size
        guard start >= 0, end > start, end <= size else {
            throw DomainError.unprocessable("start", "the range \(start)..<\(end) is not within the log's \(size) leaves.")
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
        published = [:]
    }
}
