import FluentKit
import SQLKit

/// Keeps each event's new state as canonical JSON, so any past state can be replayed from the log.
struct UpdateEventsAddState: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("events").field("state", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("events").deleteField("state").update()
    }
}

struct CreateEvidenceItems: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evidence_items")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .restrict))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("controls", .string, .required)
            .field("criteria", .string, .required)
            .field("requests", .string, .required)
            .field("frequency", .string)
            .field("status", .string, .required)
            .field("reviewer", .string)
            .field("review_comment", .string)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("evidence_items").delete()
    }
}

struct CreateEvidenceVersions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("evidence_versions")
            .id()
            .field("item_id", .uuid, .required, .references("evidence_items", "id", onDelete: .restrict))
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .restrict))
            .field("number", .int, .required)
            .field("sha256", .string, .required)
            .field("size", .int64, .required)
            .field("content_type", .string, .required)
            .field("file_name", .string, .required)
            .field("period_start", .datetime)
            .field("period_end", .datetime)
            .field("source", .string, .required)
            .field("row_count", .int)
            .field("created_at", .datetime, .required)
            .unique(on: "item_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("evidence_versions").delete()
    }
}

struct CreateTreeHeads: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("tree_heads")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .restrict))
            .field("tree_size", .int64, .required)
            .field("root_hash", .string, .required)
            .field("timestamp_ms", .int64, .required)
            .field("signature", .string, .required)
            .field("public_key", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("tree_heads").delete()
    }
}

/// Finding the event about one entity (a version's proof, as-of replay) without scanning the log.
struct UpdateEventsAddEntityIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("CREATE INDEX IF NOT EXISTS events_entity ON events (organization_id, entity_type, entity_id)")
            .run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX IF EXISTS events_entity").run()
    }
}
