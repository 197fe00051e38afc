import FluentKit

/// The change log. `(organization_id, sequence)` is unique, so two writers can never fork an
/// organisation's chain: the loser of a race retries on top of the winner's event.
struct CreateEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("events")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .restrict))
            .field("sequence", .int64, .required)
            .field("actor", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string, .required)
            .field("action", .string, .required)
            .field("state_sha256", .string, .required)
            .field("occurred_at", .datetime, .required)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "organization_id", "sequence")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("events").delete()
    }
}

enum AttestMigrations {
    /// Every migration, in order. Never edit one that has shipped; add a new one.
    static let all: [any Migration] = [
        CreateOrganizations(), CreateUsers(), CreateMemberships(), CreateEngagementGrants(),
        CreateAPITokens(), CreateSessions(), CreateEvents(),
        UpdateEventsAddState(), CreateEvidenceItems(), CreateEvidenceVersions(), CreateTreeHeads(),
        UpdateEventsAddEntityIndex(), CreateProgrammeRecords(), UpdateUsersAddTOTPLastStep(), CreateJobLeases(),
    ]
}
