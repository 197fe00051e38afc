import FluentKit

struct CreateMemberships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("memberships")
            .id()
            .field("organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "organization_id", "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("memberships").delete()
    }
}

struct CreateEngagementGrants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("engagement_grants")
            .id()
            .field("client_organization_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("audit_firm_id", .uuid, .required, .references("organizations", "id", onDelete: .cascade))
            .field("auditor_user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("engagement_grants").delete()
    }
}
