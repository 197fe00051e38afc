import FluentKit
import SQLKit

/// Programme records: engagements, request items, controls, policies, acknowledgements,
/// remediation plans and readiness snapshots.
///
/// One table for all of them: each row is a domain value's canonical JSON (the same bytes the change
/// log stores) with the columns queries filter on. Programme data is hundreds of rows per
/// organisation, read whole and filtered in memory, so one general mechanism beats seven tables
/// of mapping code; evidence, which grows to millions of rows, keeps its own tables.
struct CreateProgrammeRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("programme_records")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("parent_id", .uuid)
            .field("key", .string, .required)
            .field("document", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "organization_id", "kind", "key")
            .create()
        try await (database as! any SQLDatabase)
            .raw("CREATE INDEX IF NOT EXISTS programme_records_parent ON programme_records (organization_id, kind, parent_id)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("programme_records").delete()
    }
}
