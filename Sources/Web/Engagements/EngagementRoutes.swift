import ComplianceCore
import Foundation
import Hummingbird
import NIOCore
import UseCases

/// Engagements over the API: scoping, applicability, the audit firm.
struct EngagementRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }
    var content: ProgrammeContent { workflows.content }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/engagements", use: engagements)
        org.post("/engagements", use: createEngagement)
        org.get("/engagements/{id}", use: engagement)
        org.put("/engagements/{id}", use: updateEngagement)
        org.post("/engagements/{id}/applicability", use: applicability)
        org.post("/engagements/{id}/audit-firm", use: invite)
    }

    @Sendable func engagements(_ request: Request, context: AttestContext) async throws -> EngagementList {
        let scope = try await context.organizationScope(in: workflows)
        return EngagementList(engagements: try await workflows.engagements.list(in: scope))
    }

    @Sendable func createEngagement(_ request: Request, context: AttestContext) async throws -> EditedResponse<EngagementResult> {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(EngagementRequest.self, from: request, context: context)
        let created = try await workflows.engagements.create(name: body.name ?? "SOC 2 \(body.reportType.displayName)", scope: body.scope, in: scope)
        return EditedResponse(status: .created, response: EngagementResult(created, catalog: content.catalog))
    }

    @Sendable func engagement(_ request: Request, context: AttestContext) async throws -> EngagementResult {
        let scope = try await context.organizationScope(in: workflows)
        return EngagementResult(try await workflows.engagements.get(try context.uuid("id", "Engagement"), in: scope), catalog: content.catalog)
    }

    @Sendable func updateEngagement(_ request: Request, context: AttestContext) async throws -> EngagementResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let body = try await StrictJSON.decode(EngagementRequest.self, from: request, context: context)
        return EngagementResult(
            try await workflows.engagements.updateScope(id, name: body.name, scope: body.scope, in: scope), catalog: content.catalog)
    }

    @Sendable func applicability(_ request: Request, context: AttestContext) async throws -> EngagementResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let body = try await StrictJSON.decode(ApplicabilityRequest.self, from: request, context: context)
        return EngagementResult(
            try await workflows.engagements.setApplicability(
                id, criterion: body.criterion, notApplicableBecause: body.notApplicableReason, in: scope), catalog: content.catalog)
    }

    @Sendable func invite(_ request: Request, context: AttestContext) async throws -> EngagementResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Engagement")
        let body = try await StrictJSON.decode(InviteRequest.self, from: request, context: context)
        return EngagementResult(try await workflows.engagements.invite(auditFirm: body.auditFirm, to: id, in: scope), catalog: content.catalog)
    }
}
