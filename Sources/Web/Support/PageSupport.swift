import ComplianceCore
import Foundation
import Hummingbird
import UseCases
import WebViews

/// Shared pieces of the page handlers: the shell model, cookies, redirects.
struct PageSupport {
    let environment: WebEnvironment

    /// The shell for a signed-in page, with the organisation switcher filled in.
    func shell(_ identity: Identity, current: TenantScope?, active: String) async throws -> Shell.Model {
        let reachable = try await environment.workflows.organizations.reachable(by: identity.user.id)
        // On pages of the user's own (tokens, criteria) the navigation keeps an organisation to go back to.
        let fallback = reachable.first.map { Shell.OrgLink(slug: $0.0.slug.rawValue, name: $0.0.name, standing: $0.1.label) }
        return Shell.Model(
            userName: identity.user.name, userEmail: identity.user.email.rawValue,
            csrfToken: identity.session?.csrfToken ?? "",
            current: current.map { Shell.OrgLink(slug: $0.organization.slug.rawValue, name: $0.organization.name, standing: $0.standing.label) }
                ?? fallback,
            organizations: reachable.map { Shell.OrgLink(slug: $0.0.slug.rawValue, name: $0.0.name, standing: $0.1.label) },
            active: active)
    }

    /// The engagement a page is about when its address names none: the one this browser last chose
    /// in this organisation (kept in a cookie per organisation), so every page stays on it.
    func rememberedEngagement(_ request: Request, in scope: TenantScope) -> UUID? {
        request.cookies[Self.engagementCookie(scope)].flatMap { UUID(uuidString: String($0.value)) }
    }

    /// The header's engagement switcher for a page about `current`, and the cookie that keeps it chosen.
    func engagementMenu(_ all: [Engagement], current: Engagement, path: String, in scope: TenantScope) -> Shell.EngagementMenu {
        func item(_ engagement: Engagement) -> Shell.EngagementMenu.Item {
            let archived = engagement.status == .closed
            return .init(
                id: engagement.id.uuidString.lowercased(), name: engagement.name,
                detail: "\(engagement.scope.reportType.displayName), \(engagement.scope.periodLabel)\(archived ? " · archived" : "")",
                archived: archived)
        }
        // Open engagements first, newest period first; archived ones after them.
        let ordered = all.sorted { a, b in
            (a.status == .closed ? 1 : 0, b.scope.periodEnd ?? b.scope.asOf ?? Day(b.createdAt))
                < (b.status == .closed ? 1 : 0, a.scope.periodEnd ?? a.scope.asOf ?? Day(a.createdAt))
        }
        return Shell.EngagementMenu(
            current: item(current), items: ordered.map(item), path: path,
            newEngagementURL: scope.allows(.manageProgramme) ? "/orgs/\(scope.organization.slug)/programme?new#new-engagement" : nil)
    }

    /// Remembers `engagement` as this browser's choice in the organisation.
    func remember(_ engagement: Engagement, in scope: TenantScope, on response: Response, request: Request) -> Response {
        var response = response
        response.setCookie(
            cookie(Self.engagementCookie(scope), engagement.id.uuidString.lowercased(), request: request, maxAge: 60 * 60 * 24 * 180))
        return response
    }

    /// A page about one engagement (programme, readiness, fieldwork, report): the shell carries the
    /// engagement switcher, and the browser remembers the choice for the organisation's other pages.
    func page(
        about engagement: Engagement, among all: [Engagement], identity: Identity, scope: TenantScope, active: String, request: Request,
        status: HTTPResponse.Status = .ok, render: (Shell.Model) -> String
    ) async throws -> Response {
        let menu = engagementMenu(all, current: engagement, path: "/orgs/\(scope.organization.slug)/\(active)", in: scope)
        let shell = try await shell(identity, current: scope, active: active).showing(menu)
        return remember(engagement, in: scope, on: HTMLPage(render(shell), status: status).response(), request: request)
    }

