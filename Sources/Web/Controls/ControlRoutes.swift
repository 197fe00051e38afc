import ComplianceCore
import Foundation
import Hummingbird
import NIOCore
import UseCases

/// The organisation's controls over the API.
struct ControlRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }
    var content: ProgrammeContent { workflows.content }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/controls", use: controls)
        org.post("/controls", use: createControl)
        org.post("/controls/adopt", use: adoptControls)
        org.get("/controls/{key}", use: control)
        org.patch("/controls/{key}", use: updateControl)
    }

    @Sendable func controls(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        let position = try await workflows.controls.position(in: scope)
        return try await environment.responses.json(scope, request, context: context, position: position) {
            try await listed(request, in: scope)
        }
    }

    private func listed(_ request: Request, in scope: TenantScope) async throws -> ControlList {
        var list = try await workflows.controls.list(in: scope)
        if let criterion = request.uri.queryParameters.get("criterion") { list = list.filter { $0.criteria.contains(String(criterion)) } }
        if let raw = request.uri.queryParameters.get("status") {
            guard let status = ImplementationStatus(rawValue: String(raw)) else {
                throw DomainError.invalid(
                    "status", "'\(raw.prefix(20))' is not one of \(ImplementationStatus.allCases.map(\.rawValue).joined(separator: ", ")).")
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
        let control = try await workflows.controls.create(
            key: body.key, title: body.title, description: body.description ?? "", type: body.type,
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
        let action =
            body.status != nil
            ? "status_changed" : body.owner != nil ? "owner_assigned" : body.retired != nil ? (body.retired! ? "retired" : "reinstated") : "edited"
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
}
