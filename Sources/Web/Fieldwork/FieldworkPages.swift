import ComplianceCore
import EvidenceStore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// Fieldwork in the browser: the auditor's test matrix, exceptions and sign-offs; the client's view
/// and management responses.
struct FieldworkPages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/fieldwork", use: page)
        router.post("/orgs/{org}/fieldwork/independence", use: independence)
        router.post("/orgs/{org}/fieldwork/sign", use: sign)
        router.post("/orgs/{org}/fieldwork/response", use: response)
        router.post("/orgs/{org}/notifications/read", use: markRead)
        router.post("/orgs/{org}/fieldwork/release", use: release)
        router.post("/orgs/{org}/fieldwork/freeze", use: freeze)
        router.post("/orgs/{org}/fieldwork/draw", use: draw)
        router.post("/orgs/{org}/fieldwork/plan", use: plan)
        router.post("/orgs/{org}/fieldwork/result", use: result)
        router.post("/orgs/{org}/fieldwork/results", use: results)
        router.post("/orgs/{org}/fieldwork/exception", use: exception)
        router.post("/orgs/{org}/fieldwork/pull", use: pull)
        router.post("/orgs/{org}/fieldwork/extend", use: extend)
        router.post("/orgs/{org}/fieldwork/walkthrough", use: walkthrough)
    }

    /// Runs one form action for the auditor and comes back to the page with its message.
    private func act(
        _ request: Request, context: AttestContext, done: String,
        _ body: @Sendable (FormFields, UUID, TenantScope) async throws -> Void
    ) async throws -> Response {
        try await support.engagementForm(request, context: context, done: done, page: "fieldwork", show: show(request, context)) { form, id, scope in
            try await body(form, id, scope)
            return nil
        }
    }

    /// Runs one form action, then goes back to the fieldwork page by redirect (a refusal shows it with the reason).
    private func actThenReturn(
        _ request: Request, context: AttestContext,
        _ body: @Sendable (FormFields, UUID, TenantScope) async throws -> Void
    ) async throws -> Response {
        try await support.engagementForm(request, context: context, done: "", page: "fieldwork", show: show(request, context)) { form, id, scope in
            try await body(form, id, scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/fieldwork?engagement=\(id.uuidString.lowercased())")
        }
    }

    private func show(_ request: Request, _ context: AttestContext) -> (UUID, PageSupport.Outcome) async throws -> Response {
        { id, outcome in
            try await render(request, context: context, chosen: id, message: outcome.message, error: outcome.error, status: outcome.status)
        }
    }

    private static func uuid(_ form: FormFields, _ name: String) throws -> UUID {
        guard let id = form[name].flatMap(UUID.init(uuidString:)) else { throw DomainError.invalid(name, "choose one.") }
        return id
    }

    @Sendable func freeze(_ request: Request, context: AttestContext) async throws -> Response {
        let service = support.environment.evidence
        return try await act(request, context: context, done: "Population frozen.") { form, id, scope in
            let (item, versions) = try await workflows.evidence.get(try Self.uuid(form, "evidence"), in: scope)
            guard let version = versions.first else { throw DomainError.notFound("Evidence version") }
            _ = try await workflows.fieldwork.engagement(id, in: scope)
            try scope.require(.performFieldwork)
            let key = (form["key_column"] ?? "").trimmingCharacters(in: .whitespaces)
            let scan = try await service.scanPopulation(version, keyColumn: key.isEmpty ? nil : key)
            _ = try await workflows.fieldwork.freeze(
                .init(
                    name: form["name"] ?? "", sourceSystem: form["source_system"] ?? "", extractionQuery: form["extraction_query"] ?? "",
                    completenessProcedure: form["completeness_procedure"] ?? "", controls: []),
                into: id, evidence: item, version: version, scan: scan, in: scope)
        }
    }

    /// The auditor's own population file: multipart, so the engagement comes in the query.
    @Sendable func pull(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        guard let id = request.uri.queryParameters.get("engagement").flatMap({ UUID(uuidString: String($0)) }) else {
            throw DomainError.notFound("Engagement")
        }
        return try await PageSupport.handling {
            _ = try await PulledPopulation.receive(request, into: id, in: scope, workflows: workflows)
            return support.seeOther(
                "/orgs/\(scope.organization.slug)/fieldwork?engagement=\(id.uuidString.lowercased())", notice: "Population uploaded and frozen.",
                request: request)
        } orShow: { message, status in
            try await render(request, context: context, chosen: id, error: message, status: status)
        }
    }

    @Sendable func extend(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Sample extended.") { form, id, scope in
            guard let count = Int(form["count"] ?? "") else { throw DomainError.invalid("count", "give the number of items to add.") }
            _ = try await workflows.fieldwork.extend(
                try Self.uuid(form, "sample"), of: id, by: count, reason: form["reason"] ?? "", in: scope, keys: workflows.intake.populationKeys)
        }
    }

    @Sendable func walkthrough(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Walkthrough recorded.") { form, id, scope in
            guard let date = Day(form["date"] ?? "") else { throw DomainError.invalid("date", "give the walkthrough's date (YYYY-MM-DD).") }
            guard let design = Walkthrough.Design(rawValue: form["design"] ?? "") else {
                throw DomainError.invalid("design", "choose a design conclusion.")
            }
            let participants = (form["participants"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            _ = try await workflows.fieldwork.walkthrough(
                id, control: form["control"] ?? "", date: date, participants: participants, notes: form["notes"] ?? "",
                evidence: [], design: design, reason: form["reason"] ?? "", in: scope)
        }
    }

    @Sendable func draw(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Sample drawn.") { form, id, scope in
            guard let risk = ControlRisk(rawValue: form["risk"] ?? "low"), let method = SampleMethod(rawValue: form["method"] ?? "random") else {
                throw DomainError.invalid("risk", "choose a risk and a method.")
            }
            let rawSeed = (form["seed"] ?? "").trimmingCharacters(in: .whitespaces)
            let seed: UInt64
            if rawSeed.isEmpty {
                seed = UInt64.random(in: 0...SampleDraw.maxSeed)
            } else {
                guard let value = UInt64(rawSeed) else { throw DomainError.invalid("seed", "a whole number from 0 to \(SampleDraw.maxSeed).") }
                seed = value
            }
            _ = try await workflows.fieldwork.draw(
                .init(
                    populationID: try Self.uuid(form, "population"), control: form["control"] ?? "", risk: risk, seed: seed,
                    method: method, override: nil), for: id, in: scope, keys: workflows.intake.populationKeys)
        }
    }

    @Sendable func plan(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Test planned.") { form, id, scope in
            var procedures: [TestMethod] = []
            for raw in form.all("procedures") {
                guard let method = TestMethod(rawValue: raw) else { throw DomainError.invalid("procedures", "unknown procedure.") }
                procedures.append(method)
            }
            let sample = try Self.uuid(form, "sample")
            guard let control = try await workflows.fieldwork.samples(id, in: scope).first(where: { $0.id == sample })?.control else {
                throw DomainError.notFound("Sample")
            }
            let attributes = (form["attributes"] ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            _ = try await workflows.fieldwork.planTest(
                id, control: control, sampleID: sample, paths: nil, procedures: procedures, attributes: attributes, in: scope)
        }
    }

    @Sendable func result(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Result recorded.") { form, id, scope in
            guard let item = Int(form["item"] ?? "") else { throw DomainError.invalid("item", "give the row number.") }
            _ = try await workflows.fieldwork.record(
                try Self.uuid(form, "test"), of: id, item: item, attribute: (form["attribute"] ?? "").trimmingCharacters(in: .whitespaces),
                passed: form["passed"] != "no", note: form["note"] ?? "", evidence: [], in: scope)
        }
    }

    /// The results grid: every changed cell (and every pasted row) of one test, recorded in one change.
    @Sendable func results(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Results saved.") { form, id, scope in
            var cells: [ResultGrid.Cell] = []
            var notes: [Int: String] = [:]
            for name in form.names {
                let parts = name.split(separator: ":")
                if parts.count == 3, parts[0] == "r", let item = Int(parts[1]), let attribute = Int(parts[2]) {
                    cells.append(.init(item: item, attribute: attribute, value: form[name] ?? ""))
                } else if parts.count == 2, parts[0] == "n", let item = Int(parts[1]) {
                    notes[item] = String((form[name] ?? "").prefix(2000))
                }
            }
            _ = try await workflows.fieldwork.recordGrid(
                try Self.uuid(form, "test"), of: id, cells: cells, notes: notes, paste: form["paste"] ?? "", in: scope)
        }
    }

    @Sendable func exception(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Exception recorded; management has been asked for a response.") { form, id, scope in
            guard let count = Int(form["count"] ?? ""), let evaluation = TestException.Evaluation(rawValue: form["evaluation"] ?? "") else {
                throw DomainError.invalid("count", "give the number of deviations and an evaluation.")
            }
            _ = try await workflows.fieldwork.addException(
                try Self.uuid(form, "test"), of: id, description: form["description"] ?? "", cause: form["cause"] ?? "",
                count: count, evaluation: evaluation, in: scope)
        }
    }

    @Sendable func release(_ request: Request, context: AttestContext) async throws -> Response {
        try await actThenReturn(request, context: context) { form, id, scope in
            guard let test = form["test"].flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("Test") }
            _ = try await workflows.fieldwork.release(test, of: id, in: scope)
        }
    }

    @Sendable func markRead(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        _ = try await FormFields.read(request, context: context)
        _ = try await workflows.requestList.markRead(in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)")
    }

    @Sendable func page(_ request: Request, context: AttestContext) async throws -> Response {
        try await render(
            request, context: context, chosen: request.uri.queryParameters.get("engagement").flatMap { UUID(uuidString: String($0)) },
            message: context.notice)
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
        let confirmations = try await workflows.fieldwork.independence(engagement.id, in: scope)
        let isAuditor = scope.allows(.performFieldwork)
        var model = FieldworkPage.Model(
            organization: scope.organization, engagement: engagement, independence: confirmations,
            walkthroughs: try await workflows.fieldwork.walkthroughs(engagement.id, in: scope),
            populations: try await workflows.fieldwork.populations(engagement.id, in: scope),
            samples: try await workflows.fieldwork.samples(engagement.id, in: scope),
            tests: try await workflows.fieldwork.tests(engagement.id, in: scope),
            conclusions: try await workflows.fieldwork.conclusions(engagement.id, in: scope), isAuditor: isAuditor,
            needsIndependence: isAuditor && !confirmations.contains { $0.auditorUserID == identity.user.id },
            canRespond: !isAuditor && scope.allows(.manageProgramme), csrf: context.csrfToken, message: message, error: error)
        model.people = try await workflows.grants.names(in: scope)
        if isAuditor {
            if engagement.auditFirm != nil { model.blockers = try await workflows.reports.issueProblems(engagement.id, in: scope) }
            model.evidenceChoices = try await workflows.evidence.list(in: scope).filter {
                $0.latest?.contentType == "text/csv" || $0.latest?.fileName.hasSuffix(".csv") == true
            }
            .map { ($0.id.uuidString.lowercased(), $0.title) }
            model.controlChoices = try await workflows.controls.list(in: scope, includeRetired: false).map(\.key)
        }
        return try await support.page(
            about: engagement, among: all, identity: identity, scope: scope, active: "fieldwork", request: request, status: status
        ) { [model] in FieldworkPage.render(model, shell: $0) }
    }

    @Sendable func independence(_ request: Request, context: AttestContext) async throws -> Response {
        try await act(request, context: context, done: "Independence confirmed; fieldwork is open to you.") { form, id, scope in
            _ = try await workflows.fieldwork.confirmIndependence(id, statement: form["statement"] ?? "", in: scope)
        }
    }

    @Sendable func sign(_ request: Request, context: AttestContext) async throws -> Response {
        try await actThenReturn(request, context: context) { form, id, scope in
            guard let kind = WorkpaperKind(rawValue: form["kind"] ?? ""), let role = SignRole(rawValue: form["role"] ?? ""),
                let workpaper = form["workpaper"].flatMap(UUID.init(uuidString:))
            else { throw DomainError.invalid("workpaper", "unknown workpaper or role.") }
            _ = try await workflows.fieldwork.sign(kind, workpaper, of: id, role: role, unsign: form["unsign"] == "yes", in: scope)
        }
    }

    @Sendable func response(_ request: Request, context: AttestContext) async throws -> Response {
        try await actThenReturn(request, context: context) { form, id, scope in
            guard let test = form["test"].flatMap(UUID.init(uuidString:)), let exception = form["exception"].flatMap(UUID.init(uuidString:)) else {
                throw DomainError.notFound("Exception")
            }
            _ = try await workflows.fieldwork.respond(to: exception, in: test, of: id, response: form["response"] ?? "", in: scope)
        }
    }
}
