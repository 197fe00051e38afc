import Crypto
import Foundation

/// Who caused a change: a signed-in user, a command-line operator, or the system itself.
public enum Actor: Sendable, Hashable, Codable, CustomStringConvertible {
    case user(UUID)
    case cli(String)
    case system

    /// `user:<uuid>`, `cli:<name>` or `system`: the form stored in the log.
    public var description: String {
        switch self {
        case .user(let id): "user:\(id.uuidString.lowercased())"
        case .cli(let name): "cli:\(name)"
        case .system: "system"
        }
    }

    public init(parsing text: String) {
        if text.hasPrefix("user:"), let id = UUID(uuidString: String(text.dropFirst(5))) {
            self = .user(id)
        } else if text.hasPrefix("cli:") {
            self = .cli(String(text.dropFirst(4)))
        } else {
            self = .system
        }
    }

    public init(from decoder: any Decoder) throws {
        self.init(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// One entry of an organisation's change log.
///
/// Events form a hash chain (`previousHash`) and each one's `leafBytes` are what the evidence log's
/// Merkle tree (RFC 9162) takes as a leaf, so the same record serves both the chain and the tree.
public struct ChangeEvent: Codable, Sendable, Hashable {
    public let organizationID: UUID
    /// 1-based position in the organisation's log; no gaps.
    public let sequence: Int64
    public let actor: Actor
    public let entityType: String
    public let entityID: String
    public let action: String
    /// SHA-256 (hex) of the entity's new state as canonical JSON.
    public let stateDigest: String
    public let occurredAt: Date
    /// `hash` of the event before this one; 64 zeros for the first.
    public let previousHash: String

    public init(
        organizationID: UUID, sequence: Int64, actor: Actor, entityType: String, entityID: String,
        action: String, stateDigest: String, occurredAt: Date, previousHash: String
    ) {
        self.organizationID = organizationID
        self.sequence = sequence
        self.actor = actor
        self.entityType = entityType
        self.entityID = entityID
        self.action = action
        self.stateDigest = stateDigest
        // Stored with millisecond precision in every database, so hash it that way too.
        self.occurredAt = Date(timeIntervalSince1970: (occurredAt.timeIntervalSince1970 * 1000).rounded() / 1000)
        self.previousHash = previousHash
    }

    public static let genesisHash = String(repeating: "0", count: 64)

    /// The canonical bytes of this event: sorted-key JSON without whitespace, times in RFC 3339 with
    /// milliseconds. Anyone can rebuild them from the fields and check `hash`.
    public var leafBytes: [UInt8] {
        let fields: [(String, String)] = [
            ("action", action),
            ("actor", actor.description),
            ("entity_id", entityID),
            ("entity_type", entityType),
            ("occurred_at", Timestamp.rfc3339(occurredAt)),
            ("organization_id", organizationID.uuidString.lowercased()),
            ("previous_hash", previousHash),
            ("sequence", String(sequence)),
            ("state_sha256", stateDigest),
        ]
        let body = fields.map { "\(CanonicalJSON.quote($0.0)):\(CanonicalJSON.quote($0.1))" }.joined(separator: ",")
        return Array("{\"type\":\"change_event\",\(body)}".utf8)
    }

    /// SHA-256 (hex) of `leafBytes`: the link the next event points back to.
    public var hash: String {
        Digest.sha256Hex(leafBytes)
    }

    enum CodingKeys: String, CodingKey {
        case organizationID = "organization_id"
        case sequence, actor
        case entityType = "entity_type"
        case entityID = "entity_id"
        case action
        case stateDigest = "state_sha256"
        case occurredAt = "occurred_at"
        case previousHash = "previous_hash"
    }
}
