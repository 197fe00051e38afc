import ComplianceCore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// The organisation's controls in the browser: adopt, create, edit, retire.
struct ControlPages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/controls", use: controls)
        router.post("/orgs/{org}/controls", use: createControl)
        router.post("/orgs/{org}/controls/adopt", use: adopt)
        router.get("/orgs/{org}/controls/{key}", use: control)
        router.post("/orgs/{org}/controls/{key}", use: updateControl)
        router.post("/orgs/{org}/controls/{key}/retire", use: retire)
        router.post("/orgs/{org}/controls/{key}/edit", use: editControl)
    }

    @Sendable func controls(_ request: Request, context: AttestContext) async throws -> Response {
        try await controlsPage(request, context: context)
    }

    private func controlsPage(_ request: Request, context: AttestContext, error: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let model = ControlsPage.Model(
            organization: scope.organization, controls: try await workflows.controls.list(in: scope),
            libraryCount: workflows.content.library.controls.count,
            statusFilter: request.uri.queryParameters.get("status").map { String($0) } ?? "", canManage: scope.allows(.manageProgramme),
            csrf: context.csrfToken, error: error)
        return HTMLPage(ControlsPage.render(model, shell: try await support.shell(identity, current: scope, active: "controls")), status: status)
            .response()
    }

    @Sendable func adopt(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        _ = try await FormFields.read(request, context: context)
        try await workflows.controls.adopt(nil, in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/controls")
    }

    @Sendable func createControl(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            guard let type = ControlType(rawValue: form["type"] ?? ""), let frequency = Frequency(rawValue: form["frequency"] ?? "") else {
                throw DomainError.invalid("type", "choose a type and a frequency.")
            }
            let criteria = (form["criteria"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            let created = try await workflows.controls.create(
                key: (form["key"] ?? "").trimmingCharacters(in: .whitespaces).uppercased(), title: form["title"] ?? "",
                description: form["description"] ?? "", type: type, frequency: frequency,
                ownerRole: "security_officer", criteria: criteria, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/controls/\(created.key)")
        } orShow: { message, status in
            try await controlsPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func control(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let key = try context.parameters.require("key")
        let control = try await workflows.controls.get(key, in: scope)
        let history = try await workflows.controls.history(key, in: scope).map {
            (at: $0.at, actor: $0.actor, action: $0.action, status: $0.status.displayName, owner: $0.owner ?? "—")
        }
        let model = ControlPage.Model(
            organization: scope.organization, control: control, history: history,
            canManage: scope.allows(.manageProgramme), csrf: context.csrfToken)
        return HTMLPage(ControlPage.render(model, shell: try await support.shell(identity, current: scope, active: "controls"))).response()
    }

    @Sendable func updateControl(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let key = try context.parameters.require("key")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            guard let status = ImplementationStatus(rawValue: form["status"] ?? "") else { throw DomainError.invalid("status", "choose a status.") }
            let owner = form["owner"].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) }
            let current = try await workflows.controls.get(key, in: scope)
            let action = current.status != status ? "status_changed" : "owner_assigned"
            _ = try await workflows.controls.update(key, action: action, in: scope) { control in
                control.status = status
                control.owner = owner
            }
            return PageSupport.seeOther(
                request.headers[.referer].flatMap { $0.contains("/controls/") ? "/orgs/\(scope.organization.slug)/controls/\(key)" : nil }
                    ?? "/orgs/\(scope.organization.slug)/controls")
        } orShow: { message, status in
            try await controlsPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func editControl(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let key = try context.parameters.require("key")
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            guard let frequency = Frequency(rawValue: form["frequency"] ?? "") else { throw DomainError.invalid("frequency", "choose a frequency.") }
            let criteria = (form["criteria"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            let title = form["title"] ?? ""
            let description = form["description"] ?? ""
            _ = try await workflows.controls.update(key, action: "edited", in: scope) { control in
                control.title = title
                control.description = description
                control.frequency = frequency
                control.criteria = criteria
            }
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/controls/\(key)")
        } orShow: { message, status in
            try await controlsPage(request, context: context, error: message, status: status)
        }
    }

    @Sendable func retire(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let key = try context.parameters.require("key")
        let form = try await FormFields.read(request, context: context)
        let retired = form["retired"] == "yes"
        _ = try await workflows.controls.update(key, action: retired ? "retired" : "reinstated", in: scope) { $0.retired = retired }
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/controls/\(key)")
    }
}
