import ComplianceCore
import Crypto
import EvidenceStore
import Foundation
import Persistence

/// Everything a third party needs to check an organisation's log offline with its public key:
/// the leaf bytes in order, the signed heads, and the blob digests the evidence names.
public struct LogBundle: Codable, Sendable {
    public struct Head: Codable, Sendable {
        public let treeSize: Int
        public let rootHash: String
        public let timestamp: Int64
        public let signature: String

        enum CodingKeys: String, CodingKey {
            case treeSize = "tree_size"
            case rootHash = "root_hash"
            case timestamp, signature
        }
    }

    public let format: String
    public let organizationID: UUID
    public let organization: String
    public let publicKey: String
    /// Base64 of each leaf's bytes (the change events' canonical JSON), in log order.
    public let leaves: [String]
    public let heads: [Head]
    public let blobs: [String]

    enum CodingKeys: String, CodingKey {
        case format, organization, leaves, heads, blobs
        case organizationID = "organization_id"
        case publicKey = "public_key"
    }

    public static let formatName = "attest-log-bundle-v1"

    /// The log up to its latest signed head, with the heads signed by the same key (an exporter
    /// never signs: the bundle holds what was already signed).
    public static func export(_ organization: Organization, store: Store) async throws -> LogBundle {
        guard let head = try await store.log.latestHead(of: organization.id) else {
            throw DomainError.conflict("no_signed_head", "The log of \(organization.slug) has no signed head yet; there is nothing signed to export.")
        }
        let rows = try await store.log.storedRows(of: organization.id, limit: head.head.treeSize)
        return LogBundle(
            format: formatName, organizationID: organization.id, organization: organization.slug.rawValue,
            publicKey: Data(head.publicKey).base64EncodedString(),
            leaves: rows.map { Data($0.event.leafBytes).base64EncodedString() },
            heads: try await store.log.heads(of: organization.id).filter { $0.publicKey == head.publicKey }.map {
                Head(
                    treeSize: $0.head.treeSize, rootHash: $0.head.rootHash.hex, timestamp: $0.head.timestamp,
                    signature: Data($0.head.signature).base64EncodedString())
            },
            blobs: Array(Set(try await store.evidence.blobDigests(of: organization.id).map(\.sha256))).sorted())
    }

    /// Checks the bundle with nothing but `publicKey`: rebuilds the tree from the leaves and checks
    /// every head's signature, its root, and its consistency with the head before.
    public func verify(publicKey: [UInt8]) -> [String] {
        var problems: [String] = []
        guard format == Self.formatName else { return ["not an Attest log bundle (format '\(format)')"] }
        guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else {
            return ["the public key is not a 32-byte Ed25519 key"]
        }
        if Data(base64Encoded: self.publicKey).map(Array.init) != publicKey {
            problems.append("the bundle names a different public key than the one given")
        }
        var tree = MerkleTree()
        for (index, leaf) in leaves.enumerated() {
            guard let bytes = Data(base64Encoded: leaf) else {
                problems.append("leaf \(index) is not base64")
                continue
            }
            tree.append(leaf: Array(bytes))
        }
        let signed = heads.map { head in
            (
                TreeHead(
                    organizationID: organizationID, treeSize: head.treeSize, rootHash: [UInt8](hex: head.rootHash) ?? [],
                    timestamp: head.timestamp, signature: Array(Data(base64Encoded: head.signature) ?? Data())),
                Array(key.rawRepresentation)
            )
        }
        if signed.isEmpty { problems.append("the bundle has no signed tree head") }
        HeadChecks.check(signed, size: tree.size, root: { tree.root(size: $0) }, published: [], problems: &problems)
        if let last = signed.last?.0, last.treeSize != tree.size {
            problems.append("the bundle has \(tree.size) leaves but its newest head covers \(last.treeSize)")
        }
        return problems
    }
}
