import FluentKit

struct CreateOrganizations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organizations")
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organizations").delete()
    }
}
