import ComplianceCore
import Foundation
import Hummingbird
import NIOCore
import Reports
import UseCases

/// The compliance programme over the API: engagements and their request lists, controls,
/// policies, readiness and the ISO/IEC 27001 crosswalk.
struct ProgrammeRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }
    var content: ProgrammeContent { workflows.content }

    func register(on router: Router<AttestContext>) {
        let api = router.group("/api/v1")
        api.get("/library/controls", use: libraryControls)
        api.get("/library/policies", use: libraryPolicies)
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/engagements", use: engagements)
        org.post("/engagements", use: createEngagement)
        org.get("/engagements/{id}", use: engagement)
        org.put("/engagements/{id}", use: updateEngagement)
        org.post("/engagements/{id}/applicability", use: applicability)
        org.post("/engagements/{id}/audit-firm", use: invite)
        org.get("/engagements/{id}/requests", use: requests)
        org.post("/engagements/{id}/requests", use: addRequest)
        org.post("/engagements/{id}/requests/import", use: importRequests)
        org.patch("/engagements/{id}/requests/{number}", use: updateRequest)
        org.get("/engagements/{id}/readiness", use: readiness)
        org.post("/engagements/{id}/readiness/snapshots", use: snapshot)
        org.post("/engagements/{id}/remediation", use: remediation)
        org.get("/controls", use: controls)
        org.post("/controls", use: createControl)
        org.post("/controls/adopt", use: adoptControls)
        org.get("/controls/{key}", use: control)
        org.patch("/controls/{key}", use: updateControl)
        org.get("/policies", use: policies)
        org.post("/policies", use: adoptPolicy)
        org.get("/policies/{key}", use: policy)
        org.put("/policies/{key}", use: editPolicy)
        org.post("/policies/{key}/transition", use: transition)
        org.get("/policies/{key}/diff", use: diff)
        org.post("/policies/{key}/acknowledge", use: acknowledge)
        org.get("/acknowledgements", use: acknowledgements)
        org.get("/crosswalk/iso27001", use: crosswalk)
    }

    // MARK: Library

    @Sendable func libraryControls(_ request: Request, context: AttestContext) async throws -> LibraryControls {
        _ = try context.requireIdentity()
        var list = content.library.controls
        if let criterion = request.uri.queryParameters.get("criterion") {
            list = list.filter { $0.criteria.contains(String(criterion)) }
        }
        return LibraryControls(library: LibraryInfo(id: content.library.id, version: content.library.version), count: list.count, controls: list)
    }

    @Sendable func libraryPolicies(_ request: Request, context: AttestContext) async throws -> LibraryPolicies {
        _ = try context.requireIdentity()
        return LibraryPolicies(count: content.policies.count, policies: content.policies, variables: PolicyVariables.names)
    }

    // MARK: Engagements

    @Sendable func engagements(_ request: Request, context: AttestContext) async throws -> EngagementList {
        let scope = try await context.organizationScope(in: workflows)
        return EngagementList(engagements: try await workflows.engagements.list(in: scope))
    }

    @Sendable func createEngagement(_ request: Request, context: AttestContext) async throws -> EditedResponse<EngagementResult> {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(EngagementRequest.self, from: request, context: context)
        let created = try await workflows.engagements.create(name: body.name ?? "SOC 2 \(body.reportType.displayName)", scope: body.scope, in: scope)
        return EditedResponse(status: .created, response: result(created))
    }

    @Sendable func engagement(_ request: Request, context: AttestContext) async throws -> EngagementResult {
        let scope = try await context.organizationScope(in: workflows)
        return result(try await workflows.engagements.get(try Self.uuid(context, "id", "Engagement"), in: scope))
    }

    @Sendable func updateEngagement(_ request: Request, context: AttestContext) async throws -> EngagementResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try Self.uuid(context, "id", "Engagement")
        let body = try await StrictJSON.decode(EngagementRequest.self, from: request, context: context)
        return result(try await workflows.engagements.updateScope(id, name: body.name, scope: body.scope, in: scope))
    }

    @Sendable func applicability(_ request: Request, context: AttestContext) async throws -> EngagementResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try Self.uuid(context, "id", "Engagement")
        let body = try await StrictJSON.decode(ApplicabilityRequest.self, from: request, context: context)
        return result(try await workflows.engagements.setApplicability(id, criterion: body.criterion, notApplicableBecause: body.notApplicableReason, in: scope))
    }

    @Sendable func invite(_ request: Request, context: AttestContext) async throws -> EngagementResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try Self.uuid(context, "id", "Engagement")
        let body = try await StrictJSON.decode(InviteRequest.self, from: request, context: context)
        return result(try await workflows.engagements.invite(auditFirm: body.auditFirm, to: id, in: scope))
    }

    func result(_ engagement: Engagement) -> EngagementResult {
        EngagementResult(
            engagement: engagement, timeline: Timeline.plan(for: engagement.scope, startingOn: Day(engagement.createdAt)),
            estimate: CostEstimate.estimate(for: engagement.scope),
            criteria: engagement.criteriaInScope(content.catalog).map { criterion in
                let exclusion = engagement.exclusion(for: criterion.id)
                return CriterionScopeBody(id: criterion.id, title: criterion.title, category: criterion.category,
                                          applicable: exclusion == nil, notApplicableReason: exclusion?.reason)
            }
        )
    }

    // MARK: Request list

    @Sendable func requests(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        let id = try Self.uuid(context, "id", "Engagement")
        var items = try await workflows.requestList.requests(of: id, in: scope)
        if let overdue = request.uri.queryParameters.get("overdue") {
            guard overdue == "true" || overdue == "false" else { throw DomainError.invalid("overdue", "is true or false.") }
            let today = Day(Date())
            items = items.filter { $0.isOverdue(on: today) == (overdue == "true") }
        }
        let name = "request-list-\(id.uuidString.lowercased().prefix(8))"
        switch request.uri.queryParameters.get("format").map({ String($0) }) {
        case nil, "json":
            return try RequestList(count: items.count, requests: items).response(from: request, context: context)
        case "csv":
            return Self.download(Data(RequestListFile.csv(items).utf8), type: "text/csv; charset=utf-8", name: "\(name).csv")
        case "xlsx":
            return Self.download(try RequestListFile.xlsx(items), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: "\(name).xlsx")
        case let other?:
            throw DomainError.invalid("format", "'\(other.prefix(20))' is not a format; use json, csv or xlsx.")
        }
    }

    @Sendable func addRequest(_ request: Request, context: AttestContext) async throws -> EditedResponse<RequestResult> {
        let scope = try await context.organizationScope(in: workflows)
        let id = try Self.uuid(context, "id", "Engagement")
        let body = try await StrictJSON.decode(NewRequestBody.self, from: request, context: context)
        let item = try await workflows.requestList.addRequest(to: id, area: body.area ?? "Auditor", title: body.title, provide: body.provide ?? "",
                                                          kind: body.kind, criteria: body.criteria ?? [], due: body.dueDate, owner: body.owner, in: scope)
        return EditedResponse(status: .created, response: RequestResult(request: item))
    }

    @Sendable func importRequests(_ request: Request, context: AttestContext) async throws -> ImportResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try Self.uuid(context, "id", "Engagement")
        // Authorised before a byte of the file is read: parsers are the widest door in.
        try scope.require(.manageProgramme)
        _ = try await workflows.engagements.get(id, in: scope)
        var request = request
        let buffer = try await request.collectBody(upTo: 5 << 20)
        guard buffer.readableBytes > 0 else { throw DomainError.invalid("file", "the body is empty; send the CSV or XLSX file as the body.") }
        let type = request.headers[.contentType]?.lowercased() ?? ""
        let name = type.contains("spreadsheetml") ? "upload.xlsx" : "upload.csv"
        let rows = try RequestListFile.read(Data(buffer.readableBytesView), fileName: name)
        return ImportResult(result: try await workflows.requestList.importRequests(rows, into: id, in: scope))
    }

    @Sendable func updateRequest(_ request: Request, context: AttestContext) async throws -> RequestResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try Self.uuid(context, "id", "Engagement")
        let number = try context.parameters.require("number")
        let body = try await StrictJSON.decode(RequestUpdate.self, from: request, context: context)
        guard let item = try await workflows.requestList.requests(of: id, in: scope).first(where: { $0.number == number }) else {
            throw DomainError.notFound("Request \(number.prefix(20))")
        }
        let updated = try await workflows.requestList.updateRequest(item.id, of: id, in: scope) { item in
            if let status = body.status { item.status = status }
            if let owner = body.owner { item.owner = owner.isEmpty ? nil : owner }
            if let due = body.dueDate { item.dueDate = due }
            if let title = body.title { item.title = title }
            if let provide = body.provide { item.provide = provide }
        }
        return RequestResult(request: updated)
    }

    // MARK: Readiness

    @Sendable func readiness(_ request: Request, context: AttestContext) async throws -> ReadinessResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try Self.uuid(context, "id", "Engagement")
        return ReadinessResult(readiness: try await workflows.readiness.compute(id, in: scope),
                               remediation: try await workflows.readiness.remediations(id, in: scope),
                               snapshots: try await workflows.readiness.snapshots(id, in: scope))
    }

    @Sendable func snapshot(_ request: Request, context: AttestContext) async throws -> EditedResponse<SnapshotResult> {
        let scope = try await context.organizationScope(in: workflows)
        let snapshot = try await workflows.readiness.recordSnapshot(try Self.uuid(context, "id", "Engagement"), in: scope)
        return EditedResponse(status: .created, response: SnapshotResult(snapshot: snapshot))
    }

    @Sendable func remediation(_ request: Request, context: AttestContext) async throws -> RemediationResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try Self.uuid(context, "id", "Engagement")
        let body = try await StrictJSON.decode(RemediationRequest.self, from: request, context: context)
        let item = try RemediationItem(criterion: body.criterion, owner: body.owner, dueDate: body.dueDate, plan: body.plan)
        return RemediationResult(remediation: try await workflows.readiness.plan(item, for: id, in: scope))
    }

    // MARK: Controls

    @Sendable func controls(_ request: Request, context: AttestContext) async throws -> ControlList {
        let scope = try await context.organizationScope(in: workflows)
        var list = try await workflows.controls.list(in: scope)
        if let criterion = request.uri.queryParameters.get("criterion") { list = list.filter { $0.criteria.contains(String(criterion)) } }
        if let raw = request.uri.queryParameters.get("status") {
            guard let status = ImplementationStatus(rawValue: String(raw)) else {
                throw DomainError.invalid("status", "'\(raw.prefix(20))' is not one of \(ImplementationStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            list = list.filter { $0.status == status }
        }
        return ControlList(count: list.count, controls: list)
    }

    @Sendable func adoptControls(_ request: Request, context: AttestContext) async throws -> ControlList {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(AdoptControlsRequest.self, from: request, context: context)
        let adopted = try await workflows.controls.adopt(body.ids, in: scope)
        return ControlList(count: adopted.count, controls: adopted)
    }

    @Sendable func createControl(_ request: Request, context: AttestContext) async throws -> EditedResponse<ControlResult> {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(ControlRequest.self, from: request, context: context)
        let control = try await workflows.controls.create(key: body.key, title: body.title, description: body.description ?? "", type: body.type,
                                                      frequency: body.frequency, ownerRole: body.ownerRole ?? "security_officer", criteria: body.criteria, in: scope)
        return EditedResponse(status: .created, response: ControlResult(control: control, history: nil))
    }

    @Sendable func control(_ request: Request, context: AttestContext) async throws -> ControlResult {
        let scope = try await context.organizationScope(in: workflows)
        let key = try context.parameters.require("key")
        return ControlResult(control: try await workflows.controls.get(key, in: scope), history: try await workflows.controls.history(key, in: scope))
    }

    @Sendable func updateControl(_ request: Request, context: AttestContext) async throws -> ControlResult {
        let scope = try await context.organizationScope(in: workflows)
        let key = try context.parameters.require("key")
        let body = try await StrictJSON.decode(ControlUpdate.self, from: request, context: context)
        let action = body.status != nil ? "status_changed" : body.owner != nil ? "owner_assigned" : body.retired != nil ? (body.retired! ? "retired" : "reinstated") : "edited"
        let control = try await workflows.controls.update(key, action: action, in: scope) { control in
            if let status = body.status { control.status = status }
            if let owner = body.owner { control.owner = owner.isEmpty ? nil : owner }
            if let retired = body.retired { control.retired = retired }
            if let title = body.title { control.title = title }
            if let description = body.description { control.description = description }
            if let criteria = body.criteria { control.criteria = criteria }
            if let frequency = body.frequency { control.frequency = frequency }
        }
        return ControlResult(control: control, history: nil)
    }

    // MARK: Policies

    @Sendable func policies(_ request: Request, context: AttestContext) async throws -> PolicyList {
        let scope = try await context.organizationScope(in: workflows)
        let today = Day(Date())
        let list = try await workflows.policies.list(in: scope).map { PolicySummary($0, today: today) }
        return PolicyList(count: list.count, policies: list)
    }

    @Sendable func adoptPolicy(_ request: Request, context: AttestContext) async throws -> EditedResponse<PolicyResult> {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(AdoptPolicyRequest.self, from: request, context: context)
        let variables = PolicyVariables(company: scope.organization.name, owner: body.owner, reviewCadence: body.reviewCadence ?? "every year",
                                        securityContact: body.securityContact ?? "the security officer")
        let policy = try await workflows.policies.adopt(template: body.template, variables: variables, owner: body.owner, in: scope)
        return EditedResponse(status: .created, response: PolicyResult(policy: policy))
    }

    @Sendable func policy(_ request: Request, context: AttestContext) async throws -> PolicyResult {
        let scope = try await context.organizationScope(in: workflows)
        return PolicyResult(policy: try await workflows.policies.get(try context.parameters.require("key"), in: scope))
    }

    @Sendable func editPolicy(_ request: Request, context: AttestContext) async throws -> PolicyResult {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(PolicyEdit.self, from: request, context: context)
        return PolicyResult(policy: try await workflows.policies.edit(try context.parameters.require("key"), body: body.body, changeNote: body.changeNote, in: scope))
    }

    @Sendable func transition(_ request: Request, context: AttestContext) async throws -> PolicyResult {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(PolicyTransition.self, from: request, context: context)
        return PolicyResult(policy: try await workflows.policies.advance(try context.parameters.require("key"), to: body.status, in: scope))
    }

    @Sendable func diff(_ request: Request, context: AttestContext) async throws -> PolicyDiff {
        let scope = try await context.organizationScope(in: workflows)
        let policy = try await workflows.policies.get(try context.parameters.require("key"), in: scope)
        let to = try request.uri.queryParameters.get("to").map { raw throws(DomainError) in
            guard let number = Int(raw) else { throw .invalid("to", "is a version number.") }
            return number
        } ?? policy.latest.number
        let from = try request.uri.queryParameters.get("from").map { raw throws(DomainError) in
            guard let number = Int(raw) else { throw .invalid("from", "is a version number.") }
            return number
        } ?? max(1, to - 1)
        guard let old = policy.version(from), let new = policy.version(to) else { throw DomainError.notFound("That version") }
        let lines = LineDiff.diff(old.body, new.body).map { line -> DiffLine in
            switch line {
            case .same(let text): DiffLine(op: "same", text: text)
            case .added(let text): DiffLine(op: "added", text: text)
            case .removed(let text): DiffLine(op: "removed", text: text)
            }
        }
        return PolicyDiff(from: from, to: to, lines: lines)
    }

    @Sendable func acknowledge(_ request: Request, context: AttestContext) async throws -> AcknowledgementResult {
        let scope = try await context.organizationScope(in: workflows)
        let user = try context.requireIdentity().user
        return AcknowledgementResult(acknowledgement: try await workflows.policies.acknowledge(try context.parameters.require("key"), userID: user.id, in: scope))
    }

    @Sendable func acknowledgements(_ request: Request, context: AttestContext) async throws -> AcknowledgementReport {
        let scope = try await context.organizationScope(in: workflows)
        let people = try await workflows.policies.outstanding(in: scope)
        return AcknowledgementReport(people: people, outstanding: people.map(\.missing.count).reduce(0, +))
    }

    // MARK: Crosswalk

    @Sendable func crosswalk(_ request: Request, context: AttestContext) async throws -> CrosswalkResult {
        let scope = try await context.organizationScope(in: workflows)
        let coverage = content.crosswalk.coverage(of: try await workflows.controls.list(in: scope))
        return CrosswalkResult(source: content.crosswalk.source, annexACount: coverage.count, covered: coverage.filter(\.covered).count,
                               coverage: coverage, gaps: coverage.filter { !$0.covered }.map(\.control.id))
    }

    // MARK: Helpers

    static func uuid(_ context: AttestContext, _ name: String, _ what: String) throws -> UUID {
        let raw = try context.parameters.require(name)
        guard let id = UUID(uuidString: raw) else { throw DomainError.notFound("\(what) \(raw.prefix(40))") }
        return id
    }

    static func download(_ data: Data, type: String, name: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\"", .contentLength: String(data.count)],
                 body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
