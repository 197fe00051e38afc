import Catalogs
import ComplianceCore
import Foundation
import Hummingbird
import UseCases

/// The JSON API under `/api/v1`, plus `/healthz` and `/metrics`. Kept in step with `openapi.json`
/// by a test that compares the two.
struct OrganizationRoutes {
    let environment: WebEnvironment
    var workflows: Workflows { environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/healthz") { _, _ in HealthResponse(status: "ok") }
        // Metrics say how busy each route is: for the operator's scraper only, with its own token.
        router.get("/metrics") { request, _ in
            guard let expected = environment.metricsToken else {
                throw PublicError(status: .notFound, code: "not_found", message: "Metrics are off; set ATTEST_METRICS_TOKEN to scrape them.")
            }
            let sent = request.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil } ?? ""
            guard constantTimeEquals(sent, expected) else {
                throw PublicError(
                    status: .unauthorized, code: "unauthenticated", message: "Send the metrics token as 'Authorization: Bearer <token>'.")
            }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: environment.metrics.render())))
        }
        let api = router.group("/api/v1")
        api.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
        api.get("/criteria", use: criteria)
        api.get("/criteria/{id}", use: criterion)
        api.get("/orgs", use: organizations)
        api.get("/orgs/{org}", use: organization)
        api.get("/orgs/{org}/members", use: members)
        api.post("/orgs/{org}/members", use: setMember)
        api.delete("/orgs/{org}/members/{email}", use: removeMember)
        api.get("/orgs/{org}/events", use: events)
        api.get("/invitations", use: invitations)
        api.post("/invitations/{id}/accept", use: acceptInvitation)
        api.post("/invitations/{id}/decline", use: declineInvitation)
        api.get("/tokens", use: tokens)
        api.post("/tokens", use: createToken)
        api.delete("/tokens/{id}", use: revokeToken)
    }

    private var catalogInfo: CatalogInfo {
        CatalogInfo(id: environment.catalog.id, version: environment.catalog.version, name: environment.catalog.name)
    }

    @Sendable func criteria(_ request: Request, context: AttestContext) async throws -> CriteriaResponse {
        _ = try context.requireIdentity()
        var list = environment.catalog.criteria
        if let raw = request.uri.queryParameters.get("category") {
            guard let category = TrustServicesCategory(rawValue: String(raw)) else {
                throw DomainError.invalid(
                    "category", "'\(raw.prefix(40))' is not a category (security, availability, processing_integrity, confidentiality, privacy).")
            }
            list = environment.catalog.criteria(in: category)
        }
        if let query = request.uri.queryParameters.get("q") {
            list = list.filter { environment.catalog.search(String(query)).contains($0) }
        }
        return CriteriaResponse(catalog: catalogInfo, count: list.count, criteria: list)
    }

    @Sendable func criterion(_ request: Request, context: AttestContext) async throws -> CriterionResponse {
        _ = try context.requireIdentity()
        let id = try context.parameters.require("id")
        guard let criterion = environment.catalog.criterion(id) else { throw DomainError.notFound("Criterion '\(id.prefix(40))'") }
        return CriterionResponse(catalog: catalogInfo, criterion: criterion)
    }

    @Sendable func organizations(_ request: Request, context: AttestContext) async throws -> OrganizationsResponse {
        let identity = try context.requireIdentity()
        let reachable = try await workflows.organizations.reachable(by: identity.user.id)
        return OrganizationsResponse(organizations: reachable.map { OrganizationSummary($0.0, standing: $0.1) })
    }

    @Sendable func organization(_ request: Request, context: AttestContext) async throws -> OrganizationResponse {
        let scope = try await context.organizationScope(in: workflows)
        return OrganizationResponse(organization: OrganizationSummary(scope.organization, standing: scope.standing))
    }

    @Sendable func members(_ request: Request, context: AttestContext) async throws -> MembersResponse {
        let scope = try await context.organizationScope(in: workflows)
        return MembersResponse(members: try await workflows.memberships.members(in: scope).map(MemberBody.init))
    }

    /// A member's new role (200), or an invitation for someone not yet a member (202): nobody is added
    /// without accepting, and the answer is the same whether or not the address has an account.
    @Sendable func setMember(_ request: Request, context: AttestContext) async throws -> EditedResponse<MemberChangeResponse> {
        let scope = try await context.organizationScope(in: workflows)
        let body = try await StrictJSON.decode(SetMemberRequest.self, from: request, context: context)
        switch try await workflows.invitations.invite(body.email, as: body.role, in: scope) {
        case .changed(let member): return EditedResponse(status: .ok, response: MemberChangeResponse(member: MemberBody(member), invitation: nil))
        case .invited(let invitation):
            return EditedResponse(status: .accepted, response: MemberChangeResponse(member: nil, invitation: InvitationBody(invitation)))
        }
    }

    @Sendable func invitations(_ request: Request, context: AttestContext) async throws -> InvitationsResponse {
        let identity = try context.requireIdentity()
        return InvitationsResponse(invitations: try await workflows.invitations.addressed(to: identity.user).map(InvitationBody.init))
    }

    @Sendable func acceptInvitation(_ request: Request, context: AttestContext) async throws -> InvitationResponse {
        let identity = try context.requireIdentity()
        return InvitationResponse(
            invitation: InvitationBody(try await workflows.invitations.answer(try context.uuid("id", "Invitation"), accept: true, by: identity.user)))
    }

    @Sendable func declineInvitation(_ request: Request, context: AttestContext) async throws -> InvitationResponse {
        let identity = try context.requireIdentity()
        return InvitationResponse(
            invitation: InvitationBody(try await workflows.invitations.answer(try context.uuid("id", "Invitation"), accept: false, by: identity.user))
        )
    }

    @Sendable func removeMember(_ request: Request, context: AttestContext) async throws -> Response {
        let scope = try await context.organizationScope(in: workflows)
        let email = try EmailAddress(try context.parameters.require("email").removingPercentEncoding ?? "")
        try await workflows.memberships.remove(email, from: scope)
        return Response(status: .noContent)
    }

    @Sendable func events(_ request: Request, context: AttestContext) async throws -> EventsResponse {
        let scope = try await context.organizationScope(in: workflows)
        let limit = try request.integer("limit", in: 1...1000) ?? 100
        let before = try request.integer("before", in: 1...Int.max).map(Int64.init)
        let events = try await workflows.events.events(in: scope, limit: limit, before: before)
        let oldest = events.last?.sequence ?? 1
        return EventsResponse(events: events.map(EventBody.init), nextBefore: oldest > 1 && events.count == limit ? oldest : nil)
    }

    @Sendable func tokens(_ request: Request, context: AttestContext) async throws -> TokensResponse {
        let identity = try context.requireIdentity()
        return TokensResponse(tokens: try await workflows.tokens.tokens(of: identity.user.id))
    }

    @Sendable func createToken(_ request: Request, context: AttestContext) async throws -> EditedResponse<CreatedTokenResponse> {
        let identity = try context.requireIdentity()
        let body = try await StrictJSON.decode(CreateTokenRequest.self, from: request, context: context)
        let created = try await workflows.tokens.create(
            for: identity.user, name: body.name, expiresAt: try APIToken.expiry(requested: try body.expiry(), madeWith: identity.token),
            actor: .user(identity.user.id))
        return EditedResponse(status: .created, response: CreatedTokenResponse(token: created.token, secret: created.secret))
    }

    @Sendable func revokeToken(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw DomainError.notFound("Token") }
        try await workflows.tokens.revoke(id, of: identity.user.id, actor: .user(identity.user.id))
        return Response(status: .noContent)
    }
}
