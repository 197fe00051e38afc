import Collectors
import ComplianceCore
import Foundation
import Persistence

/// Runs the connections that are due, on whichever server claims each first. A claim is a job
/// lease named after the connection, so two servers sharing a database never run one connection
/// twice: the loser skips it, and a server that finds the connection no longer due after claiming
/// it (another has just run it) lets it go. One connection runs at a time per server: a run already
/// uses sixteen calls in flight, and a second would only compete for the same account's API limits.
public struct ConnectionScheduler: Sendable {
    let organizations: OrganizationRepository
    let leases: JobLeases
    let connections: ConnectionWorkflow
    /// How long a claim holds: a server that dies mid-run frees the connection after this.
    public var claimFor: TimeInterval = 3600

    public init(store: Store, connections: ConnectionWorkflow) {
        organizations = store.organizations
        leases = store.leases
        self.connections = connections
    }

    /// Runs every connection due at `now` that `holder` claims; returns the runs made. A failed
    /// run is recorded on the connection (its next attempt backs off) and reported through `failure`.
    public func runDue(
        now: @Sendable () -> Date = { Date() }, holder: String, progress: Collectors.Progress = .silent,
        failure: (Connection, any Error) -> Void = { _, _ in }
    ) async throws -> [CollectorRun] {
        var runs: [CollectorRun] = []
        for organization in try await organizations.all() where organization.kind == .serviceOrganization {
            let scope = TenantScope(organization: organization, standing: .operator, actor: .system)
            for connection in try await connections.list(in: scope) where connection.isDue(at: now()) {
                let job = "collect:\(connection.id.uuidString.lowercased())"
                guard try await leases.claim(job, holder: holder, for: claimFor, now: now()) else { continue }
                if try await connections.get(connection.id, in: scope).isDue(at: now()) {
                    progress.note("\(organization.slug): collecting \(connection.name)")
                    do {
                        runs.append(try await connections.run(connection.id, in: scope, progress: progress, now: now))
                    } catch {
                        failure(connection, error)
                    }
                }
                // Released only after the schedule has moved on, so the next server to claim it sees it is not due.
                try? await leases.release(job, holder: holder)
            }
        }
        return runs
    }
}
