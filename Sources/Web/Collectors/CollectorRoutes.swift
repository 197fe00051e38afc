import ComplianceCore
import Foundation
import Hummingbird
import UseCases

/// Collector runs over the API: what ran, when, what it called and what each check found (the
/// findings themselves are evidence, linked by id).
struct CollectorRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/collector-runs", use: list)
        org.get("/collector-runs/{id}", use: get)
    }

    /// Newest first.
    @Sendable func list(_ request: Request, context: AttestContext) async throws -> CollectorRunList {
        let scope = try await context.organizationScope(in: workflows)
        return CollectorRunList(runs: try await workflows.collectors.runs(in: scope).reversed().map(CollectorRunBody.init))
    }

    @Sendable func get(_ request: Request, context: AttestContext) async throws -> CollectorRunResult {
        let scope = try await context.organizationScope(in: workflows)
        return CollectorRunResult(run: CollectorRunBody(try await workflows.collectors.run(try context.uuid("id", "Collector run"), in: scope)))
    }
}
