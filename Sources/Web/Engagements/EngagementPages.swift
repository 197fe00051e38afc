import ComplianceCore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// The engagement page: scoping, applicability, the audit firm, and the request list shown with it (see RequestListPages).
struct EngagementPages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/programme", use: engagement)
        router.post("/orgs/{org}/programme", use: createEngagement)
        router.post("/orgs/{org}/programme/{id}/scope", use: updateScope)
        router.post("/orgs/{org}/programme/{id}/applicability", use: applicability)
        router.post("/orgs/{org}/programme/{id}/audit-firm", use: inviteAuditFirm)
        router.post("/orgs/{org}/programme/{id}/archive", use: archive)
        router.post("/orgs/{org}/programme/{id}/requests/import", use: importRequests)
        router.post("/orgs/{org}/programme/{id}/requests/{number}", use: updateRequest)
        router.post("/orgs/{org}/programme/{id}/requests/{number}/act", use: actOnRequest)
    }

    @Sendable func engagement(_ request: Request, context: AttestContext) async throws -> Response {
        try await engagementPage(
            request, context: context, chosen: request.uri.queryParameters.get("engagement").flatMap { UUID(uuidString: String($0)) },
            message: context.notice)
    }

    func engagementPage(
        _ request: Request, context: AttestContext, chosen: UUID?, message: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let all = try await workflows.engagements.list(in: scope)
        let current = all.choose(chosen ?? support.rememberedEngagement(request, in: scope))
        var requests: [RequestItem] = []
        if let current { requests = try await workflows.requestList.requests(of: current.id, in: scope) }
        var model = EngagementPage.Model(
            organization: scope.organization, engagements: all, engagement: current,
            criteria: current?.criteriaInScope(workflows.content.catalog) ?? [], requests: requests, today: Day(Date()),
            canManage: scope.allows(.manageProgramme), canInvite: scope.allows(.manageEngagementGrants), csrf: context.csrfToken,
            message: message, error: error, startingNew: request.uri.queryParameters.get("new") != nil)
        model.isAuditor = scope.allows(.performFieldwork)
        model.people = try await workflows.grants.names(in: scope)
        model.canProvide = scope.allows(.provideRequests)
        model.canComment = scope.allows(.comment)
        if model.canProvide && scope.allows(.viewEvidence) {
            model.evidenceChoices = try await workflows.evidence.list(in: scope).map { ($0.id.uuidString.lowercased(), $0.title) }
        }
        guard let current else {
            return HTMLPage(
                EngagementPage.render(model, shell: try await support.shell(identity, current: scope, active: "programme")), status: status
            )
            .response()
        }
        return try await support.page(
            about: current, among: all, identity: identity, scope: scope, active: "programme", request: request, status: status
        ) { EngagementPage.render(model, shell: $0) }
    }

    @Sendable func createEngagement(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let created = try await workflows.engagements.create(name: form["name"] ?? "", scope: try Self.scope(from: form), in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme?engagement=\(created.id.uuidString.lowercased())")
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: nil, error: message, status: status)
        }
    }

    @Sendable func archive(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try context.uuid("id", "Engagement")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let archived = form["archived"] != "false"
            let engagement = try await workflows.engagements.setArchived(id, archived, in: scope)
            return support.seeOther(
                "/orgs/\(scope.organization.slug)/programme?engagement=\(id.uuidString.lowercased())",
                notice: archived ? "\(engagement.name) is archived." : "\(engagement.name) is open again.", request: request)
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func updateScope(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try context.uuid("id", "Engagement")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            _ = try await workflows.engagements.updateScope(id, name: form["name"], scope: try Self.scope(from: form), in: scope)
            return support.seeOther(
                "/orgs/\(scope.organization.slug)/programme?engagement=\(id.uuidString.lowercased())",
                notice: "Scope saved; the request list now follows it.", request: request)
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    /// Reads the scoping form. Every field is checked again by `EngagementScope.validated()`.
    static func scope(from form: FormFields) throws(DomainError) -> EngagementScope {
        func day(_ name: String) throws(DomainError) -> Day? {
            guard let raw = form[name], !raw.isEmpty else { return nil }
            return try Day.parse(raw, field: name)
        }
        guard let type = ReportType(rawValue: form["report_type"] ?? "") else { throw .invalid("report_type", "choose Type 1 or Type 2.") }
        var categories: [TrustServicesCategory] = [.security]
        for raw in form.all("categories") {
            guard let category = TrustServicesCategory(rawValue: raw) else { throw .invalid("categories", "'\(raw.prefix(30))' is not a category.") }
            categories.append(category)
        }
        var clouds: [CloudProvider] = []
        for raw in form.all("clouds") {
            guard let cloud = CloudProvider(rawValue: raw) else { throw .invalid("clouds", "'\(raw.prefix(30))' is not a hosting option.") }
            clouds.append(cloud)
        }
        guard let headcount = HeadcountBand(rawValue: form["headcount"] ?? "1-50") else { throw .invalid("headcount", "choose a headcount band.") }
        var subservices: [SubserviceOrganization] = []
        for entry in (form["subservices"] ?? "").split(separator: ";") where !entry.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = entry.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, let method = SubserviceOrganization.Method(rawValue: parts[2]) else {
                throw .invalid("subservices", "write each as 'name | service | carve_out' (or inclusive); '\(entry.prefix(60))' is not.")
            }
            subservices.append(SubserviceOrganization(name: parts[0], service: parts[1], method: method))
        }
        return EngagementScope(
            reportType: type, asOf: type == .type1 ? try day("as_of") : nil,
            periodStart: type == .type2 ? try day("period_start") : nil, periodEnd: type == .type2 ? try day("period_end") : nil,
            categories: categories, standards: form["isae3000"] == "yes" ? [.atc205, .isae3000] : [.atc205],
            systemName: form["system_name"] ?? "", services: form["services"] ?? "", boundaries: form["boundaries"] ?? "", clouds: clouds,
            locations: (form["locations"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) },
            headcount: headcount, subservices: subservices, currency: form["currency"] ?? "GBP")
    }

    @Sendable func applicability(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try context.uuid("id", "Engagement")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let reason = form["applicable"] == "yes" ? nil : (form["reason"] ?? "")
            _ = try await workflows.engagements.setApplicability(id, criterion: form["criterion"] ?? "", notApplicableBecause: reason, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme?engagement=\(id.uuidString.lowercased())")
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func inviteAuditFirm(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let id = try context.uuid("id", "Engagement")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            let firm = (form["audit_firm"] ?? "").trimmingCharacters(in: .whitespaces)
            _ = try await workflows.engagements.invite(auditFirm: firm, to: id, in: scope)
            return support.seeOther(
                "/orgs/\(scope.organization.slug)/programme?engagement=\(id.uuidString.lowercased())",
                notice: "\(firm) is now this engagement's audit firm.", request: request)
        } orShow: { message, status in
            try await engagementPage(request, context: context, chosen: id, error: message, status: status)
        }
    }
}
