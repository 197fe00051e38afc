import ComplianceCore
import FluentKit
import Foundation

final class JobLeaseModel: Model, @unchecked Sendable {
    static let schema = "job_leases"

    @ID(custom: "name", generatedBy: .user) var id: String?
    @Field(key: "holder") var holder: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(name: String, holder: String, expiresAt: Date) {
        id = name
        self.holder = holder
        self.expiresAt = expiresAt
    }
}

/// Who runs a background job now. A server claims a job before each pass and keeps it while it
/// renews within the lease; when it stops renewing (it stopped, or crashed), another takes over
/// once the lease runs out. Claims are writes, serialised like every other write (SQLite's single
/// writer, PostgreSQL's advisory lock), so two servers never hold one job at once.
public struct JobLeases: Sendable {
    let database: AttestDatabase

    public init(database: AttestDatabase) {
        self.database = database
    }

    /// True when `holder` now holds `job` until `now + duration`.
    public func claim(_ job: String, holder: String, for duration: TimeInterval, now: Date = Date()) async throws -> Bool {
        do {
            return try await take(job, holder: holder, for: duration, now: now)
        } catch {
            // Another server created the lease between this one's read and its write.
            if let lease = try await JobLeaseModel.find(job, on: database.db) { return lease.holder == holder && lease.expiresAt >= now }
            throw error
        }
    }

    private func take(_ job: String, holder: String, for duration: TimeInterval, now: Date) async throws -> Bool {
        try await database.write { db in
            if let lease = try await JobLeaseModel.find(job, on: db) {
                guard lease.holder == holder || lease.expiresAt < now else { return false }
                lease.holder = holder
                lease.expiresAt = now.addingTimeInterval(duration)
                try await lease.update(on: db)
            } else {
                try await JobLeaseModel(name: job, holder: holder, expiresAt: now.addingTimeInterval(duration)).create(on: db)
            }
            return true
        }
    }

    /// Gives a job up at shutdown, so another server need not wait out the lease.
    public func release(_ job: String, holder: String) async throws {
        try await database.write { db in
            try await JobLeaseModel.query(on: db).filter(\.$id == job).filter(\.$holder == holder).delete()
        }
    }

    /// The current holder of each job, for tests and operators.
    public func holders() async throws -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: try await JobLeaseModel.query(on: database.db).all().compactMap { model in model.id.map { ($0, model.holder) } })
    }
}
