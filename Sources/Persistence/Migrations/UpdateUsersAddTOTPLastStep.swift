import FluentKit

/// The last TOTP time step a user signed in with, so one code cannot be used twice (issue 11, finding 6).
struct UpdateUsersAddTOTPLastStep: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users").field("totp_last_step", .int64).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("totp_last_step").update()
    }
}
