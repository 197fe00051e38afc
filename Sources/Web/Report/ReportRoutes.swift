import ComplianceCore
import Foundation
import Hummingbird
import Reports
import UseCases

/// The report over the API: Section III, Section II, versions and their lifecycle, outputs,
/// bridge letters, the firm's templates, and verification for anyone.
struct ReportRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }
    var service: ReportService { workflows.reportDocuments }

    func register(on router: Router<AttestContext>) {
        let engagement = router.group("/api/v1/orgs/{org}/engagements/{id}")
        engagement.get("/report", use: report)
        engagement.get("/soc3", use: soc3)
        engagement.get("/report/versions", use: versions)
        engagement.post("/report/drafts", use: draft)
        engagement.post("/report/review", use: review)
        engagement.post("/report/final", use: issue)
        engagement.post("/report/versions/{number}/comments", use: comment)
        engagement.get("/description", use: description)
        engagement.put("/description", use: saveDescription)
        engagement.post("/assertion", use: assertion)
        engagement.get("/bridge-letters", use: letters)
        engagement.post("/bridge-letters", use: writeLetter)
        engagement.get("/bridge-letters/{letter}", use: letter)
        engagement.post("/next", use: nextYear)
        router.get("/api/v1/orgs/{org}/report-templates", use: templates)
        router.put("/api/v1/orgs/{org}/report-templates/{name}", use: setTemplate)
        router.post("/api/v1/reports/verify", use: verify)
    }

    private func ids(_ context: AttestContext) async throws -> (UUID, TenantScope) {
        (try context.uuid("id", "Engagement"), try await context.organizationScope(in: workflows))
    }

    static func file(_ output: ReportService.Output, inline: Bool) -> Response {
        var response = Download.attachment(output.bytes, type: output.contentType, name: output.fileName)
        if inline { response.headers[.contentDisposition] = "inline; filename=\"\(output.fileName)\"" }
        // The report's own stylesheet is inline; it runs no scripts at all.
        response.headers[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
        return response
    }

    static func version(_ request: Request) throws -> Int? {
        guard let raw = request.uri.queryParameters.get("version").map({ String($0) }) else { return nil }
        guard let number = Int(raw), number > 0 else { throw DomainError.invalid("version", "'\(raw.prefix(20))' is not a version number.") }
        return number
    }

    @Sendable func report(_ request: Request, context: AttestContext) async throws -> Response {
        let (id, scope) = try await ids(context)
        let query = request.uri.queryParameters
        let format = try ReportService.Format.parse(query.get("format").map { String($0) })
        let model = try OSCALExport.Model.parse(query.get("model").map { String($0) })
        let output = try await service.render(id, version: try Self.version(request), format: format, oscal: model, in: scope)
        return Self.file(output, inline: format == .html)
    }

    @Sendable func soc3(_ request: Request, context: AttestContext) async throws -> Response {
        let (id, scope) = try await ids(context)
        let format = try ReportService.Format.parse(request.uri.queryParameters.get("format").map { String($0) })
        guard format == .html || format == .pdf else { throw DomainError.invalid("format", "a SOC 3 is html or pdf.") }
        return Self.file(
            try await service.render(id, version: try Self.version(request), soc3: true, format: format, in: scope), inline: format == .html)
    }

    @Sendable func versions(_ request: Request, context: AttestContext) async throws -> VersionList {
        let (id, scope) = try await ids(context)
        let versions = try await workflows.reports.versions(id, in: scope)
        let problems = versions.contains { $0.status == .final } ? [] : try await workflows.reports.issueProblems(id, in: scope)
        return VersionList(versions: versions.map(ReportVersionBody.init), problems: problems)
    }

    @Sendable func draft(_ request: Request, context: AttestContext) async throws -> EditedResponse<VersionResult> {
        let (id, scope) = try await ids(context)
        let body = try await StrictJSON.decode(DraftRequest.self, from: request, context: context)
        let version = try await workflows.reports.draft(id, scopeLimitation: body.scopeLimitation, in: scope)
        return EditedResponse(status: .created, response: VersionResult(version: ReportVersionBody(version)))
    }

    @Sendable func review(_ request: Request, context: AttestContext) async throws -> VersionResult {
        let (id, scope) = try await ids(context)
        return VersionResult(version: ReportVersionBody(try await workflows.reports.sendForReview(id, in: scope)))
    }

    @Sendable func issue(_ request: Request, context: AttestContext) async throws -> EditedResponse<VersionResult> {
        let (id, scope) = try await ids(context)
        return EditedResponse(status: .created, response: VersionResult(version: ReportVersionBody(try await service.issue(id, in: scope))))
    }

    @Sendable func comment(_ request: Request, context: AttestContext) async throws -> VersionResult {
        let (id, scope) = try await ids(context)
        let raw = try context.parameters.require("number")
        guard let number = Int(raw) else { throw DomainError.notFound("Report version \(raw.prefix(20))") }
        let body = try await StrictJSON.decode(CommentRequest.self, from: request, context: context)
        return VersionResult(version: ReportVersionBody(try await workflows.reports.comment(body.text, on: number, of: id, in: scope)))
    }

    @Sendable func description(_ request: Request, context: AttestContext) async throws -> DescriptionResult {
        let (id, scope) = try await ids(context)
        let description = try await workflows.reports.description(id, in: scope)
        return DescriptionResult(description: description, missing: try await workflows.reports.unwritten(description, for: id, in: scope))
    }

    @Sendable func saveDescription(_ request: Request, context: AttestContext) async throws -> DescriptionResult {
        let (id, scope) = try await ids(context)
        let body = try await StrictJSON.decode(DescriptionRequest.self, from: request, context: context)
        let saved = try await workflows.reports.saveDescription(body.description(for: id), for: id, in: scope)
        return DescriptionResult(description: saved, missing: try await workflows.reports.unwritten(saved, for: id, in: scope))
    }

    @Sendable func assertion(_ request: Request, context: AttestContext) async throws -> EditedResponse<AssertionResult> {
        let (id, scope) = try await ids(context)
        let body = try await StrictJSON.decode(AssertionRequest.self, from: request, context: context)
        return EditedResponse(
            status: .created,
            response: AssertionResult(
                assertion: try await workflows.reports.acceptAssertion(id, signatory: body.signatory, position: body.position, in: scope)))
    }

    @Sendable func letters(_ request: Request, context: AttestContext) async throws -> LetterList {
        let (id, scope) = try await ids(context)
        return LetterList(letters: try await workflows.reports.bridgeLetters(id, in: scope).map(LetterBody.init))
    }

    @Sendable func writeLetter(_ request: Request, context: AttestContext) async throws -> EditedResponse<LetterResult> {
        let (id, scope) = try await ids(context)
        let body = try await StrictJSON.decode(BridgeLetterRequest.self, from: request, context: context)
        let letter = try await service.bridgeLetter(
            id, through: body.through, changes: body.changes ?? [], signatory: body.signatory, position: body.position, in: scope)
        return EditedResponse(status: .created, response: LetterResult(letter: LetterBody(letter)))
    }

    @Sendable func letter(_ request: Request, context: AttestContext) async throws -> Response {
        let (id, scope) = try await ids(context)
        let letterID = try context.uuid("letter", "Bridge letter")
        guard let letter = try await workflows.reports.bridgeLetters(id, in: scope).first(where: { $0.id == letterID }) else {
            throw DomainError.notFound("Bridge letter")
        }
        let name = "bridge-letter-\(letter.through)"
        switch try ReportService.Format.parse(request.uri.queryParameters.get("format").map { String($0) }) {
        case .html:
            return Self.file(
                .init(bytes: Data(letter.sealedHTML.utf8), contentType: "text/html; charset=utf-8", fileName: name + ".html"), inline: true)
        case .pdf:
            return Self.file(
                .init(bytes: try await service.printSealed(letter.sealedHTML), contentType: "application/pdf", fileName: name + ".pdf"),
                inline: false)
        default: throw DomainError.invalid("format", "a bridge letter is html or pdf.")
        }
    }

    @Sendable func nextYear(_ request: Request, context: AttestContext) async throws -> EditedResponse<EngagementResult> {
        let (id, scope) = try await ids(context)
        let next = try await workflows.reports.startNextYear(from: id, in: scope)
        return EditedResponse(status: .created, response: EngagementResult(next, catalog: workflows.content.catalog))
    }

    @Sendable func templates(_ request: Request, context: AttestContext) async throws -> TemplateList {
        let scope = try await context.organizationScope(in: workflows)
        guard scope.organization.kind == .auditFirm else { throw DomainError.notFound("Report templates") }
        let custom = try await workflows.reports.templates(ofFirm: scope.organization.slug.rawValue)
        return TemplateList(
            templates: ReportTemplates.names.map {
                TemplateBody(name: $0, text: ReportTemplates.text($0, overrides: custom), custom: custom[$0] != nil)
            },
            variables: ReportTemplates.variables)
    }

    @Sendable func setTemplate(_ request: Request, context: AttestContext) async throws -> TemplateList {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(TemplateRequest.self, from: request, context: context)
        try await workflows.reports.setTemplate(try context.parameters.require("name"), text: body.text, in: scope)
        return try await templates(request, context: context)
    }

    /// Anyone may check a report: the body is the file itself, up to 64 MiB.
    @Sendable func verify(_ request: Request, context: AttestContext) async throws -> VerifyResult {
        let buffer = try await request.body.collect(upTo: 64 << 20)
        guard buffer.readableBytes > 0 else { throw DomainError.invalid("file", "the body is empty; send the report's HTML or PDF as the body.") }
        return VerifyResult(try await service.verify(Array(buffer: buffer)))
    }
}
