import ComplianceCore
import Foundation
import Logging
import Persistence
import ServiceLifecycle
import UseCases

/// Keeps readiness's trend: once a day, a snapshot of every engagement's readiness, recorded in the
/// log by the system. Checks hourly, so a server restarted often still records one a day.
struct ReadinessSnapshotService: Service {
    let store: Store
    let logger: Logger
    var checkEvery: Duration = .seconds(3600)

    func run() async throws {
        let lease = Periodically.Lease(leases: store.leases, job: "readiness-snapshots", duration: 7200)
        await Periodically.run(every: checkEvery, lease: lease, logger: logger, failure: "could not record readiness snapshots") {
            let recorded = try await recordDue(now: Date())
            if recorded > 0 { logger.info("recorded \(recorded) readiness snapshots") }
        }
    }

    /// Records a snapshot for each engagement whose latest one is a day old or missing.
    func recordDue(now: Date) async throws -> Int {
        var recorded = 0
        for organization in try await store.organizations.all() where organization.kind == .serviceOrganization {
            let scope = TenantScope(organization: organization, standing: .operator, actor: .system)
            for engagement in try await store.programme.engagements.list(in: scope) where engagement.status != .closed {
                let last = try await store.programme.readiness.snapshots(engagement.id, in: scope).last?.takenAt
                // A few minutes of slack, so an hourly check does not slip a day behind.
                guard last.map({ now.timeIntervalSince($0) >= 86_400 - 300 }) ?? true else { continue }
                try await store.programme.readiness.recordSnapshot(engagement.id, in: scope, now: now)
                recorded += 1
            }
        }
        return recorded
    }
}
