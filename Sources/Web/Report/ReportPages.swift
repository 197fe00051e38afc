import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import Reports
import UseCases
import WebViews

/// The report in the browser, and the public page where anyone checks a report.
struct ReportPages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }
    var service: ReportService { workflows.reportDocuments }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/report", use: page)
        router.post("/orgs/{org}/report/draft", use: draft)
        router.post("/orgs/{org}/report/review", use: review)
        router.post("/orgs/{org}/report/final", use: issue)
        router.post("/orgs/{org}/report/comment", use: comment)
        router.post("/orgs/{org}/report/assertion", use: assertion)
        router.post("/orgs/{org}/report/description", use: description)
        router.post("/orgs/{org}/report/bridge-letter", use: bridgeLetter)
        router.post("/orgs/{org}/report/next", use: nextYear)
        router.get("/orgs/{org}/report-templates", use: templates)
        router.post("/orgs/{org}/report-templates", use: saveTemplate)
        router.get("/verify", use: verifyForm)
        router.post("/verify", use: verify)
    }

    @Sendable func page(_ request: Request, context: AttestContext) async throws -> Response {
        try await render(
            request, context: context, chosen: request.uri.queryParameters.get("engagement").flatMap { UUID(uuidString: String($0)) },
            message: context.notice)
    }

    /// Runs one form action and comes back to the page with its message (or the refusal).
    private func act(
        _ request: Request, context: AttestContext, done: String,
        _ body: @Sendable (FormFields, UUID, TenantScope) async throws -> Void
    ) async throws -> Response {
        try await support.engagementForm(request, context: context, done: done, page: "report", show: show(request, context)) { form, id, scope in
            try await body(form, id, scope)
            return nil
        }
    }

    private func show(_ request: Request, _ context: AttestContext) -> (UUID, PageSupport.Outcome) async throws -> Response {
        { id, outcome in
            try await render(request, context: context, chosen: id, message: outcome.message, error: outcome.error, status: outcome.status)
        }
    }

    @Sendable func draft(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Draft written.") { form, id, scope in
            let limitation = (form["scope_limitation"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            _ = try await workflows.reports.draft(id, scopeLimitation: limitation.isEmpty ? nil : limitation, in: scope)
        }
    }

    @Sendable func review(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Sent to management for review.") { _, id, scope in
            _ = try await workflows.reports.sendForReview(id, in: scope)
        }
    }

    @Sendable func issue(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "The final report is issued and signed.") { _, id, scope in
            _ = try await service.issue(id, in: scope)
        }
    }

    @Sendable func comment(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Comment added.") { form, id, scope in
            guard let number = Int(form["version"] ?? "") else { throw DomainError.invalid("version", "choose a version.") }
            _ = try await workflows.reports.comment(form["text"] ?? "", on: number, of: id, in: scope)
        }
    }

    @Sendable func assertion(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Management's assertion accepted.") { form, id, scope in
            _ = try await workflows.reports.acceptAssertion(id, signatory: form["signatory"] ?? "", position: form["position"] ?? "", in: scope)
        }
    }

    @Sendable func description(_ request: Request, context: AttestContext) async throws -> Response {
        let catalog = workflows.content.catalog
        return try await act(request, context: context, done: "Description saved.") { form, id, scope in
            _ = try await workflows.reports.saveDescription(try DescriptionForm.parse(form, engagement: id, catalog: catalog), for: id, in: scope)
        }
    }

    @Sendable func bridgeLetter(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Bridge letter signed.") { form, id, scope in
            guard let through = Day(form["through"] ?? "") else { throw DomainError.invalid("through", "give the date the letter covers up to.") }
            _ = try await service.bridgeLetter(
                id, through: through, changes: DescriptionForm.lines(form["changes"]), signatory: form["signatory"] ?? "",
                position: form["position"] ?? "", in: scope)
        }
    }

    @Sendable func nextYear(_ request: Request, context: AttestContext) async throws -> Response {
        try await support.engagementForm(request, context: context, done: "", page: "report", show: show(request, context)) { _, id, scope in
            let next = try await workflows.reports.startNextYear(from: id, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme?engagement=\(next.id.uuidString.lowercased())")
        }
    }

    private func render(
        _ request: Request, context: AttestContext, chosen: UUID?, message: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let all = try await workflows.engagements.list(in: scope)
        guard let candidate = all.choose(chosen ?? support.rememberedEngagement(request, in: scope)) else {
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/programme")
        }
        let engagement = try await workflows.fieldwork.engagement(candidate.id, in: scope)
        let versions = try await workflows.reports.versions(engagement.id, in: scope)
        var problems: [String] = []
        if engagement.auditFirm != nil, !versions.contains(where: { $0.status == .final }) {
            problems = try await workflows.reports.issueProblems(engagement.id, in: scope)
        }
        let description = try await workflows.reports.description(engagement.id, in: scope)
        let controls = try await workflows.controls.list(in: scope, includeRetired: false)
        let catalog = workflows.content.catalog
        let generated = SystemDescription.criteria(for: engagement, catalog: catalog).map { dc in
            (
                id: dc.id, title: dc.title, summary: dc.summary,
                placeholder: description.generated(dc.id, engagement: engagement, controls: controls, catalog: catalog).joined(separator: "\n\n")
            )
        }
        let isAuditor = scope.allows(.issueReport)
        var model = ReportPage.Model(
            organization: scope.organization, engagement: engagement, engagements: all, versions: versions, problems: problems,
            description: description,
            generated: generated, missing: description.missing(for: engagement, catalog: catalog).map { "\($0.id) (\($0.title))" },
            assertion: try await workflows.reports.assertion(engagement.id, in: scope),
            letters: try await workflows.reports.bridgeLetters(engagement.id, in: scope), isAuditor: isAuditor,
            canManage: scope.allows(.manageProgramme),
            today: Day(Date()), csrf: context.csrfToken, message: message, error: error)
        model.people = try await workflows.grants.names(in: scope)
        return try await support.page(
            about: engagement, among: all, identity: identity, scope: scope, active: "report", request: request, status: status
        ) { ReportPage.render(model, shell: $0) }
    }

    // MARK: The firm's wording

    @Sendable func templates(_ request: Request, context: AttestContext) async throws -> Response {
        try await renderTemplates(context, message: context.notice)
    }

    @Sendable func saveTemplate(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        let name = form["name"] ?? ""
        return try await PageSupport.handling {
            try await workflows.reports.setTemplate(name, text: form["do"] == "reset" ? nil : form["text"] ?? "", in: scope)
            return support.seeOther(
                "/orgs/\(scope.organization.slug)/report-templates#template-\(name)",
                notice: form["do"] == "reset" ? "\(name) is back to Attest's wording." : "\(name) saved.", request: request)
        } orShow: { message, status in
            try await renderTemplates(context, error: "\(name): \(message)", status: status)
        }
    }

    private func renderTemplates(_ context: AttestContext, message: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        guard scope.organization.kind == .auditFirm else { throw DomainError.notFound("Report wording") }
        let custom = try await workflows.reports.templates(ofFirm: scope.organization.slug.rawValue)
        let model = ReportTemplatesPage.Model(
            organization: scope.organization,
            templates: ReportTemplates.names.map { ($0, ReportTemplates.text($0, overrides: custom), custom[$0] != nil) },
            variables: ReportTemplates.variables, canEdit: scope.allows(.manageProgramme), csrf: context.csrfToken, message: message, error: error)
        return HTMLPage(ReportTemplatesPage.render(model, shell: try await support.shell(identity, current: scope, active: "report")), status: status)
            .response()
    }

    // MARK: Public verification

    /// The token for the upload form: the session's when signed in, else a double-submitted cookie.
    private func verifyToken(_ context: AttestContext) -> (String, Bool) {
        if let session = context.identity?.session { return (session.csrfToken, false) }
        return (SecureRandom.token(bytes: 24), true)
    }

    private func verifyResponse(_ request: Request, context: AttestContext, result: ReportSeal.Verification?, status: HTTPResponse.Status = .ok)
        -> Response
    {
        let (token, setCookie) = verifyToken(context)
        let details =
            result?.payload.map {
                [
                    "Document: \($0.documentName)", "Issuer: \($0.issuerName)", "Organisation: \($0.organizationName)", "Period: \($0.period)",
                    "Version: \($0.version)", "SHA-256 of the content: \($0.contentSHA256)",
                ]
            } ?? []
        var response = HTMLPage(VerifyPage.render(.init(csrfToken: token, result: result.map { ($0.genuine, $0.reason, details) })), status: status)
            .response()
        if setCookie { response.setCookie(support.cookie(CSRFMiddleware.preLoginCookie, token, request: request, maxAge: 3600)) }
        return response
    }

    @Sendable func verifyForm(_ request: Request, context: AttestContext) async throws -> Response {
        verifyResponse(request, context: context, result: nil)
    }

    @Sendable func verify(_ request: Request, context: AttestContext) async throws -> Response {
        let upload = try await MultipartUpload.receive(request, spoolDirectory: support.environment.evidence.blobs.spoolDirectory, limit: 64 << 20)
        guard let file = upload.file else {
            return verifyResponse(
                request, context: context, result: .init(genuine: false, reason: "Choose a file to check.", payload: nil), status: .badRequest)
        }
        defer { upload.discard() }
        guard let bytes = FileManager.default.contents(atPath: file.file.path) else {
            throw DomainError.invalid("file", "the upload could not be read.")
        }
        return verifyResponse(request, context: context, result: try await service.verify(Array(bytes)))
    }
}

