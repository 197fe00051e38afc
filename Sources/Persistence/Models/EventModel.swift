import ComplianceCore
import FluentKit
import Foundation

final class EventModel: Model, @unchecked Sendable {
    static let schema = "events"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "actor") var actor: String
    @Field(key: "entity_type") var entityType: String
    @Field(key: "entity_id") var entityID: String
    @Field(key: "action") var action: String
    @Field(key: "state_sha256") var stateDigest: String
    @Field(key: "occurred_at") var occurredAt: Date
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String
    /// The entity's new state as canonical JSON; its SHA-256 is `state_sha256`.
    @OptionalField(key: "state") var state: String?

    init() {}

    init(_ event: ChangeEvent, state: String?) {
        self.state = state
        self.id = UUID()
        self.organizationID = event.organizationID
        self.sequence = event.sequence
        self.actor = event.actor.description
        self.entityType = event.entityType
        self.entityID = event.entityID
        self.action = event.action
        self.stateDigest = event.stateDigest
        self.occurredAt = event.occurredAt
        self.previousHash = event.previousHash
        self.hash = event.hash
    }

    func domain() -> ChangeEvent {
        ChangeEvent(
            organizationID: organizationID, sequence: sequence, actor: Actor(parsing: actor), entityType: entityType,
            entityID: entityID, action: action, stateDigest: stateDigest, occurredAt: occurredAt, previousHash: previousHash
        )
    }
}

extension EventModel {
    /// The organisation's log position: its last sequence, 0 for an empty log. Every change moves
    /// it, which is what the read caches are keyed by.
    static func lastSequence(of organizationID: UUID, on db: any Database) async throws -> Int64 {
        try await query(on: db).filter(\.$organizationID == organizationID).max(\.$sequence) ?? 0
    }
}
