import ComplianceCore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// Connections in the browser: connect an account, pause or resume, run now, delete.
struct ConnectionPages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/orgs/{org}/connections", use: connections)
        router.post("/orgs/{org}/connections", use: create)
        router.post("/orgs/{org}/connections/{id}/run", use: run)
        router.post("/orgs/{org}/connections/{id}/schedule", use: schedule)
        router.post("/orgs/{org}/connections/{id}/delete", use: delete)
    }

    @Sendable func connections(_ request: Request, context: AttestContext) async throws -> Response {
        try await page(context: context, notice: context.notice)
    }

    private func page(context: AttestContext, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let identity = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let model = ConnectionsPage.Model(
            organization: scope.organization, connections: try await workflows.connections.list(in: scope), canManage: scope.allows(.runCollectors),
            csrf: context.csrfToken, notice: notice, error: error)
        return HTMLPage(
            ConnectionsPage.render(model, shell: try await support.shell(identity, current: scope, active: "connections")), status: status
        )
        .response()
    }

    @Sendable func create(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        try scope.require(.runCollectors)
        let form = try await FormFields.read(request, context: context)
        return try await PageSupport.handling {
            guard let cadence = Int(form["cadence_hours"] ?? "24") else {
                throw DomainError.invalid("cadence_hours", "give a whole number of hours.")
            }
            func optional(_ name: String) -> String? {
                let value = (form[name] ?? "").trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
            _ = try await workflows.connections.create(
                ConnectionWorkflow.Draft(
                    name: form["name"] ?? "", regions: (form["regions"] ?? "").split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init),
                    roleARN: optional("role_arn"), externalID: optional("external_id"), cadenceHours: cadence,
                    accessKeyID: (form["access_key_id"] ?? "").trimmingCharacters(in: .whitespaces), secretAccessKey: form["secret_access_key"] ?? ""),
                in: scope)
            return support.seeOther(
                "/orgs/\(scope.organization.slug)/connections", notice: "Connected; the first run starts within a minute.", request: request)
        } orShow: { message, status in
            try await page(context: context, error: message, status: status)
        }
    }

    @Sendable func run(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        _ = try await FormFields.read(request, context: context)
        let id = try context.uuid("id", "Connection")
        do {
            let run = try await workflows.connections.run(id, in: scope)
            return PageSupport.seeOther("/orgs/\(scope.organization.slug)/collector-runs/\(run.id.uuidString.lowercased())")
        } catch let error as DomainError {
            throw error
        } catch {
            // The failure is on the connection now; the page shows it.
            return try await page(context: context, error: "The run failed: \(String(describing: error).prefix(300))", status: .unprocessableContent)
        }
    }

    @Sendable func schedule(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        let form = try await FormFields.read(request, context: context)
        _ = try await workflows.connections.update(
            try context.uuid("id", "Connection"), enabled: form["enabled"] == "true", cadenceHours: nil, in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/connections")
    }

    @Sendable func delete(_ request: Request, context: AttestContext) async throws -> Response {
        _ = try support.requireBrowser(context)
        let scope = try await support.scope(context)
        _ = try await FormFields.read(request, context: context)
        try await workflows.connections.delete(try context.uuid("id", "Connection"), in: scope)
        return PageSupport.seeOther("/orgs/\(scope.organization.slug)/connections")
    }
}
