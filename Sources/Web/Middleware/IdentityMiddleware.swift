import ComplianceCore
import Foundation
import Hummingbird
import Logging
import UseCases

/// Works out who is calling: an API token in `Authorization: Bearer`, or a session cookie.
///
/// A bad token is refused outright (401); an unknown session cookie, such as one from another data
/// directory, is simply not a session.
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = AttestContext
    let environment: WebEnvironment

    static let sessionCookie = "attest_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        // The scraper's bearer token is the metrics token, not a person's: /metrics checks it itself.
        if request.uri.path == "/metrics" { return try await next(request, context) }
        // SCIM clients send the organisation's SCIM token, which SCIM's routes check themselves.
        if request.uri.path.hasPrefix("/scim/v2/") { return try await next(request, context) }
        if let header = request.headers[.authorization] {
            guard header.lowercased().hasPrefix("bearer ") else {
                throw DomainError(.unauthenticated, code: "invalid_token", "The Authorization header must be 'Bearer <token>'.")
            }
            let secret = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
            guard let (user, token) = try await environment.workflows.tokens.authenticate(secret) else {
                context.logger.notice("rejected an unknown, expired or revoked API token", metadata: ["path": "\(request.uri.path)"])
                throw DomainError(.unauthenticated, code: "invalid_token", "The API token is unknown, expired or revoked.")
            }
            context.identity = Identity(user: user, session: nil, token: token)
        } else if let cookie = request.cookies[Self.sessionCookie]?.value,
            let session = try await environment.workflows.sessions.find(secret: cookie)
        {
            if session.authenticated, let user = try await environment.workflows.users.find(id: session.userID) {
                context.identity = Identity(user: user, session: session, token: nil)
            } else if !session.authenticated {
                context.pendingSession = session
            }
        }
        context.logger[metadataKey: "user"] = context.identity.map { .string($0.user.id.uuidString.lowercased()) }
        return try await next(request, context)
    }
}
