import ComplianceCore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// The user's own settings: API tokens and two-factor authentication. Also the criteria browser.
struct SettingsPages {
    let support: PageSupport
    var workflows: Workflows { support.environment.workflows }

    func register(on router: Router<AttestContext>) {
        router.get("/criteria", use: criteria)
        router.get("/settings/tokens", use: tokens)
        router.post("/settings/tokens", use: createToken)
        router.post("/settings/tokens/{id}/revoke", use: revokeToken)
        router.get("/settings/security", use: security)
        router.post("/settings/security/totp", use: beginTOTP)
        router.post("/settings/security/totp/confirm", use: confirmTOTP)
        router.get("/static/local-time.js") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: Stylesheet.localTimeScript)))
        }
        router.get("/static/attest.css") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css + "\n" + Stylesheet.evidenceCSS + "\n" + Stylesheet.programmeCSS)))
        }
    }

    @Sendable func criteria(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let catalog = support.environment.catalog
        let query = request.uri.queryParameters.get("q") ?? ""
        let category = request.uri.queryParameters.get("category").flatMap { TrustServicesCategory(rawValue: String($0)) }
        let model = CriteriaPage.Model(
            catalogName: catalog.name, catalogID: catalog.id, query: query, category: category,
            groups: catalog.groups, criteria: catalog.search(query, category: category))
        return HTMLPage(CriteriaPage.render(model, shell: try await support.shell(identity, current: nil, active: "criteria"))).response()
    }

    @Sendable func tokens(_ request: Request, context: AttestContext) async throws -> Response {
        try await tokensPage(try support.requireBrowser(context), newSecret: nil, error: nil, status: .ok)
    }

    private func tokensPage(_ identity: Identity, newSecret: String?, error: String?, status: HTTPResponse.Status) async throws -> Response {
        let now = Date()
        let rows = try await workflows.tokens.tokens(of: identity.user.id).map { token in
            TokensPage.Row(
                id: token.id.uuidString.lowercased(), name: token.name, prefix: token.prefix,
                created: Timestamp.rfc3339(token.createdAt), lastUsed: token.lastUsedAt.map(Timestamp.rfc3339) ?? "never",
                status: token.revokedAt != nil ? "revoked" : (token.isUsable(at: now) ? "active" : "expired"),
                revocable: token.revokedAt == nil)
        }
        let shell = try await support.shell(identity, current: nil, active: "tokens")
        return HTMLPage(TokensPage.render(.init(rows: rows, newSecret: newSecret, error: error), shell: shell), status: status).response()
    }

    @Sendable func createToken(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let form = try await FormFields.read(request, context: context)
        do {
            var expiry: Date?
            if let raw = form["expires"], !raw.isEmpty {
                guard let day = Timestamp.date(raw) else { throw DomainError.invalid("expires", "'\(raw.prefix(20))' is not a date (YYYY-MM-DD).") }
                expiry = day
            }
            let created = try await workflows.tokens.create(
                for: identity.user, name: form["name"] ?? "", expiresAt: expiry, actor: .user(identity.user.id))
            return try await tokensPage(identity, newSecret: created.secret, error: nil, status: .created)
        } catch {
            let (message, status) = try PageSupport.formMessage(error)
            return try await tokensPage(identity, newSecret: nil, error: message, status: status)
        }
    }

    @Sendable func revokeToken(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw DomainError.notFound("Token") }
        try await workflows.tokens.revoke(id, of: identity.user.id, actor: .user(identity.user.id))
        return PageSupport.seeOther("/settings/tokens")
    }

    @Sendable func security(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let remaining = try await workflows.secondFactors.remainingRecoveryCodes(userID: identity.user.id)
        return try await securityPage(identity, .init(totpEnabled: identity.user.totpEnabled, remainingRecoveryCodes: remaining))
    }

    private func securityPage(_ identity: Identity, _ model: SecurityPage.Model, status: HTTPResponse.Status = .ok) async throws -> Response {
        HTMLPage(SecurityPage.render(model, shell: try await support.shell(identity, current: nil, active: "security")), status: status).response()
    }

    @Sendable func beginTOTP(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let totp = try await workflows.secondFactors.beginEnrolment(userID: identity.user.id)
        return try await securityPage(
            identity, .init(totpEnabled: false, enrolment: (totp.base32, totp.provisioningURL(account: identity.user.email.rawValue))))
    }

    @Sendable func confirmTOTP(_ request: Request, context: AttestContext) async throws -> Response {
        let identity = try support.requireBrowser(context)
        let form = try await FormFields.read(request, context: context)
        do {
            let codes = try await workflows.secondFactors.confirmEnrolment(userID: identity.user.id, code: form["code"] ?? "")
            return try await securityPage(identity, .init(totpEnabled: true, recoveryCodes: codes))
        } catch {
            let (message, status) = try PageSupport.formMessage(error)
            return try await securityPage(
                identity, .init(totpEnabled: identity.user.totpEnabled, error: message + " Start again to get a new secret."), status: status)
        }
    }
}
