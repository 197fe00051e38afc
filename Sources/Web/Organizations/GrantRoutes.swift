import ComplianceCore
import Foundation
import Hummingbird
import UseCases

/// Auditor access over the API: the client's owner grants it, extends it and revokes it.
struct GrantRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }

    func register(on router: Router<AttestContext>) {
        let org = router.group("/api/v1/orgs/{org}")
        org.get("/grants", use: list)
        org.post("/grants", use: create)
        org.patch("/grants/{id}", use: extend)
        org.delete("/grants/{id}", use: revoke)
    }

    @Sendable func list(_ request: Request, context: AttestContext) async throws -> GrantList {
        let scope = try await context.organizationScope(in: workflows)
        return GrantList(grants: try await workflows.grants.list(in: scope).map(GrantBody.init))
    }

    @Sendable func create(_ request: Request, context: AttestContext) async throws -> EditedResponse<GrantResult> {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(GrantRequest.self, from: request, context: context)
        let grant = try await workflows.grants.grant(auditor: body.auditor, of: body.auditFirm, until: try body.expiry(), in: scope)
        return EditedResponse(status: .created, response: GrantResult(grant: GrantBody(try await workflows.grants.view(of: grant))))
    }

    @Sendable func extend(_ request: Request, context: AttestContext) async throws -> GrantResult {
        let scope = try await context.organizationScope(in: workflows)
        let id = try context.uuid("id", "Grant")
        let body = try await StrictJSON.decode(GrantExtension.self, from: request, context: context)
        let grant = try await workflows.grants.extend(id, until: try GrantRequest.date(body.expiresAt), in: scope)
        return GrantResult(grant: GrantBody(try await workflows.grants.view(of: grant)))
    }

    @Sendable func revoke(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        _ = try await workflows.grants.revoke(try context.uuid("id", "Grant"), in: scope)
        return Response(status: .noContent)
    }
}

struct GrantRequest: StrictBody {
    static let fields: Set<String> = ["auditor", "audit_firm", "expires_at"]
    let auditor: EmailAddress
    let auditFirm: Slug
    let expiresAt: String

    enum CodingKeys: String, CodingKey {
        case auditor
        case auditFirm = "audit_firm"
        case expiresAt = "expires_at"
    }

    func expiry() throws(DomainError) -> Date { try Self.date(expiresAt) }

    /// A grant runs to the end of the day it names (`YYYY-MM-DD`), or to an RFC 3339 time.
    static func date(_ text: String) throws(DomainError) -> Date {
        if let day = Timestamp.date(text) { return day.addingTimeInterval(86_400 - 0.001) }
        if let time = Timestamp.time(text) { return time }
        throw .invalid("expires_at", "'\(text.prefix(40))' is not a date (YYYY-MM-DD) or an RFC 3339 time.")
    }
}

struct GrantExtension: StrictBody {
    static let fields: Set<String> = ["expires_at"]
    let expiresAt: String

    enum CodingKeys: String, CodingKey {
        case expiresAt = "expires_at"
    }
}

struct GrantBody: Codable {
    let id: UUID
    let auditor: String
    let auditFirm: String
    let expiresAt: Date
    let revokedAt: Date?
    let active: Bool

    init(_ view: GrantWorkflow.View) {
        id = view.grant.id
        auditor = view.auditorEmail
        auditFirm = view.firmSlug
        expiresAt = view.grant.expiresAt
        revokedAt = view.grant.revokedAt
        active = view.grant.isActive(at: Date())
    }
}

struct GrantList: ResponseEncodable { let grants: [GrantBody] }
struct GrantResult: ResponseEncodable { let grant: GrantBody }
