import ComplianceCore
import Foundation
import Hummingbird
import Persistence
import WebViews

/// Fieldwork in the browser: the auditor's test matrix, exceptions and sign-offs; the client's view
/// and management responses.
struct FieldworkPages {
    let support: PageSupport
    var store: Store { support.environment.store }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/fieldwork", use: page)
        router.post("/orgs/{org}/fieldwork/independence", use: independence)
        router.post("/orgs/{org}/fieldwork/sign", use: sign)
        router.post("/orgs/{org}/fieldwork/response", use: response)
        router.post("/orgs/{org}/notifications/read", use: markRead)
        router.post("/orgs/{org}/fieldwork/release", use: release)
    }

    @Sendable func release(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        let id = try engagementID(form)
        do {
            guard let test = form["test"].flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("Test") }
            _ = try await store.fieldwork.release(test, of: id, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/fieldwork?engagement=\(id.uuidString.lowercased())")
        } catch {
            let (message, status) = try PageSupport.formMessage(error)
            return try await render(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func markRead(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        _ = try await FormFields.read(request, context: context)
        _ = try await store.fieldwork.markRead(in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)")
    }

    @Sendable func page(_ request: Request, context: AttestContext) async throws -> Response {
        try await render(request, context: context, chosen: request.uri.queryParameters.get("engagement").flatMap { UUID(uuidString: String($0)) })
    }

    private func render(_ request: Request, context: AttestContext, chosen: UUID?, message: String? = nil, error: String? = nil,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let all = try await store.engagements.list(in: scope)
        guard let candidate = chosen.flatMap({ id in all.first { $0.id == id } }) ?? all.max(by: { $0.createdAt < $1.createdAt }) else {
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme")
        }
        let engagement = try await store.fieldwork.engagement(candidate.id, in: scope)
        let confirmations = try await store.fieldwork.independence(engagement.id, in: scope)
        var isAuditor = false
        if case .auditor = scope.standing { isAuditor = true }
        let model = FieldworkPage.Model(
            organization: scope.organization, engagement: engagement, independence: confirmations,
            walkthroughs: try await store.fieldwork.walkthroughs(engagement.id, in: scope), populations: try await store.fieldwork.populations(engagement.id, in: scope),
            samples: try await store.fieldwork.samples(engagement.id, in: scope), tests: try await store.fieldwork.tests(engagement.id, in: scope),
            conclusions: try await store.fieldwork.conclusions(engagement.id, in: scope), isAuditor: isAuditor,
            needsIndependence: isAuditor && !confirmations.contains { $0.auditorUserID == identity.user.id },
            canRespond: !isAuditor && scope.allows(.manageProgramme), csrf: context.csrfToken, message: message, error: error)
        return HTMLPage(FieldworkPage.render(model, shell: try await support.shell(identity, current: scope, active: "fieldwork")), status: status).response()
    }

    private func engagementID(_ form: FormFields) throws -> UUID {
        guard let id = form["engagement"].flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("Engagement") }
        return id
    }

    @Sendable func independence(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        let id = try engagementID(form)
        do {
            _ = try await store.fieldwork.confirmIndependence(id, statement: form["statement"] ?? "", in: scope)
            return try await render(request, context: context, chosen: id, message: "Independence confirmed; fieldwork is open to you.")
        } catch {
            let (message, status) = try PageSupport.formMessage(error)
            return try await render(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func sign(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        let id = try engagementID(form)
        do {
            guard let kind = FieldworkRepository.WorkpaperKind(rawValue: form["kind"] ?? ""), let role = SignRole(rawValue: form["role"] ?? ""),
                  let workpaper = form["workpaper"].flatMap(UUID.init(uuidString:))
            else { throw DomainError.invalid("workpaper", "unknown workpaper or role.") }
            _ = try await store.fieldwork.sign(kind, workpaper, of: id, role: role, unsign: form["unsign"] == "yes", in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/fieldwork?engagement=\(id.uuidString.lowercased())")
        } catch {
            let (message, status) = try PageSupport.formMessage(error)
            return try await render(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func response(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        let id = try engagementID(form)
        do {
            guard let test = form["test"].flatMap(UUID.init(uuidString:)), let exception = form["exception"].flatMap(UUID.init(uuidString:)) else {
                throw DomainError.notFound("Exception")
            }
            _ = try await store.fieldwork.respond(to: exception, in: test, of: id, response: form["response"] ?? "", in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/fieldwork?engagement=\(id.uuidString.lowercased())")
        } catch {
            let (message, status) = try PageSupport.formMessage(error)
            return try await render(request, context: context, chosen: id, error: message, status: status)
        }
    }
}