/// Reads the description form: a textarea per DC, lists one per line, `|`-separated rows.
enum DescriptionForm {
    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func parse(_ form: FormFields, engagement: UUID, catalog: Catalog) throws -> SystemDescription {
        func rows(_ name: String, columns: Int, shape: String) throws -> [[String]] {
            try lines(form[name]).enumerated().map { index, line in
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard cells.count == columns || (name == "subservice_controls" && cells.count == 2) else {
                    throw DomainError.invalid(name, "line \(index + 1): expected \(shape).")
                }
                return cells
            }
        }
        func day(_ text: String, _ name: String, _ index: Int) throws -> Day {
            guard let day = Day(text) else { throw DomainError.invalid(name, "line \(index + 1): '\(text.prefix(20))' is not a date (YYYY-MM-DD).") }
            return day
        }
        var texts: [String: String] = [:]
        for dc in catalog.descriptionCriteria {
            let text = (form["text_\(dc.id)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { texts[dc.id] = text }
        }
        return SystemDescription(
            engagementID: engagement, texts: texts, commitments: lines(form["commitments"]), userEntityControls: lines(form["user_entity_controls"]),
            subserviceControls: try rows("subservice_controls", columns: 3, shape: "subservice | control | criteria").map {
                .init(
                    subservice: $0[0], control: $0[1],
                    criteria: $0.count > 2 ? $0[2].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : [])
            },
            incidents: try rows("incidents", columns: 4, shape: "date | nature | effect | disposition").enumerated().map {
                .init(date: try day($1[0], "incidents", $0), nature: $1[1], effect: $1[2], disposition: $1[3])
            },
            changes: try rows("changes", columns: 2, shape: "date | description").enumerated().map {
                .init(date: try day($1[0], "changes", $0), description: $1[1])
            }, adopted: form.all("adopted"))
    }
}
