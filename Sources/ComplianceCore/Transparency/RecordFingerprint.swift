import Foundation

/// One row the log speaks for, reduced to what `attest verify` compares: its kind (the log's
/// entity type), its id, and a fingerprint of its state. Storage lists the rows it holds; the
/// verifier replays the log into the same shape, and any difference in either direction is a change
/// made outside Attest.
public struct RecordFingerprint: Sendable, Hashable {
    public let entityType: String
    public let entityID: String
    public let fingerprint: String

    public init(entityType: String, entityID: String, fingerprint: String) {
        self.entityType = entityType
        self.entityID = entityID
        self.fingerprint = fingerprint
    }

    /// Most rows are exactly the canonical JSON the log recorded, so their fingerprint is that
    /// JSON's SHA-256 (the event's `state_sha256`).
    public init(entityType: String, entityID: String, canonicalState: some Sequence<UInt8>) {
        self.init(entityType: entityType, entityID: entityID, fingerprint: Digest.sha256Hex(canonicalState))
    }

    /// A membership's event records the member as shown then (their name and email may change
    /// later, outside the organisation's log); what the row must keep is the role.
    public static func membership(userID: String, role: String) -> RecordFingerprint {
        RecordFingerprint(entityType: "membership", entityID: userID, fingerprint: "role:\(role)")
    }

    /// The fingerprint the log implies for an event: its state digest, or for a membership the role
    /// in its stored state. Nil when the event removed the row.
    public static func logged(_ event: ChangeEvent, state: String?) -> RecordFingerprint? {
        if removals[event.entityType, default: ["deleted"]].contains(event.action) { return nil }
        if event.entityType == "membership" {
            struct Role: Decodable { let role: String }
            let role = state.flatMap { try? JSONDecoder().decode(Role.self, from: Data($0.utf8)) }?.role ?? "(state not stored)"
            return .membership(userID: event.entityID, role: role)
        }
        return RecordFingerprint(entityType: event.entityType, entityID: event.entityID, fingerprint: event.stateDigest)
    }

    /// The actions after which a row of the kind no longer exists.
    static let removals: [String: Set<String>] = ["membership": ["removed"]]

    /// "evidence version", "control test": the kind as people read it.
    public var kindName: String { entityType.replacingOccurrences(of: "_", with: " ") }
}

/// Storage's side of the comparison: every row of the kinds it keeps in step with the log.
public protocol RecordCensus: Sendable {
    /// The entity types the census covers; events of other types are not compared with rows.
    var coveredTypes: Set<String> { get }
    /// Every current row of those kinds in the organisation, in batches, so memory stays bounded by
    /// the batch and the verifier's one fingerprint per entity.
    func rows(of organizationID: UUID, batch: @Sendable ([RecordFingerprint]) async throws -> Void) async throws
}
