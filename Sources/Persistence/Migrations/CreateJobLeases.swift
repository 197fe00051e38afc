import FluentKit

/// Leases on background jobs, so that several servers on one database run each job once at a time
/// (issue 11: head signing, readiness snapshots and mail claimed once).
struct CreateJobLeases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("job_leases")
            .field("name", .string, .identifier(auto: false))
            .field("holder", .string, .required)
            .field("expires_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("job_leases").delete()
    }
}
