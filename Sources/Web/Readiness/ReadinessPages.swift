import ComplianceCore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// Readiness in the browser: per-criterion status with its trend, snapshots and remediation plans; and the ISO/IEC 27001 crosswalk.
struct ReadinessPages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/readiness", use: readiness)
        router.post("/orgs/{org}/readiness/snapshots", use: snapshot)
        router.post("/orgs/{org}/readiness/remediation", use: remediation)
        router.get("/orgs/{org}/crosswalk", use: crosswalk)
    }

    @Sendable func readiness(_ request: Request, context: AttestContext) async throws -> Response {
        try await readinessPage(
            request, context: context, chosen: request.uri.queryParameters.get("engagement").flatMap { UUID(uuidString: String($0)) })
    }

    private func readinessPage(_ request: Request, context: AttestContext, chosen: UUID?, error: String? = nil, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let all = try await workflows.engagements.list(in: scope)
        guard let engagement = all.choose(chosen ?? support.rememberedEngagement(request, in: scope)) else {
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme")
        }
        let model = ReadinessPage.Model(
            organization: scope.organization, engagement: engagement, report: try await workflows.readiness.compute(engagement.id, in: scope),
            snapshots: try await workflows.readiness.snapshots(engagement.id, in: scope),
            remediation: try await workflows.readiness.remediations(engagement.id, in: scope),
            canManage: scope.allows(.manageProgramme), csrf: context.csrfToken, error: error)
        return try await support.page(
            about: engagement, among: all, identity: identity, scope: scope, active: "readiness", request: request, status: status
        ) { ReadinessPage.render(model, shell: $0) }
    }

    @Sendable func snapshot(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        guard let id = form["engagement"].flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("Engagement") }
        try await workflows.readiness.recordSnapshot(id, in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/readiness?engagement=\(id.uuidString.lowercased())")
    }

    @Sendable func remediation(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        guard let id = form["engagement"].flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("Engagement") }
        return try await PageSupport.handling {
            let item = try RemediationItem(
                criterion: form["criterion"] ?? "", owner: form["owner"] ?? "",
                dueDate: try Day.parse(form["due_date"] ?? "", field: "due_date"), plan: form["plan"] ?? "")
            _ = try await workflows.readiness.plan(item, for: id, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/readiness?engagement=\(id.uuidString.lowercased())#gap-\(item.criterion)")
        } orShow: { message, status in
            try await readinessPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func crosswalk(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let coverage = workflows.content.crosswalk.coverage(of: try await workflows.controls.list(in: scope))
        return HTMLPage(
            CrosswalkPage.render(
                organization: scope.organization, source: workflows.content.crosswalk.source, coverage: coverage,
                shell: try await support.shell(identity, current: scope, active: "crosswalk"))
        ).response()
    }
}