    private static func engagementCookie(_ scope: TenantScope) -> String { "\(engagementCookiePrefix)\(scope.organization.slug)" }
    private static let engagementCookiePrefix = "attest_engagement_"

    /// The names of the engagement choices this browser holds, to forget them at sign-out.
    func rememberedEngagementCookies(_ request: Request) -> [String] {
        request.headers[values: .cookie].flatMap { $0.split(separator: ";") }.compactMap { pair in
            let name = pair.split(separator: "=", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return name.hasPrefix(Self.engagementCookiePrefix) && name.count <= 120 ? name : nil
        }
    }

    /// A signed-in browser; API tokens do not open pages.
    func requireBrowser(_ context: AttestContext) throws -> Identity {
        let identity = try context.requireIdentity()
        guard identity.session != nil else {
            throw DomainError(.unauthenticated, code: "unauthenticated", "Pages need a signed-in browser session.")
        }
        return identity
    }

    /// The organisation in the path (after `requireBrowser`).
    func scope(_ context: AttestContext) async throws -> TenantScope {
        try await context.organizationScope(in: environment.workflows)
    }

    /// Cookies are `Secure` when TLS is in front of Attest (configured, or said by the proxy).
    func cookie(_ name: String, _ value: String, request: Request, maxAge: Int? = nil) -> Cookie {
        let secure = environment.secureCookies || request.headers[.init("X-Forwarded-Proto")!]?.lowercased() == "https"
        return Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: true, sameSite: .lax)
    }

    static func seeOther(_ location: String) -> Response {
        Response.redirect(to: location, type: .normal)
    }

    /// A successful form's answer: 303 to its page, which shows `notice` once.
    func seeOther(_ location: String, notice: String, request: Request) -> Response {
        var response = Self.seeOther(location)
        if !notice.isEmpty { response.setCookie(cookie(NoticeMiddleware.cookie, NoticeMiddleware.encode(notice), request: request, maxAge: 120)) }
        return response
    }

    /// Runs a form's action; when the domain refuses it, shows the page again with the message and
    /// the refusal's status instead. Anything that is not a domain error is re-thrown.
    static func handling(
        _ action: () async throws -> Response,
        orShow page: (_ message: String, _ status: HTTPResponse.Status) async throws -> Response
    ) async throws -> Response {
        do {
            return try await action()
        } catch {
            let (message, status) = try formMessage(error)
            return try await page(message, status)
        }
    }

    /// What a page shows after one of its forms: a message, or the refusal and its status.
    struct Outcome: Sendable {
        var message: String?
        var error: String?
        var status: HTTPResponse.Status = .ok
    }

    /// Runs a form about one engagement (named by its `engagement` field): `action` returns its own
    /// response, or nil to go back to the engagement's `page` (fieldwork, report) by redirect with
    /// `done` as its notice; a refusal shows the page with the reason and the refusal's status.
    /// Shared by the fieldwork and report pages.
    func engagementForm(
        _ request: Request, context: AttestContext, done: String, page: String,
        show: (UUID, Outcome) async throws -> Response,
        _ action: (FormFields, UUID, TenantScope) async throws -> Response?
    ) async throws -> Response {
        _ = try requireBrowser(context)
        let scope = try await scope(context)
        let form = try await FormFields.read(request, context: context)
        guard let id = form["engagement"].flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("Engagement") }
        return try await Self.handling {
            if let response = try await action(form, id, scope) { return response }
            return seeOther("/orgs/\(scope.organization.slug)/\(page)?engagement=\(id.uuidString.lowercased())", notice: done, request: request)
        } orShow: { message, status in
            try await show(id, Outcome(error: message, status: status))
        }
    }

    /// A message for a form: domain errors as they are, anything else re-thrown.
    static func formMessage(_ error: any Error) throws -> (String, HTTPResponse.Status) {
        guard let domain = error as? DomainError else { throw error }
        let failure = PublicError(domain: domain)
        return (domain.message, failure.status)
    }
}
