import Foundation
import Hummingbird
import Logging

/// Builds Attest's router: middleware in order (headers, metrics, errors, identity, request log, CSRF),
/// the JSON API and the pages.
public enum WebApplication {
    public static func router(environment: WebEnvironment) -> Router<AttestContext> {
        let router = Router(context: AttestContext.self)
        // Headers outermost, so refusals and errors carry them too; metrics outside the error
        // mapping, so a 404 is counted as a 404 and not as the 500 a thrown error looks like.
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: IdentityMiddleware(environment: environment))
        router.add(middleware: NoticeMiddleware())
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: CSRFMiddleware())
        OrganizationRoutes(environment: environment).register(on: router)
        GrantRoutes(environment: environment).register(on: router)
        EvidenceRoutes(environment: environment).register(on: router)
        KeyRoutes(environment: environment).register(on: router)
        LibraryRoutes(environment: environment).register(on: router)
        EngagementRoutes(environment: environment).register(on: router)
        RequestListRoutes(environment: environment).register(on: router)
        ReadinessRoutes(environment: environment).register(on: router)
        ControlRoutes(environment: environment).register(on: router)
        PolicyRoutes(environment: environment).register(on: router)
        FieldworkRoutes(environment: environment).register(on: router)
        ReportRoutes(environment: environment).register(on: router)
        CollectorRoutes(environment: environment).register(on: router)
        MonitorRoutes(environment: environment).register(on: router)
        PeopleRoutes(environment: environment).register(on: router)
        AccessReviewRoutes(environment: environment).register(on: router)
        SCIMRoutes(environment: environment).register(on: router)
        ConnectionRoutes(environment: environment).register(on: router)
        let support = PageSupport(environment: environment)
        AuthPages(support: support).register(on: router)
        OrganizationPages(support: support).register(on: router)
        SettingsPages(support: support).register(on: router)
        EvidencePages(support: support).register(on: router)
        EngagementPages(support: support).register(on: router)
        ControlPages(support: support).register(on: router)
        MonitorPages(support: support).register(on: router)
        PeoplePages(support: support).register(on: router)
        ConnectionPages(support: support).register(on: router)
        PolicyPages(support: support).register(on: router)
        ReadinessPages(support: support).register(on: router)
        FieldworkPages(support: support).register(on: router)
        ReportPages(support: support).register(on: router)
        router.add(middleware: UndeclaredMethodMiddleware(routes: router.routes.map { ($0.method.rawValue, $0.path.description) }))
        return router
    }
}

/// Headers every response carries: no framing, no sniffing, no referrer leaks, no outside scripts.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = AttestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.init("X-Frame-Options")!] = "DENY"
        response.headers[.init("Referrer-Policy")!] = "same-origin"
        // A handler may set a stricter policy of its own (a report's inline stylesheet, and no scripts).
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'"
        }
        // API answers and evidence bytes are for the caller only: no shared or browser cache keeps them.
        if response.headers[.cacheControl] == nil, request.uri.path.hasPrefix("/api/") || request.uri.path.contains("/evidence/") {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
