import Foundation

/// A signed tree head as stored, with the public key that signed it.
public struct StoredTreeHead: Sendable {
    public let head: TreeHead
    public let publicKey: [UInt8]

    public init(head: TreeHead, publicKey: [UInt8]) {
        self.head = head
        self.publicKey = publicKey
    }
}

/// What the transparency log needs from storage: its leaves (the change events, in order) and its
/// signed heads. Persistence implements it; the log itself never sees a database.
public protocol LogStorage: KeyRegistry {
    /// Events with sequence in `from...`, ascending, at most `limit`.
    func events(of organizationID: UUID, from sequence: Int64, limit: Int) async throws -> [ChangeEvent]
    func latestHead(of organizationID: UUID) async throws -> StoredTreeHead?
    func save(_ head: TreeHead, publicKey: [UInt8]) async throws
    /// Every organisation that has a log, for the periodic head signer.
    func organizationIDs() async throws -> [UUID]
}

/// The organisation's published signing keys, kept in its own log so that adding or retiring a key
/// is itself a logged, verifiable change.
public protocol KeyRegistry: Sendable {
    /// Every key the organisation has published, oldest first.
    func publishedKeys(of organizationID: UUID) async throws -> [PublishedKey]
    /// Publishes `key` and closes every open key at its `validFrom`, in one logged transaction.
    func publish(_ key: PublishedKey, organizationID: UUID, actor: Actor) async throws
}
