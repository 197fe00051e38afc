import ComplianceCore
import Foundation
import Hummingbird
import NIOCore
import UseCases

/// Readiness, snapshots and remediation plans over the API; the ISO/IEC 27001 crosswalk.
struct ReadinessRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }
    var content: ProgrammeContent { workflows.content }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/engagements/{id}/readiness", use: readiness)
        org.post("/engagements/{id}/readiness/snapshots", use: snapshot)
        org.post("/engagements/{id}/remediation", use: remediation)
        org.get("/crosswalk/iso27001", use: crosswalk)
    }

    @Sendable func readiness(_ request: Request, context: AttestContext) async throws -> ReadinessResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        return ReadinessResult(
            readiness: try await workflows.readiness.compute(id, in: scope),
            remediation: try await workflows.readiness.remediations(id, in: scope),
            snapshots: try await workflows.readiness.snapshots(id, in: scope))
    }

    @Sendable func snapshot(_ request: Request, context: AttestContext) async throws -> EditedResponse<SnapshotResult> {
        let scope = try await context.organizationScope(in: workflows)
        let snapshot = try await workflows.readiness.recordSnapshot(try context.uuid("id", "Engagement"), in: scope)
        return EditedResponse(status: .created, response: SnapshotResult(snapshot: snapshot))
    }

    @Sendable func remediation(_ request: Request, context: AttestContext) async throws -> RemediationResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let body = try await StrictJSON.decode(RemediationRequest.self, from: request, context: context)
        let item = try RemediationItem(criterion: body.criterion, owner: body.owner, dueDate: body.dueDate, plan: body.plan)
        return RemediationResult(remediation: try await workflows.readiness.plan(item, for: id, in: scope))
    }

    @Sendable func crosswalk(_ request: Request, context: AttestContext) async throws -> CrosswalkResult {
        let scope = try await context.organizationScope(in: workflows)
        let coverage = content.crosswalk.coverage(of: try await workflows.controls.list(in: scope))
        return CrosswalkResult(
            source: content.crosswalk.source, annexACount: coverage.count, covered: coverage.filter(\.covered).count,
            coverage: coverage, gaps: coverage.filter { !$0.covered }.map(\.control.id))
    }
}
